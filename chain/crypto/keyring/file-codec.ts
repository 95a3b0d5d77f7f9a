/**
 * The `file` backend's codec: every key sealed with a key derived from one keyring passphrase. A `keyhash`
 * file beside the keys holds the scrypt parameters, salt and a verifier, so a wrong passphrase is reported as
 * such (and refused before a key is added under a second passphrase) rather than as a corrupted file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createFileExclusive } from '../atomic-file.js';
import { toHexLower } from '../../types/bytes.js';
import { secureRandomBytes, type RandomBytes } from '../random.js';
import {
  DEFAULT_SCRYPT,
  checkScryptParams,
  deriveKey,
  open,
  passphraseVerifier,
  seal,
  verifierMatches,
  type KdfSpec,
  type ScryptParams,
  type SealedSecret,
} from './encryption.js';
import type { SecretCodec } from './secret-codec.js';
import { InvalidKeyFileError, KeyringError, WrongPassphraseError } from './types.js';

export const MIN_PASSPHRASE_LENGTH = 8;
const KEYHASH_FILE = 'keyhash';

/** Asked at most once per keyring object; `newKeyring` lets a prompt ask for confirmation. */
export type PassphraseSource = string | ((ctx: { newKeyring: boolean }) => string | Promise<string>);

export interface FileCodecOpts {
  dir: string;
  passphrase?: PassphraseSource;
  /** Cost for a keyring created now; existing keyrings keep the parameters they were created with. */
  scrypt?: ScryptParams;
}

interface KeyhashJson {
  version: 1;
  kdf: KdfSpec;
  verifier: string;
}

function isKdfSpec(v: unknown): v is KdfSpec {
  const k = v as KdfSpec;
  return (
    typeof k === 'object' &&
    k !== null &&
    typeof k.salt === 'string' &&
    /^[0-9a-f]{32,128}$/.test(k.salt) &&
    checkScryptParams(k) === undefined
  );
}

function isSealed(v: unknown): v is SealedSecret {
  const s = v as SealedSecret;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.kind === 'scrypt-xchacha20poly1305' &&
    isKdfSpec(s.kdf) &&
    typeof s.nonce === 'string' &&
    /^[0-9a-f]{48}$/.test(s.nonce) &&
    typeof s.ciphertext === 'string' &&
    /^([0-9a-f]{2}){17,}$/.test(s.ciphertext)
  );
}

const kdfId = (kdf: KdfSpec) => `${kdf.n}:${kdf.r}:${kdf.p}:${kdf.salt}`;

export class FileSecretCodec implements SecretCodec {
  private readonly keyhashPath: string;
  private passphrase?: string;
  private readonly derived = new Map<string, Promise<Uint8Array>>();
  private readonly randomBytes: RandomBytes;

  constructor(
    private readonly opts: FileCodecOpts,
    deps: { randomBytes?: RandomBytes } = {},
  ) {
    this.keyhashPath = path.join(opts.dir, KEYHASH_FILE);
    this.randomBytes = deps.randomBytes ?? secureRandomBytes;
    const problem = opts.scrypt ? checkScryptParams(opts.scrypt) : undefined;
    if (problem) throw new KeyringError(problem);
  }

  async seal(privkey: Uint8Array, aad: Uint8Array): Promise<unknown> {
    const keyhash = this.readKeyhash() ?? (await this.createKeyhash());
    const key = await this.keyFor(keyhash.kdf, false);
    if (!verifierMatches(key, keyhash.verifier)) throw new WrongPassphraseError(this.opts.dir);
    return seal(key, keyhash.kdf, this.randomBytes(24), privkey, aad);
  }

  async open(secret: unknown, aad: Uint8Array, file: string): Promise<Uint8Array> {
    if (!isSealed(secret))
      throw new InvalidKeyFileError(file, 'secret is not a sealed key (was this file written by another backend?)');
    const key = await this.keyFor(secret.kdf, false);
    const keyhash = this.readKeyhash();
    const verified = keyhash !== undefined && kdfId(keyhash.kdf) === kdfId(secret.kdf);
    if (verified && !verifierMatches(key, keyhash.verifier)) throw new WrongPassphraseError(this.opts.dir);
    const privkey = open(key, secret, aad);
    if (privkey === undefined) {
      throw new InvalidKeyFileError(
        file,
        verified
          ? 'authentication failed: the key file was altered or is corrupted'
          : 'decryption failed: wrong passphrase, or the key file was altered',
      );
    }
    if (privkey.length !== 32) throw new InvalidKeyFileError(file, 'decrypted secret is not a 32-byte key');
    return privkey;
  }

  private async getPassphrase(newKeyring: boolean): Promise<string> {
    if (this.passphrase !== undefined) return this.passphrase;
    const source = this.opts.passphrase;
    if (source === undefined) throw new KeyringError('the file keyring backend needs a passphrase');
    const value = typeof source === 'string' ? source : await source({ newKeyring });
    if (typeof value !== 'string' || value.length === 0)
      throw new KeyringError('the file keyring backend needs a non-empty passphrase');
    this.passphrase = value;
    return value;
  }

  private keyFor(kdf: KdfSpec, newKeyring: boolean): Promise<Uint8Array> {
    const id = kdfId(kdf);
    let key = this.derived.get(id);
    if (!key) {
      key = this.getPassphrase(newKeyring).then((pass) => deriveKey(pass, kdf));
      this.derived.set(id, key);
      key.catch(() => this.derived.delete(id));
    }
    return key;
  }

  private readKeyhash(): KeyhashJson | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.keyhashPath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let json: KeyhashJson;
    try {
      json = JSON.parse(text);
    } catch {
      throw new InvalidKeyFileError(this.keyhashPath, 'not valid JSON');
    }
    if (json?.version !== 1 || !isKdfSpec(json.kdf) || typeof json.verifier !== 'string') {
      throw new InvalidKeyFileError(this.keyhashPath, 'unexpected contents (expected {version:1, kdf, verifier})');
    }
    return json;
  }

  private async createKeyhash(): Promise<KeyhashJson> {
    const pass = await this.getPassphrase(true);
    if (pass.length < MIN_PASSPHRASE_LENGTH) {
      this.passphrase = undefined;
      throw new KeyringError(`the keyring passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
    }
    const kdf: KdfSpec = { ...(this.opts.scrypt ?? DEFAULT_SCRYPT), salt: toHexLower(this.randomBytes(32)) };
    const key = await this.keyFor(kdf, true);
    const keyhash: KeyhashJson = { version: 1, kdf, verifier: passphraseVerifier(key) };
    if (createFileExclusive(this.keyhashPath, JSON.stringify(keyhash, null, 2) + '\n')) return keyhash;
    // Another process created the keyring first: use its parameters (and check our passphrase against them).
    return this.readKeyhash()!;
  }
}
