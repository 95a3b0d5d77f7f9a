/**
 * Verifier: re-runs a participant's nonces and reports, per nonce, pass or fail with the recomputed
 * distance. The canonical check is "the verifier's own distance is below the threshold"; miners keep
 * a margin so that honest proofs pass on other hardware.
 */
import type { RaceConfig } from './config.js';
import { isAppropriate } from './distance.js';
import { RaceEvaluator } from './evaluator.js';
import { assertSeed, nodeSeedFromPublicKey, toNonce } from './seeds.js';
import type { EngineLog, RaceDevice, ResolvedDevice } from './session.js';

export interface VerifierOpts {
  config: RaceConfig;
  epochSeed: Uint8Array;
  device?: RaceDevice;
  threads?: number;
  /** Nonces per ONNX Runtime run (results do not depend on it). */
  batchSize?: number;
}

export type NonceVerdict = 'ok' | 'above-threshold' | 'duplicate' | 'invalid';

export interface NonceCheck {
  /** The nonce as given (bigint when it parsed). */
  nonce: bigint | unknown;
  /** Recomputed distance; null when the nonce was not run (duplicate or invalid). */
  distance: number | null;
  pass: boolean;
  verdict: NonceVerdict;
}

export interface VerifyReport {
  /** True when every nonce passed (and the list was not empty). */
  pass: boolean;
  passCount: number;
  failCount: number;
  threshold: number;
  results: NonceCheck[];
}

export type Participant = { publicKey: Uint8Array } | { nodeSeed: Uint8Array };

export class Verifier {
  private constructor(
    private readonly evaluator: RaceEvaluator,
    private readonly batchSize: number,
  ) {}

  static async create(opts: VerifierOpts, deps: { logger?: EngineLog } = {}): Promise<Verifier> {
    const batchSize = opts.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('verifier batchSize must be a positive integer');
    const evaluator = await RaceEvaluator.create(
      { config: opts.config, epochSeed: opts.epochSeed, device: opts.device ?? 'cpu', threads: opts.threads },
      deps,
    );
    return new Verifier(evaluator, batchSize);
  }

  get threshold(): number {
    return this.evaluator.threshold;
  }

  get device(): ResolvedDevice {
    return this.evaluator.device;
  }

  async verify(participant: Participant, nonces: readonly unknown[]): Promise<VerifyReport> {
    const nodeSeed = 'publicKey' in participant ? nodeSeedFromPublicKey(participant.publicKey) : participant.nodeSeed;
    assertSeed(nodeSeed, 'node seed');
    if (!Array.isArray(nonces)) throw new Error('nonces must be an array');
    const seen = new Set<bigint>();
    const results: NonceCheck[] = nonces.map((raw) => {
      let nonce: bigint;
      try {
        nonce = toNonce(raw as bigint | number);
      } catch {
        return { nonce: raw, distance: null, pass: false, verdict: 'invalid' };
      }
      if (seen.has(nonce)) return { nonce, distance: null, pass: false, verdict: 'duplicate' };
      seen.add(nonce);
      return { nonce, distance: null, pass: false, verdict: 'ok' };
    });
    const toRun = results.filter((r) => r.verdict === 'ok');
    for (let i = 0; i < toRun.length; i += this.batchSize) {
      const chunk = toRun.slice(i, i + this.batchSize);
      const { distances } = await this.evaluator.evaluate(
        nodeSeed,
        chunk.map((r) => r.nonce as bigint),
      );
      chunk.forEach((r, k) => {
        r.distance = distances[k];
        r.pass = isAppropriate(distances[k], this.threshold);
        if (!r.pass) r.verdict = 'above-threshold';
      });
    }
    const passCount = results.filter((r) => r.pass).length;
    return {
      pass: results.length > 0 && passCount === results.length,
      passCount,
      failCount: results.length - passCount,
      threshold: this.threshold,
      results,
    };
  }

  async close(): Promise<void> {
    await this.evaluator.close();
  }
}
