/**
 * Mempool gossip: a tx from a peer on the `mempool` channel goes through MempoolGossip.validate (the gossipsub
 * validator) into Mempool.checkTx and the app's CheckTx. The verdict decides relaying and peer scoring; anything
 * other than a verdict (or the mempool's own duplicate refusal, which validate maps to 'ignore') escaping is a
 * finding, and a tx that is not accepted must not enter the mempool.
 */
import { Mempool } from '../../../chain/mempool/mempool.js';
import { silentLogger } from '../../../chain/util/log.js';
import { MempoolGossip } from '../../../node/services/net-mempool.js';
import { acquireApp } from './app-fixture.js';
import { byteInput } from './mutate.js';
import { FuzzFinding, hexOf, type FuzzTarget } from './target.js';

export async function mempoolGossipTarget(): Promise<FuzzTarget<Uint8Array>> {
  const { app, release } = await acquireApp();
  const base = app.chain.app;
  return {
    name: 'mempool-gossip',
    surface: 'node/services/net-mempool.ts validate → Mempool.checkTx → CheckTx (the mempool channel)',
    generate: (rng) => byteInput(app.seeds, rng),
    async exec(tx) {
      // A fresh mempool per input: an accepted tx must not make the next identical input a duplicate.
      const mempool = new Mempool(
        { maxTxs: 100, maxTotalBytes: 1 << 22, maxTxBytes: 1 << 20, cacheSize: 100 },
        { app: base, log: silentLogger() },
      );
      const gossip = new MempoolGossip(
        {},
        {
          p2p: { broadcast: async () => 0 },
          mempool,
          isSyncing: () => false,
          logger: silentLogger(),
          yieldTurn: () => Promise.resolve(),
        },
      );
      gossip.start();
      const verdict = await gossip.validate(tx, 'fuzz-peer');
      if (!['accept', 'reject', 'ignore'].includes(verdict))
        throw new FuzzFinding(`validate returned ${String(verdict)}`);
      if (verdict !== 'accept' && mempool.size() !== 0)
        throw new FuzzFinding(`a tx judged '${verdict}' entered the mempool`);
      if (verdict === 'accept') base.resetCheckState();
    },
    show: hexOf,
    close: release,
  };
}
