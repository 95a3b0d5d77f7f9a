/**
 * The node's Race hot key, config/race_key.json: a secp256k1 account key that signs the node's duty txs (proof
 * batches, validations, beacon messages) and identifies it as a Race participant. Its 33-byte public key seeds the
 * node's race (race-spec §2) and is its beacon encryption key. Created at `raced init` or on first start, like
 * priv_validator_key.json; the file holds the private key, so it is written 0600.
 */
import fs from 'node:fs';
import { addressBytesFromSecp256k1, toBech32 } from '../../chain/crypto/address.js';
import { createFileExclusive } from '../../chain/crypto/atomic-file.js';
import { equalBytes, fromBase64, secureRandomBytes, toBase64, type RandomBytes } from '../../chain/crypto/bytes.js';
import { isValidSecp256k1Privkey, secp256k1PubkeyFromPrivkey } from '../../chain/crypto/secp256k1.js';

export const PUBKEY_SECP256K1_TYPE = 'tendermint/PubKeySecp256k1';
export const PRIVKEY_SECP256K1_TYPE = 'tendermint/PrivKeySecp256k1';
export const RACE_KEY_FILE = 'race_key.json';

export interface RaceKey {
  privKey: Uint8Array;
  /** 33-byte compressed public key. */
  pubKey: Uint8Array;
  /** Bech32 account address (race1…): the participant's address on chain. */
  address: string;
}

export interface RaceKeyJson {
  address: string;
  pub_key: { type: typeof PUBKEY_SECP256K1_TYPE; value: string };
  priv_key: { type: typeof PRIVKEY_SECP256K1_TYPE; value: string };
}

export class RaceKeyError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'RaceKeyError';
  }
}

export function raceKeyFromPrivKey(privKey: Uint8Array): RaceKey {
  const pubKey = secp256k1PubkeyFromPrivkey(privKey);
  return { privKey: Uint8Array.from(privKey), pubKey, address: toBech32(addressBytesFromSecp256k1(pubKey)) };
}

export function generateRaceKey(randomBytes: RandomBytes = secureRandomBytes): RaceKey {
  for (let i = 0; i < 16; i++) {
    const priv = randomBytes(32);
    if (isValidSecp256k1Privkey(priv)) return raceKeyFromPrivKey(priv);
  }
  throw new Error('random source produced no valid secp256k1 key in 16 tries');
}

export function encodeRaceKey(key: RaceKey): RaceKeyJson {
  return {
    address: key.address,
    pub_key: { type: PUBKEY_SECP256K1_TYPE, value: toBase64(key.pubKey) },
    priv_key: { type: PRIVKEY_SECP256K1_TYPE, value: toBase64(key.privKey) },
  };
}

function typedBytes(file: string, field: string, v: unknown, type: string, length: number): Uint8Array {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RaceKeyError(file, `${field} must be an object {type, value}`);
  const o = v as Record<string, unknown>;
  if (o.type !== type) throw new RaceKeyError(file, `${field}.type must be "${type}", got ${JSON.stringify(o.type)}`);
  if (typeof o.value !== 'string') throw new RaceKeyError(file, `${field}.value must be a base64 string`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(o.value);
  } catch {
    throw new RaceKeyError(file, `${field}.value is not valid base64`);
  }
  if (bytes.length !== length) throw new RaceKeyError(file, `${field}.value must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}

export function parseRaceKey(text: string, file = RACE_KEY_FILE): RaceKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RaceKeyError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RaceKeyError(file, 'expected a JSON object');
  const j = json as Record<string, unknown>;
  const priv = typedBytes(file, 'priv_key', j.priv_key, PRIVKEY_SECP256K1_TYPE, 32);
  if (!isValidSecp256k1Privkey(priv)) throw new RaceKeyError(file, 'priv_key is not a valid secp256k1 private key');
  const key = raceKeyFromPrivKey(priv);
  const pub = typedBytes(file, 'pub_key', j.pub_key, PUBKEY_SECP256K1_TYPE, 33);
  if (!equalBytes(pub, key.pubKey)) throw new RaceKeyError(file, 'pub_key does not match priv_key');
  if (j.address !== key.address) throw new RaceKeyError(file, `address ${JSON.stringify(j.address)} does not match pub_key (expected ${key.address})`);
  return key;
}

/** Loads the key, or creates it (exclusively: if another process wrote the file meanwhile, its key wins). */
export function loadOrCreateRaceKey(file: string, randomBytes: RandomBytes = secureRandomBytes): RaceKey {
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new RaceKeyError(file, `cannot read: ${(e as Error).message}`);
  }
  if (text !== undefined) return parseRaceKey(text, file);
  const key = generateRaceKey(randomBytes);
  if (!createFileExclusive(file, JSON.stringify(encodeRaceKey(key), null, 2) + '\n')) return parseRaceKey(fs.readFileSync(file, 'utf8'), file);
  return key;
}
