import type { Context } from '../../chain/app/context.js';
import { fromHex } from '../../chain/types/bytes.js';
import { chainRandomness } from '../../race/module/randomness/chain-randomness.js';
import type { EpochRecord } from '../../race/module/timeline.js';
import type { RandomnessSource } from './expected-keepers.js';

/**
 * The chain randomness primitive over the current epoch's beacon seed (race/module/randomness). A seed that fell back
 * to H(previous seed ‖ block hash) is still used here, unlike for dispute samples: refusing it would stop every
 * request for an epoch, and the draw's inputs other than the seed are chain-assigned (docs/inference.md).
 */
export function beaconRandomness(epochOf: (ctx: Context) => EpochRecord | undefined): RandomnessSource {
  return {
    randomness(ctx, domain, id) {
      const rec = epochOf(ctx);
      if (!rec) throw new Error('no Race epoch: no randomness yet');
      return chainRandomness(fromHex(rec.seed), rec.epoch, domain, id);
    },
  };
}
