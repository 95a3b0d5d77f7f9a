import { describe, expect, it } from '@jest/globals';
import ort from 'onnxruntime-node';
import { TEST_CONFIG } from '../../../race/engine/config.js';
import { INPUT_NAME, OUTPUT_NAME } from '../../../race/engine/graph.js';
import { buildModel } from '../../../race/engine/model-file.js';
import { createRaceSession, parseDevice, sessionOptions, type SpinPolicy } from '../../../race/engine/session.js';

const quiet = { info: () => {} };

describe('race sessions', () => {
  it('spins intra-op threads only during runs by default; always or never when asked', () => {
    expect(sessionOptions('cpu', { threads: 2 }).extra).toEqual({
      session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' },
    });
    expect(sessionOptions('cpu', { threads: 2, spinning: 'never' }).extra).toEqual({
      session: { intra_op: { allow_spinning: '0' } },
    });
    expect(sessionOptions('cpu', { threads: 2, spinning: 'always' }).extra).toBeUndefined();
    expect(() => sessionOptions('cpu', { spinning: 'sometimes' as SpinPolicy })).toThrow(/spin policy/);
  });

  it('pins the options that could change the arithmetic', () => {
    const o = sessionOptions('cpu', { threads: 3 });
    expect(o).toMatchObject({
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: 3,
      interOpNumThreads: 1,
    });
    expect(() => sessionOptions('cpu', { threads: 0 })).toThrow(/threads/);
    expect(() => parseDevice('gpu')).toThrow(/auto, cuda or cpu/);
  });

  it('computes the same bits whatever the spin policy', async () => {
    const model = buildModel(TEST_CONFIG, new Uint8Array(32).fill(3));
    const tokens = new ort.Tensor(
      'int64',
      BigInt64Array.from({ length: 8 * TEST_CONFIG.seqLen }, (_, i) => BigInt((i * 37) % TEST_CONFIG.vocab)),
      [8, TEST_CONFIG.seqLen],
    );
    const outputs: Buffer[] = [];
    try {
      for (const spinning of ['during-runs', 'always', 'never'] as const) {
        const { session } = await createRaceSession(model, { device: 'cpu', threads: 2, spinning }, quiet);
        try {
          const logits = (await session.run({ [INPUT_NAME]: tokens }))[OUTPUT_NAME].data as Float32Array;
          outputs.push(Buffer.from(logits.buffer, logits.byteOffset, logits.byteLength));
        } finally {
          await session.release();
        }
      }
    } finally {
      model.dispose();
    }
    expect(outputs[0].equals(outputs[1])).toBe(true);
    expect(outputs[0].equals(outputs[2])).toBe(true);
  });
});
