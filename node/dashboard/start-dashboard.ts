/**
 * Builds the node's dashboard: an aggregator fed by every committed block (after a backfill of the recent blocks the
 * store still has, so a restarted node's charts are not blank) and the HTTP handler the REST server mounts.
 */
import type { Block } from '../../chain/types/block.js';
import type { FinalizeBlockResponse } from '../../chain/abci.js';
import type { Logger } from '../../chain/util/log.js';
import { QueryEpochRequest, QueryEpochResponse } from '../../proto/gen/race/race/v1/query.js';
import { RACE_QUERY_PREFIX } from '../../race/module/query-path.js';
import type { RpcBackend } from '../rpc/backend.js';
import { DashboardAggregator, type AggregatorOpts } from './aggregator.js';
import { dashboardHandler, type RawHandler } from './http.js';

export interface DashboardOpts extends AggregatorOpts {
  /** Recent blocks read back from the store at start (default 600). */
  backfillBlocks?: number;
}

export interface DashboardDeps {
  backend: RpcBackend;
  /** Registers a listener for committed blocks; call before the engine starts so no block is missed. */
  onBlockCommitted: (f: (block: Block, results: FinalizeBlockResponse) => void) => void;
  rpcPort: () => number | undefined;
  log: Logger;
}

export interface Dashboard {
  aggregator: DashboardAggregator;
  handler: RawHandler;
}

export async function startDashboard(opts: DashboardOpts, deps: DashboardDeps): Promise<Dashboard> {
  const log = deps.log.child({ module: 'dashboard' });
  const aggregator = new DashboardAggregator(opts);
  const fold = async (block: Block, results: FinalizeBlockResponse) => {
    try {
      // The first epoch starts at genesis without an event; the chain says which epoch runs.
      if (aggregator.needsEpoch()) await seedEpoch(deps.backend, aggregator, block.header.height, log);
      aggregator.onBlock({
        height: block.header.height,
        timeNs: block.header.timeNs,
        txResults: results.txResults,
        events: results.events,
      });
    } catch (e) {
      // Display only: a block the charts cannot read must never disturb the commit path.
      log.warn({ err: (e as Error).message, height: block.header.height }, 'dashboard could not fold a block');
    }
  };
  // One chain of folds keeps blocks in height order although seeding the epoch awaits a query.
  let queue = Promise.resolve();
  const feed = (block: Block, results: FinalizeBlockResponse) => {
    queue = queue.then(() => fold(block, results));
  };
  await backfill(opts.backfillBlocks ?? 600, deps.backend, feed);
  await queue;
  deps.onBlockCommitted(feed);
  return { aggregator, handler: dashboardHandler({ ...deps, aggregator }) };
}

/** Seeds the running epoch when it already ran at `height` (a backfilled block of an older epoch must not count toward it). */
async function seedEpoch(
  backend: RpcBackend,
  aggregator: DashboardAggregator,
  height: number,
  log: Logger,
): Promise<void> {
  try {
    const q = await backend.abciQuery({
      path: `${RACE_QUERY_PREFIX}/Epoch`,
      data: QueryEpochRequest.encode({}).finish(),
      height: 0,
      prove: false,
    });
    const ep = q.code === 0 && q.value ? QueryEpochResponse.decode(q.value).epoch : undefined;
    if (ep && Number(ep.startHeight) <= height) aggregator.seedEpoch(Number(ep.epoch), Number(ep.startHeight));
  } catch (e) {
    log.debug({ err: (e as Error).message }, 'no Race epoch to seed the dashboard with');
  }
}

async function backfill(
  count: number,
  backend: RpcBackend,
  feed: (block: Block, results: FinalizeBlockResponse) => void,
): Promise<void> {
  const top = await backend.latestHeight();
  if (top === 0) return;
  const from = Math.max(await backend.earliestHeight(), top - count + 1, 1);
  for (let h = from; h <= top; h++) {
    const stored = await backend.blockAt(h);
    const results = await backend.blockResults(h);
    if (stored && results) feed(stored.block, results);
  }
}
