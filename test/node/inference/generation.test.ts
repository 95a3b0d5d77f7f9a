import { describe, expect, it } from '@jest/globals';
import { Generation, type SequenceModel } from '../../../node/inference/runner/generation.js';
import { validateGenerate, type GenerateRequest } from '../../../node/inference/runner/requests.js';
import { TINY_CONFIG } from './configs.js';

const EOS = 257;

/** A model that always makes `script[step]` the clear favourite, counting its passes and open sequences. */
function scripted(script: number[]): SequenceModel & { passes: number; open: Set<number> } {
  let step = 0;
  let next = 0;
  const m = {
    vocab: TINY_CONFIG.vocab,
    contextLength: TINY_CONFIG.contextLength,
    eosId: EOS,
    passes: 0,
    open: new Set<number>(),
    newSequence: () => {
      m.open.add(next);
      return next++;
    },
    forwardLast: async (_seq: number, _ids: number[]) => {
      m.passes++;
      const row = new Float32Array(TINY_CONFIG.vocab);
      row[script[step++ % script.length]] = 20;
      return row;
    },
    release: (seq: number) => void m.open.delete(seq),
  };
  return m;
}

async function drain(g: Generation): Promise<number[]> {
  const ids: number[] = [];
  for await (const t of g) ids.push(t.id);
  return ids;
}

const gen = (r: Partial<GenerateRequest>, m: SequenceModel) =>
  new Generation({ ...validateGenerate({ promptIds: [1, 2], maxTokens: 10, ...r }, TINY_CONFIG), seed: r.seed }, m);

describe('Generation', () => {
  it('stops at EOS (yielding it) unless told to ignore it', async () => {
    const m = scripted([65, 66, EOS, 67]);
    const g = gen({}, m);
    expect(await drain(g)).toEqual([65, 66, EOS]);
    expect(g.finishReason).toBe('stop');
    const g2 = gen({ ignoreEos: true, maxTokens: 5 }, scripted([65, EOS, 66]));
    expect(await drain(g2)).toEqual([65, EOS, 66, 65, EOS]);
    expect(g2.finishReason).toBe('length');
  });

  it('stops once a stop sequence is complete, not at a partial match', async () => {
    const g = gen(
      {
        stop: [
          [66, 68],
          [67, 65],
        ],
      },
      scripted([65, 66, 67, 65, 70]),
    );
    expect(await drain(g)).toEqual([65, 66, 67, 65]);
    expect(g.finishReason).toBe('stop');
  });

  it('holds no sequence until iterated and frees it however it ends', async () => {
    const m = scripted([65]);
    const g = gen({ maxTokens: 50 }, m);
    expect(m.open.size).toBe(0);
    let n = 0;
    for await (const _t of g) if (++n === 4) break;
    expect(m.passes).toBe(4);
    expect(m.open.size).toBe(0);
    expect(g.finishReason).toBe('cancelled');
    expect(() => g[Symbol.asyncIterator]()).toThrow(/only once/);

    const early = gen({}, m);
    early.cancel();
    expect(await drain(early)).toEqual([]);
    expect(m.passes).toBe(4);
  });

  it('ends with finishReason error when a forward pass fails, and still frees the sequence', async () => {
    const m = scripted([65]);
    let calls = 0;
    m.forwardLast = async () => {
      if (++calls === 2) throw new Error('boom');
      const row = new Float32Array(TINY_CONFIG.vocab);
      row[65] = 20;
      return row;
    };
    const g = gen({}, m);
    await expect(drain(g)).rejects.toThrow('boom');
    expect(g.finishReason).toBe('error');
    expect(m.open.size).toBe(0);
  });

  it('drops the token of a pass that was in flight when cancelled', async () => {
    const m = scripted([65]);
    const g = gen({ maxTokens: 50 }, m);
    const inner = m.forwardLast;
    m.forwardLast = async (seq, ids) => {
      const row = await inner(seq, ids);
      if (m.passes === 3) g.cancel();
      return row;
    };
    expect(await drain(g)).toEqual([65, 65]);
    expect(g.finishReason).toBe('cancelled');
    expect(m.open.size).toBe(0);
  });
});
