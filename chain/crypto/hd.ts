/** BIP-39 mnemonics and BIP-32 derivation on Cosmos coin type 118 (CosmJS makeCosmoshubPath(0), Keplr). */
import { entropyToMnemonic, mnemonicToSeedSync, validateMnemonic as bip39Validate } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HDKey } from '@scure/bip32';
import { secureRandomBytes, type RandomBytes } from './random.js';

const COIN_TYPE = 118;
export const DEFAULT_HD_PATH = "m/44'/118'/0'/0/0";

export interface HdDeps {
  randomBytes?: RandomBytes;
}

export interface DeriveOpts {
  hdPath?: string;
  bip39Passphrase?: string;
}

/** Cosmos-style path for an account/address index: m/44'/118'/<account>'/0/<index>. */
export function cosmosHdPath(account = 0, index = 0): string {
  return `m/44'/${COIN_TYPE}'/${account}'/0/${index}`;
}

export function generateMnemonic(words: 12 | 24 = 24, deps: HdDeps = {}): string {
  if (words !== 12 && words !== 24) throw new Error(`mnemonic length must be 12 or 24 words, got ${String(words)}`);
  const entropy = (deps.randomBytes ?? secureRandomBytes)(words === 24 ? 32 : 16);
  return entropyToMnemonic(entropy, wordlist);
}

/** Lower case, single spaces: what users paste often has stray whitespace or capitals. */
export function normalizeMnemonic(mnemonic: string): string {
  return mnemonic.trim().toLowerCase().split(/\s+/).join(' ');
}

export function validateMnemonic(mnemonic: string): boolean {
  if (typeof mnemonic !== 'string') return false;
  return bip39Validate(normalizeMnemonic(mnemonic), wordlist);
}

const HD_PATH_RE = /^m(\/\d+'?)*$/;

export function validateHdPath(hdPath: string): void {
  if (typeof hdPath !== 'string' || !HD_PATH_RE.test(hdPath)) {
    throw new Error(`invalid HD path "${hdPath}": expected the form m/44'/118'/0'/0/0`);
  }
  for (const segment of hdPath.split('/').slice(1)) {
    if (Number(segment.replace("'", '')) >= 2 ** 31)
      throw new Error(`invalid HD path "${hdPath}": index ${segment} too large`);
  }
}

export function derivePrivkeyFromMnemonic(mnemonic: string, opts: DeriveOpts = {}): Uint8Array {
  const hdPath = opts.hdPath ?? DEFAULT_HD_PATH;
  validateHdPath(hdPath);
  const normalized = normalizeMnemonic(mnemonic);
  if (!bip39Validate(normalized, wordlist)) {
    throw new Error('invalid mnemonic: expected 12, 15, 18, 21 or 24 English BIP-39 words with a valid checksum');
  }
  const seed = mnemonicToSeedSync(normalized, opts.bip39Passphrase ?? '');
  const key = HDKey.fromMasterSeed(seed).derive(hdPath).privateKey;
  if (!key) throw new Error(`no private key derived at ${hdPath}`);
  return key;
}
