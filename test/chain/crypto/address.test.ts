import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toBech32 as cosmjsToBech32 } from '@cosmjs/encoding';
import {
  ACCOUNT_PREFIX,
  addressBytesFromSecp256k1,
  convertBech32Prefix,
  fromBech32Checked,
  InvalidAddressError,
  isValidAddress,
  toBech32,
  VALCONS_PREFIX,
  VALOPER_PREFIX,
} from '../../../chain/crypto/address.js';
import { fromBase64, fromHex, toHexLower } from '../../../chain/types/bytes.js';
import { FAUCET_ADDRESS_HEX, FAUCET_COSMOS_ADDRESS, FAUCET_PUBKEY_B64 } from './vectors.js';

const faucetBytes = fromHex(FAUCET_ADDRESS_HEX);

function flipLastChar(address: string): string {
  const last = address.at(-1)!;
  return address.slice(0, -1) + (last === 'q' ? 'p' : 'q');
}

describe('bech32 addresses', () => {
  it('uses the race prefixes', () => {
    expect([ACCOUNT_PREFIX, VALOPER_PREFIX, VALCONS_PREFIX]).toEqual(['race', 'racevaloper', 'racevalcons']);
  });

  it('derives ripemd160(sha256(pubkey)) and encodes the CosmJS vector', () => {
    const bytes = addressBytesFromSecp256k1(fromBase64(FAUCET_PUBKEY_B64));
    expect(toHexLower(bytes)).toBe(FAUCET_ADDRESS_HEX);
    expect(toBech32(bytes, 'cosmos')).toBe(FAUCET_COSMOS_ADDRESS);
    expect(toBech32(bytes)).toBe(cosmjsToBech32('race', bytes));
    expect(toBech32(bytes)).toMatch(/^race1/);
  });

  it('round-trips 20- and 32-byte payloads and agrees with @cosmjs/encoding', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        (bytes) => {
          const addr = toBech32(bytes);
          expect(addr).toBe(cosmjsToBech32(ACCOUNT_PREFIX, bytes));
          expect(fromBech32Checked(addr)).toEqual(bytes);
          expect(isValidAddress(addr)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a wrong prefix with a message naming both prefixes', () => {
    expect(() => fromBech32Checked(FAUCET_COSMOS_ADDRESS)).toThrow(InvalidAddressError);
    expect(() => fromBech32Checked(FAUCET_COSMOS_ADDRESS)).toThrow(
      'invalid Bech32 prefix; expected race, got cosmos: invalid address',
    );
    expect(fromBech32Checked(FAUCET_COSMOS_ADDRESS, 'cosmos')).toEqual(faucetBytes);
  });

  it('rejects a bad checksum, mixed case, garbage and empty strings', () => {
    const good = toBech32(faucetBytes);
    expect(() => fromBech32Checked(flipLastChar(good))).toThrow(/decoding bech32 failed/);
    expect(() => fromBech32Checked(good.slice(0, 8) + good.slice(8).toUpperCase())).toThrow(InvalidAddressError);
    expect(() => fromBech32Checked('not an address')).toThrow(InvalidAddressError);
    expect(() => fromBech32Checked('')).toThrow('empty address string is not allowed');
    expect(isValidAddress(flipLastChar(good))).toBe(false);
    expect(isValidAddress(undefined as unknown as string)).toBe(false);
  });

  it('accepts the all-upper-case form (BIP-173) and returns the same bytes', () => {
    expect(fromBech32Checked(toBech32(faucetBytes).toUpperCase(), 'race')).toEqual(faucetBytes);
  });

  it('rejects payload lengths other than 20 and 32', () => {
    const odd = cosmjsToBech32('race', new Uint8Array(21));
    expect(() => fromBech32Checked(odd)).toThrow(/has 21 bytes; expected 20 or 32/);
    expect(() => toBech32(new Uint8Array(19))).toThrow(InvalidAddressError);
  });

  it('carries the SDK code for invalid addresses', () => {
    try {
      fromBech32Checked('race1xyz');
      throw new Error('unreachable');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidAddressError);
      expect((err as InvalidAddressError).code).toBe(7);
      expect((err as InvalidAddressError).codespace).toBe('sdk');
    }
  });

  it('converts between account and operator prefixes', () => {
    const acc = toBech32(faucetBytes);
    const valoper = convertBech32Prefix(acc, ACCOUNT_PREFIX, VALOPER_PREFIX);
    expect(valoper).toMatch(/^racevaloper1/);
    expect(fromBech32Checked(valoper, VALOPER_PREFIX)).toEqual(faucetBytes);
  });
});
