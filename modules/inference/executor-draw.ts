import { drawWeighted, SeededDraw, type Weighted } from '../../race/module/draw.js';

/**
 * The executor of one request: drawn by weight among the eligible executors (ordered by address bytes by the caller,
 * so every node draws the same), never the relay unless it is the only one eligible (the one-node devnet).
 * `seed` is 32 bytes of chain randomness for this request.
 */
export function drawExecutor(eligible: readonly Weighted[], relay: string, seed: Uint8Array): string | undefined {
  const others = eligible.filter((c) => c.address !== relay);
  const pool = others.length > 0 ? others : eligible;
  return drawWeighted(pool, 1, new SeededDraw(seed))[0]?.address;
}
