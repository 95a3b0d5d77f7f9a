import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDevnet } from '../../../node/cli/commands/devnet.js';
import {
  DEVNET_TRAINING_FUND,
  devnetIssuanceGenesis,
  trainingFundAddress,
} from '../../../modules/issuance/devnet-genesis.js';
import { makeTestHome, RACED, startNode, type NodeProcess } from '../../helpers/node-process.js';

const run = promisify(execFile);
const raced = async (...args: string[]) => {
  try {
    const r = await run(process.execPath, [RACED, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

let node: NodeProcess | undefined;
afterAll(async () => {
  await node?.stop();
});

describe('raced CLI against a real node', () => {
  it('inits a home, funds a key at genesis, sends with tx bank send, queries, and exports', async () => {
    const h = await makeTestHome({ chainId: 'cli-test-1' });
    const home = ['--home', h.home];
    const add = await raced('keys', 'add', 'alice', '--keyring-backend', 'test', ...home, '-o', 'json');
    expect(add.code).toBe(0);
    const alice = JSON.parse(add.stdout).address as string;
    expect(alice).toMatch(/^race1/);
    expect((await raced('keys', 'show', 'alice', '-a', '--keyring-backend', 'test', ...home)).stdout.trim()).toBe(
      alice,
    );
    expect(
      (await raced('genesis', 'add-genesis-account', 'alice', '10icon', '--keyring-backend', 'test', ...home)).code,
    ).toBe(0);
    node = await startNode(h);
    const nodeFlag = ['--node', h.rpcUrl];

    const status = JSON.parse((await raced('status', ...nodeFlag, '-o', 'json')).stdout);
    expect((await raced('status', ...nodeFlag)).stdout).toMatch(/^network +cli-test-1 /m);
    expect(status.node_info.network).toBe('cli-test-1');
    const bob = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';
    const sent = await raced(
      'tx',
      'bank',
      'send',
      'alice',
      bob,
      '1.5icon',
      '--fees',
      '2000nicoin',
      '--chain-id',
      'cli-test-1',
      '--keyring-backend',
      'test',
      ...home,
      ...nodeFlag,
      '--yes',
      '--broadcast-mode',
      'block',
      '-o',
      'json',
    );
    expect(sent.stderr).toBe('');
    const res = JSON.parse(sent.stdout);
    expect(res.code).toBe(0);
    expect(Number(res.height)).toBeGreaterThan(0);

    const bal = JSON.parse((await raced('query', 'bank', 'balances', bob, ...nodeFlag, '-o', 'json')).stdout);
    expect(bal.balances).toEqual([{ denom: 'nicoin', amount: '1500000000' }]);
    const acc = JSON.parse((await raced('query', 'auth', 'account', alice, ...nodeFlag, '-o', 'json')).stdout);
    expect(acc.account).toMatchObject({ '@type': '/cosmos.auth.v1beta1.BaseAccount', address: alice, sequence: '1' });
    const q = JSON.parse((await raced('query', 'tx', res.txhash, ...nodeFlag, '-o', 'json')).stdout);
    expect(q.txhash).toBe(res.txhash);
    expect(q.tx.body.messages[0]).toMatchObject({ '@type': '/cosmos.bank.v1beta1.MsgSend', to_address: bob });

    const wrongChain = await raced(
      'tx',
      'bank',
      'send',
      'alice',
      bob,
      '1nicoin',
      '--chain-id',
      'other',
      '--keyring-backend',
      'test',
      ...home,
      ...nodeFlag,
      '--yes',
    );
    expect(wrongChain.code).toBe(1);
    expect(wrongChain.stderr).toMatch(/^Error: --chain-id other does not match/);
    expect((await raced('query', 'bank', 'balances', 'not-an-address', ...nodeFlag)).stderr).toMatch(
      /^Error: invalid address/,
    );

    await node.stop();
    node = undefined;
    const exported = await raced('export', ...home);
    expect(exported.code).toBe(0);
    const g = JSON.parse(exported.stdout);
    expect(g.chain_id).toBe('cli-test-1');
    expect(Number(g.initial_height)).toBeGreaterThan(1);
    expect(g.app_state.bank.balances).toEqual(
      expect.arrayContaining([{ address: bob, coins: [{ denom: 'nicoin', amount: '1500000000' }] }]),
    );
    expect(JSON.parse((await raced('version', '-o', 'json')).stdout).version).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);

  it('creates the devnet once with a funded dev key whose mnemonic is printed only the first time', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-devnet-'));
    const printed: string[] = [];
    expect(await ensureDevnet(home, (t) => printed.push(t))).toBe(true);
    expect(await ensureDevnet(home, (t) => printed.push(t))).toBe(false);
    expect(printed).toHaveLength(1);
    const words = /\n {2}([a-z]+(?: [a-z]+){23})\n/.exec(printed[0]!);
    expect(words).not.toBeNull();
    const genesis = JSON.parse(fs.readFileSync(path.join(home, 'config', 'genesis.json'), 'utf8'));
    expect(genesis.chain_id).toBe('race-devnet');
    expect(genesis.validators).toHaveLength(1);
    expect(genesis.validators[0].power).toBe('1');
    // The dev key is the node's operator (its votes carry the node's Race weight; the hot key's count 0).
    const dev = /"dev" \(keyring-backend test\): (race1[0-9a-z]+)/.exec(printed[0]!)![1];
    expect(genesis.app_state.race.operators).toEqual([
      { participant: genesis.app_state.race.participants[0].address, operator: dev },
    ]);
    // The dev account's 1,000,000 icon (the race key also gets 1000 icon for the relay's gas).
    expect(genesis.app_state.bank.balances.map((b: { coins: unknown }) => b.coins)).toContainEqual([
      { denom: 'nicoin', amount: String(10n ** 15n) },
    ]);
    expect(fs.readFileSync(path.join(home, 'config', 'app.toml'), 'utf8')).toMatch(
      /minimum-gas-prices = "0.001nicoin"/,
    );
    // Issuance: a 600-block day, per-request subsidy, and a training fund seeded from the founders' allocation.
    expect(genesis.app_state.issuance).toEqual(devnetIssuanceGenesis());
    expect(genesis.app_state.bank.balances).toContainEqual({
      address: trainingFundAddress(),
      coins: [{ denom: 'nicoin', amount: DEVNET_TRAINING_FUND.toString() }],
    });
  });
});
