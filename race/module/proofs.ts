import type { Context } from '../../chain/app/context.js';
import { event } from '../../chain/types/events.js';
import { takeBlockIntake } from './block-intake.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';
import { windowsOf } from './timeline.js';

/**
 * Proof intake (DESIGN.md §5): a registered participant adds nonces to its proof for the current epoch while the race
 * window is open. Nonces are bound to the participant by construction (its node seed enters every input seed), so
 * the cheap on-chain binding is signer = participant with a registered key; validation catches the rest.
 */
export function submitProofBatch(
  ctx: Context,
  keeper: RaceKeeper,
  participant: string,
  epoch: bigint,
  nonces: readonly bigint[],
): bigint {
  const p = keeper.getParticipant(ctx, participant);
  if (!p || p.pubKey.length !== 33)
    throw RaceErrors.NotParticipant.wrap(`${participant} is not registered (MsgRegisterParticipant)`);
  const rec = keeper.getEpoch(ctx);
  if (!rec) throw RaceErrors.OutOfWindow.wrap('the race module has no epoch yet');
  if (epoch !== rec.epoch)
    throw RaceErrors.WrongEpoch.wrap(`proofs are for epoch ${epoch}, the current epoch is ${rec.epoch}`);
  const params = keeper.getParams(ctx);
  const w = windowsOf(rec, params);
  const height = BigInt(ctx.block.height);
  if (epoch === 0n)
    throw RaceErrors.OutOfWindow.wrap('epoch 0 races nothing: it runs the beacon that seeds the first race (epoch 1)');
  if (height < w.start || height >= w.raceEnd) {
    throw RaceErrors.OutOfWindow.wrap(
      `the race of epoch ${epoch} accepts proofs at heights ${w.start}..${w.raceEnd - 1n}, this is height ${height}`,
    );
  }
  checkBatchShape(nonces, params.maxBatchNonces);
  const summary = keeper.getProofSummary(ctx, epoch, participant) ?? {
    participant,
    epoch,
    nonceCount: 0n,
    lastHeight: 0n,
  };
  const total = summary.nonceCount + BigInt(nonces.length);
  if (total > params.maxNoncesPerEpoch)
    throw RaceErrors.TooManyNonces.wrap(
      `at most ${params.maxNoncesPerEpoch} nonces per epoch; this batch would make ${total}`,
    );
  takeBlockIntake(ctx, keeper, participant, nonces.length, params);
  for (const n of nonces) {
    if (keeper.hasNonce(ctx, epoch, participant, n))
      throw RaceErrors.DuplicateNonce.wrap(`nonce ${n} was already submitted in epoch ${epoch}`);
  }
  for (const n of nonces) keeper.addNonce(ctx, epoch, participant, n);
  keeper.setProofSummary(ctx, { participant, epoch, nonceCount: total, lastHeight: height });
  ctx.events.emit(
    event('race_proof_batch', [
      ['participant', participant],
      ['epoch', epoch.toString()],
      ['nonces', String(nonces.length)],
      ['total', total.toString()],
    ]),
  );
  return total;
}

/** Stateless: non-empty, bounded, strictly increasing u64 (a duplicate inside the batch cannot be encoded). */
export function checkBatchShape(nonces: readonly bigint[], maxBatch: number): void {
  if (nonces.length === 0) throw RaceErrors.InvalidProof.wrap('a proof batch needs at least one nonce');
  if (nonces.length > maxBatch)
    throw RaceErrors.TooManyNonces.wrap(`a batch holds at most ${maxBatch} nonces, got ${nonces.length}`);
  for (let i = 0; i < nonces.length; i++) {
    const n = nonces[i]!;
    if (n < 0n || n >= 1n << 64n) throw RaceErrors.InvalidProof.wrap(`nonce ${n} is not a u64`);
    if (i > 0 && n <= nonces[i - 1]!)
      throw RaceErrors.InvalidProof.wrap(
        `nonces must be strictly increasing (index ${i}: ${n} after ${nonces[i - 1]})`,
      );
  }
}
