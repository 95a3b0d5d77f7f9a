/** A keyring of local secp256k1 keys, one JSON file per key in one folder; the codec decides how secrets are kept. */
import fs from 'node:fs';
import path from 'node:path';
import { ACCOUNT_PREFIX, addressBytesFromSecp256k1, toBech32 } from '../address.js';
import { createFileExclusive, SECRET_DIR_MODE } from '../atomic-file.js';
import { equalBytes } from '../../types/bytes.js';
import type { RandomBytes } from '../random.js';
import {
  DEFAULT_HD_PATH,
  derivePrivkeyFromMnemonic,
  generateMnemonic,
  normalizeMnemonic,
  validateHdPath,
  validateMnemonic,
} from '../hd.js';
import { secp256k1PubkeyFromPrivkey, signSecp256k1 } from '../secp256k1.js';
import { encodeKeyFile, KEY_FILE_SUFFIX, parseKeyFile, secretAssociatedData, type StoredKey } from './key-file.js';
import type { SecretCodec } from './secret-codec.js';
import {
  InvalidKeyFileError,
  KeyExistsError,
  KeyNotFoundError,
  KeyringError,
  validateKeyName,
  type AddKeyOpts,
  type Keyring,
  type KeyringBackend,
  type KeyRecord,
} from './types.js';

export interface LocalKeyringOpts {
  backend: KeyringBackend;
  dir: string;
  codec: SecretCodec;
  /** Bech32 prefix of the addresses shown; defaults to `race`. */
  prefix?: string;
}

export interface LocalKeyringDeps {
  /** Entropy for generated mnemonics. */
  randomBytes?: RandomBytes;
}

export class LocalKeyring implements Keyring {
  readonly backend: KeyringBackend;
  readonly dir: string;
  private readonly prefix: string;

  constructor(
    private readonly opts: LocalKeyringOpts,
    private readonly deps: LocalKeyringDeps = {},
  ) {
    this.backend = opts.backend;
    this.dir = opts.dir;
    this.prefix = opts.prefix ?? ACCOUNT_PREFIX;
  }

  async add(name: string, opts: AddKeyOpts = {}): Promise<KeyRecord> {
    validateKeyName(name);
    const hdPath = opts.hdPath ?? DEFAULT_HD_PATH;
    try {
      validateHdPath(hdPath);
    } catch (err) {
      throw new KeyringError((err as Error).message);
    }
    if (fs.existsSync(this.fileOf(name))) throw new KeyExistsError(`a key named "${name}" already exists`);
    if (opts.mnemonic !== undefined && !validateMnemonic(opts.mnemonic)) {
      throw new KeyringError(
        'invalid mnemonic: expected 12, 15, 18, 21 or 24 English BIP-39 words with a valid checksum',
      );
    }
    const mnemonic = opts.mnemonic !== undefined ? normalizeMnemonic(opts.mnemonic) : generateMnemonic(24, this.deps);
    const privkey = derivePrivkeyFromMnemonic(mnemonic, { hdPath, bip39Passphrase: opts.bip39Passphrase });
    const pubkey = secp256k1PubkeyFromPrivkey(privkey);
    const record: KeyRecord = {
      name,
      type: 'local',
      address: toBech32(addressBytesFromSecp256k1(pubkey), this.prefix),
      pubkey,
    };

    // The SDK refuses a second name for the same key: two names would sign as one account.
    const twin = await this.findByAddress(record.address);
    if (twin) throw new KeyExistsError(`key ${record.address} already exists in the keyring as "${twin.name}"`);

    const secret = await this.opts.codec.seal(privkey, secretAssociatedData(name, pubkey));
    fs.mkdirSync(this.dir, { recursive: true, mode: SECRET_DIR_MODE });
    if (!createFileExclusive(this.fileOf(name), encodeKeyFile(record, secret, hdPath))) {
      throw new KeyExistsError(`a key named "${name}" already exists`);
    }
    return opts.mnemonic === undefined ? { ...record, mnemonic } : record;
  }

  async list(): Promise<KeyRecord[]> {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const names = entries
      .filter((f) => f.endsWith(KEY_FILE_SUFFIX) && !f.startsWith('.'))
      .map((f) => f.slice(0, -KEY_FILE_SUFFIX.length));
    return names.sort().map((name) => this.load(name).record);
  }

  async get(name: string): Promise<KeyRecord> {
    validateKeyName(name);
    return this.load(name).record;
  }

  async findByAddress(address: string): Promise<KeyRecord | undefined> {
    return (await this.list()).find((r) => r.address === address);
  }

  async delete(name: string): Promise<void> {
    validateKeyName(name);
    try {
      fs.unlinkSync(this.fileOf(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyNotFoundError(name);
      throw err;
    }
  }

  async privateKey(name: string): Promise<Uint8Array> {
    validateKeyName(name);
    const stored = this.load(name);
    const file = this.fileOf(name);
    const privkey = await this.opts.codec.open(stored.secret, secretAssociatedData(name, stored.record.pubkey), file);
    let derivedPub: Uint8Array;
    try {
      derivedPub = secp256k1PubkeyFromPrivkey(privkey);
    } catch {
      throw new InvalidKeyFileError(file, 'the stored private key is not a valid secp256k1 key');
    }
    // The test backend has no MAC: this is what catches an edited pubkey/address there.
    if (!equalBytes(derivedPub, stored.record.pubkey))
      throw new InvalidKeyFileError(file, 'private key does not match pubkey');
    return privkey;
  }

  async sign(name: string, signBytes: Uint8Array): Promise<{ signature: Uint8Array; pubkey: Uint8Array }> {
    const privkey = await this.privateKey(name);
    const record = await this.get(name);
    return { signature: signSecp256k1(signBytes, privkey), pubkey: record.pubkey };
  }

  private fileOf(name: string): string {
    return path.join(this.dir, `${name}${KEY_FILE_SUFFIX}`);
  }

  private load(name: string): StoredKey {
    const file = this.fileOf(name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyNotFoundError(name);
      throw new KeyringError(`${file}: cannot read: ${(err as Error).message}`);
    }
    return parseKeyFile(text, file, name, this.prefix);
  }
}
