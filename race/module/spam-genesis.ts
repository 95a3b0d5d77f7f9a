import type { Context } from '../../chain/app/context.js';
import { fromUtf8, prefixEnd, utf8 } from '../../chain/store/kv.js';
import type { RaceKeeper } from './keeper.js';
import { RacePrefix, single } from './keys.js';

const PREFIXES = [RacePrefix.IdleSince, RacePrefix.BlockIntake];

/** Genesis `spam`: the idle marks (pruning) and the block intake counter as stored, hex key → utf8 value, exact. */
export function exportSpamEntries(ctx: Context, keeper: RaceKeeper): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const p of PREFIXES)
    for (const [k, v] of keeper.kv(ctx).iterate(single(p), prefixEnd(single(p))))
      out.push({ key: Buffer.from(k).toString('hex'), value: fromUtf8(v) });
  return out;
}

export function importSpamEntry(ctx: Context, keeper: RaceKeeper, e: { key: string; value: string }): void {
  const k = Uint8Array.from(Buffer.from(e.key, 'hex'));
  if (k.length === 0 || !PREFIXES.includes(k[0]!)) throw new Error(`spam entry key ${e.key} is outside its prefixes`);
  if (!/^[0-9]+(:[0-9]+)?$/.test(e.value)) throw new Error(`spam entry value ${JSON.stringify(e.value)} is malformed`);
  keeper.kv(ctx).set(k, utf8(e.value));
}
