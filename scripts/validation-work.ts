/**
 * npm run validation:work — validation work as a fraction of race work, network-wide, for given Race params
 * (goal: at most 5 % at the paper's settings). Pure arithmetic, see race/module/work-model.ts.
 *
 *   node --import tsx scripts/validation-work.ts [--preset paper|dev|test] [--nodes 100] [--block-seconds 6]
 *     [--tflops 100] [--slowest-fraction 0.01] [--sample-size K] [--validators M] [--json]
 *
 * Node speeds are spread evenly from the fastest (--tflops effective TFLOP/s over the model's FLOPs per nonce) down
 * to --slowest-fraction of it. Validation is the dispute machine's (docs/race-security.md §7): the committee
 * (`sample_size` nonces × `validators_per_participant` checkers per claim), plus re-verification of disputed nonces
 * by every validator — from honest float noise, and at the attack ceiling where every sampled nonce is disputed.
 */
import { flopsPerNonce, getRaceConfig } from '../race/engine/config.js';
import { disputeWork } from '../race/module/dispute/work.js';
import { disputeParamsOf, RACE_PARAM_PRESETS } from '../race/module/params.js';
import { spreadSpeeds, validationWork } from '../race/module/work-model.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
function num(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
  return n;
}

const presetName = (arg('preset') ?? 'paper') as keyof typeof RACE_PARAM_PRESETS;
const params = RACE_PARAM_PRESETS[presetName];
if (!params) throw new Error(`--preset must be one of ${Object.keys(RACE_PARAM_PRESETS).join(', ')}`);
const config = getRaceConfig(params.modelConfig);
const nodes = Math.round(num('nodes', 100));
const blockSeconds = num('block-seconds', presetName === 'paper' ? 6 : 1);
const tflops = num('tflops', presetName === 'paper' ? 100 : 0.02);
const slowest = num('slowest-fraction', 0.01);
const sampleSize = Math.round(num('sample-size', params.sampleSize));
const validators = Math.round(num('validators', params.validatorsPerParticipant));
const raceSeconds = Number(params.raceBlocks) * blockSeconds;
const fastest = (tflops * 1e12) / flopsPerNonce(config);
const model = {
  noncesPerSecond: spreadSpeeds(nodes, fastest, fastest * slowest),
  raceSeconds,
  difficulty: Number(params.targetDifficulty),
};
const r = validationWork({ ...model, sampleSize, validatorsPerParticipant: validators });
const d = disputeWork(model, { ...disputeParamsOf(params), sampleSize, checkersPerItem: validators });

const summary = {
  preset: presetName,
  model: params.modelConfig,
  nodes,
  race_seconds: raceSeconds,
  fastest_nonces_per_s: Math.round(fastest),
  difficulty: Number(params.targetDifficulty),
  sample_size: sampleSize,
  validators_per_participant: validators,
  race_forward_passes: Math.round(r.raceWork),
  validation_forward_passes: Math.round(r.validationWork),
  validation_fraction: r.fraction,
  bound_m_over_n: r.bound,
  noise_escalation_forward_passes: Math.round(d.noiseEscalationWork),
  attack_escalation_forward_passes: Math.round(d.attackEscalationWork),
  honest_fraction: d.honestFraction,
  attack_fraction: d.attackFraction,
  goal_met: d.attackFraction <= 0.05,
};
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  const pct = (x: number) => `${(x * 100).toFixed(4)} %`;
  process.stdout.write(
    [
      `Race params "${presetName}" (model ${params.modelConfig}): ${nodes} nodes, race ${raceSeconds} s, N = ${summary.difficulty}, sample ${sampleSize}, ${validators} checkers per nonce`,
      `fastest node ${summary.fastest_nonces_per_s} nonces/s (${tflops} TFLOP/s), slowest ${slowest * 100} % of it`,
      `race work:       ${summary.race_forward_passes.toLocaleString('en')} forward passes`,
      `committee work:  ${summary.validation_forward_passes.toLocaleString('en')} forward passes (${pct(r.fraction)}; ceiling m/N = ${pct(r.bound)} for any speeds)`,
      `+ re-verification of honest noise (${summary.noise_escalation_forward_passes.toLocaleString('en')}): ${pct(d.honestFraction)} of race work`,
      `+ re-verification when every sampled nonce is disputed, attack ceiling (${summary.attack_escalation_forward_passes.toLocaleString('en')}): ${pct(d.attackFraction)}`,
      `goal ≤ 5 % even under attack: ${summary.goal_met ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
}
