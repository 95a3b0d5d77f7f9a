/** An in-process Race app (the node's own buildRaceApp) with a real mempool, driven block by block, for the node-side Race tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FinalizeBlockResponse } from '../../../chain/abci.js';
import { Mempool } from '../../../chain/mempool/mempool.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { ChainDb } from '../../../chain/store/db.js';
import { silentLogger } from '../../../chain/util/log.js';
import { buildRaceApp, defaultAppState, type RaceApp } from '../../../node/app/build-app.js';

export const CHAIN_ID = 'race-node-test';
const T0 = 1_700_000_000_000_000_000n;

export class AppHarness {
  height = 0;
  private constructor(
    readonly race: RaceApp,
    readonly mempool: Mempool,
    private readonly db: ChainDb,
    private readonly dir: string,
  ) {}

  /** `accounts`: addresses funded at genesis; `patch` edits the default app_state before InitChain. */
  static async start(accounts: string[], patch: (state: Record<string, any>) => void = () => {}): Promise<AppHarness> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-node-app-'));
    const db = await ChainDb.open(path.join(dir, 'chain.db'));
    const store = await CommitStore.open(db);
    const race = buildRaceApp({ chainId: CHAIN_ID }, { store, log: silentLogger() });
    const state = defaultAppState() as Record<string, any>;
    state.auth.accounts = accounts.map((address, i) => ({
      '@type': '/cosmos.auth.v1beta1.BaseAccount',
      address,
      pub_key: null,
      account_number: String(i),
      sequence: '0',
    }));
    state.bank.balances = accounts.map((address) => ({ address, coins: [{ denom: 'nicoin', amount: '1000000' }] }));
    state.bank.supply = [{ denom: 'nicoin', amount: String(1_000_000 * accounts.length) }];
    patch(state);
    await race.app.initChain({
      chainId: CHAIN_ID,
      timeNs: T0,
      initialHeight: 1,
      validators: [],
      appStateJson: JSON.stringify(state),
    });
    const mempool = new Mempool(
      { maxTxs: 1000, maxTotalBytes: 1 << 24, maxTxBytes: 1 << 20, cacheSize: 1000 },
      { app: race.app, log: silentLogger() },
    );
    const h = new AppHarness(race, mempool, db, dir);
    await h.block();
    return h;
  }

  /** Commits one block with everything in the mempool (or `txs`), as the consensus engine would. */
  async block(txs: Uint8Array[] = this.mempool.reap(1 << 24)): Promise<FinalizeBlockResponse> {
    this.height++;
    const res = await this.race.app.finalizeBlock({
      height: this.height,
      timeNs: T0 + BigInt(this.height) * 1_000_000_000n,
      hash: new Uint8Array(32).fill(this.height & 0xff),
      proposerAddress: new Uint8Array(20),
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior: [],
    });
    await this.race.app.commit();
    this.mempool.update(this.height, txs);
    return res;
  }

  account(address: string): { accountNumber: bigint; sequence: bigint } | undefined {
    const a = this.race.keepers.auth.getAccount(this.race.app.queryContext(), address, false);
    return a ? { accountNumber: a.accountNumber, sequence: a.sequence } : undefined;
  }

  balance(address: string): bigint {
    return this.race.keepers.bank.getBalance(this.race.app.queryContext(), address, 'nicoin', false).amount;
  }

  async stop(): Promise<void> {
    await this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
