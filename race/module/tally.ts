import { allowedFailures } from './binomial.js';

export interface Finding {
  validatorWeight: bigint;
  /** Nonces the validator was asked to re-run. */
  sampled: number;
  done: boolean;
  failed: number;
}

export interface TallyResult {
  accepted: boolean;
  acceptWeight: bigint;
  rejectWeight: bigint;
  missingWeight: bigint;
}

/**
 * A participant is accepted when the validators that accept it (each with at most the binomially tolerated number
 * of failures in its sample) hold a strict majority of the validation weight that reported. Nobody reporting is not
 * acceptance: weight must be earned by validated work.
 */
export function tallyParticipant(findings: readonly Finding[], mismatchPpm: bigint, tolerancePpm: bigint): TallyResult {
  let acceptWeight = 0n;
  let rejectWeight = 0n;
  let missingWeight = 0n;
  for (const f of findings) {
    if (!f.done) missingWeight += f.validatorWeight;
    else if (f.failed <= allowedFailures(f.sampled, mismatchPpm, tolerancePpm)) acceptWeight += f.validatorWeight;
    else rejectWeight += f.validatorWeight;
  }
  return { accepted: acceptWeight > 0n && acceptWeight > rejectWeight, acceptWeight, rejectWeight, missingWeight };
}
