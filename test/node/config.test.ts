import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDurationMs } from '../../chain/types/duration.js';
import { parseListenAddress } from '../../chain/types/listen-address.js';
import { defaultNodeConfig, loadAppConfig, loadNodeConfig, writeToml } from '../../node/config.js';
import { addGenesisAccount, newGenesis } from '../../node/genesis-file.js';
import { consensusConfigFrom, loadConfigs } from '../../node/node.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'race-cfg-'));

describe('config files', () => {
  it('round-trips the defaults and maps [consensus] to the engine config', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.toml');
    writeToml(file, defaultNodeConfig('m'));
    const cfg = loadNodeConfig(file);
    expect(cfg.moniker).toBe('m');
    expect(consensusConfigFrom(cfg)).toMatchObject({ timeoutProposeMs: 3000, timeoutCommitMs: 1000 });
  });

  it('rejects bad values with the file and key named', () => {
    const dir = tmp();
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, '[rpc]\nladdr = "nonsense"\n');
    expect(() => loadNodeConfig(file)).toThrow(/config\.toml: rpc\.laddr: invalid listen address "nonsense"/);
    fs.writeFileSync(file, '[consensus]\ntimeout_commit = "soon"\n');
    expect(() => loadNodeConfig(file)).toThrow(/consensus\.timeout_commit: invalid duration "soon"/);
    fs.writeFileSync(file, '[consensus]\ncreate_empty_blocks = false\n');
    expect(() => loadNodeConfig(file)).toThrow(/config\.toml: consensus\.create_empty_blocks = false is not supported/);
    fs.writeFileSync(file, '[consensus]\ncreate_empty_blocks_interval = "30s"\n');
    expect(() => loadNodeConfig(file)).toThrow(
      /config\.toml: consensus\.create_empty_blocks_interval = "30s" is not supported/,
    );
    fs.writeFileSync(file, '[consensus]\ncreate_empty_blocks = true\ncreate_empty_blocks_interval = "0s"\n');
    expect(loadNodeConfig(file).consensus.create_empty_blocks).toBe(true);
    fs.writeFileSync(file, '[mempool]\nsize = "big"\n');
    expect(() => loadNodeConfig(file)).toThrow(/mempool\.size must be a non-negative number/);
    fs.writeFileSync(file, '[race]\noperator = "cold-wallet"\n');
    expect(() => loadNodeConfig(file)).toThrow(/race\.operator must be "" or a race1… address/);
    fs.writeFileSync(file, 'this is not toml = = =');
    expect(() => loadNodeConfig(file)).toThrow(/invalid TOML/);
    const app = path.join(dir, 'app.toml');
    fs.writeFileSync(app, 'minimum-gas-prices = "cheap"\n');
    expect(() => loadAppConfig(app)).toThrow(/app\.toml: minimum-gas-prices/);
  });

  it('lets start flags override the files', () => {
    const home = tmp();
    fs.mkdirSync(path.join(home, 'config'));
    writeToml(path.join(home, 'config', 'config.toml'), defaultNodeConfig('m'));
    writeToml(path.join(home, 'config', 'app.toml'), {
      'minimum-gas-prices': '0nicoin',
      api: { enable: true, address: 'tcp://127.0.0.1:1317' },
    });
    const { node, app } = loadConfigs(home, {
      rpcLaddr: 'tcp://127.0.0.1:5',
      apiAddress: 'tcp://127.0.0.1:6',
      minimumGasPrices: '0.5nicoin',
    });
    expect(node.rpc.laddr).toBe('tcp://127.0.0.1:5');
    expect(app.api.address).toBe('tcp://127.0.0.1:6');
    expect(app['minimum-gas-prices']).toBe('0.5nicoin');
    expect(() => loadConfigs(home, { minimumGasPrices: 'free' })).toThrow(/--minimum-gas-prices/);
  });

  it('serves the dashboard by default; api.dashboard = false turns it off; a non-boolean is refused', () => {
    const dir = tmp();
    const app = path.join(dir, 'app.toml');
    fs.writeFileSync(app, '[api]\nenable = true\n');
    expect(loadAppConfig(app).api.dashboard).toBe(true);
    fs.writeFileSync(app, '[api]\ndashboard = false\n');
    expect(loadAppConfig(app).api.dashboard).toBe(false);
    fs.writeFileSync(app, '[api]\ndashboard = "no"\n');
    expect(() => loadAppConfig(app)).toThrow(/api\.dashboard must be a boolean/);
  });

  it('parses listen addresses and durations the CometBFT way', () => {
    expect(parseListenAddress('tcp://127.0.0.1:26657')).toEqual({ host: '127.0.0.1', port: 26657 });
    expect(parseListenAddress(':26660')).toEqual({ host: '0.0.0.0', port: 26660 });
    expect(() => parseListenAddress('tcp://host:99999')).toThrow();
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('500ms')).toBe(500);
  });
});

describe('genesis file edits', () => {
  it('adds accounts with increasing numbers, merges coins and keeps the supply equal to the balances', () => {
    let g = newGenesis({
      chainId: 'c',
      genesisTimeNs: 0n,
      validator: { address: new Uint8Array(20), pubKey: new Uint8Array(32), power: 1n, name: 'v' },
    });
    const a = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';
    const b = 'race1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmkqcp30';
    g = addGenesisAccount(g, a, [{ denom: 'nicoin', amount: 5n }]);
    g = addGenesisAccount(g, b, [{ denom: 'nicoin', amount: 7n }]);
    g = addGenesisAccount(g, a, [{ denom: 'nicoin', amount: 1n }]);
    const state = JSON.parse(g.appStateJson);
    expect(state.auth.accounts.map((x: any) => [x.address, x.account_number])).toEqual([
      [a, '0'],
      [b, '1'],
    ]);
    expect(state.bank.balances).toEqual([
      { address: a, coins: [{ denom: 'nicoin', amount: '6' }] },
      { address: b, coins: [{ denom: 'nicoin', amount: '7' }] },
    ]);
    expect(state.bank.supply).toEqual([{ denom: 'nicoin', amount: '13' }]);
  });
});
