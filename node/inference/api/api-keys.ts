/**
 * API keys for the node operator's own use: each maps to a key in this node's keyring (test backend), with which
 * the node signs requests itself. Kept in config/inference_api_keys.json, mode 0600, like keyring-test: whoever can
 * read the home can spend those keys anyway.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../chain/crypto/atomic-file.js';

export interface ApiKeyRecord {
  key: string;
  /** The keyring key that signs (and pays for) this API key's requests. */
  key_name: string;
  address: string;
}

export const apiKeysFile = (configDir: string): string => path.join(configDir, 'inference_api_keys.json');

export function loadApiKeys(file: string): ApiKeyRecord[] {
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] };
  if (!Array.isArray(parsed.keys)) throw new Error(`${file}: expected {"keys": [...]}`);
  return parsed.keys;
}

/** Adds a fresh key for `keyName`; `randomBytes` is injected (tests). */
export function createApiKey(
  file: string,
  keyName: string,
  address: string,
  randomBytes: (n: number) => Uint8Array,
): ApiKeyRecord {
  const rec: ApiKeyRecord = { key: `race-${Buffer.from(randomBytes(24)).toString('hex')}`, key_name: keyName, address };
  writeFileAtomic(file, JSON.stringify({ keys: [...loadApiKeys(file), rec] }, null, 2) + '\n', 0o600);
  return rec;
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}
