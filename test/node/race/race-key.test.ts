import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  encodeRaceKey,
  generateRaceKey,
  loadOrCreateRaceKey,
  parseRaceKey,
  raceKeyFromPrivKey,
} from '../../../node/race/race-key.js';

const det = (fill: number) => (n: number) => new Uint8Array(n).fill(fill);

describe('race key file', () => {
  it('is created once with mode 0600 and loads back to the same key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-key-'));
    const file = path.join(dir, 'race_key.json');
    const a = loadOrCreateRaceKey(file, det(7));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(a.address).toMatch(/^race1[02-9ac-hj-np-z]{38}$/);
    expect(a.pubKey.length).toBe(33);
    const b = loadOrCreateRaceKey(file, det(9));
    expect(b.address).toBe(a.address);
    expect(Buffer.from(b.privKey).equals(Buffer.from(a.privKey))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('derives the address from the key deterministically', () => {
    const k = raceKeyFromPrivKey(new Uint8Array(32).fill(1));
    expect(generateRaceKey(det(1)).address).toBe(k.address);
  });

  it('refuses tampered or malformed files with a clear error', () => {
    const json = encodeRaceKey(generateRaceKey(det(3)));
    expect(() => parseRaceKey('{', 'f.json')).toThrow(/f.json: not valid JSON/);
    expect(() => parseRaceKey(JSON.stringify({ ...json, address: 'race1xyz' }))).toThrow(/does not match pub_key/);
    const other = encodeRaceKey(generateRaceKey(det(4)));
    expect(() => parseRaceKey(JSON.stringify({ ...json, pub_key: other.pub_key }))).toThrow(
      /pub_key does not match priv_key/,
    );
    expect(() => parseRaceKey(JSON.stringify({ ...json, priv_key: { type: 'x', value: '' } }))).toThrow(
      /priv_key.type/,
    );
    expect(() =>
      parseRaceKey(
        JSON.stringify({ ...json, priv_key: { ...json.priv_key, value: Buffer.alloc(32).toString('base64') } }),
      ),
    ).toThrow(/not a valid secp256k1/);
  });

  it('rejects a random source that never yields a valid key', () => {
    expect(() => generateRaceKey(det(0))).toThrow(/no valid secp256k1 key/);
  });
});
