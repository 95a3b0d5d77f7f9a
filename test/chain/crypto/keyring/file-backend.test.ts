import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toHexLower } from '../../../../chain/types/bytes.js';
import { derivePrivkeyFromMnemonic } from '../../../../chain/crypto/hd.js';
import {
  InvalidKeyFileError,
  KeyringError,
  openKeyring,
  WrongPassphraseError,
  type OpenKeyringOpts,
} from '../../../../chain/crypto/keyring/index.js';
import { FAUCET_MNEMONIC } from '../vectors.js';

// Cheap scrypt for tests; the default cost is checked separately once.
const CHEAP = { n: 2 ** 10, r: 8, p: 1 };
const PASS = 'correct horse battery';

let home: string;
const open = (extra: Partial<OpenKeyringOpts> = {}) =>
  openKeyring({ backend: 'file', home, passphrase: PASS, scrypt: CHEAP, ...extra });
const keyFile = (name: string) => path.join(home, 'keyring-file', `${name}.info`);
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-keyring-file-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

describe('keyring, file backend', () => {
  it('encrypts every key: no private key or mnemonic material on disk', async () => {
    const rec = await open().add('alice');
    const priv = await open().privateKey('alice');
    const all = fs
      .readdirSync(path.join(home, 'keyring-file'))
      .map((f) => fs.readFileSync(path.join(home, 'keyring-file', f), 'utf8'))
      .join('\n');
    expect(all).not.toContain(toHexLower(priv));
    expect(all).not.toContain(rec.mnemonic!.split(' ').slice(0, 3).join(' '));
    const secret = readJson(keyFile('alice')).secret;
    expect(secret).toMatchObject({ kind: 'scrypt-xchacha20poly1305', kdf: { n: 1024, r: 8, p: 1 } });
    expect(secret.nonce).toMatch(/^[0-9a-f]{48}$/);
    expect(fs.statSync(keyFile('alice')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(home, 'keyring-file', 'keyhash')).mode & 0o777).toBe(0o600);
  });

  it('decrypts with the right passphrase in a later session', async () => {
    await open().add('faucet', { mnemonic: FAUCET_MNEMONIC });
    expect(await open().privateKey('faucet')).toEqual(derivePrivkeyFromMnemonic(FAUCET_MNEMONIC));
  });

  it('lists and shows public data without asking for the passphrase', async () => {
    await open().add('faucet', { mnemonic: FAUCET_MNEMONIC });
    let asked = 0;
    const kr = open({
      passphrase: () => {
        asked++;
        return PASS;
      },
    });
    expect((await kr.list()).map((r) => r.name)).toEqual(['faucet']);
    expect((await kr.get('faucet')).address).toMatch(/^race1/);
    await kr.delete('faucet');
    expect(asked).toBe(0);
  });

  it('asks for the passphrase once per keyring object, and says whether the keyring is new', async () => {
    const calls: boolean[] = [];
    const kr = open({
      passphrase: ({ newKeyring }) => {
        calls.push(newKeyring);
        return PASS;
      },
    });
    await kr.add('a');
    await kr.add('b');
    await kr.privateKey('a');
    expect(calls).toEqual([true]);
    const later: boolean[] = [];
    await open({
      passphrase: async ({ newKeyring }) => {
        later.push(newKeyring);
        return PASS;
      },
    }).privateKey('b');
    expect(later).toEqual([false]);
  });

  it('reports a wrong passphrase clearly, on read and on add', async () => {
    await open().add('alice');
    const wrong = open({ passphrase: 'not the passphrase' });
    await expect(wrong.privateKey('alice')).rejects.toThrow(WrongPassphraseError);
    await expect(wrong.privateKey('alice')).rejects.toThrow(/incorrect keyring passphrase/);
    await expect(open({ passphrase: 'not the passphrase' }).add('bob')).rejects.toThrow(WrongPassphraseError);
    expect(fs.existsSync(keyFile('bob'))).toBe(false);
  });

  it('detects tampering with the ciphertext, the nonce, or the public data bound to it', async () => {
    await open().add('alice');
    await open().add('bob');
    const original = readJson(keyFile('alice'));
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

    fs.writeFileSync(
      keyFile('alice'),
      JSON.stringify({ ...original, secret: { ...original.secret, ciphertext: flip(original.secret.ciphertext) } }),
    );
    await expect(open().privateKey('alice')).rejects.toThrow(/alice.info: authentication failed/);

    fs.writeFileSync(
      keyFile('alice'),
      JSON.stringify({ ...original, secret: { ...original.secret, nonce: flip(original.secret.nonce) } }),
    );
    await expect(open().privateKey('alice')).rejects.toThrow(InvalidKeyFileError);

    // Swap in bob's public data: the address check passes, the AEAD's associated data does not.
    const bob = readJson(keyFile('bob'));
    fs.writeFileSync(keyFile('alice'), JSON.stringify({ ...original, pubkey: bob.pubkey, address: bob.address }));
    await expect(open().privateKey('alice')).rejects.toThrow(/authentication failed/);

    // Moving a sealed secret under another name is detected too.
    fs.writeFileSync(keyFile('carol'), JSON.stringify({ ...original, name: 'carol' }));
    await expect(open().privateKey('carol')).rejects.toThrow(/authentication failed/);

    fs.writeFileSync(
      keyFile('alice'),
      JSON.stringify({ ...original, secret: { kind: 'plain', privkey: '00'.repeat(32) } }),
    );
    await expect(open().privateKey('alice')).rejects.toThrow(/not a sealed key/);
  });

  it('refuses scrypt parameters outside sane bounds, in options and in files', async () => {
    expect(() => open({ scrypt: { n: 1000, r: 8, p: 1 } })).toThrow(/power of two/);
    expect(() => open({ scrypt: { n: 2 ** 21, r: 8, p: 1 } })).toThrow(/power of two/);
    await open().add('alice');
    const json = readJson(keyFile('alice'));
    fs.writeFileSync(
      keyFile('alice'),
      JSON.stringify({ ...json, secret: { ...json.secret, kdf: { ...json.secret.kdf, n: 2 ** 30 } } }),
    );
    await expect(open().privateKey('alice')).rejects.toThrow(/not a sealed key/);
  });

  it('needs a passphrase, and a long enough one for a new keyring', async () => {
    await expect(open({ passphrase: undefined }).add('a')).rejects.toThrow(
      'the file keyring backend needs a passphrase',
    );
    await expect(open({ passphrase: 'short' }).add('a')).rejects.toThrow(/at least 8 characters/);
    await expect(open({ passphrase: '' }).add('a')).rejects.toThrow(KeyringError);
  });

  it('reports a damaged keyhash file by name', async () => {
    await open().add('alice');
    fs.writeFileSync(path.join(home, 'keyring-file', 'keyhash'), '{"version":2}');
    await expect(open().privateKey('alice')).rejects.toThrow(/keyhash: unexpected contents/);
  });

  it('works with the default scrypt cost (N=2^17, r=8, p=1)', async () => {
    const kr = openKeyring({ backend: 'file', home, passphrase: PASS });
    await kr.add('faucet', { mnemonic: FAUCET_MNEMONIC });
    expect(readJson(keyFile('faucet')).secret.kdf).toMatchObject({ n: 2 ** 17, r: 8, p: 1 });
    expect(await kr.privateKey('faucet')).toEqual(derivePrivkeyFromMnemonic(FAUCET_MNEMONIC));
  });
});
