/**
 * Converts raw JSON-RPC / URI parameter values into typed arguments, with CometBFT's leniency (int64 as string or
 * number) and clear -32602 errors for everything else.
 */
import { invalidParams } from './errors.js';
import { tryBase64, tryHex } from './encoding.js';

/** A value from the GET URI form, kept raw because its meaning depends on the parameter's type. */
export class UriArg {
  constructor(readonly raw: string) {}

  /** CometBFT's URI strings are written in double quotes. */
  get quoted(): string | undefined {
    if (this.raw.length >= 2 && this.raw.startsWith('"') && this.raw.endsWith('"')) {
      try {
        const s: unknown = JSON.parse(this.raw);
        if (typeof s === 'string') return s;
      } catch {
        // fall through: not a valid JSON string literal
      }
      return this.raw.slice(1, -1);
    }
    return undefined;
  }
}

export type Args = Record<string, unknown>;

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (v instanceof UriArg && v.raw === '');
}

function describe(v: unknown): string {
  if (v instanceof UriArg) return JSON.stringify(v.raw);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return typeof v;
  }
}

const INT_RE = /^-?[0-9]+$/;

/** int64 as a string ("5") or a number (5); absent → undefined. */
export function optInt(name: string, v: unknown): number | undefined {
  if (isAbsent(v)) return undefined;
  let text: string | undefined;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw invalidParams(`${name}: expected an integer, got ${describe(v)}`);
    return v;
  }
  if (typeof v === 'string') text = v;
  else if (v instanceof UriArg) text = v.quoted ?? v.raw;
  if (text === undefined || !INT_RE.test(text)) throw invalidParams(`${name}: expected an integer, got ${describe(v)}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw invalidParams(`${name}: integer out of range: ${text}`);
  return n;
}

export function optBool(name: string, v: unknown): boolean | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v === 'boolean') return v;
  const text = v instanceof UriArg ? (v.quoted ?? v.raw) : typeof v === 'string' ? v : undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidParams(`${name}: expected true or false, got ${describe(v)}`);
}

export function optString(name: string, v: unknown): string | undefined {
  if (isAbsent(v)) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof UriArg) return v.quoted ?? v.raw;
  throw invalidParams(`${name}: expected a string, got ${describe(v)}`);
}

export function reqString(name: string, v: unknown): string {
  const s = optString(name, v);
  if (s === undefined) throw invalidParams(`${name} is required`);
  return s;
}

/**
 * A []byte parameter. JSON strings are base64 (Go's encoding) or, if they start with 0x, hex; `hexDefault` params
 * (CometBFT HexBytes, e.g. abci_query data) take bare hex. In the URI form, 0x-hex or a quoted literal string.
 */
export function optBytes(name: string, v: unknown, opts: { hexDefault?: boolean } = {}): Uint8Array | undefined {
  if (isAbsent(v)) return undefined;
  if (v instanceof UriArg) {
    const quoted = v.quoted;
    if (quoted !== undefined) return new TextEncoder().encode(quoted);
    const bytes = v.raw.startsWith('0x') ? tryHex(v.raw) : opts.hexDefault ? tryHex(v.raw) : tryBase64(v.raw);
    if (!bytes) throw invalidParams(`${name}: expected 0x-prefixed hex, got ${describe(v)}`);
    return bytes;
  }
  if (typeof v !== 'string')
    throw invalidParams(`${name}: expected a ${opts.hexDefault ? 'hex' : 'base64'} string, got ${describe(v)}`);
  const bytes = v.startsWith('0x') || opts.hexDefault ? tryHex(v) : tryBase64(v);
  if (!bytes)
    throw invalidParams(
      `${name}: expected ${opts.hexDefault ? 'hex' : 'base64 (or 0x-prefixed hex)'}, got ${describe(v)}`,
    );
  return bytes;
}

export function reqBytes(name: string, v: unknown, opts: { hexDefault?: boolean } = {}): Uint8Array {
  const b = optBytes(name, v, opts);
  if (b === undefined) throw invalidParams(`${name} is required`);
  return b;
}

const HASH_HEX_RE = /^(0x)?[0-9a-fA-F]{64}$/;

/** A 32-byte hash given as hex (either case, optional 0x) or base64. */
export function reqHash(name: string, v: unknown): Uint8Array {
  if (isAbsent(v)) throw invalidParams(`${name} is required`);
  const text = v instanceof UriArg ? (v.quoted ?? v.raw) : v;
  if (typeof text !== 'string') throw invalidParams(`${name}: expected a hex or base64 string, got ${describe(v)}`);
  const bytes = HASH_HEX_RE.test(text) ? tryHex(text) : tryBase64(text);
  if (!bytes) throw invalidParams(`${name}: expected a 32-byte hash in hex or base64, got ${describe(v)}`);
  if (bytes.length !== 32) throw invalidParams(`${name}: expected a 32-byte hash, got ${bytes.length} bytes`);
  return bytes;
}

/**
 * Maps a request's params onto named arguments: an object is used as is, an array positionally by `names`
 * (CometBFT's declared argument order), absent/null as no arguments.
 */
export function normalizeParams(params: unknown, names: readonly string[]): Args {
  if (params === undefined || params === null) return {};
  if (Array.isArray(params)) {
    if (params.length > names.length) {
      throw invalidParams(
        `expected at most ${names.length} positional parameters (${names.join(', ') || 'none'}), got ${params.length}`,
      );
    }
    const out: Args = {};
    params.forEach((p, i) => (out[names[i]!] = p));
    return out;
  }
  if (typeof params === 'object') return params as Args;
  throw invalidParams(`params must be an object or an array, got ${describe(params)}`);
}
