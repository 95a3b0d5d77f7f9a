/**
 * Inference across a 4-validator network of real `raced` processes (spawns nodes: run under flock
 * /tmp/race-heavy.lock). Every node serves the default model and is a registered executor of weight 1; the official
 * openai client talks to node0's API only. node0 relays: it starts each request on chain, the chain draws an executor
 * (never node0 while others are eligible), node0 reaches it over libp2p and streams its tokens back.
 *
 * The statistics of the draw (chi-square, false-failure rate 1e-5) are checked over the real draw function with
 * 20 000 seeds in test/modules/inference/executor-draw.test.ts; here the e2e checks what only a network shows: every
 * node holds the same record (each validator re-ran the draw when it executed the block), the recorded executor is
 * never the relay, and the node that actually ran the request is the one the chain recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEV, inferenceTestnet, type InferenceTestnet } from '../../helpers/inference-testnet.js';
import type { Testnet } from '../../helpers/testnet.js';
import { sleep } from '../../helpers/wait.js';

const NODES = [0, 1, 2, 3];
const REQUESTS = 8;

let t: InferenceTestnet;
let net: Testnet;
let race: string[];
let model: string;
const base = (i: number) => t.base(i);

async function withLogs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    (e as Error).message += `\n${net?.logTails(15) ?? ''}`;
    throw e;
  }
}

type Rec = Record<string, string>;
const usage = async (i: number): Promise<Rec[]> =>
  ((await (await fetch(`${base(i)}/usage?requester=${DEV}`)).json()) as { inferences: Rec[] }).inferences;

async function settledOn(i: number, count: number): Promise<Rec[]> {
  for (let k = 0; k < 150; k++) {
    const list = await usage(i);
    if (list.length === count && list.every((r) => r.status !== 'INFERENCE_STATUS_STARTED')) return list;
    await sleep(200);
  }
  throw new Error(`node${i}: records did not settle: ${JSON.stringify(await usage(i))}`);
}

beforeAll(async () => {
  t = await inferenceTestnet(NODES.length, 'race-infer');
  ({ net, race, model } = t);
  net.startAll(NODES);
  await withLogs(() => net.waitForHeight(2, NODES, 90_000));
}, 150_000);

afterAll(async () => {
  await net?.cleanup();
}, 60_000);

describe('inference relayed across a 4-validator network', () => {
  const client = async () => {
    const relay = ((await (await fetch(`${base(0)}/relay`)).json()) as { relay: string }).relay;
    expect(relay).toBe(race[0]);
    return t.client(0);
  };

  it('the openai client on node0 is answered by executors on other nodes, drawn by the chain, never the relay', async () => {
    await withLogs(async () => {
      const c = await client();
      // A stream first: tokens arrive from the executor's node as chunks, role first, finish_reason last.
      const stream = await c.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 6,
        stream: true,
        stream_options: { include_usage: true },
        logprobs: true,
        top_logprobs: 2,
      });
      const chunks = [];
      for await (const ch of stream) chunks.push(ch);
      expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
      expect(chunks.some((ch) => ch.choices[0]?.finish_reason)).toBe(true);
      expect(chunks.at(-1)!.usage!.completion_tokens).toBeGreaterThan(0);

      const answers = await Promise.all(
        Array.from({ length: REQUESTS - 1 }, (_, i) =>
          c.chat.completions.create({
            model,
            messages: [{ role: 'user', content: `request ${i}` }],
            max_tokens: 4,
            temperature: 0,
          }),
        ),
      );
      for (const a of answers) expect(a.usage!.completion_tokens).toBeGreaterThan(0);

      const recs = await settledOn(0, REQUESTS);
      for (const r of recs) {
        // Settled and paid: finished, or exhausted where the answer ran to max_tokens (charged in full).
        expect(['INFERENCE_STATUS_FINISHED', 'INFERENCE_STATUS_EXHAUSTED']).toContain(r.status);
        expect(r.relay).toBe(race[0]);
        expect(race.slice(1)).toContain(r.executor);
      }
      // Every validator executed the same draw: the records agree on every node.
      for (const i of [1, 2, 3]) {
        const other = await settledOn(i, REQUESTS);
        expect(other.map((r) => [r.id, r.executor, r.cost])).toEqual(recs.map((r) => [r.id, r.executor, r.cost]));
      }
      // The node that ran each request is the one the chain recorded (its log names the id it executed).
      for (const r of recs) {
        const hex = Buffer.from(r.id!, 'base64').toString('hex');
        const ran = NODES.filter((i) =>
          net
            .log(i)
            .split('\n')
            .some((l) => l.includes('inference executed') && l.includes(hex)),
        );
        expect(ran.map((i) => race[i])).toEqual([r.executor]);
      }
    });
  }, 180_000);
});
