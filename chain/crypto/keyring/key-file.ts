/** The on-disk shape of one key (`<name>.info`, JSON) and its strict parser. Public fields stay readable. */
import { addressBytesFromSecp256k1, toBech32 } from '../address.js';
import { fromBase64, toBase64 } from '../../types/bytes.js';
import { InvalidKeyFileError, type KeyRecord } from './types.js';

const KEY_FILE_VERSION = 1;
export const KEY_FILE_SUFFIX = '.info';

export interface KeyFileJson {
  version: typeof KEY_FILE_VERSION;
  name: string;
  type: 'local';
  address: string;
  /** base64 of the 33-byte compressed secp256k1 key. */
  pubkey: string;
  hd_path?: string;
  /** Backend-specific: plain hex on `test`, sealed on `file`. */
  secret: unknown;
}

export interface StoredKey {
  record: KeyRecord;
  hdPath?: string;
  secret: unknown;
}

/** Binds a sealed secret to its key's name and public key: moving or editing either breaks authentication. */
export function secretAssociatedData(name: string, pubkey: Uint8Array): Uint8Array {
  return new TextEncoder().encode(`race-keyring/v1\n${name}\n${toBase64(pubkey)}`);
}

export function encodeKeyFile(record: KeyRecord, secret: unknown, hdPath: string | undefined): string {
  const json: KeyFileJson = {
    version: KEY_FILE_VERSION,
    name: record.name,
    type: 'local',
    address: record.address,
    pubkey: toBase64(record.pubkey),
    ...(hdPath !== undefined ? { hd_path: hdPath } : {}),
    secret,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

export function parseKeyFile(text: string, file: string, expectedName: string, prefix: string): StoredKey {
  let json: Partial<KeyFileJson>;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidKeyFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null) throw new InvalidKeyFileError(file, 'expected a JSON object');
  if (json.version !== KEY_FILE_VERSION)
    throw new InvalidKeyFileError(file, `unsupported version ${JSON.stringify(json.version)}`);
  if (json.name !== expectedName)
    throw new InvalidKeyFileError(file, `name ${JSON.stringify(json.name)} does not match the file name`);
  if (json.type !== 'local') throw new InvalidKeyFileError(file, `unsupported key type ${JSON.stringify(json.type)}`);
  let pubkey: Uint8Array;
  try {
    pubkey = fromBase64(String(json.pubkey));
  } catch {
    throw new InvalidKeyFileError(file, 'pubkey is not valid base64');
  }
  if (pubkey.length !== 33) throw new InvalidKeyFileError(file, `pubkey must be 33 bytes, got ${pubkey.length}`);
  const address = toBech32(addressBytesFromSecp256k1(pubkey), prefix);
  if (json.address !== address)
    throw new InvalidKeyFileError(file, `address ${JSON.stringify(json.address)} does not match pubkey`);
  if (json.hd_path !== undefined && typeof json.hd_path !== 'string')
    throw new InvalidKeyFileError(file, 'hd_path must be a string');
  if (json.secret === undefined) throw new InvalidKeyFileError(file, 'secret is missing');
  return { record: { name: expectedName, type: 'local', address, pubkey }, hdPath: json.hd_path, secret: json.secret };
}
