import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import { fromBase64, toBase64 } from '../../../../chain/types/bytes.js';
import { verifySecp256k1 } from '../../../../chain/crypto/secp256k1.js';
import {
  InvalidKeyFileError,
  KeyExistsError,
  KeyNotFoundError,
  KeyringError,
  openKeyring,
  type Keyring,
} from '../../../../chain/crypto/keyring/index.js';
import { FAUCET_MNEMONIC, FAUCET_PUBKEY_B64 } from '../vectors.js';

let home: string;
let kr: Keyring;
const counterBytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-keyring-'));
  kr = openKeyring({ backend: 'test', home }, { randomBytes: counterBytes });
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('keyring, test backend', () => {
  it('recovers a key from a mnemonic with the address CosmJS derives for prefix race', async () => {
    const rec = await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    const [account] = await (
      await DirectSecp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, { prefix: 'race' })
    ).getAccounts();
    expect(rec).toEqual({
      name: 'faucet',
      type: 'local',
      address: account.address,
      pubkey: fromBase64(FAUCET_PUBKEY_B64),
    });
    expect(rec.mnemonic).toBeUndefined();
    expect(await kr.get('faucet')).toEqual(rec);
  });

  it('generates a 24-word mnemonic from injected randomness and returns it only on creation', async () => {
    const rec = await kr.add('alice');
    expect(rec.mnemonic?.split(' ')).toHaveLength(24);
    const [account] = await (
      await DirectSecp256k1HdWallet.fromMnemonic(rec.mnemonic!, { prefix: 'race' })
    ).getAccounts();
    expect(rec.address).toBe(account.address);
    expect(await kr.get('alice')).not.toHaveProperty('mnemonic');
  });

  it('stores keys in <home>/keyring-test/<name>.info with mode 0600', async () => {
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    const file = path.join(home, 'keyring-test', 'faucet.info');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json).toMatchObject({
      version: 1,
      name: 'faucet',
      type: 'local',
      pubkey: FAUCET_PUBKEY_B64,
      hd_path: "m/44'/118'/0'/0/0",
    });
    expect(json.secret.kind).toBe('plain');
    expect(kr.dir).toBe(path.join(home, 'keyring-test'));
  });

  it('lists keys sorted by name and deletes them', async () => {
    expect(await kr.list()).toEqual([]);
    await kr.add('zed');
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    expect((await kr.list()).map((r) => r.name)).toEqual(['faucet', 'zed']);
    await kr.delete('zed');
    expect((await kr.list()).map((r) => r.name)).toEqual(['faucet']);
    await expect(kr.delete('zed')).rejects.toThrow(KeyNotFoundError);
    await expect(kr.get('zed')).rejects.toThrow('key "zed" not found in keyring');
  });

  it('refuses duplicate names and a second name for the same key', async () => {
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    await expect(kr.add('faucet')).rejects.toThrow(KeyExistsError);
    await expect(kr.add('faucet')).rejects.toThrow('a key named "faucet" already exists');
    await expect(kr.add('copy', { mnemonic: FAUCET_MNEMONIC })).rejects.toThrow(
      /already exists in the keyring as "faucet"/,
    );
    // A different HD path is a different key, so it is allowed.
    const other = await kr.add('copy', { mnemonic: FAUCET_MNEMONIC, hdPath: "m/44'/118'/0'/0/1" });
    expect(other.address).not.toBe((await kr.get('faucet')).address);
  });

  it('validates names so they can never escape the keyring folder', async () => {
    for (const bad of ['', '../evil', 'a/b', '.hidden', 'x'.repeat(65), 'with space', 'é']) {
      await expect(kr.add(bad)).rejects.toThrow(/invalid key name/);
      await expect(kr.get(bad)).rejects.toThrow(KeyringError);
    }
    expect(fs.existsSync(path.join(home, 'evil.info'))).toBe(false);
  });

  it('rejects an invalid mnemonic or HD path with a clear error', async () => {
    await expect(kr.add('x', { mnemonic: 'hello world' })).rejects.toThrow(/invalid mnemonic/);
    await expect(kr.add('x', { hdPath: "m/44'/abc" })).rejects.toThrow(/invalid HD path/);
  });

  it('returns the private key and signs like CosmJS', async () => {
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, { prefix: 'race' });
    const priv = await kr.privateKey('faucet');
    expect(priv).toHaveLength(32);
    const msg = new Uint8Array([1, 2, 3]);
    const { signature, pubkey } = await kr.sign('faucet', msg);
    expect(verifySecp256k1(signature, msg, pubkey)).toBe(true);
    const [account] = await wallet.getAccounts();
    expect(toBase64(pubkey)).toBe(toBase64(account.pubkey));
  });

  it('detects an edited key file', async () => {
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    await kr.add('bob');
    const file = path.join(home, 'keyring-test', 'faucet.info');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const bob = await kr.get('bob');

    fs.writeFileSync(file, JSON.stringify({ ...json, pubkey: toBase64(bob.pubkey), address: bob.address }));
    await expect(kr.privateKey('faucet')).rejects.toThrow(/private key does not match pubkey/);

    fs.writeFileSync(file, JSON.stringify({ ...json, address: bob.address }));
    await expect(kr.get('faucet')).rejects.toThrow(InvalidKeyFileError);
    await expect(kr.get('faucet')).rejects.toThrow(/faucet.info: address .* does not match pubkey/);

    fs.writeFileSync(file, '{');
    await expect(kr.list()).rejects.toThrow(/faucet.info: not valid JSON/);
  });

  it('uses another bech32 prefix when asked', async () => {
    const cosmos = openKeyring({ backend: 'test', home, prefix: 'cosmos' });
    const rec = await cosmos.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    expect(rec.address).toBe('cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6');
  });

  it('refuses an unknown backend', () => {
    expect(() => openKeyring({ backend: 'os' as 'test', home })).toThrow(/unknown keyring backend "os"/);
  });
});
