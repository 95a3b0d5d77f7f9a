import type { FinalizeBlockResponse } from '../abci.js';
import type { BlockMeta } from '../blockstore/block-store.js';
import type { Block } from '../types/block.js';
import type { Logger } from '../util/log.js';
import type { EventBus } from './bus.js';

export interface BlockEventPublisherDeps {
  /** The stored meta of a committed block: NewBlock carries its block id. */
  loadBlockMeta(height: number): Promise<BlockMeta | null>;
  bus: Pick<EventBus, 'publishNewBlock' | 'publishNewBlockHeader' | 'publishTx'>;
  logger: Logger;
}

/**
 * Publishes each committed block's NewBlock, NewBlockHeader and Tx events. The commit path hands blocks in height
 * order, but loading a block's meta is async and loads may settle in any order, so each block waits for the one
 * before it: subscribers see heights in order. A failed load is logged and skips that block's events; it never
 * becomes an unhandled rejection (which would exit the node) and never holds back later heights.
 */
export class BlockEventPublisher {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    _opts: Record<string, never>,
    private readonly deps: BlockEventPublisherDeps,
  ) {}

  /** Queues a committed block's events behind those of earlier heights; returns at once. */
  blockCommitted(block: Block, result: FinalizeBlockResponse): void {
    const height = block.header.height;
    this.tail = this.tail
      .then(() => this.publish(block, result))
      .catch((err: unknown) => {
        this.deps.logger.error(
          { height, err: err instanceof Error ? err.message : String(err) },
          "publishing a committed block's events failed",
        );
      });
  }

  /** Resolves once every block handed in so far has been published (or its failure logged): for shutdown and tests. */
  idle(): Promise<void> {
    return this.tail;
  }

  private async publish(block: Block, result: FinalizeBlockResponse): Promise<void> {
    const height = block.header.height;
    const meta = await this.deps.loadBlockMeta(height);
    if (!meta) {
      this.deps.logger.warn({ height }, 'a committed block has no stored meta: its events are not published');
      return;
    }
    const { bus } = this.deps;
    bus.publishNewBlock({ height, events: result.events, data: { block, blockId: meta.blockId, result } });
    bus.publishNewBlockHeader({ height, data: { header: block.header } });
    block.txs.forEach((tx, index) => bus.publishTx({ height, index, tx, result: result.txResults[index]! }));
  }
}
