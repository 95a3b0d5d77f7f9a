/**
 * The keyring flags every signing command takes, apart from keys.ts so that registering `tx` commands does not load
 * the keyring (its crypto and the BIP-39 word list cost more than a query command's whole run).
 */
import type { Command } from 'commander';
import type { KeyringBackend } from '../../chain/crypto/keyring/index.js';

export const DEFAULT_KEYRING_BACKEND: KeyringBackend = 'file';
export const BACKEND_ENV = 'RACED_KEYRING_BACKEND';

export function addKeyringOptions(cmd: Command): Command {
  return cmd
    .option('--home <dir>', 'node home directory (default: $RACED_HOME or ~/.raced)')
    .option(
      '--keyring-backend <backend>',
      `keyring backend: test|file (default: $${BACKEND_ENV} or ${DEFAULT_KEYRING_BACKEND})`,
    )
    .option('-o, --output <format>', 'output format: text|json (default: text)');
}
