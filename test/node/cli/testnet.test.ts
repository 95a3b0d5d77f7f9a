import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { toHexLower } from '../../../chain/types/bytes.js';
import { loadOrCreateNodeKey, loadOrCreatePrivValidatorKey } from '../../../chain/crypto/keyfiles.js';
import { openKeyring } from '../../../chain/crypto/keyring/index.js';
import { CliError } from '../../../node/cli/output.js';
import { loadOrCreateRaceKey } from '../../../node/race/race-key.js';
import { homePaths } from '../../../node/cli/home.js';
import {
  portsFor,
  runTestnetInitFiles,
  validateTestnetOpts,
  VALIDATOR_KEY_NAME,
} from '../../../node/cli/commands/testnet.js';
import { loadAppConfig, loadNodeConfig } from '../../../node/config.js';
import { readGenesis } from '../../../node/genesis-file.js';
import { RACED } from '../../helpers/node-process.js';

const run = promisify(execFile);
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'race-testnet-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('raced testnet init-files', () => {
  it('writes N validator homes and K full homes sharing one genesis with N equal validators', async () => {
    const out = path.join(tmp(), 'net');
    const m = await runTestnetInitFiles({
      validators: 4,
      fullNodes: 1,
      outputDir: out,
      chainId: 'tn-1',
      startingPort: 30100,
      nowMs: 1_700_000_000_000,
    });
    expect(m.chainId).toBe('tn-1');
    expect(m.nodes.map((n) => [n.name, n.validator])).toEqual([
      ['node0', true],
      ['node1', true],
      ['node2', true],
      ['node3', true],
      ['node4', false],
    ]);

    const genesisText = fs.readFileSync(homePaths(m.nodes[0]!.home).genesis, 'utf8');
    for (const n of m.nodes) expect(fs.readFileSync(homePaths(n.home).genesis, 'utf8')).toBe(genesisText);
    const genesis = readGenesis(homePaths(m.nodes[0]!.home).genesis);
    expect(genesis.chainId).toBe('tn-1');
    expect(genesis.genesisTimeNs).toBe(1_700_000_000_000n * 1_000_000n);
    expect(genesis.validators).toHaveLength(4);
    expect(new Set(genesis.validators.map((v) => v.power))).toEqual(new Set([1n]));
    const appState = JSON.parse(genesis.appStateJson);

    const validators = m.nodes.filter((n) => n.validator);
    for (const [i, n] of validators.entries()) {
      const pv = loadOrCreatePrivValidatorKey(homePaths(n.home).privValidatorKey);
      expect(toHexLower(genesis.validators[i]!.address)).toBe(toHexLower(pv.address));
      expect(toHexLower(genesis.validators[i]!.pubKey)).toBe(toHexLower(pv.pubkey));
      expect(n.validatorAddress).toBe(toHexLower(pv.address).toUpperCase());
      // The funded account key is in the home's test keyring; the node's Race hot key is its epoch-0 participant
      // with weight 1 (gov, pricing and consensus power) and the validator's consensus key.
      const key = await openKeyring({ backend: 'test', home: n.home }).get(VALIDATOR_KEY_NAME);
      expect(key.address).toBe(n.account!.address);
      expect(appState.bank.balances).toContainEqual({
        address: key.address,
        coins: [{ denom: 'nicoin', amount: '1000000000000000' }],
      });
      const raceKey = loadOrCreateRaceKey(homePaths(n.home).raceKey);
      expect(appState.race.participants).toContainEqual(
        expect.objectContaining({
          address: raceKey.address,
          weight: '1',
          pub_key: Buffer.from(raceKey.pubKey).toString('base64'),
          consensus_pub_key: Buffer.from(pv.pubkey).toString('base64'),
        }),
      );
      // Its funded keyring account is the participant's operator: the key whose votes carry the node's weight.
      expect(appState.race.operators).toContainEqual({ participant: raceKey.address, operator: key.address });
    }
    expect(appState.race.participants).toHaveLength(4);
    expect(m.nodes[4]!.account).toBeUndefined();

    const ports = new Set<number>();
    for (const [i, n] of m.nodes.entries()) {
      const paths = homePaths(n.home);
      expect(loadOrCreateNodeKey(paths.nodeKey).nodeId).toBe(n.nodeId);
      expect(n.ports).toEqual(portsFor(30100, i));
      for (const p of Object.values(n.ports)) ports.add(p);
      const cfg = loadNodeConfig(paths.configToml);
      expect(cfg.moniker).toBe(n.name);
      expect(cfg.rpc.laddr).toBe(`tcp://127.0.0.1:${n.ports.rpc}`);
      expect(cfg.p2p.laddr).toBe(`tcp://127.0.0.1:${n.ports.p2p}`);
      expect(cfg.instrumentation.prometheus_listen_addr).toBe(`tcp://127.0.0.1:${n.ports.prometheus}`);
      expect(cfg.consensus.timeout_commit).toBe('1s');
      const peers = cfg.p2p.persistent_peers.split(',');
      const expected = validators.filter((v) => v !== n).map((v) => `${v.nodeId}@127.0.0.1:${v.ports.p2p}`);
      expect(peers).toEqual(expected);
      expect(loadAppConfig(paths.appToml).api.address).toBe(`tcp://127.0.0.1:${n.ports.api}`);
    }
    expect(ports.size).toBe(5 * 4);

    const accounts = JSON.parse(fs.readFileSync(path.join(out, 'accounts.json'), 'utf8'));
    expect(accounts.map((a: { node: string }) => a.node)).toEqual(['node0', 'node1', 'node2', 'node3']);
    expect(accounts[0].mnemonic.split(' ')).toHaveLength(24);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'testnet.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(m)));
  }, 60_000);

  it('adds extra genesis accounts and a chosen timeout_commit', async () => {
    const out = tmp();
    const m = await runTestnetInitFiles({
      validators: 1,
      outputDir: out,
      startingPort: 30300,
      timeoutCommit: '300ms',
      extraAccounts: [{ address: 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf', nicoin: 5n }],
    });
    const state = JSON.parse(readGenesis(homePaths(m.nodes[0]!.home).genesis).appStateJson);
    expect(state.bank.balances).toContainEqual({
      address: 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf',
      coins: [{ denom: 'nicoin', amount: '5' }],
    });
    expect(loadNodeConfig(homePaths(m.nodes[0]!.home).configToml).consensus.timeout_commit).toBe('300ms');
    expect(loadNodeConfig(homePaths(m.nodes[0]!.home).configToml).p2p.persistent_peers).toBe('');
  }, 30_000);

  it.each([
    [{ validators: 0 }, /--v must be an integer from 1 to 64/],
    [{ validators: 2.5 }, /--v must be an integer/],
    [{ validators: 65 }, /--v must be an integer from 1 to 64/],
    [{ validators: 4, fullNodes: -1 }, /--n-full must be an integer from 0 to 60/],
    [{ validators: 4, fullNodes: 61 }, /--n-full/],
    [{ validators: 4, startingPort: 80 }, /--starting-port must be an integer from 1024 to 65496/],
    [{ validators: 4, startingPort: 65500 }, /--starting-port/],
    [{ validators: 4, chainId: 'bad chain!' }, /invalid --chain-id/],
    [{ validators: 4, timeoutCommit: 'soon' }, /invalid option: timeout_commit/],
    [{ validators: 4, minGasPrices: 'cheap' }, /invalid option/],
  ])('refuses %j with a clear error and writes nothing', async (bad, message) => {
    const out = path.join(tmp(), 'net');
    const opts = { outputDir: out, ...bad };
    expect(() => validateTestnetOpts(opts)).toThrow(CliError);
    await expect(runTestnetInitFiles(opts)).rejects.toThrow(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses to overwrite existing homes and an output path that is a file', async () => {
    const out = tmp();
    fs.mkdirSync(path.join(out, 'node1'));
    await expect(runTestnetInitFiles({ validators: 2, outputDir: out, startingPort: 30500 })).rejects.toThrow(
      /node1 already exists/,
    );
    expect(fs.existsSync(path.join(out, 'node0'))).toBe(false);
    const file = path.join(out, 'file');
    fs.writeFileSync(file, 'x');
    await expect(runTestnetInitFiles({ validators: 1, outputDir: file })).rejects.toThrow(/not a directory/);
  });

  it('works from the command line, with -o json and with argument errors', async () => {
    const out = path.join(tmp(), 'cli');
    const env = { ...process.env, NODE_OPTIONS: '' };
    const r = await run(
      process.execPath,
      [
        RACED,
        'testnet',
        'init-files',
        '--v',
        '2',
        '--n-full',
        '1',
        '--output-dir',
        out,
        '--chain-id',
        'cli-net',
        '--starting-port',
        '30700',
        '-o',
        'json',
      ],
      { env },
    );
    const m = JSON.parse(r.stdout);
    expect(m.chainId).toBe('cli-net');
    expect(m.nodes.map((n: { validator: boolean }) => n.validator)).toEqual([true, true, false]);
    expect(m.nodes[2].ports.rpc).toBe(30721);
    const bad = await run(
      process.execPath,
      [RACED, 'testnet', 'init-files', '--v', 'four', '--output-dir', path.join(out, 'x')],
      { env },
    ).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/--v must be a non-negative integer, got "four"/);
    expect(fs.existsSync(path.join(out, 'x'))).toBe(false);
  }, 60_000);
});
