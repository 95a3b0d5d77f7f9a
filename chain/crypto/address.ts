/** Bech32 account addresses: bech32(prefix, ripemd160(sha256(compressed pubkey))), as in the Cosmos SDK. */
import { bech32 } from '@scure/base';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { SdkError } from '../types/errors.js';
import { isBytes } from '../types/bytes.js';

export const ACCOUNT_PREFIX = 'race';
export const VALOPER_PREFIX = 'racevaloper';
export const VALCONS_PREFIX = 'racevalcons';

/** 20 bytes for key-derived addresses, 32 for module/derived accounts (ADR-028). */
const ADDRESS_LENGTHS: readonly number[] = [20, 32];

// BIP-173 caps strings at 90 characters; a 32-byte payload with our longest prefix stays under it.
const BECH32_LIMIT = 90;

/** An SDK "invalid address" (code 7) whose log reads "<why>: invalid address". */
export class InvalidAddressError extends SdkError {
  constructor(readonly reason: string) {
    super('sdk', 7, 'invalid address', `${reason}: invalid address`);
    this.name = 'InvalidAddressError';
  }
}

export function addressBytesFromSecp256k1(pub33: Uint8Array): Uint8Array {
  if (!isBytes(pub33) || pub33.length !== 33) throw new Error('secp256k1 public key must be 33 bytes (compressed)');
  return ripemd160(sha256(pub33));
}

export function toBech32(bytes: Uint8Array, prefix: string = ACCOUNT_PREFIX): string {
  if (!isBytes(bytes) || !ADDRESS_LENGTHS.includes(bytes.length)) {
    throw new InvalidAddressError(
      `address must be 20 or 32 bytes, got ${isBytes(bytes) ? bytes.length : typeof bytes}`,
    );
  }
  return bech32.encode(prefix, bech32.toWords(bytes), BECH32_LIMIT);
}

// Every tx decodes the same few addresses several times (ante, fee, messages); the bech32 checksum is the cost.
const decodedAddresses = new Map<string, Uint8Array>();
const DECODED_ADDRESSES_MAX = 65_536;

export function fromBech32Checked(address: string, expectedPrefix: string = ACCOUNT_PREFIX): Uint8Array {
  const memoKey = expectedPrefix + '\u0000' + address;
  const known = typeof address === 'string' ? decodedAddresses.get(memoKey) : undefined;
  if (known) return known.slice();
  const bytes = decodeBech32Checked(address, expectedPrefix);
  if (decodedAddresses.size >= DECODED_ADDRESSES_MAX) decodedAddresses.delete(decodedAddresses.keys().next().value!);
  decodedAddresses.set(memoKey, bytes.slice());
  return bytes;
}

function decodeBech32Checked(address: string, expectedPrefix: string): Uint8Array {
  if (typeof address !== 'string' || address.length === 0)
    throw new InvalidAddressError('empty address string is not allowed');
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(address, BECH32_LIMIT);
  } catch (err) {
    throw new InvalidAddressError(`decoding bech32 failed: ${(err as Error).message} (address "${address}")`);
  }
  if (decoded.prefix !== expectedPrefix) {
    throw new InvalidAddressError(`invalid Bech32 prefix; expected ${expectedPrefix}, got ${decoded.prefix}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32.fromWords(decoded.words);
  } catch (err) {
    throw new InvalidAddressError(`decoding bech32 failed: ${(err as Error).message} (address "${address}")`);
  }
  if (!ADDRESS_LENGTHS.includes(bytes.length)) {
    throw new InvalidAddressError(`address "${address}" has ${bytes.length} bytes; expected 20 or 32`);
  }
  return bytes;
}

export function isValidAddress(s: string, prefix: string = ACCOUNT_PREFIX): boolean {
  try {
    fromBech32Checked(s, prefix);
    return true;
  } catch {
    return false;
  }
}

/** The same 20 bytes under another prefix, e.g. an account's operator address (racevaloper…). */
export function convertBech32Prefix(address: string, fromPrefix: string, toPrefix: string): string {
  return toBech32(fromBech32Checked(address, fromPrefix), toPrefix);
}
