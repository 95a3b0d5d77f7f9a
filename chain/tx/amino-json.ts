/**
 * Canonical JSON for SIGN_MODE_LEGACY_AMINO_JSON, byte-identical to what CosmJS signs (@cosmjs/amino
 * serializeSignDoc) and to the SDK's MustSortJSON for the characters CosmJS escapes: object keys sorted recursively,
 * no whitespace, and "&", "<", ">" written as \u0026, \u003c, \u003e.
 */
import { isBytes, toBase64 } from '../types/bytes.js';

/** Amino writes (u)int64 as decimal strings and bytes as base64; converting here spares converters the mistake. */
function sortKeys(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (isBytes(value)) return toBase64(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

export function sortedJsonStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function escapeAminoJson(json: string): string {
  return json.replace(/&/g, '\\u0026').replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

export function canonicalAminoJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(escapeAminoJson(sortedJsonStringify(value)));
}
