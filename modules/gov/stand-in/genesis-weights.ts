import type { Context } from '../../../chain/app/context.js';
import type { AppModule } from '../../../chain/app/module.js';
import { fromBech32Checked, isValidAddress, toBech32 } from '../../../chain/crypto/address.js';
import { concatBytes, fromUtf8, lengthPrefixed, utf8 } from '../../../chain/store/kv.js';
import type { EpochSource, VotingWeightSource } from '../expected-keepers.js';

/**
 * Stand-in for the Race module until it lands: the voting weights of epoch 0 from genesis, held for every epoch, and
 * epochs of a fixed number of blocks. Epoch e spans heights e·L+1 … (e+1)·L, so its last block is a multiple of L.
 * The Race module replaces this whole module (same interfaces), after which weights change per epoch.
 */
export const GENESIS_WEIGHTS_STORE_KEY = 'gweights';

enum Prefix {
  Weight = 0x01,
  EpochLength = 0x02,
}

export interface GenesisWeightsGenesis {
  /** Blocks per epoch, as a decimal string. */
  epoch_length: string;
  weights: Array<{ address: string; weight: string }>;
}

export const DEFAULT_EPOCH_LENGTH = 100n;

const weightKey = (addr: Uint8Array) => concatBytes(Uint8Array.of(Prefix.Weight), lengthPrefixed(addr));

export class GenesisWeightsKeeper implements VotingWeightSource, EpochSource {
  weightOf(ctx: Context, address: string): bigint {
    let bytes: Uint8Array;
    try {
      bytes = fromBech32Checked(address);
    } catch {
      return 0n;
    }
    const raw = ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY).get(weightKey(bytes));
    return raw ? BigInt(fromUtf8(raw)) : 0n;
  }

  participants(ctx: Context): Array<{ address: string; weight: bigint }> {
    const out: Array<{ address: string; weight: bigint }> = [];
    const s = ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY);
    for (const [k, v] of s.iterate(Uint8Array.of(Prefix.Weight), Uint8Array.of(Prefix.Weight + 1))) {
      out.push({ address: toBech32(k.subarray(2, 2 + k[1]!)), weight: BigInt(fromUtf8(v)) });
    }
    return out;
  }

  totalWeight(ctx: Context): bigint {
    return this.participants(ctx).reduce((s, p) => s + p.weight, 0n);
  }

  epochLength(ctx: Context): bigint {
    const raw = ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY).get(Uint8Array.of(Prefix.EpochLength));
    return raw ? BigInt(fromUtf8(raw)) : DEFAULT_EPOCH_LENGTH;
  }

  currentEpoch(ctx: Context): bigint {
    const h = BigInt(ctx.block.height);
    return h <= 0n ? 0n : (h - 1n) / this.epochLength(ctx);
  }

  isEpochEnd(ctx: Context): boolean {
    const h = BigInt(ctx.block.height);
    return h > 0n && h % this.epochLength(ctx) === 0n;
  }

  setWeight(ctx: Context, address: string, weight: bigint): void {
    const key = weightKey(fromBech32Checked(address));
    if (weight === 0n) ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY).delete(key);
    else ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY).set(key, utf8(weight.toString()));
  }

  setEpochLength(ctx: Context, n: bigint): void {
    ctx.kvFree(GENESIS_WEIGHTS_STORE_KEY).set(Uint8Array.of(Prefix.EpochLength), utf8(n.toString()));
  }
}

function positiveInt(text: unknown, what: string, allowZero = false): bigint {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,30})$/.test(text)) throw new Error(`${what} must be a decimal integer string, got ${JSON.stringify(text)}`);
  const n = BigInt(text);
  if (!allowZero && n === 0n) throw new Error(`${what} must be positive`);
  return n;
}

export class GenesisWeightsModule implements AppModule {
  readonly name = 'genesis_weights';
  readonly storeKey = GENESIS_WEIGHTS_STORE_KEY;

  constructor(readonly keeper: GenesisWeightsKeeper) {}

  registerServices(): void {}

  defaultGenesis(): GenesisWeightsGenesis {
    return { epoch_length: DEFAULT_EPOCH_LENGTH.toString(), weights: [] };
  }

  initGenesis(ctx: Context, raw: unknown): void {
    const g = raw as GenesisWeightsGenesis;
    if (!g || typeof g !== 'object') throw new Error('genesis_weights genesis must be an object');
    this.keeper.setEpochLength(ctx, positiveInt(g.epoch_length, 'epoch_length'));
    const seen = new Set<string>();
    for (const w of g.weights ?? []) {
      if (!isValidAddress(w.address)) throw new Error(`invalid weight address ${w.address}`);
      if (seen.has(w.address)) throw new Error(`duplicate weight for ${w.address}`);
      seen.add(w.address);
      this.keeper.setWeight(ctx, w.address, positiveInt(w.weight, `weight of ${w.address}`, true));
    }
  }

  exportGenesis(ctx: Context): GenesisWeightsGenesis {
    return {
      epoch_length: this.keeper.epochLength(ctx).toString(),
      weights: this.keeper.participants(ctx).map((p) => ({ address: p.address, weight: p.weight.toString() })),
    };
  }
}
