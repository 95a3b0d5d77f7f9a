/**
 * The relay ↔ executor protocol over libp2p (docs/inference.md, "Relay and executor"). JSON frames, because they are
 * small next to a forward pass and read by people debugging a network; every field is checked on decode.
 *
 *   relay → executor  exec (first frame), then at most one cancel
 *   executor → relay  token … token, then done or error
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { lengthPrefixed, utf8 } from '../../../chain/store/kv.js';
import { concatBytes, fromHex } from '../../../chain/types/bytes.js';
import type { GeneratedToken } from '../runner/generation.js';
import { MAX_TOP_LOGPROBS } from '../runner/sampling.js';

export const EXEC_PROTOCOL = 'inference-exec';
export const WHOAMI_PROTOCOL = 'inference-whoami';
export const OUTPUT_PROTOCOL = 'inference-output';

/** The sampling a relay asks for: the runner's GenerateRequest as plain JSON. */
export interface WireGenerate {
  promptIds: number[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop: number[][];
  topLogprobs: number;
}

export interface ExecFrame {
  t: 'exec';
  /** Inference id, hex. */
  id: string;
  relay: string;
  /** The relay's Race public key (33 bytes, hex): its address must be `relay`. */
  relayPubKey: string;
  generate: WireGenerate;
  /** The relay's signature over execSignBytes. */
  sig: string;
}

export interface DoneFrame {
  t: 'done';
  promptTokens: number;
  completionTokens: number;
  outputIds: number[];
  responseHash: string;
  executorSignature: string;
  finishReason: 'stop' | 'length' | 'cancelled';
}

export type ToExecutor = ExecFrame | { t: 'cancel' };
export type ToRelay = ({ t: 'token' } & GeneratedToken) | DoneFrame | { t: 'error'; message: string };

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const enc = (v: object): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

function dec(bytes: Uint8Array): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new WireError('frame is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError('frame must be an object');
  return v as Record<string, unknown>;
}

const isInt = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

function ints(v: unknown, what: string, maxLen: number): number[] {
  if (!Array.isArray(v) || v.length > maxLen || !v.every((x) => isInt(x)))
    throw new WireError(`${what} must be an array of at most ${maxLen} non-negative integers`);
  return v as number[];
}

function hex(v: unknown, what: string, bytes?: number): string {
  if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/.test(v) || (bytes !== undefined && v.length !== 2 * bytes))
    throw new WireError(`${what} must be ${bytes === undefined ? '' : `${bytes} bytes of `}lowercase hex`);
  return v;
}

function num(v: unknown, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new WireError(`${what} must be a finite number`);
  return v;
}

const MAX_IDS = 1 << 20;

export const encodeToExecutor = (f: ToExecutor): Uint8Array => enc(f);
export const encodeToRelay = (f: ToRelay): Uint8Array => enc(f);

function decodeGenerate(g: unknown): WireGenerate {
  if (typeof g !== 'object' || g === null) throw new WireError('exec.generate must be an object');
  const o = g as Record<string, unknown>;
  if (!isInt(o.maxTokens)) throw new WireError('generate.maxTokens must be a non-negative integer');
  if (!isInt(o.topLogprobs, MAX_TOP_LOGPROBS))
    throw new WireError(`generate.topLogprobs must be an integer in [0, ${MAX_TOP_LOGPROBS}]`);
  if (!Array.isArray(o.stop) || o.stop.length > 16) throw new WireError('generate.stop must be at most 16 sequences');
  if (o.seed !== undefined && !isInt(o.seed)) throw new WireError('generate.seed must be a non-negative integer');
  return {
    promptIds: ints(o.promptIds, 'generate.promptIds', MAX_IDS),
    maxTokens: o.maxTokens,
    temperature: num(o.temperature, 'generate.temperature'),
    topP: num(o.topP, 'generate.topP'),
    seed: o.seed as number | undefined,
    stop: o.stop.map((s, i) => ints(s, `generate.stop[${i}]`, 256)),
    topLogprobs: o.topLogprobs,
  };
}

export function decodeToExecutor(bytes: Uint8Array): ToExecutor {
  const o = dec(bytes);
  if (o.t === 'cancel') return { t: 'cancel' };
  if (o.t !== 'exec') throw new WireError(`unknown frame type ${JSON.stringify(o.t)}`);
  if (typeof o.relay !== 'string' || o.relay.length > 128) throw new WireError('exec.relay must be an address');
  return {
    t: 'exec',
    id: hex(o.id, 'exec.id', 32),
    relay: o.relay,
    relayPubKey: hex(o.relayPubKey, 'exec.relayPubKey', 33),
    generate: decodeGenerate(o.generate),
    sig: hex(o.sig, 'exec.sig', 64),
  };
}

function tokenOf(o: Record<string, unknown>): GeneratedToken {
  if (!isInt(o.id)) throw new WireError('token.id must be a non-negative integer');
  if (!Array.isArray(o.top) || o.top.length > MAX_TOP_LOGPROBS)
    throw new WireError(`token.top must hold at most ${MAX_TOP_LOGPROBS} entries`);
  return {
    id: o.id,
    logprob: num(o.logprob, 'token.logprob') ?? 0,
    top: o.top.map((e: unknown) => {
      const x = (e ?? {}) as Record<string, unknown>;
      if (!isInt(x.id)) throw new WireError('token.top[].id must be a non-negative integer');
      return { id: x.id, logprob: num(x.logprob, 'token.top[].logprob') ?? 0 };
    }),
  };
}

export function decodeToRelay(bytes: Uint8Array): ToRelay {
  const o = dec(bytes);
  switch (o.t) {
    case 'token':
      return { t: 'token', ...tokenOf(o) };
    case 'error':
      return { t: 'error', message: String(o.message).slice(0, 512) };
    case 'done': {
      if (!isInt(o.promptTokens) || !isInt(o.completionTokens))
        throw new WireError('done.promptTokens and done.completionTokens must be non-negative integers');
      if (o.finishReason !== 'stop' && o.finishReason !== 'length' && o.finishReason !== 'cancelled')
        throw new WireError('done.finishReason must be stop, length or cancelled');
      return {
        t: 'done',
        promptTokens: o.promptTokens,
        completionTokens: o.completionTokens,
        outputIds: ints(o.outputIds, 'done.outputIds', MAX_IDS),
        responseHash: hex(o.responseHash, 'done.responseHash', 32),
        executorSignature: hex(o.executorSignature, 'done.executorSignature', 64),
        finishReason: o.finishReason,
      };
    }
    default:
      throw new WireError(`unknown frame type ${JSON.stringify(o.t)}`);
  }
}

/**
 * What a relay signs when it hands a request to an executor: the chain, the request, the executor it was drawn for
 * and the exact sampling asked. So a frame cannot be sent to another executor, altered on the way, or sent by a node
 * that is not the relay the chain recorded.
 */
export function execSignBytes(chainId: string, executor: string, f: Omit<ExecFrame, 'sig' | 't'>): Uint8Array {
  return concatBytes(
    utf8('race/inference/v1/exec'),
    lengthPrefixed(utf8(chainId)),
    lengthPrefixed(fromHex(f.id)),
    lengthPrefixed(utf8(f.relay)),
    lengthPrefixed(utf8(executor)),
    lengthPrefixed(sha256(enc(canonicalGenerate(f.generate)))),
  );
}

/** The generate fields in a fixed order with absent ones left out, so both sides hash the same JSON. */
function canonicalGenerate(g: WireGenerate): WireGenerate {
  return {
    promptIds: g.promptIds,
    maxTokens: g.maxTokens,
    ...(g.temperature !== undefined && { temperature: g.temperature }),
    ...(g.topP !== undefined && { topP: g.topP }),
    ...(g.seed !== undefined && { seed: g.seed }),
    stop: g.stop,
    topLogprobs: g.topLogprobs,
  };
}

/** What a node signs to say which Race address it is: bound to its own libp2p peer id, so it cannot be replayed by another peer. */
export function whoamiSignBytes(chainId: string, peerId: string, address: string): Uint8Array {
  return concatBytes(
    utf8('race/inference/v1/whoami'),
    lengthPrefixed(utf8(chainId)),
    lengthPrefixed(utf8(peerId)),
    lengthPrefixed(utf8(address)),
  );
}
