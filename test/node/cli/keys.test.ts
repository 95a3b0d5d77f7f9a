import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { DirectSecp256k1HdWallet } from '@cosmjs/proto-signing';
import {
  registerKeysCommands,
  runKeysAdd,
  runKeysDelete,
  runKeysList,
  runKeysShow,
  type KeysCommandDeps,
} from '../../../node/cli/commands/keys.js';
import { CliError } from '../../../node/cli/output.js';

const FAUCET_MNEMONIC =
  'economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone';
const FAUCET_PUBKEY_JSON =
  '{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ"}';
const CHEAP_SCRYPT = { n: 2 ** 10, r: 8, p: 1 };

let home: string;
let out: string[];
let err: string[];
let draws = 0;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-cli-keys-'));
  out = [];
  err = [];
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

interface FakeStdin extends PassThrough {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  rawModes?: boolean[];
}

function pipedStdin(text = ''): FakeStdin {
  const s = new PassThrough();
  s.end(text);
  return s;
}

function ttyStdin(typed: string): FakeStdin {
  const s: FakeStdin = new PassThrough();
  s.isTTY = true;
  s.rawModes = [];
  s.setRawMode = (mode: boolean) => s.rawModes!.push(mode);
  s.write(typed); // a terminal never ends its stream
  return s;
}

function deps(stdin: FakeStdin = pipedStdin(), env: Record<string, string> = {}): KeysCommandDeps {
  return {
    stdin,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env,
    scrypt: CHEAP_SCRYPT,
    randomBytes: (n) => {
      draws++; // every draw differs, so generated keys never collide
      return Uint8Array.from({ length: n }, (_, i) => (draws * 31 + i * 7) & 0xff);
    },
  };
}

const opts = <T extends object>(extra: T = {} as T) => ({ home, keyringBackend: 'test', ...extra });
const stdout = () => out.join('');
const stderr = () => err.join('');

async function cosmjsAddress(mnemonic: string, hdPath?: string): Promise<string> {
  const { stringToPath } = await import('@cosmjs/crypto');
  const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, {
    prefix: 'race',
    ...(hdPath ? { hdPaths: [stringToPath(hdPath)] } : {}),
  });
  return (await wallet.getAccounts())[0].address;
}

describe('keys add', () => {
  it('creates a key and prints the SDK text record, with the mnemonic and its warning on stderr', async () => {
    const result = await runKeysAdd('alice', opts(), deps());
    const address = await cosmjsAddress(result.mnemonic!);
    expect(stdout()).toBe(`- address: ${address}\n  name: alice\n  pubkey: '${result.pubkey}'\n  type: local\n`);
    expect(result.pubkey).toMatch(/^\{"@type":"\/cosmos.crypto.secp256k1.PubKey","key":"[A-Za-z0-9+/]{44}"\}$/);
    expect(stderr()).toBe(
      '\n**Important** write this mnemonic phrase in a safe place.\n' +
        'It is the only way to recover your account if you ever forget your password.\n\n' +
        `${result.mnemonic}\n`,
    );
    expect(result.mnemonic!.split(' ')).toHaveLength(24);
    expect(fs.existsSync(path.join(home, 'keyring-test', 'alice.info'))).toBe(true);
  });

  it('recovers from the first line of stdin and prints JSON', async () => {
    await runKeysAdd('faucet', opts({ recover: true, output: 'json' }), deps(pipedStdin(`${FAUCET_MNEMONIC}\n`)));
    const json = JSON.parse(stdout());
    expect(json).toEqual({
      name: 'faucet',
      type: 'local',
      address: await cosmjsAddress(FAUCET_MNEMONIC),
      pubkey: FAUCET_PUBKEY_JSON,
    });
    expect(stderr()).toBe('');
  });

  it('includes the new mnemonic in JSON output, and hides it with --no-backup', async () => {
    await runKeysAdd('a', opts({ output: 'json' }), deps());
    expect(JSON.parse(stdout()).mnemonic.split(' ')).toHaveLength(24);
    out = [];
    await runKeysAdd('b', opts({ output: 'json', backup: false }), deps(undefined));
    expect(JSON.parse(stdout())).not.toHaveProperty('mnemonic');
  });

  it('honours --hd-path, and --account/--index the way CosmJS paths do', async () => {
    const viaPath = await runKeysAdd(
      'p',
      opts({ recover: true, hdPath: "m/44'/118'/0'/0/1" }),
      deps(pipedStdin(FAUCET_MNEMONIC)),
    );
    expect(viaPath.address).toBe(await cosmjsAddress(FAUCET_MNEMONIC, "m/44'/118'/0'/0/1"));
    const viaFlags = await runKeysAdd(
      'q',
      opts({ recover: true, account: '2', index: '3' }),
      deps(pipedStdin(FAUCET_MNEMONIC)),
    );
    expect(viaFlags.address).toBe(await cosmjsAddress(FAUCET_MNEMONIC, "m/44'/118'/2'/0/3"));
    await expect(runKeysAdd('r', opts({ index: '-1' }), deps())).rejects.toThrow(/invalid --index "-1"/);
  });

  it('fails with a CliError on bad input', async () => {
    await expect(runKeysAdd('faucet', opts({ recover: true }), deps(pipedStdin('')))).rejects.toThrow(CliError);
    await expect(runKeysAdd('faucet', opts({ recover: true }), deps(pipedStdin('')))).rejects.toThrow(
      /no mnemonic given/,
    );
    await expect(runKeysAdd('faucet', opts({ recover: true }), deps(pipedStdin('one two three\n')))).rejects.toThrow(
      /invalid mnemonic/,
    );
    await expect(runKeysAdd('../x', opts(), deps())).rejects.toThrow(/invalid key name/);
    await expect(runKeysAdd('x', opts({ keyringBackend: 'os' }), deps())).rejects.toThrow(
      'invalid keyring backend "os": use test or file',
    );
    await expect(runKeysAdd('x', opts({ output: 'yaml' }), deps())).rejects.toThrow(/invalid output format/);
    await runKeysAdd('dup', opts(), deps());
    await expect(runKeysAdd('dup', opts(), deps())).rejects.toThrow(new CliError('a key named "dup" already exists'));
  });
});

describe('keys list / show / delete', () => {
  beforeEach(async () => {
    await runKeysAdd('faucet', opts({ recover: true }), deps(pipedStdin(FAUCET_MNEMONIC)));
    await runKeysAdd('bob', opts(), deps());
    out = [];
    err = [];
  });

  it('lists all keys as text, JSON, or names only', async () => {
    await runKeysList(opts(), deps());
    expect(stdout().match(/^- address: race1/gm)).toHaveLength(2);
    expect(stdout()).toContain(`  name: bob\n`);
    out = [];
    await runKeysList(opts({ output: 'json' }), deps());
    expect(JSON.parse(stdout()).map((k: { name: string }) => k.name)).toEqual(['bob', 'faucet']);
    out = [];
    await runKeysList(opts({ listNames: true }), deps());
    expect(stdout()).toBe('bob\nfaucet\n');
  });

  it('says so when the keyring is empty', async () => {
    await runKeysList({ home: path.join(home, 'empty'), keyringBackend: 'test' }, deps());
    expect(stdout()).toBe('');
    expect(stderr()).toBe('No records were found in keyring\n');
    await runKeysList({ home: path.join(home, 'empty'), keyringBackend: 'test', output: 'json' }, deps());
    expect(stdout()).toBe('[]\n');
  });

  it('shows a key, its address only (-a), its pubkey only (-p), or its operator address', async () => {
    const faucet = await cosmjsAddress(FAUCET_MNEMONIC);
    await runKeysShow('faucet', opts({ address: true }), deps());
    expect(stdout()).toBe(`${faucet}\n`);
    out = [];
    await runKeysShow('faucet', opts({ pubkey: true }), deps());
    expect(stdout()).toBe(`${FAUCET_PUBKEY_JSON}\n`);
    out = [];
    await runKeysShow('faucet', opts({ output: 'json' }), deps());
    expect(JSON.parse(stdout())).toEqual({
      name: 'faucet',
      type: 'local',
      address: faucet,
      pubkey: FAUCET_PUBKEY_JSON,
    });
    out = [];
    await runKeysShow('faucet', opts({ address: true, bech: 'val' }), deps());
    expect(stdout()).toMatch(/^racevaloper1[a-z0-9]{38}\n$/);
    out = [];
    await runKeysShow(faucet, opts({ address: true }), deps());
    expect(stdout()).toBe(`${faucet}\n`);
  });

  it('reports unknown keys and bad flags as CliErrors', async () => {
    await expect(runKeysShow('nobody', opts(), deps())).rejects.toThrow(
      new CliError('key "nobody" not found in keyring'),
    );
    await expect(runKeysShow('faucet', opts({ bech: 'cons' }), deps())).rejects.toThrow(/invalid --bech "cons"/);
    await expect(runKeysDelete('nobody', opts({ yes: true }), deps())).rejects.toThrow(CliError);
  });

  it('deletes with -y, or after a "y" on stdin, and keeps the key on anything else', async () => {
    expect(await runKeysDelete('bob', opts(), deps(pipedStdin('n\n')))).toBe(false);
    expect(stderr()).toContain('Key reference will be deleted. Continue? [y/N]: ');
    expect(fs.existsSync(path.join(home, 'keyring-test', 'bob.info'))).toBe(true);
    expect(await runKeysDelete('bob', opts(), deps(pipedStdin('')))).toBe(false);
    expect(await runKeysDelete('bob', opts(), deps(pipedStdin('y\n')))).toBe(true);
    expect(fs.existsSync(path.join(home, 'keyring-test', 'bob.info'))).toBe(false);
    expect(await runKeysDelete('faucet', opts({ yes: true }), deps())).toBe(true);
    await runKeysList(opts({ listNames: true }), deps());
    expect(stdout()).toBe('');
  });
});

describe('file backend (the default)', () => {
  const fileOpts = <T extends object>(extra: T = {} as T) => ({ home, ...extra });

  it('is the default, reads mnemonic then passphrase from piped stdin, and encrypts the key', async () => {
    const rec = await runKeysAdd(
      'faucet',
      fileOpts({ recover: true }),
      deps(pipedStdin(`${FAUCET_MNEMONIC}\nmy passphrase\n`)),
    );
    expect(rec.address).toBe(await cosmjsAddress(FAUCET_MNEMONIC));
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'keyring-file', 'faucet.info'), 'utf8'));
    expect(stored.secret.kind).toBe('scrypt-xchacha20poly1305');
    expect(fs.existsSync(path.join(home, 'keyring-test'))).toBe(false);

    // Public data needs no passphrase.
    out = [];
    await runKeysShow('faucet', fileOpts({ address: true }), deps());
    expect(stdout()).toBe(`${rec.address}\n`);
  });

  it('takes the passphrase from $RACED_KEYRING_PASSPHRASE and refuses a different one', async () => {
    await runKeysAdd('a', fileOpts(), deps(pipedStdin(), { RACED_KEYRING_PASSPHRASE: 'first passphrase' }));
    await expect(
      runKeysAdd('b', fileOpts(), deps(pipedStdin(), { RACED_KEYRING_PASSPHRASE: 'other passphrase' })),
    ).rejects.toThrow(/incorrect keyring passphrase/);
    await expect(runKeysAdd('b', fileOpts(), deps(pipedStdin('other passphrase\n')))).rejects.toThrow(CliError);
    await runKeysAdd('b', fileOpts(), deps(pipedStdin('first passphrase\n')));
    await runKeysList(fileOpts({ listNames: true }), deps());
    expect(stdout().trim().split('\n').slice(-2)).toEqual(['a', 'b']);
  });

  it('fails clearly without a passphrase, or with a short one', async () => {
    await expect(runKeysAdd('a', fileOpts(), deps(pipedStdin('')))).rejects.toThrow(
      /no keyring passphrase: set \$RACED_KEYRING_PASSPHRASE/,
    );
    await expect(runKeysAdd('a', fileOpts(), deps(pipedStdin('short\n')))).rejects.toThrow(/at least 8 characters/);
  });

  it('honours $RACED_KEYRING_BACKEND', async () => {
    await runKeysAdd('a', fileOpts(), deps(pipedStdin(), { RACED_KEYRING_BACKEND: 'test' }));
    expect(fs.existsSync(path.join(home, 'keyring-test', 'a.info'))).toBe(true);
  });

  it('prompts on a terminal without echo, twice for a new keyring, and restores the terminal', async () => {
    const stdin = ttyStdin('secretpw\rsecretpw\r');
    await runKeysAdd('a', fileOpts({ output: 'json' }), deps(stdin));
    expect(stderr()).toBe('Enter keyring passphrase: \nRe-enter keyring passphrase: \n');
    expect(stdin.rawModes).toEqual([true, false, true, false]);
    expect(stdout()).not.toContain('secretpw');

    // Existing keyring: asked once; backspace edits the entry.
    err = [];
    await runKeysAdd('b', fileOpts({ output: 'json' }), deps(ttyStdin('secretpX\u007fw\r')));
    expect(stderr()).toBe('Enter keyring passphrase: \n');
  });

  it('refuses mismatched confirmation and Ctrl-C on a terminal', async () => {
    await expect(runKeysAdd('a', fileOpts(), deps(ttyStdin('secretpw\rsecretpx\r')))).rejects.toThrow(
      'passphrases do not match',
    );
    const stdin = ttyStdin('secr\u0003');
    await expect(runKeysAdd('a', fileOpts(), deps(stdin))).rejects.toThrow('aborted');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('asks for the mnemonic on a terminal with a prompt', async () => {
    const rec = await runKeysAdd(
      'f',
      fileOpts({ recover: true }),
      deps(ttyStdin(`${FAUCET_MNEMONIC}\nsecretpw\rsecretpw\r`)),
    );
    expect(stderr()).toContain('> Enter your bip39 mnemonic\n');
    expect(rec.address).toBe(await cosmjsAddress(FAUCET_MNEMONIC));
  });
});

describe('commander wiring', () => {
  function program(d: KeysCommandDeps): Command {
    const p = new Command('raced').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    p.option('--home <dir>'); // the integrator may declare --home on the root; both placements must work
    registerKeysCommands(p, d);
    return p;
  }

  it('runs keys add/show/list/delete from argv with --keyring-backend on every command', async () => {
    await program(deps(pipedStdin(FAUCET_MNEMONIC))).parseAsync(
      ['keys', 'add', 'faucet', '--recover', '--keyring-backend', 'test', '--home', home, '-o', 'json'],
      { from: 'user' },
    );
    const address = JSON.parse(stdout()).address;
    out = [];
    await program(deps()).parseAsync(['--home', home, 'keys', 'show', 'faucet', '-a', '--keyring-backend', 'test'], {
      from: 'user',
    });
    expect(stdout()).toBe(`${address}\n`);
    out = [];
    await program(deps()).parseAsync(['keys', 'list', '--keyring-backend', 'test', '--home', home, '-n'], {
      from: 'user',
    });
    expect(stdout()).toBe('faucet\n');
    await program(deps()).parseAsync(['keys', 'delete', 'faucet', '-y', '--keyring-backend', 'test', '--home', home], {
      from: 'user',
    });
    expect(fs.readdirSync(path.join(home, 'keyring-test'))).toEqual([]);
  });

  it('surfaces failures as CliError for the main program to print', async () => {
    await expect(
      program(deps()).parseAsync(['keys', 'show', 'ghost', '--keyring-backend', 'test', '--home', home], {
        from: 'user',
      }),
    ).rejects.toThrow(CliError);
  });
});
