import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import OpenAI from 'openai';
import { openKeyring } from '../../../../chain/crypto/keyring/index.js';
import { setUpSingleNodeInference } from '../../../../node/inference/api/single-node-setup.js';
import { signingFetch } from '../../../../node/inference/api/signing-fetch.js';
import {
  freePort,
  makeTestHome,
  startNode,
  waitForHeight,
  type NodeProcess,
  type TestHome,
} from '../../../helpers/node-process.js';
import { sleep, waitFor } from '../../../helpers/wait.js';

const FUNDS = 10n ** 12n;
/** Default pricing: unit price 1000 nicoin; the default model costs 1 unit per input token, 2 per output; fee 1000. */
const P_IN = 1000n;
const P_OUT = 2000n;
const FEE = 1000n;

/**
 * One real node (spawns raced: run under flock /tmp/race-heavy.lock) serving its own requests, driven by the
 * official openai client unmodified: models, a completion, a stream with logprobs and usage, an error, exact balances
 * and a retried request charged once.
 */
describe('OpenAI-compatible API on a one-node network, with the official openai client', () => {
  let h: TestHome;
  let node: NodeProcess;
  let baseURL: string;
  let apiKey: string;
  let dev: string;
  let model: string;

  const balance = async (address: string): Promise<bigint> => {
    const r = (await (await fetch(`http://127.0.0.1:${h.apiPort}/cosmos/bank/v1beta1/balances/${address}`)).json()) as {
      balances: Array<{ denom: string; amount: string }>;
    };
    return BigInt(r.balances.find((b) => b.denom === 'nicoin')?.amount ?? '0');
  };
  const usage = async (address: string): Promise<Array<Record<string, string>>> =>
    (
      (await (await fetch(`${baseURL}/usage?requester=${address}`)).json()) as {
        inferences: Array<Record<string, string>>;
      }
    ).inferences;
  /** Waits until every record of `address` is settled (the finish lands a block after the answer). */
  const settled = async (address: string, count: number) => {
    for (let i = 0; i < 100; i++) {
      const list = await usage(address);
      if (list.length === count && list.every((r) => r.status !== 'INFERENCE_STATUS_STARTED')) return list;
      await sleep(200);
    }
    throw new Error(`records of ${address} did not settle: ${JSON.stringify(await usage(address))}`);
  };

  beforeAll(async () => {
    h = await makeTestHome({ timeoutCommit: '300ms', mining: false, accounts: [{ name: 'dev', nicoin: FUNDS }] });
    dev = h.addresses.dev!;
    const port = await freePort();
    const setup = setUpSingleNodeInference(h.home, {
      address: `tcp://127.0.0.1:${port}`,
      apiKeyFor: { keyName: 'dev', address: dev },
    });
    apiKey = setup.apiKey!;
    model = setup.model;
    baseURL = `http://127.0.0.1:${port}/v1`;
    node = await startNode(h, [], 90_000);
    await waitForHeight(h.rpcUrl, 2);
    // The API listens before the first block; the library loads the registered models after it, in the background.
    await waitFor(
      async () => {
        const r = (await (await fetch(`${baseURL}/models`)).json()) as { data: Array<{ id: string }> };
        return r.data.some((m) => m.id === model) || undefined;
      },
      `${model} to be served`,
      60_000,
      200,
    );
  }, 120_000);
  afterAll(async () => {
    await node?.stop();
    if (h) fs.rmSync(h.home, { recursive: true, force: true });
  });

  it('lists the default model and refuses an unknown one with a 404 error JSON', async () => {
    const client = new OpenAI({ baseURL, apiKey });
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual([model]);
    expect((await client.models.retrieve(model)).object).toBe('model');
    const err = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
  }, 30_000);

  it('answers a completion and settles it exactly: escrow, charge, refund to the nicoin', async () => {
    const client = new OpenAI({ baseURL, apiKey });
    const before = await balance(dev);
    const r = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hello' }],
      max_tokens: 8,
      temperature: 0,
    });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0]!.message.role).toBe('assistant');
    const u = r.usage!;
    expect(u.completion_tokens).toBeGreaterThan(0);
    expect(u.completion_tokens).toBeLessThanOrEqual(8);
    const [rec] = await settled(dev, 1);
    const escrow = BigInt(u.prompt_tokens) * P_IN + 8n * P_OUT + FEE;
    const cost =
      u.completion_tokens === 8 ? escrow : BigInt(u.prompt_tokens) * P_IN + BigInt(u.completion_tokens) * P_OUT + FEE;
    expect(BigInt(rec!.escrow!)).toBe(escrow);
    expect(BigInt(rec!.cost!)).toBe(cost);
    expect(await balance(dev)).toBe(before - cost);
  }, 60_000);

  it("refunds the unused escrow of the README script's request (greedy, stops early at byte 5)", async () => {
    // The README promises that this request ends before max_tokens and gets part of its escrow back; if the default
    // model changes (training), its greedy answer changes and the README's example must change with it.
    const client = new OpenAI({ baseURL, apiKey });
    const before = await balance(dev);
    const r = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hello!' }],
      max_tokens: 32,
      temperature: 0,
      stop: ['\u0005'],
    });
    expect(r.choices[0]!.finish_reason).toBe('stop');
    const list = await settled(dev, 2);
    const rec = list[1]!;
    expect(rec.status).toBe('INFERENCE_STATUS_FINISHED');
    const cost = BigInt(r.usage!.prompt_tokens) * P_IN + BigInt(r.usage!.completion_tokens) * P_OUT + FEE;
    expect(BigInt(rec.cost!)).toBe(cost);
    expect(BigInt(rec.escrow!) - cost).toBeGreaterThan(0n);
    expect(await balance(dev)).toBe(before - cost);
  }, 60_000);

  it('streams with role first, logprobs, finish_reason last, usage and [DONE]', async () => {
    const client = new OpenAI({ baseURL, apiKey });
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
      logprobs: true,
      top_logprobs: 3,
      temperature: 0.8,
      seed: 7,
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    expect(chunks[chunks.length - 2]!.choices[0]!.finish_reason).not.toBeNull();
    const lps = chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? []);
    expect(lps.length).toBeGreaterThan(0);
    for (const lp of lps) expect(lp.top_logprobs.length).toBe(3);
    await settled(dev, 3);
  }, 60_000);

  it('charges a retried signed request once (same Idempotency-Key, same signature)', async () => {
    const keyring = openKeyring({ backend: 'test', home: h.home });
    const relay = (await (await fetch(`${baseURL}/relay`)).json()) as { relay: string; chain_id: string };
    const client = new OpenAI({
      baseURL,
      apiKey: 'signed',
      fetch: signingFetch({ privateKey: await keyring.privateKey('dev'), chainId: relay.chain_id, relay: relay.relay }),
    });
    const before = await balance(dev);
    const body = { model, messages: [{ role: 'user' as const, content: 'once' }], max_tokens: 4, temperature: 0 };
    const a = await client.chat.completions.create(body, { headers: { 'Idempotency-Key': 'retry-1' } });
    const b = await client.chat.completions.create(body, { headers: { 'Idempotency-Key': 'retry-1' } });
    expect(b.id).toBe(a.id);
    const list = await settled(dev, 4);
    expect(await balance(dev)).toBe(before - BigInt(list[3]!.cost!));
  }, 60_000);

  it('answers /v1/completions with the legacy logprobs shape', async () => {
    const client = new OpenAI({ baseURL, apiKey });
    const r = await client.completions.create({ model, prompt: 'Once', max_tokens: 3, logprobs: 2, temperature: 0 });
    expect(r.object).toBe('text_completion');
    expect(r.choices[0]!.logprobs!.top_logprobs!.length).toBe(
      r.usage!.completion_tokens - (r.choices[0]!.finish_reason === 'stop' ? 1 : 0),
    );
    await settled(dev, 5);
  }, 60_000);
});
