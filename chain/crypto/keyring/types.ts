/** The keyring contract shared by every backend, and its errors. */

export type KeyringBackend = 'test' | 'file';
export const KEYRING_BACKENDS: readonly KeyringBackend[] = ['test', 'file'];

export interface KeyRecord {
  name: string;
  type: 'local';
  /** Bech32 account address (race1…). */
  address: string;
  /** 33-byte compressed secp256k1 public key. */
  pubkey: Uint8Array;
  /** Only when `add` generated the mnemonic: the one chance to show it to the user. */
  mnemonic?: string;
}

export interface AddKeyOpts {
  /** Recover from this mnemonic; omitted: generate a fresh 24-word one. */
  mnemonic?: string;
  hdPath?: string;
  bip39Passphrase?: string;
}

export interface Keyring {
  readonly backend: KeyringBackend;
  /** The folder holding the key files. */
  readonly dir: string;
  add(name: string, opts?: AddKeyOpts): Promise<KeyRecord>;
  /** All keys, sorted by name. */
  list(): Promise<KeyRecord[]>;
  get(name: string): Promise<KeyRecord>;
  /** The key whose address is `address`, or undefined. */
  findByAddress(address: string): Promise<KeyRecord | undefined>;
  delete(name: string): Promise<void>;
  /** The 32-byte secp256k1 private key (decrypts with the passphrase on the file backend). */
  privateKey(name: string): Promise<Uint8Array>;
  /** sha256 + ECDSA over signBytes with the named key; see secp256k1.ts. */
  sign(name: string, signBytes: Uint8Array): Promise<{ signature: Uint8Array; pubkey: Uint8Array }>;
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

export class KeyNotFoundError extends KeyringError {
  constructor(readonly keyName: string) {
    super(`key "${keyName}" not found in keyring`);
    this.name = 'KeyNotFoundError';
  }
}

export class KeyExistsError extends KeyringError {
  constructor(message: string) {
    super(message);
    this.name = 'KeyExistsError';
  }
}

export class WrongPassphraseError extends KeyringError {
  constructor(dir: string) {
    super(`incorrect keyring passphrase for ${dir}`);
    this.name = 'WrongPassphraseError';
  }
}

/** A key file that fails validation or authentication: corrupted, edited, or from another tool. */
export class InvalidKeyFileError extends KeyringError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InvalidKeyFileError';
  }
}

// A leading letter or digit and no path separators: names become file names.
const KEY_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateKeyName(name: string): void {
  if (typeof name !== 'string' || !KEY_NAME_RE.test(name)) {
    throw new KeyringError(
      `invalid key name ${JSON.stringify(name)}: use 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit`,
    );
  }
}
