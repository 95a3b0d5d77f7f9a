import { sha256 } from '@noble/hashes/sha2.js';
import type { Context } from '../../chain/app/context.js';
import { fromHex } from '../../chain/crypto/bytes.js';
import { concatBytes, lengthPrefixed, u64Key, utf8 } from '../../chain/store/kv.js';
import type { EpochRecord } from '../../race/module/timeline.js';
import type { RandomnessSource } from './expected-keepers.js';

/**
 * Interim randomness until race/module/randomness lands: sha256(tag ‖ current epoch's beacon seed ‖ epoch ‖ domain ‖
 * id), every part length-prefixed. The seed is the Race beacon's output for the epoch (never a block hash).
 */
export function epochSeedRandomness(epochOf: (ctx: Context) => EpochRecord | undefined): RandomnessSource {
  return {
    randomness(ctx, domain, id) {
      const rec = epochOf(ctx);
      if (!rec) throw new Error('no Race epoch: no randomness yet');
      return sha256(concatBytes(utf8('race/inference/v1/randomness'), lengthPrefixed(fromHex(rec.seed)), u64Key(rec.epoch), lengthPrefixed(utf8(domain)), lengthPrefixed(id)));
    },
  };
}
