/**
 * CometBFT key files: config/priv_validator_key.json (the consensus key) and config/node_key.json (the p2p
 * identity), in CometBFT's amino-JSON shape so existing tooling (and operators) recognise them.
 */
import fs from 'node:fs';
import { createFileExclusive } from './atomic-file.js';
import { equalBytes, fromBase64, fromHex, toBase64, toHexLower, toHexUpper } from '../types/bytes.js';
import { consensusAddress, ed25519PubkeyFromSeed, generateEd25519Key, type Ed25519Deps } from './ed25519.js';

const PUBKEY_ED25519_TYPE = 'tendermint/PubKeyEd25519';
const PRIVKEY_ED25519_TYPE = 'tendermint/PrivKeyEd25519';

export interface PrivValidatorKey {
  seed: Uint8Array;
  pubkey: Uint8Array;
  /** sha256(pubkey)[:20]: the validator address in block headers and votes. */
  address: Uint8Array;
}

export interface NodeKey {
  seed: Uint8Array;
  pubkey: Uint8Array;
  /** Lower-case hex of sha256(pubkey)[:20], as in `<id>@host:port`. */
  nodeId: string;
}

export interface PrivValidatorKeyJson {
  address: string;
  pub_key: { type: typeof PUBKEY_ED25519_TYPE; value: string };
  priv_key: { type: typeof PRIVKEY_ED25519_TYPE; value: string };
}

export interface NodeKeyJson {
  priv_key: { type: typeof PRIVKEY_ED25519_TYPE; value: string };
}

export class KeyFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'KeyFileError';
  }
}

function privValidatorKeyFromSeed(seed: Uint8Array): PrivValidatorKey {
  const pubkey = ed25519PubkeyFromSeed(seed);
  return { seed, pubkey, address: consensusAddress(pubkey) };
}

export function nodeKeyFromSeed(seed: Uint8Array): NodeKey {
  const pubkey = ed25519PubkeyFromSeed(seed);
  return { seed, pubkey, nodeId: toHexLower(consensusAddress(pubkey)) };
}

function privKeyValue(seed: Uint8Array, pubkey: Uint8Array): string {
  const full = new Uint8Array(64);
  full.set(seed, 0);
  full.set(pubkey, 32);
  return toBase64(full);
}

function encodePrivValidatorKey(key: PrivValidatorKey): PrivValidatorKeyJson {
  return {
    address: toHexUpper(key.address),
    pub_key: { type: PUBKEY_ED25519_TYPE, value: toBase64(key.pubkey) },
    priv_key: { type: PRIVKEY_ED25519_TYPE, value: privKeyValue(key.seed, key.pubkey) },
  };
}

function encodeNodeKey(key: NodeKey): NodeKeyJson {
  return { priv_key: { type: PRIVKEY_ED25519_TYPE, value: privKeyValue(key.seed, key.pubkey) } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `{type, value}` field of a key file: the amino type checked, the base64 value decoded to `length` bytes. */
export function decodeTyped(file: string, field: string, v: unknown, type: string, length: number): Uint8Array {
  if (!isObject(v)) throw new KeyFileError(file, `${field} must be an object {type, value}`);
  if (v.type !== type) throw new KeyFileError(file, `${field}.type must be "${type}", got ${JSON.stringify(v.type)}`);
  if (typeof v.value !== 'string') throw new KeyFileError(file, `${field}.value must be a base64 string`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(v.value);
  } catch {
    throw new KeyFileError(file, `${field}.value is not valid base64`);
  }
  if (bytes.length !== length)
    throw new KeyFileError(file, `${field}.value must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}

/** The 64-byte CometBFT private key must be seed‖pubkey with the pubkey matching the seed. */
function decodePrivKey(file: string, v: unknown): { seed: Uint8Array; pubkey: Uint8Array } {
  const full = decodeTyped(file, 'priv_key', v, PRIVKEY_ED25519_TYPE, 64);
  const seed = full.slice(0, 32);
  const pubkey = ed25519PubkeyFromSeed(seed);
  if (!equalBytes(pubkey, full.slice(32)))
    throw new KeyFileError(file, 'priv_key: embedded public key does not match the seed');
  return { seed, pubkey };
}

export function parseKeyFileJson(file: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new KeyFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed)) throw new KeyFileError(file, 'expected a JSON object');
  return parsed;
}

export function parsePrivValidatorKey(text: string, file = 'priv_validator_key.json'): PrivValidatorKey {
  const json = parseKeyFileJson(file, text);
  const { seed, pubkey } = decodePrivKey(file, json.priv_key);
  const declaredPub = decodeTyped(file, 'pub_key', json.pub_key, PUBKEY_ED25519_TYPE, 32);
  if (!equalBytes(declaredPub, pubkey)) throw new KeyFileError(file, 'pub_key does not match priv_key');
  if (typeof json.address !== 'string' || !/^[0-9A-Fa-f]{40}$/.test(json.address)) {
    throw new KeyFileError(file, 'address must be 40 hex characters');
  }
  const address = consensusAddress(pubkey);
  if (!equalBytes(fromHex(json.address), address)) {
    throw new KeyFileError(file, `address ${json.address} does not match pub_key (expected ${toHexUpper(address)})`);
  }
  return { seed, pubkey, address };
}

export function parseNodeKey(text: string, file = 'node_key.json'): NodeKey {
  const json = parseKeyFileJson(file, text);
  const { seed } = decodePrivKey(file, json.priv_key);
  return nodeKeyFromSeed(seed);
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError(file, `cannot read: ${(err as Error).message}`);
  }
}

/** Loads a key file, or creates it with `create()` when it does not exist. */
export function loadOrCreateKeyFile<K>(
  file: string,
  parse: (text: string) => K,
  create: () => K,
  encode: (k: K) => unknown,
): K {
  const existing = readIfExists(file);
  if (existing !== undefined) return parse(existing);
  const key = create();
  // Exclusive create: if another process wrote the file meanwhile, its key wins and we load that one.
  if (!createFileExclusive(file, JSON.stringify(encode(key), null, 2) + '\n'))
    return parse(fs.readFileSync(file, 'utf8'));
  return key;
}

export function loadOrCreatePrivValidatorKey(file: string, deps: Ed25519Deps = {}): PrivValidatorKey {
  return loadOrCreateKeyFile(
    file,
    (text) => parsePrivValidatorKey(text, file),
    () => privValidatorKeyFromSeed(generateEd25519Key(deps).seed),
    encodePrivValidatorKey,
  );
}

export function loadOrCreateNodeKey(file: string, deps: Ed25519Deps = {}): NodeKey {
  return loadOrCreateKeyFile(
    file,
    (text) => parseNodeKey(text, file),
    () => nodeKeyFromSeed(generateEd25519Key(deps).seed),
    encodeNodeKey,
  );
}
