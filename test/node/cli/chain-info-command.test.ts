/** `raced config chain-info` builds its documents from a node home or flags (called in-process: no node is spawned). */
import { afterAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chainInfoDocument } from '../../../node/cli/commands/config.js';
import { homePaths } from '../../../node/cli/home.js';
import { defaultAppConfig, defaultNodeConfig, writeToml } from '../../../node/config.js';
import { newGenesis, writeGenesis } from '../../../node/genesis-file.js';

// A validator address is the first 20 bytes of sha256 of its ed25519 key (genesis checks it).
const PUB = new Uint8Array(32).fill(2);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-chaininfo-'));
  dirs.push(dir);
  const p = homePaths(dir);
  fs.mkdirSync(p.config, { recursive: true });
  writeGenesis(
    p.genesis,
    newGenesis({
      chainId: 'race-home-1',
      genesisTimeNs: 0n,
      validator: { address: sha256(PUB).slice(0, 20), pubKey: PUB, power: 1n, name: 'v' },
    }),
  );
  writeToml(p.configToml, {
    ...defaultNodeConfig('n'),
    rpc: { ...defaultNodeConfig('n').rpc, laddr: 'tcp://0.0.0.0:36657' },
  });
  writeToml(p.appToml, {
    ...defaultAppConfig(),
    'minimum-gas-prices': '0.02nicoin',
    api: { enable: true, address: 'tcp://127.0.0.1:31317' },
  });
  return dir;
}

describe('raced config chain-info', () => {
  it('reads the chain id, URLs and fee floor from a home', () => {
    const doc = chainInfoDocument({ home: home() }) as Record<string, any>;
    expect(doc).toMatchObject({
      chainId: 'race-home-1',
      rpc: 'http://127.0.0.1:36657',
      rest: 'http://127.0.0.1:31317',
    });
    expect(doc.feeCurrencies[0].gasPriceStep).toEqual({ low: 0.02, average: 0.05, high: 0.08 });
  });

  it('flags win over the home; --format picks the document', () => {
    const h = home();
    const chain = chainInfoDocument({
      home: h,
      format: 'chain.json',
      chainId: 'race-x',
      rpc: 'https://rpc.x',
      rest: 'https://api.x',
    }) as Record<string, any>;
    expect(chain).toMatchObject({
      chain_id: 'race-x',
      apis: { rpc: [{ address: 'https://rpc.x' }], rest: [{ address: 'https://api.x' }] },
    });
    expect((chainInfoDocument({ home: h, format: 'assetlist.json' }) as Record<string, any>).assets[0].base).toBe(
      'nicoin',
    );
  });

  it('without a home it needs --chain-id and uses local defaults', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'race-chaininfo-'));
    dirs.push(empty);
    expect(() => chainInfoDocument({ home: empty })).toThrow(/no chain id: pass --chain-id/);
    expect(chainInfoDocument({ home: empty, chainId: 'c' })).toMatchObject({
      rpc: 'http://127.0.0.1:26657',
      rest: 'http://127.0.0.1:1317',
    });
  });

  it('bad input is a clear error', () => {
    const h = home();
    expect(() => chainInfoDocument({ home: h, format: 'yaml' })).toThrow(/invalid --format "yaml"/);
    expect(() => chainInfoDocument({ home: h, rpc: 'ftp://x' })).toThrow(/--rpc must be a plain http/);
    expect(() => chainInfoDocument({ home: h, minimumGasPrices: 'free' })).toThrow(/invalid decimal coin/);
  });
});
