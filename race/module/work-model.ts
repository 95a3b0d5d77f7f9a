/**
 * Validation work as a fraction of race work, network-wide, for given params (issue 5 item 7; goal ≤ 5 % at the
 * paper's settings). Work is counted in forward passes of the epoch's model (one per nonce tried or re-run); the
 * model build per epoch is shared by mining and validation and left out.
 *
 * Node i tries t_i = rate_i × race seconds nonces and finds about t_i / N proofs (N = target_difficulty). Each of its
 * m = min(validators_per_participant, nodes − 1) validators re-runs min(sample_size, proofs_i) of them. Hence
 *   fraction = Σ m·min(k, t_i/N) / Σ t_i  ≤  m / N,
 * the bound reached by nodes with fewer than k proofs; at N = 900, m = 3 it is 0.33 %.
 */
export interface WorkModelInput {
  /** Nonces per second of each node during the race. */
  noncesPerSecond: readonly number[];
  raceSeconds: number;
  difficulty: number;
  sampleSize: number;
  validatorsPerParticipant: number;
}

export interface WorkModelResult {
  raceWork: number;
  validationWork: number;
  fraction: number;
  /** The m / N ceiling, whatever the speeds. */
  bound: number;
  perNode: Array<{ tried: number; proofs: number; rerun: number }>;
}

export function validationWork(input: WorkModelInput): WorkModelResult {
  const n = input.noncesPerSecond.length;
  if (n === 0) throw new Error('at least one node is needed');
  const m = Math.max(1, Math.min(input.validatorsPerParticipant, n - 1));
  const perNode = input.noncesPerSecond.map((rate) => {
    const tried = rate * input.raceSeconds;
    const proofs = tried / input.difficulty;
    return { tried, proofs, rerun: m * Math.min(input.sampleSize, proofs) };
  });
  const raceWork = perNode.reduce((s, x) => s + x.tried, 0);
  const validationWork = perNode.reduce((s, x) => s + x.rerun, 0);
  return {
    raceWork,
    validationWork,
    fraction: raceWork > 0 ? validationWork / raceWork : 0,
    bound: m / input.difficulty,
    perNode,
  };
}

/** Speeds spread evenly between `slowest` and `fastest` nonces/s over `nodes` nodes. */
export function spreadSpeeds(nodes: number, fastest: number, slowest: number): number[] {
  if (nodes === 1) return [fastest];
  return Array.from({ length: nodes }, (_, i) => fastest - ((fastest - slowest) * i) / (nodes - 1));
}
