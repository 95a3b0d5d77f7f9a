/**
 * `raced keys add|list|show|delete`: the Cosmos SDK's key commands over our keyring (chain/crypto/keyring).
 *
 * Default backend: `file` (encrypted), the safe choice — the SDK's default `os` keychain has no equivalent
 * here. Devnets and scripts pass `--keyring-backend test` or set $RACED_KEYRING_BACKEND.
 * Passphrase (file backend): $RACED_KEYRING_PASSPHRASE, else a prompt without echo on a terminal, else the
 * next line of stdin. `keys add --recover` reads the mnemonic first (first line of piped stdin).
 * As in the SDK, text output goes to stdout and the new mnemonic with its warning to stderr; `-o json` puts
 * everything, mnemonic included, in one JSON document on stdout.
 */
import type { Command } from 'commander';
import { StringDecoder } from 'node:string_decoder';
import { ACCOUNT_PREFIX, convertBech32Prefix, isValidAddress, VALOPER_PREFIX } from '../../../chain/crypto/address.js';
import { toBase64 } from '../../../chain/types/bytes.js';
import type { RandomBytes } from '../../../chain/crypto/random.js';
import { cosmosHdPath } from '../../../chain/crypto/hd.js';
import {
  isKeyringBackend,
  KEYRING_BACKENDS,
  KeyNotFoundError,
  openKeyring,
  type Keyring,
  type KeyringBackend,
  type KeyRecord,
  type ScryptParams,
} from '../../../chain/crypto/keyring/index.js';
import { resolveHome } from '../home.js';
import { addKeyringOptions, BACKEND_ENV, DEFAULT_KEYRING_BACKEND } from '../keyring-options.js';
import { CliError, parseOutputFormat, type OutputFormat } from '../output.js';

export const PASSPHRASE_ENV = 'RACED_KEYRING_PASSPHRASE';

export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface TextSink {
  write(text: string): unknown;
}

export interface KeysCommandDeps {
  stdin?: InputStream;
  stdout?: TextSink;
  stderr?: TextSink;
  env?: Record<string, string | undefined>;
  /** Entropy for new mnemonics. */
  randomBytes?: RandomBytes;
  /** scrypt cost for a new file keyring (tests use a cheap one). */
  scrypt?: ScryptParams;
}

interface Io {
  stdin: InputStream;
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
}

// ---------------------------------------------------------------------------------------------------------
// stdin: lines for piped input, no-echo entry on a terminal. One reader per command run so that the
// mnemonic and the passphrase come off the same buffer in order.

export class StdinReader {
  private buffer = '';
  private ended = false;
  private attached = false;
  private wake: (() => void) | undefined;
  // Keeps a multi-byte character intact when it is split across chunks.
  private readonly decoder = new StringDecoder('utf8');
  private readonly onData = (chunk: string | Buffer) => {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.notify();
  };
  private readonly onEnd = () => {
    this.buffer += this.decoder.end();
    this.ended = true;
    this.notify();
  };

  constructor(private readonly stream: InputStream) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** The next line without its line ending; undefined at end of input. */
  async nextLine(): Promise<string | undefined> {
    this.attach();
    while (true) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        return line;
      }
      if (this.ended) {
        if (this.buffer.length === 0) return undefined;
        const rest = this.buffer;
        this.buffer = '';
        return rest;
      }
      await this.waitForData();
    }
  }

  /** On a terminal: raw mode, nothing echoed, backspace edits, Ctrl-C aborts. */
  async nextSecretLine(): Promise<string | undefined> {
    if (!this.isTTY || !this.stream.setRawMode) return this.nextLine();
    this.attach();
    this.stream.setRawMode(true);
    try {
      while (true) {
        let secret = '';
        for (let i = 0; i < this.buffer.length; i++) {
          const ch = this.buffer[i];
          if (ch === '\u0003') throw new CliError('aborted');
          if (ch === '\r' || ch === '\n') {
            this.buffer = this.buffer.slice(this.buffer[i] === '\r' && this.buffer[i + 1] === '\n' ? i + 2 : i + 1);
            return secret;
          }
          if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
          else if (ch >= ' ') secret += ch;
        }
        if (this.ended) return undefined;
        await this.waitForData();
      }
    } finally {
      this.stream.setRawMode(false);
    }
  }

  close(): void {
    if (!this.attached) return;
    this.stream.removeListener('data', this.onData);
    this.stream.removeListener('end', this.onEnd);
    this.stream.pause();
    this.attached = false;
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.stream.on('data', this.onData);
    this.stream.on('end', this.onEnd);
    this.stream.resume();
  }

  private waitForData(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

async function readPassphrase(reader: StdinReader, io: Io, newKeyring: boolean): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv) return fromEnv;
  if (!reader.isTTY) {
    const line = await reader.nextLine();
    if (!line) throw new CliError(`no keyring passphrase: set $${PASSPHRASE_ENV} or give it as a line on stdin`);
    return line;
  }
  io.stderr.write('Enter keyring passphrase: ');
  const pass = await reader.nextSecretLine();
  io.stderr.write('\n');
  if (!pass) throw new CliError('no keyring passphrase entered');
  if (newKeyring) {
    io.stderr.write('Re-enter keyring passphrase: ');
    const again = await reader.nextSecretLine();
    io.stderr.write('\n');
    if (again !== pass) throw new CliError('passphrases do not match');
  }
  return pass;
}

async function readMnemonic(reader: StdinReader, io: Io): Promise<string> {
  if (reader.isTTY) io.stderr.write('> Enter your bip39 mnemonic\n');
  const line = await reader.nextLine();
  if (!line || line.trim() === '')
    throw new CliError('no mnemonic given: --recover reads it from the first line of stdin');
  return line;
}

// ---------------------------------------------------------------------------------------------------------
// Output, in the SDK's shapes.

export interface KeyOutput {
  name: string;
  type: 'local';
  address: string;
  /** The SDK prints the public key as a JSON string inside the record. */
  pubkey: string;
  mnemonic?: string;
}

export function pubkeyJson(pubkey: Uint8Array): string {
  return JSON.stringify({ '@type': '/cosmos.crypto.secp256k1.PubKey', key: toBase64(pubkey) });
}

export function keyOutput(record: KeyRecord, bech: 'acc' | 'val' = 'acc'): KeyOutput {
  const address = bech === 'val' ? convertBech32Prefix(record.address, ACCOUNT_PREFIX, VALOPER_PREFIX) : record.address;
  const out: KeyOutput = { name: record.name, type: record.type, address, pubkey: pubkeyJson(record.pubkey) };
  if (record.mnemonic !== undefined) out.mnemonic = record.mnemonic;
  return out;
}

/** The SDK's YAML list rendering of key records. */
export function formatKeyOutputsText(outputs: KeyOutput[]): string {
  return outputs
    .map((o) => `- address: ${o.address}\n  name: ${o.name}\n  pubkey: '${o.pubkey}'\n  type: ${o.type}\n`)
    .join('');
}

export function mnemonicWarning(mnemonic: string): string {
  return (
    '\n**Important** write this mnemonic phrase in a safe place.\n' +
    'It is the only way to recover your account if you ever forget your password.\n\n' +
    `${mnemonic}\n`
  );
}

function writeJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}

// ---------------------------------------------------------------------------------------------------------
// Actions: plain async functions, so tests call them in-process.

export interface KeyringCliOpts {
  home?: string;
  keyringBackend?: string;
  output?: string;
}

export interface KeysAddOpts extends KeyringCliOpts {
  recover?: boolean;
  hdPath?: string;
  account?: string;
  index?: string;
  /** --no-backup: do not print the new mnemonic. */
  backup?: boolean;
}

export interface KeysListOpts extends KeyringCliOpts {
  listNames?: boolean;
}

export interface KeysShowOpts extends KeyringCliOpts {
  address?: boolean;
  pubkey?: boolean;
  bech?: string;
}

export interface KeysDeleteOpts extends KeyringCliOpts {
  yes?: boolean;
}

function ioFrom(deps: KeysCommandDeps): Io {
  return {
    stdin: deps.stdin ?? process.stdin,
    stdout: deps.stdout ?? process.stdout,
    stderr: deps.stderr ?? process.stderr,
    env: deps.env ?? process.env,
  };
}

export function resolveKeyringBackend(
  value: string | undefined,
  env: Record<string, string | undefined> = process.env,
): KeyringBackend {
  const backend = value ?? env[BACKEND_ENV] ?? DEFAULT_KEYRING_BACKEND;
  if (!isKeyringBackend(backend)) {
    throw new CliError(`invalid keyring backend "${backend}": use ${KEYRING_BACKENDS.join(' or ')}`);
  }
  return backend;
}

/** The keyring named by `--home`/`--keyring-backend`, asking for the passphrase only when a secret is touched. */
export function openCliKeyring(opts: KeyringCliOpts, reader: StdinReader, deps: KeysCommandDeps = {}): Keyring {
  const io = ioFrom(deps);
  return openKeyring(
    {
      backend: resolveKeyringBackend(opts.keyringBackend, io.env),
      home: resolveHome(opts.home),
      passphrase: ({ newKeyring }) => readPassphrase(reader, io, newKeyring),
      scrypt: deps.scrypt,
    },
    { randomBytes: deps.randomBytes },
  );
}

/** Runs an action with a fresh stdin reader and turns every failure into a CliError (`Error: <message>`). */
async function withReader<T>(deps: KeysCommandDeps, run: (reader: StdinReader, io: Io) => Promise<T>): Promise<T> {
  const io = ioFrom(deps);
  const reader = new StdinReader(io.stdin);
  try {
    return await run(reader, io);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(err instanceof Error ? err.message : String(err));
  } finally {
    reader.close();
  }
}

function parseIndex(flag: string, value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) >= 2 ** 31)
    throw new CliError(`invalid ${flag} "${value}": expected an integer in [0, 2^31)`);
  return Number(value);
}

export function runKeysAdd(name: string, opts: KeysAddOpts, deps: KeysCommandDeps = {}): Promise<KeyOutput> {
  return withReader(deps, async (reader, io) => {
    const format: OutputFormat = parseOutputFormat(opts.output);
    const hdPath =
      opts.hdPath ?? cosmosHdPath(parseIndex('--account', opts.account), parseIndex('--index', opts.index));
    const keyring = openCliKeyring(opts, reader, deps);
    const mnemonic = opts.recover ? await readMnemonic(reader, io) : undefined;
    const record = await keyring.add(name, { mnemonic, hdPath });
    const out = keyOutput(opts.backup === false ? { ...record, mnemonic: undefined } : record);
    if (format === 'json') {
      writeJson(io, out);
    } else {
      io.stdout.write(formatKeyOutputsText([out]));
      if (out.mnemonic !== undefined) io.stderr.write(mnemonicWarning(out.mnemonic));
    }
    return out;
  });
}

export function runKeysList(opts: KeysListOpts, deps: KeysCommandDeps = {}): Promise<KeyOutput[]> {
  return withReader(deps, async (reader, io) => {
    const format = parseOutputFormat(opts.output);
    const outputs = (await openCliKeyring(opts, reader, deps).list()).map((r) => keyOutput(r));
    if (opts.listNames) {
      if (format === 'json')
        writeJson(
          io,
          outputs.map((o) => o.name),
        );
      else io.stdout.write(outputs.map((o) => `${o.name}\n`).join(''));
    } else if (format === 'json') {
      writeJson(io, outputs);
    } else if (outputs.length === 0) {
      io.stderr.write('No records were found in keyring\n');
    } else {
      io.stdout.write(formatKeyOutputsText(outputs));
    }
    return outputs;
  });
}

export function runKeysShow(nameOrAddress: string, opts: KeysShowOpts, deps: KeysCommandDeps = {}): Promise<KeyOutput> {
  return withReader(deps, async (reader, io) => {
    const format = parseOutputFormat(opts.output);
    const bech = opts.bech ?? 'acc';
    if (bech !== 'acc' && bech !== 'val') throw new CliError(`invalid --bech "${bech}": use acc or val`);
    if (opts.address && opts.pubkey) throw new CliError('--address and --pubkey cannot be used together');
    const keyring = openCliKeyring(opts, reader, deps);
    const record = await findKey(keyring, nameOrAddress);
    const out = keyOutput(record, bech);
    if (opts.address) io.stdout.write(`${out.address}\n`);
    else if (opts.pubkey) io.stdout.write(`${out.pubkey}\n`);
    else if (format === 'json') writeJson(io, out);
    else io.stdout.write(formatKeyOutputsText([out]));
    return out;
  });
}

/** Like the SDK, `show` accepts a key name or one of the keyring's addresses. */
async function findKey(keyring: Keyring, nameOrAddress: string): Promise<KeyRecord> {
  if (isValidAddress(nameOrAddress)) {
    const byAddress = await keyring.findByAddress(nameOrAddress);
    if (byAddress) return byAddress;
    throw new KeyNotFoundError(nameOrAddress);
  }
  return keyring.get(nameOrAddress);
}

export function runKeysDelete(name: string, opts: KeysDeleteOpts, deps: KeysCommandDeps = {}): Promise<boolean> {
  return withReader(deps, async (reader, io) => {
    const keyring = openCliKeyring(opts, reader, deps);
    await keyring.get(name); // a missing key is an error before any question is asked
    if (!opts.yes) {
      io.stderr.write('Key reference will be deleted. Continue? [y/N]: ');
      const answer = (await reader.nextLine())?.trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        io.stderr.write(`Key "${name}" kept.\n`);
        return false;
      }
    }
    await keyring.delete(name);
    io.stderr.write('Key deleted forever (uh oh!)\n');
    return true;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Commander wiring.

/** Adds `--home`, `--keyring-backend` and `-o/--output` (no defaults, so a root program may declare them too). */
/** Options of the command merged with those of its parents (`raced --home X keys list`). */
function optionsOf<T>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}

export function registerKeysCommands(program: Command, deps: KeysCommandDeps = {}): void {
  const keys = program.command('keys').description('manage the keyring of local account keys (secp256k1)');

  addKeyringOptions(
    keys
      .command('add <name>')
      .description('create a key (a new 24-word mnemonic) or recover one with --recover')
      .option('--recover', 'recover the key from a mnemonic read from stdin')
      .option('--hd-path <path>', "full BIP-32 path (default: m/44'/118'/<account>'/0/<index>)")
      .option('--account <n>', 'account number of the HD path')
      .option('--index <n>', 'address index of the HD path')
      .option('--no-backup', 'do not print the new mnemonic'),
  ).action(async (name: string, _opts: unknown, cmd: Command) => {
    await runKeysAdd(name, optionsOf<KeysAddOpts>(cmd), deps);
  });

  addKeyringOptions(
    keys.command('list').description('list all keys').option('-n, --list-names', 'list names only'),
  ).action(async (_opts: unknown, cmd: Command) => {
    await runKeysList(optionsOf<KeysListOpts>(cmd), deps);
  });

  addKeyringOptions(
    keys
      .command('show <name>')
      .description('show a key by name or address')
      .option('-a, --address', 'print the address only')
      .option('-p, --pubkey', 'print the public key only')
      .option('--bech <type>', 'address type: acc|val (default: acc)'),
  ).action(async (name: string, _opts: unknown, cmd: Command) => {
    await runKeysShow(name, optionsOf<KeysShowOpts>(cmd), deps);
  });

  addKeyringOptions(
    keys.command('delete <name>').description('delete a key').option('-y, --yes', 'skip the confirmation'),
  ).action(async (name: string, _opts: unknown, cmd: Command) => {
    await runKeysDelete(name, optionsOf<KeysDeleteOpts>(cmd), deps);
  });
}
