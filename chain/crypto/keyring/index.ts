/** `openKeyring`: the SDK's keyring backends under `<home>/keyring-<backend>/`. */
import path from 'node:path';
import type { RandomBytes } from '../random.js';
import { FileSecretCodec, type PassphraseSource } from './file-codec.js';
import { LocalKeyring } from './local-keyring.js';
import { PlainSecretCodec } from './secret-codec.js';
import { KEYRING_BACKENDS, KeyringError, type Keyring, type KeyringBackend } from './types.js';
import type { ScryptParams } from './encryption.js';

export * from './types.js';
export { DEFAULT_SCRYPT, type ScryptParams } from './encryption.js';
export { MIN_PASSPHRASE_LENGTH, type PassphraseSource } from './file-codec.js';

export interface OpenKeyringOpts {
  backend: KeyringBackend;
  /** The node home (e.g. ~/.raced); keys live in `<home>/keyring-<backend>/`. */
  home: string;
  /** `file` backend only: the passphrase, or a callback asked at most once, only when a secret is touched. */
  passphrase?: PassphraseSource;
  /** `file` backend only: scrypt cost for a new keyring (tests use a cheap one). */
  scrypt?: ScryptParams;
  /** Bech32 account prefix; defaults to `race`. */
  prefix?: string;
}

export interface OpenKeyringDeps {
  randomBytes?: RandomBytes;
}

export function isKeyringBackend(value: string): value is KeyringBackend {
  return (KEYRING_BACKENDS as readonly string[]).includes(value);
}

function keyringDir(home: string, backend: KeyringBackend): string {
  return path.join(home, `keyring-${backend}`);
}

export function openKeyring(opts: OpenKeyringOpts, deps: OpenKeyringDeps = {}): Keyring {
  if (!isKeyringBackend(opts.backend)) {
    throw new KeyringError(`unknown keyring backend "${String(opts.backend)}": use ${KEYRING_BACKENDS.join(' or ')}`);
  }
  const dir = keyringDir(opts.home, opts.backend);
  const codec =
    opts.backend === 'test'
      ? new PlainSecretCodec()
      : new FileSecretCodec({ dir, passphrase: opts.passphrase, scrypt: opts.scrypt }, deps);
  return new LocalKeyring({ backend: opts.backend, dir, codec, prefix: opts.prefix }, deps);
}
