import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, fromHex, toBase64, toHexLower, toHexUpper } from '../../../chain/types/bytes.js';
import { signEd25519, verifyEd25519 } from '../../../chain/crypto/ed25519.js';
import {
  KeyFileError,
  loadOrCreateNodeKey,
  loadOrCreatePrivValidatorKey,
  parseNodeKey,
  parsePrivValidatorKey,
} from '../../../chain/crypto/keyfiles.js';

const SEED = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
const PUB = fromHex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c');
const fixedSeed = { randomBytes: () => SEED.slice() };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-keyfiles-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('priv_validator_key.json', () => {
  it('creates a CometBFT-format file with mode 0600 and loads it back unchanged', () => {
    const file = path.join(dir, 'config', 'priv_validator_key.json');
    const key = loadOrCreatePrivValidatorKey(file, fixedSeed);
    expect(key.pubkey).toEqual(PUB);
    expect(key.address).toEqual(sha256(PUB).slice(0, 20));
    expect(mode(file)).toBe(0o600);

    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json).toEqual({
      address: toHexUpper(sha256(PUB).slice(0, 20)),
      pub_key: { type: 'tendermint/PubKeyEd25519', value: toBase64(PUB) },
      priv_key: { type: 'tendermint/PrivKeyEd25519', value: toBase64(new Uint8Array([...SEED, ...PUB])) },
    });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['priv_validator_key.json']); // no temp file left behind

    const again = loadOrCreatePrivValidatorKey(file, { randomBytes: () => new Uint8Array(32).fill(7) });
    expect(again).toEqual(key);
    expect(verifyEd25519(signEd25519(new Uint8Array([1, 2]), again.seed), new Uint8Array([1, 2]), key.pubkey)).toBe(
      true,
    );
  });

  it('uses fresh randomness by default', () => {
    const a = loadOrCreatePrivValidatorKey(path.join(dir, 'a.json'));
    const b = loadOrCreatePrivValidatorKey(path.join(dir, 'b.json'));
    expect(a.seed).not.toEqual(b.seed);
  });

  it('refuses files that do not validate, naming the file and the problem', () => {
    const file = path.join(dir, 'priv_validator_key.json');
    loadOrCreatePrivValidatorKey(file, fixedSeed);
    const good = JSON.parse(fs.readFileSync(file, 'utf8'));
    const cases: [unknown, RegExp][] = [
      [{ ...good, address: '00'.repeat(20) }, /address 0+ does not match pub_key/],
      [{ ...good, address: 'xyz' }, /address must be 40 hex/],
      [
        { ...good, pub_key: { ...good.pub_key, value: toBase64(new Uint8Array(32).fill(1)) } },
        /pub_key does not match priv_key/,
      ],
      [{ ...good, pub_key: { ...good.pub_key, type: 'tendermint/PubKeySecp256k1' } }, /pub_key.type must be/],
      [{ ...good, priv_key: { ...good.priv_key, value: toBase64(SEED) } }, /priv_key.value must be 64 bytes, got 32/],
      [{ ...good, priv_key: { ...good.priv_key, value: 'not base64!' } }, /priv_key.value is not valid base64/],
      [
        { ...good, priv_key: { ...good.priv_key, value: toBase64(new Uint8Array([...SEED, ...new Uint8Array(32)])) } },
        /embedded public key does not match/,
      ],
      [{ ...good, priv_key: undefined }, /priv_key must be an object/],
      [[1, 2], /expected a JSON object/],
    ];
    for (const [content, expected] of cases) {
      fs.writeFileSync(file, JSON.stringify(content));
      expect(() => loadOrCreatePrivValidatorKey(file)).toThrow(KeyFileError);
      expect(() => loadOrCreatePrivValidatorKey(file)).toThrow(expected);
      expect(() => loadOrCreatePrivValidatorKey(file)).toThrow(file);
    }
    fs.writeFileSync(file, '{not json');
    expect(() => loadOrCreatePrivValidatorKey(file)).toThrow(/priv_validator_key.json: not valid JSON/);
  });

  it('accepts a lower-case address as CometBFT does', () => {
    const file = path.join(dir, 'k.json');
    loadOrCreatePrivValidatorKey(file, fixedSeed);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.address = json.address.toLowerCase();
    expect(parsePrivValidatorKey(JSON.stringify(json)).pubkey).toEqual(PUB);
  });
});

describe('node_key.json', () => {
  it('creates a node key whose id is the lower-hex consensus address, mode 0600, and reloads it', () => {
    const file = path.join(dir, 'config', 'node_key.json');
    const key = loadOrCreateNodeKey(file, fixedSeed);
    expect(key.nodeId).toBe(toHexLower(sha256(PUB).slice(0, 20)));
    expect(key.nodeId).toMatch(/^[0-9a-f]{40}$/);
    expect(mode(file)).toBe(0o600);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(json)).toEqual(['priv_key']);
    expect(json.priv_key.type).toBe('tendermint/PrivKeyEd25519');
    expect(fromBase64(json.priv_key.value)).toEqual(new Uint8Array([...SEED, ...PUB]));
    expect(loadOrCreateNodeKey(file)).toEqual(key);
  });

  it('rejects a broken node key with the file name in the message', () => {
    const file = path.join(dir, 'node_key.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: toBase64(new Uint8Array(10)) } }),
    );
    expect(() => loadOrCreateNodeKey(file)).toThrow(`${file}: priv_key.value must be 64 bytes, got 10`);
    expect(() => parseNodeKey('null')).toThrow(/node_key.json: expected a JSON object/);
  });
});
