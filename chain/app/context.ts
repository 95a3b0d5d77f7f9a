import type { Logger } from '../util/log.js';
import type { Evidence } from '../types/block.js';
import { CacheStore } from '../store/cache.js';
import { GasStore } from '../store/gas-store.js';
import { utf8, type KVStore } from '../store/kv.js';
import { PrefixStore } from '../store/prefix.js';
import { EventManager } from '../types/events.js';
import type { GasMeter } from '../tx/gas.js';

export type ExecMode = 'check' | 'recheck' | 'simulate' | 'deliver' | 'genesis' | 'query' | 'block';

export type { GasMeter } from '../tx/gas.js';

export interface BlockInfo {
  chainId: string;
  height: number;
  /** Block time in ns since the Unix epoch: the only clock a state transition may read. */
  timeNs: bigint;
  proposerAddress: Uint8Array;
  /** Hash of the block being finalized (absent outside FinalizeBlock): block hooks may mix it into draws. */
  hash?: Uint8Array;
  /** Evidence of misbehaviour committed in this block (duplicate votes), for modules to penalise in BeginBlock. */
  misbehavior?: Evidence[];
}

/**
 * Everything a keeper call sees: the state branch, the block it runs in, the gas meter and the event sink.
 * Keepers reach their own state through kv(storeKey), a gas-metered view of their module's prefix.
 */
export class Context {
  constructor(
    readonly store: KVStore,
    readonly block: BlockInfo,
    readonly gasMeter: GasMeter,
    readonly events: EventManager,
    readonly mode: ExecMode,
    readonly log: Logger,
  ) {}

  kv(storeKey: string): KVStore {
    return new GasStore(new PrefixStore(this.store, storeKeyPrefix(storeKey)), this.gasMeter);
  }

  /** The same prefix without gas: for block hooks and genesis, which no tx pays for. */
  kvFree(storeKey: string): KVStore {
    return new PrefixStore(this.store, storeKeyPrefix(storeKey));
  }

  /** A child context on a cache branch with its own events; call commit() to keep both. */
  branch(): { ctx: Context; commit: () => void } {
    const cache = new CacheStore(this.store);
    const events = new EventManager();
    const ctx = new Context(cache, this.block, this.gasMeter, events, this.mode, this.log);
    return {
      ctx,
      commit: () => {
        cache.write();
        this.events.emitAll(events.events());
      },
    };
  }

  withGasMeter(meter: GasMeter): Context {
    return new Context(this.store, this.block, meter, this.events, this.mode, this.log);
  }

  withEvents(events: EventManager): Context {
    return new Context(this.store, this.block, this.gasMeter, events, this.mode, this.log);
  }

  get isCheck(): boolean {
    return this.mode === 'check' || this.mode === 'recheck';
  }
}

/** Each module's state lives under "<storeKey>/"; the names are fixed forever (docs/store.md). */
function storeKeyPrefix(storeKey: string): Uint8Array {
  if (!/^[a-z][a-z0-9_]*$/.test(storeKey)) throw new Error(`invalid store key ${storeKey}`);
  return utf8(storeKey + '/');
}
