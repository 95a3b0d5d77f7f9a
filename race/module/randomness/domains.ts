/**
 * Every use of chain randomness names one of these domains. The registry is the only place a domain string is
 * written, values are never reused or renamed, and `chainRandomness` refuses any other string, so two uses can
 * never draw the same bytes. Add a domain here (new value, new key) rather than re-using one.
 */
export const RANDOMNESS_DOMAINS = {
  /** Which of a Race claim's nonces are re-run (race/module/dispute). */
  raceDisputeSample: 'race/v1/dispute/sample',
  /** Who re-runs each sampled Race nonce (race/module/dispute). */
  raceDisputeCheckers: 'race/v1/dispute/checkers',
  /** Which executor serves an inference task (inference issues). */
  inferenceExecutor: 'inference/v1/executor',
  /** Which parts of an inference output are checked. */
  inferenceDisputeSample: 'inference/v1/dispute/sample',
  /** Who checks an inference output. */
  inferenceDisputeCheckers: 'inference/v1/dispute/checkers',
  /** Which parts of a training contribution are checked. */
  trainingDisputeSample: 'training/v1/dispute/sample',
  /** Who checks a training contribution. */
  trainingDisputeCheckers: 'training/v1/dispute/checkers',
} as const;

export type RandomnessDomain = (typeof RANDOMNESS_DOMAINS)[keyof typeof RANDOMNESS_DOMAINS];

const KNOWN: ReadonlySet<string> = new Set(Object.values(RANDOMNESS_DOMAINS));

export function isRandomnessDomain(s: string): s is RandomnessDomain {
  return KNOWN.has(s);
}
