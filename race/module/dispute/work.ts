import { validationWork, type WorkModelInput } from '../work-model.js';
import type { DisputeParams } from './params.js';

export interface DisputeWorkResult {
  raceWork: number;
  /** Committee re-runs: r checkers × min(sample, proofs) per participant. */
  committeeWork: number;
  /** Re-runs of items disputed by honest float noise (expected), by every validator. */
  noiseEscalationWork: number;
  /** Re-runs when every sampled item of every claim is disputed (worst case under attack), by every validator. */
  attackEscalationWork: number;
  honestFraction: number;
  attackFraction: number;
}

/**
 * Validation work of the dispute machine as a fraction of race work (forward passes), on race/module/work-model.ts's
 * node model. Committee: every sampled item re-run by r checkers (validationWork with m = r). Escalation: a disputed
 * item is re-run by all V validators. Honest: an item is disputed when one of its r checks hits float noise, rate
 * ≤ r·p. Under attack: a coalition that fails every item it checks disputes at most every sampled item, and each
 * lying checker is convicted (weight 0, excluded) once it exceeds its noise budget, so this ceiling lasts one epoch
 * per coalition member; within budget a liar adds at most budget × V re-runs per epoch.
 */
export function disputeWork(
  input: Omit<WorkModelInput, 'sampleSize' | 'validatorsPerParticipant'>,
  p: DisputeParams,
): DisputeWorkResult {
  const base = validationWork({ ...input, sampleSize: p.sampleSize, validatorsPerParticipant: p.checkersPerItem });
  const validators = input.noncesPerSecond.length;
  const sampled = base.perNode.reduce((s, x) => s + Math.min(p.sampleSize, x.proofs), 0);
  const noiseRate = Math.min(1, p.checkersPerItem * (Number(p.mismatchRatePpm) / 1e6));
  const noiseEscalationWork = sampled * noiseRate * validators;
  const attackEscalationWork = sampled * validators;
  const frac = (w: number) => (base.raceWork > 0 ? w / base.raceWork : 0);
  return {
    raceWork: base.raceWork,
    committeeWork: base.validationWork,
    noiseEscalationWork,
    attackEscalationWork,
    honestFraction: frac(base.validationWork + noiseEscalationWork),
    attackFraction: frac(base.validationWork + attackEscalationWork),
  };
}
