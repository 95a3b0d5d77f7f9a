import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BlockStore } from '../../../chain/blockstore/block-store.js';
import { ConsensusEngine } from '../../../chain/consensus/engine.js';
import { EmptyMempool } from '../../../chain/consensus/mempool.js';
import { FileLastSignStateStore, PrivValidator } from '../../../chain/consensus/privval.js';
import { ManualScheduler } from '../../../chain/consensus/scheduler.js';
import { NoPeerTransport } from '../../../chain/consensus/transport.js';
import { DEFAULT_CONSENSUS_CONFIG } from '../../../chain/consensus/types.js';
import { FileWal } from '../../../chain/consensus/wal.js';
import { ChainDb } from '../../../chain/store/db.js';
import { silentLogger } from '../../../chain/util/log.js';
import { FakeApp, runUntil, testGenesis, testSigner, tmpDir } from './helpers.js';

// The engine wired on files as node/node.ts wires it: WAL in data/cs.wal, the double-sign guard in data/priv_validator_state.json.
describe('consensus on files on disk', () => {
  it('runs on data/cs.wal and data/priv_validator_state.json and continues after a restart', async () => {
    const home = tmpDir('node');
    const dataDir = path.join(home, 'data');
    const signer = testSigner(0);
    const genesis = testGenesis([signer]);
    const app = new FakeApp();
    const sched = new ManualScheduler();
    const open = async () => {
      const db = await ChainDb.open(path.join(dataDir, 'chain.db'));
      const blockStore = await BlockStore.open(db);
      const privValidator = new PrivValidator(
        signer,
        new FileLastSignStateStore(path.join(dataDir, 'priv_validator_state.json')),
      );
      const engine = await ConsensusEngine.create(
        { genesis, config: DEFAULT_CONSENSUS_CONFIG },
        {
          app,
          db,
          blockStore,
          wal: new FileWal({ dir: path.join(dataDir, 'cs.wal') }),
          transport: new NoPeerTransport(),
          mempool: new EmptyMempool(),
          scheduler: sched,
          logger: silentLogger(),
          privValidator,
        },
      );
      await engine.start();
      return { db, engine, blockStore };
    };
    let n = await open();
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.latestHeight() >= 3,
      30_000,
    );
    await n.engine.stop();
    await n.db.close();
    expect(fs.existsSync(path.join(dataDir, 'cs.wal', 'wal'))).toBe(true);
    const pvs = JSON.parse(fs.readFileSync(path.join(dataDir, 'priv_validator_state.json'), 'utf8')) as {
      height: string;
    };
    expect(Number(pvs.height)).toBeGreaterThanOrEqual(3);

    n = await open();
    const start = n.engine.latestHeight();
    await runUntil(
      sched,
      () => [n.engine],
      () => n.engine.latestHeight() >= start + 2,
      30_000,
    );
    expect(n.engine.doubleSignRefusals).toBe(0);
    expect((await n.engine.latestBlock())!.header.height).toBe(n.engine.latestHeight());
    await n.engine.stop();
    await n.db.close();
  });
});
