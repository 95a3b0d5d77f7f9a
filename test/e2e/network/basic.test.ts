/**
 * The basic multi-validator network: 4 validators of real `raced start` processes on 127.0.0.1 (homes from
 * `raced testnet init-files`, persistent peers filled in) connect over libp2p, agree on every block hash and app
 * hash, and a tx sent to one node is gossiped, committed once and visible on all. Ends with the checker.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertChecked, TxLedger } from '../../helpers/checker.js';
import { Testnet } from '../../helpers/testnet.js';

const NODES = [0, 1, 2, 3];
let net: Testnet;
const ledger = new TxLedger();

async function withLogs(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    (e as Error).message += `\n${net?.logTails(12) ?? ''}`;
    throw e;
  }
}

async function rpcOn(i: number, method: string, params: Record<string, unknown>): Promise<any> {
  const res = await fetch(net.node(i).rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  return res.json();
}

beforeAll(async () => {
  net = await Testnet.create({ validators: 4, chainId: 'race-basic', timeoutCommit: '500ms' });
  net.startAll(NODES);
  await withLogs(() => net.waitForHeight(2, NODES, 90_000));
}, 120_000);

afterAll(async () => {
  await net?.cleanup();
}, 60_000);

describe('a 4-validator network of real processes', () => {
  it(
    'every node peers with the other three and agrees on block hashes and app hashes at every height',
    () =>
      withLogs(async () => {
        const top = await net.waitForBlocks(4, NODES, 60_000);
        for (const i of NODES) expect(await net.peerCount(i)).toBe(3);
        for (let h = 1; h <= top; h++) {
          const blocks = new Set<string | undefined>();
          const apps = new Set<string | undefined>();
          for (const i of NODES) {
            blocks.add(await net.blockHash(i, h));
            apps.add(await net.appHash(i, h));
          }
          expect([...blocks].filter(Boolean)).toHaveLength(1);
          expect(blocks.has(undefined)).toBe(false);
          expect(apps.size).toBe(1);
          expect(apps.has(undefined)).toBe(false);
        }
      }),
    120_000,
  );

  it(
    'a tx sent to one node is committed once and visible on all',
    () =>
      withLogs(async () => {
        const sent = await ledger.broadcast(net.node(2).rpcUrl, await net.signSend(0, { memo: 'basic-e2e' }));
        expect(sent.ok).toBe(true);
        let height = 0;
        const deadline = Date.now() + 60_000;
        while (!height && Date.now() < deadline) {
          const r = await rpcOn(0, 'tx', { hash: `0x${sent.hash}` });
          if (r.result) height = Number(r.result.height);
          else await new Promise((res) => setTimeout(res, 300));
        }
        expect(height).toBeGreaterThan(0);
        await net.waitForHeight(height, NODES, 60_000);
        for (const i of NODES) {
          const r = await rpcOn(i, 'tx', { hash: `0x${sent.hash}` });
          expect(r.result).toMatchObject({ height: String(height), tx_result: { code: 0 } });
        }
        await assertChecked(net.rpcNodes(NODES), ledger, { minNodes: 4, waitForAckedMs: 30_000 });
      }),
    150_000,
  );
});
