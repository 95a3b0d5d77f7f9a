/**
 * Race model configurations as plain data. A config is a consensus parameter: every field changes the
 * model, the inputs or the threshold, so nodes must agree on all of them.
 */
export interface RaceConfig {
  name: string;
  /** Transformer blocks. */
  layers: number;
  /** Attention heads; must divide dModel. */
  heads: number;
  /** Embedding width. */
  dModel: number;
  /** Vocabulary size: token range and output vector length. */
  vocab: number;
  /** Feed-forward hidden width. */
  ffn: number;
  /** Tokens per input sequence. */
  seqLen: number;
  /** Expected nonces per appropriate vector: success probability per nonce is 1/difficulty. */
  difficulty: number;
}

/** Paper appendix A: 64 layers, 128 heads, width 512, vocab 8192, FFN 8192, sequence 4 (~0.61 B params, 2.45 GB fp32). */
export const PAPER_CONFIG: Readonly<RaceConfig> = Object.freeze({
  name: 'paper',
  layers: 64,
  heads: 128,
  dModel: 512,
  vocab: 8192,
  ffn: 8192,
  seqLen: 4,
  difficulty: 900,
});

/** A race of a few seconds on a 2-core CPU (thousands of nonces/s, a proof every few hundred ms). */
export const DEV_CONFIG: Readonly<RaceConfig> = Object.freeze({
  name: 'dev',
  layers: 2,
  heads: 2,
  dModel: 64,
  vocab: 1024,
  ffn: 256,
  seqLen: 4,
  difficulty: 900,
});

/** Tiny: unit tests and the float64 reference. */
export const TEST_CONFIG: Readonly<RaceConfig> = Object.freeze({
  name: 'test',
  layers: 2,
  heads: 2,
  dModel: 32,
  vocab: 256,
  ffn: 64,
  seqLen: 4,
  difficulty: 900,
});

export const RACE_CONFIGS: Readonly<Record<'paper' | 'dev' | 'test', Readonly<RaceConfig>>> = Object.freeze({
  paper: PAPER_CONFIG,
  dev: DEV_CONFIG,
  test: TEST_CONFIG,
});

export type RaceConfigName = keyof typeof RACE_CONFIGS;

export function getRaceConfig(name: string): RaceConfig {
  if (!Object.prototype.hasOwnProperty.call(RACE_CONFIGS, name)) {
    throw new Error(`unknown race config "${name}": use ${Object.keys(RACE_CONFIGS).join(', ')}`);
  }
  return { ...RACE_CONFIGS[name as RaceConfigName] };
}

const LIMITS: Record<Exclude<keyof RaceConfig, 'name'>, [number, number]> = {
  layers: [1, 1024],
  heads: [1, 4096],
  dModel: [1, 65536],
  vocab: [2, 1 << 20],
  ffn: [1, 1 << 20],
  seqLen: [1, 4096],
  difficulty: [2, 2 ** 40],
};

/** Throws a clear error for a config no node could agree on or build. Returns the config for chaining. */
export function validateConfig(config: RaceConfig): RaceConfig {
  if (config === null || typeof config !== 'object') throw new Error('race config must be an object');
  if (typeof config.name !== 'string' || config.name.length === 0) throw new Error('race config needs a name');
  for (const [key, [lo, hi]] of Object.entries(LIMITS)) {
    const v = (config as unknown as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`race config ${config.name}: ${key} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
    }
  }
  if (config.dModel % config.heads !== 0) {
    throw new Error(`race config ${config.name}: heads (${config.heads}) must divide dModel (${config.dModel})`);
  }
  return config;
}

/** Every parameter the model holds, the constant LayerNorm scales and biases included. */
export function parameterCount(c: RaceConfig): number {
  const perLayer = 4 * c.dModel * c.dModel + 2 * c.dModel * c.ffn + c.ffn + c.dModel + 4 * c.dModel;
  return c.layers * perLayer + 2 * c.vocab * c.dModel + c.seqLen * c.dModel + 2 * c.dModel;
}

/** fp32 bytes of all initializers. */
export function weightBytes(c: RaceConfig): number {
  return 4 * parameterCount(c);
}

/**
 * Floating-point operations per nonce, counting 2 per multiply-add over every matrix product: the
 * per-token projections and feed-forward, attention scores and mixing, and the unembedding of the
 * last position only. Elementwise ops (LayerNorm, Gelu, Softmax) are left out, as is customary.
 */
export function flopsPerNonce(c: RaceConfig): number {
  const { dModel: d, ffn: f, seqLen: s, layers: l, vocab: v } = c;
  const projections = 2 * s * (3 * d * d + d * d + 2 * d * f);
  const attention = 2 * 2 * s * s * d;
  return l * (projections + attention) + 2 * d * v;
}
