import { describe, expect, it } from '@jest/globals';
import { DirectSecp256k1HdWallet, makeCosmoshubPath } from '@cosmjs/proto-signing';
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { toBase64 } from '../../../chain/types/bytes.js';
import {
  cosmosHdPath,
  DEFAULT_HD_PATH,
  derivePrivkeyFromMnemonic,
  generateMnemonic,
  normalizeMnemonic,
  validateHdPath,
  validateMnemonic,
} from '../../../chain/crypto/hd.js';
import { secp256k1PubkeyFromPrivkey } from '../../../chain/crypto/secp256k1.js';
import { FAUCET_COSMOS_ADDRESS, FAUCET_MNEMONIC, FAUCET_PUBKEY_B64 } from './vectors.js';

const counterBytes = (start: number) => (n: number) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

function addressOf(mnemonic: string, prefix: string, hdPath?: string): string {
  return toBech32(
    addressBytesFromSecp256k1(secp256k1PubkeyFromPrivkey(derivePrivkeyFromMnemonic(mnemonic, { hdPath }))),
    prefix,
  );
}

describe('HD derivation (BIP-39 / BIP-32, coin type 118)', () => {
  it('uses the CosmJS / Keplr default path', () => {
    expect(DEFAULT_HD_PATH).toBe("m/44'/118'/0'/0/0");
    expect(cosmosHdPath(0, 0)).toBe(DEFAULT_HD_PATH);
    expect(cosmosHdPath(2, 5)).toBe("m/44'/118'/2'/0/5");
  });

  it('derives the simapp faucet key from its mnemonic', () => {
    const pub = secp256k1PubkeyFromPrivkey(derivePrivkeyFromMnemonic(FAUCET_MNEMONIC));
    expect(toBase64(pub)).toBe(FAUCET_PUBKEY_B64);
    expect(addressOf(FAUCET_MNEMONIC, 'cosmos')).toBe(FAUCET_COSMOS_ADDRESS);
  });

  it('gives the same race address as DirectSecp256k1HdWallet with prefix race', async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, { prefix: 'race' });
    const [account] = await wallet.getAccounts();
    expect(addressOf(FAUCET_MNEMONIC, 'race')).toBe(account.address);
    expect(account.address).toMatch(/^race1/);
  });

  it('follows another account index the way CosmJS does', async () => {
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(FAUCET_MNEMONIC, {
      prefix: 'race',
      hdPaths: [makeCosmoshubPath(3)],
    });
    const [account] = await wallet.getAccounts();
    expect(addressOf(FAUCET_MNEMONIC, 'race', "m/44'/118'/0'/0/3")).toBe(account.address);
    expect(account.address).not.toBe(addressOf(FAUCET_MNEMONIC, 'race'));
  });

  it('changes the key with a BIP-39 passphrase', () => {
    const plain = derivePrivkeyFromMnemonic(FAUCET_MNEMONIC);
    const salted = derivePrivkeyFromMnemonic(FAUCET_MNEMONIC, { bip39Passphrase: 'extra' });
    expect(salted).not.toEqual(plain);
  });

  it('generates 24- and 12-word valid mnemonics from injected entropy, deterministically', () => {
    const m24 = generateMnemonic(24, { randomBytes: counterBytes(0) });
    const m12 = generateMnemonic(12, { randomBytes: counterBytes(0) });
    expect(m24.split(' ')).toHaveLength(24);
    expect(m12.split(' ')).toHaveLength(12);
    expect(validateMnemonic(m24) && validateMnemonic(m12)).toBe(true);
    expect(generateMnemonic(24, { randomBytes: counterBytes(0) })).toBe(m24);
    expect(generateMnemonic(24, { randomBytes: counterBytes(1) })).not.toBe(m24);
    expect(generateMnemonic().split(' ')).toHaveLength(24);
    expect(() => generateMnemonic(18 as 24)).toThrow(/12 or 24/);
  });

  it('normalises case and whitespace of pasted mnemonics', () => {
    const messy = `  ${FAUCET_MNEMONIC.toUpperCase().split(' ').join('   \t')}\n`;
    expect(normalizeMnemonic(messy)).toBe(FAUCET_MNEMONIC);
    expect(validateMnemonic(messy)).toBe(true);
    expect(derivePrivkeyFromMnemonic(messy)).toEqual(derivePrivkeyFromMnemonic(FAUCET_MNEMONIC));
  });

  it('rejects bad mnemonics (checksum, unknown word, wrong count) with a clear error', () => {
    const words = FAUCET_MNEMONIC.split(' ');
    const badChecksum = [...words.slice(0, 23), words[0]].join(' ');
    expect(validateMnemonic(badChecksum)).toBe(false);
    expect(validateMnemonic(words.slice(0, 23).join(' '))).toBe(false);
    expect(validateMnemonic([...words.slice(0, 23), 'notaword'].join(' '))).toBe(false);
    expect(validateMnemonic(42 as unknown as string)).toBe(false);
    expect(() => derivePrivkeyFromMnemonic(badChecksum)).toThrow(/invalid mnemonic/);
  });

  it('validates HD paths', () => {
    expect(() => validateHdPath("m/44'/118'/0'/0/0")).not.toThrow();
    expect(() => validateHdPath('44/118/0')).toThrow(/invalid HD path/);
    expect(() => validateHdPath("m/44'/x")).toThrow(/invalid HD path/);
    expect(() => validateHdPath('m/2147483648')).toThrow(/too large/);
    expect(() => derivePrivkeyFromMnemonic(FAUCET_MNEMONIC, { hdPath: 'nope' })).toThrow(/invalid HD path/);
  });
});
