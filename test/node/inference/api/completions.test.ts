import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1PubkeyFromPrivkey, verifySecp256k1 } from '../../../../chain/crypto/secp256k1.js';
import { silentLogger } from '../../../../chain/util/log.js';
import { finishSignBytes } from '../../../../modules/inference/sign-bytes.js';
import { inferenceId } from '../../../../modules/inference/start.js';
import {
  MsgFinishInferences,
  MsgRetryInferences,
  MsgStartInferences,
} from '../../../../proto/gen/race/inference/v1/tx.js';
import { InferenceStatus, type Inference } from '../../../../proto/gen/race/inference/v1/types.js';
import { CompletionsHandler, type ResponseSink } from '../../../../node/inference/api/completions.js';
import { LocalExecutor, type Executor } from '../../../../node/inference/api/executor.js';
import { ExecutorFailed } from '../../../../node/inference/net/remote-executor.js';
import { RateLimiter } from '../../../../node/inference/api/rate-limiter.js';
import { Relay } from '../../../../node/inference/api/relay.js';
import { signatureHeaders, signRequest } from '../../../../node/inference/api/signed-request.js';
import { byteTokenizer } from '../../../../node/inference/runner/byte-tokenizer.js';
import type { Generation } from '../../../../node/inference/runner/generation.js';
import type { GenerateRequest } from '../../../../node/inference/runner/requests.js';
import { ApiError } from '../../../../node/inference/api/api-error.js';

const ID = { chainId: 'race-test-1', relay: 'race1relay' };
const NOW_MS = 1_700_000_000_000;
const devPriv = sha256(new TextEncoder().encode('dev key'));
const devPub = secp256k1PubkeyFromPrivkey(devPriv);
const execPriv = sha256(new TextEncoder().encode('executor key'));
const EXEC = 'race1executor';
const API_KEY = 'race-test-key';
const DEAD = 'race1deadexecutor';

/** A runner that produces "abc" then EOS, one token per step, and records cancellations. */
function fakeRunner(out = [97, 98, 99, 257]) {
  const seen: GenerateRequest[] = [];
  return {
    seen,
    generate(r: GenerateRequest): Generation {
      seen.push(r);
      let cancelled = false;
      const g = {
        finishReason: null as string | null,
        cancel: () => {
          cancelled = true;
        },
        async *[Symbol.asyncIterator]() {
          const n = Math.min(out.length, r.maxTokens);
          for (let i = 0; i < n; i++) {
            if (cancelled) {
              g.finishReason = 'cancelled';
              return;
            }
            yield {
              id: out[i]!,
              logprob: -1.5,
              top: Array.from({ length: r.topLogprobs ?? 0 }, (_, k) => ({ id: 97 + k, logprob: -1 - k })),
            };
          }
          g.finishReason = n < r.maxTokens || out[n - 1] === 257 ? 'stop' : 'length';
        },
      };
      return g as unknown as Generation;
    },
  };
}

/** An executor on another node that streams `tokens` tokens and then dies. */
const dyingExecutor = (tokens: number): Executor => ({
  address: DEAD,
  execute: async (job) => {
    for (let i = 0; i < tokens; i++) job.onToken({ id: 120 + i, logprob: -1, top: [] });
    throw new ExecutorFailed(`executor ${DEAD} closed the stream before reporting its usage`, tokens);
  },
});

function harness(
  o: {
    balance?: bigint;
    contextLength?: number;
    out?: number[];
    records?: Map<string, Inference>;
    /** The chain draws DEAD first; it streams this many tokens, then dies. */
    deadFirst?: number;
  } = {},
) {
  const records = o.records ?? new Map<string, Inference>();
  const starts: MsgStartInferences[] = [];
  const finishes: MsgFinishInferences[] = [];
  const retries: MsgRetryInferences[] = [];
  const paused: string[] = [];
  const relay = new Relay(
    {},
    {
      address: ID.relay,
      submit: (msgs) => {
        const m = msgs[0]!;
        if (m.typeUrl.endsWith('MsgStartInferences')) {
          const s = MsgStartInferences.decode(m.value);
          starts.push(s);
          const id = inferenceId(s.requests[0]!.signature);
          records.set(Buffer.from(id).toString('hex'), {
            id,
            executor: o.deadFirst === undefined ? EXEC : DEAD,
            status: InferenceStatus.INFERENCE_STATUS_STARTED,
            attempts: 1n,
            startHeight: 1n,
            expiryHeight: 21n,
          } as Inference);
        } else if (m.typeUrl.endsWith('MsgRetryInferences')) {
          const r = MsgRetryInferences.decode(m.value);
          retries.push(r);
          const hex = Buffer.from(r.ids[0]!).toString('hex');
          const old = records.get(hex)!;
          const status = InferenceStatus.INFERENCE_STATUS_STARTED;
          records.set(hex, { ...old, executor: EXEC, status, attempts: old.attempts + 1n });
        } else {
          finishes.push(MsgFinishInferences.decode(m.value));
        }
        return { ok: true, hash: 'h', sequence: 0n, bytes: 1 };
      },
      feeFor: () => [],
      getInference: (id) => records.get(Buffer.from(id).toString('hex')),
      // A block: the dead executor's requests reach their expiry (the chain refunds them in full).
      nextBlock: async () => {
        for (const r of records.values())
          if (r.executor === DEAD && r.status === InferenceStatus.INFERENCE_STATUS_STARTED)
            r.status = InferenceStatus.INFERENCE_STATUS_EXPIRED;
      },
      log: silentLogger(),
    },
  );
  const runner = fakeRunner(o.out);
  const executor = new LocalExecutor({
    key: { address: EXEC, privKey: execPriv },
    runner,
    miner: {
      pause: async () => {
        paused.push('pause');
      },
      resume: () => {
        paused.push('resume');
      },
    },
  });
  const handler = new CompletionsHandler({
    identity: ID,
    nowMs: () => NOW_MS,
    replayWindowSeconds: () => 60n,
    servedModel: (id) => (id === 'm' ? { contextLength: o.contextLength ?? 64 } : undefined),
    // 'loading' is registered but not loaded yet (a node just started).
    modelPending: (id) => id === 'loading',
    tokenizer: byteTokenizer,
    balance: () => o.balance ?? 10n ** 12n,
    maxCost: (_m, p, out) => p * 1000n + out * 2000n + 1000n,
    relay,
    executor: (a) => (a === DEAD ? dyingExecutor(o.deadFirst ?? 0) : executor),
    apiKeySigner: async (t) => (t === API_KEY ? { privKey: devPriv, pubKey: devPub } : undefined),
    limiter: new RateLimiter({ perMinute: 0, burst: 1 }, { nowMs: () => NOW_MS }),
    log: silentLogger(),
  });
  return { handler, starts, finishes, retries, paused, runner };
}

function sink() {
  const s = {
    status: 0,
    body: undefined as unknown,
    events: [] as string[],
    ended: false,
    gone: false,
    goneAfter: Infinity,
  };
  const out: ResponseSink & typeof s = Object.assign(s, {
    json: (status: number, body: object) => {
      s.status = status;
      s.body = body;
    },
    startStream: () => {
      s.status = 200;
    },
    write: (t: string) => {
      s.events.push(t);
      if (s.events.length >= s.goneAfter) s.gone = true;
      return true;
    },
    end: () => {
      s.ended = true;
    },
  });
  return out;
}

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});
const signed = (body: Uint8Array, timeMs = NOW_MS) =>
  signatureHeaders(signRequest(body, BigInt(timeMs) * 1_000_000n, devPriv, devPub, ID));

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('completions: a request from body to finish', () => {
  it('answers a signed chat request, starts it with the developer signature and finishes with the executor signature', async () => {
    const h = harness();
    const body = bytes(chat({ max_tokens: 10 }));
    const s = sink();
    await h.handler.handle('chat', signed(body), body, s);
    const r = s.body as any;
    expect(r.choices[0].message).toMatchObject({ role: 'assistant', content: 'abc' });
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.usage).toEqual({
      prompt_tokens: r.usage.prompt_tokens,
      completion_tokens: 4,
      total_tokens: r.usage.prompt_tokens + 4,
    });
    const start = h.starts[0]!.requests[0]!;
    expect(start.requestHash).toEqual(sha256(body));
    expect(start.maxOutputTokens).toBe(10n);
    const f = h.finishes[0]!.reports[0]!;
    expect(f.deliveredTokens).toBe(4n);
    expect(
      verifySecp256k1(
        f.executorSignature,
        finishSignBytes(f.id, f.promptTokens, f.completionTokens, f.responseHash),
        secp256k1PubkeyFromPrivkey(execPriv),
      ),
    ).toBe(true);
    expect(h.paused).toEqual(['pause', 'resume']);
  });

  it('streams role first, content with logprobs, finish_reason last, usage, then [DONE]', async () => {
    const h = harness();
    const body = bytes(
      chat({ stream: true, stream_options: { include_usage: true }, logprobs: true, top_logprobs: 2 }),
    );
    const s = sink();
    await h.handler.handle('chat', { authorization: `Bearer ${API_KEY}` }, body, s);
    expect(s.events[s.events.length - 1]).toBe('data: [DONE]\n\n');
    const chunks = s.events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { completion_tokens: 4 } });
    expect(chunks[chunks.length - 2].choices[0].finish_reason).toBe('stop');
    const content = chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? []);
    expect(content.map((c: any) => c.token)).toEqual(['a', 'b', 'c']);
    expect(content[0].top_logprobs).toHaveLength(2);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe('abc');
    expect(s.ended).toBe(true);
  });

  it('passes stop strings as token sequences and leaves the matched one out of the answer', async () => {
    // The runner yields a stop sequence's tokens, then stops (finishReason 'stop'): here "bc" after "a".
    const h = harness({ out: [97, 98, 99] });
    const body = bytes(chat({ stop: 'bc', max_tokens: 5 }));
    const s = sink();
    await h.handler.handle('chat', { authorization: `Bearer ${API_KEY}` }, body, s);
    expect(h.runner.seen[0]!.stop).toEqual([[98, 99]]);
    expect((s.body as any).choices[0].message.content).toBe('a');
    expect(h.finishes[0]!.reports[0]!.completionTokens).toBe(3n);
  });

  it('charges a client that disconnects only for the tokens produced until the executor noticed', async () => {
    const h = harness({ out: [97, 98, 99, 100, 101, 102, 257] });
    const body = bytes(chat({ stream: true }));
    const s = sink();
    s.goneAfter = 2; // the role chunk and the first token's chunk, then the client is gone
    await h.handler.handle('chat', { authorization: `Bearer ${API_KEY}` }, body, s);
    const f = h.finishes[0]!.reports[0]!;
    expect(f.completionTokens).toBe(1n);
    expect(f.deliveredTokens).toBe(1n);
  });

  it('an executor that dies is waited out to its expiry (full refund) and the request re-opened with another: charged once', async () => {
    const h = harness({ deadFirst: 2 });
    const s = sink();
    await h.handler.handle('chat', signed(bytes(chat({ max_tokens: 10 }))), bytes(chat({ max_tokens: 10 })), s);
    expect(s.status).toBe(200);
    expect((s.body as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('abc');
    expect(h.starts).toHaveLength(1);
    expect(h.retries).toHaveLength(1);
    expect(h.finishes).toHaveLength(1);
    expect(h.finishes[0]!.reports[0]!.completionTokens).toBe(4n);
  });

  it('a stream whose executor dies after tokens went out ends with an error and no finish: the expiry refunds it', async () => {
    const h = harness({ deadFirst: 1 });
    const body = bytes(chat({ stream: true }));
    const s = sink();
    await h.handler.handle('chat', signed(body), body, s);
    expect(s.ended).toBe(true);
    expect(s.events.at(-2)).toMatch(/refunded in full/);
    expect(s.events.at(-1)).toBe('data: [DONE]\n\n');
    expect(h.retries).toHaveLength(0);
    expect(h.finishes).toHaveLength(0);
  });

  it('answers a retry with the same signature from the first attempt, starting it once', async () => {
    const h = harness();
    const body = bytes(chat());
    const headers = signed(body);
    const a = sink();
    const b = sink();
    await h.handler.handle('chat', headers, body, a);
    await h.handler.handle('chat', headers, body, b);
    expect(b.body).toEqual(a.body);
    expect(h.starts).toHaveLength(1);
  });

  it('answers an api-key retry (x-stainless-retry-count or Idempotency-Key) once, but a new call with the same body anew', async () => {
    const h = harness();
    const body = bytes(chat());
    const auth = { authorization: `Bearer ${API_KEY}`, 'x-stainless-retry-count': '0' };
    await h.handler.handle('chat', auth, body, sink());
    await h.handler.handle('chat', { ...auth, 'x-stainless-retry-count': '1' }, body, sink());
    expect(h.starts).toHaveLength(1);
    await h.handler.handle('chat', auth, body, sink());
    expect(h.starts).toHaveLength(2);
    await h.handler.handle('chat', { ...auth, 'idempotency-key': 'k' }, body, sink());
    await h.handler.handle('chat', { ...auth, 'idempotency-key': 'k' }, body, sink());
    expect(h.starts).toHaveLength(3);
  });
});

describe('completions: bad input gets a clear error and costs nothing', () => {
  const cases: Array<
    [
      string,
      () => { headers: Record<string, string>; body: Uint8Array; opts?: Parameters<typeof harness>[0] },
      number,
      RegExp,
    ]
  > = [
    [
      'malformed JSON',
      () => ({ headers: { authorization: `Bearer ${API_KEY}` }, body: bytes('{"model": ') }),
      400,
      /not valid JSON/,
    ],
    [
      'an unknown model',
      () => ({ headers: { authorization: `Bearer ${API_KEY}` }, body: bytes(chat({ model: 'nope' })) }),
      404,
      /does not exist/,
    ],
    [
      'a registered model this node has not loaded yet',
      () => ({ headers: { authorization: `Bearer ${API_KEY}` }, body: bytes(chat({ model: 'loading' })) }),
      503,
      /not loaded on this node yet/,
    ],
    [
      'a prompt over the context length',
      () => ({
        headers: { authorization: `Bearer ${API_KEY}` },
        body: bytes(chat({ messages: [{ role: 'user', content: 'x'.repeat(100) }] })),
      }),
      400,
      /context length/,
    ],
    [
      'max_tokens past the context',
      () => ({ headers: { authorization: `Bearer ${API_KEY}` }, body: bytes(chat({ max_tokens: 60 })) }),
      400,
      /context length/,
    ],
    [
      'a maximum cost above the balance',
      () => ({ headers: { authorization: `Bearer ${API_KEY}` }, body: bytes(chat()), opts: { balance: 5000n } }),
      402,
      /maximum cost is [0-9]+nicoin/,
    ],
    ['no credentials', () => ({ headers: {}, body: bytes(chat()) }), 401, /missing credentials/],
    [
      'an unknown API key',
      () => ({ headers: { authorization: 'Bearer wrong' }, body: bytes(chat()) }),
      401,
      /unknown API key/,
    ],
    [
      'a bad signature (another body)',
      () => ({ headers: signed(bytes(chat({ max_tokens: 3 }))), body: bytes(chat()) }),
      401,
      /bad signature/,
    ],
    [
      'a stale timestamp',
      () => {
        const body = bytes(chat());
        return { headers: signed(body, NOW_MS - 61_000), body };
      },
      401,
      /stale request/,
    ],
    [
      'top_logprobs over 20',
      () => ({
        headers: { authorization: `Bearer ${API_KEY}` },
        body: bytes(chat({ logprobs: true, top_logprobs: 21 })),
      }),
      400,
      /top_logprobs/,
    ],
  ];
  it.each(cases)('%s', async (_name, make, status, message) => {
    const c = make();
    const h = harness(c.opts);
    const e = await refused(h.handler.handle('chat', c.headers, c.body, sink()));
    expect(e.status).toBe(status);
    expect(e.message).toMatch(message);
    expect(e.toJSON().error).toMatchObject({ message: e.message, type: expect.any(String) });
    expect(h.starts).toHaveLength(0);
  });

  it('refuses a replayed signature the chain already holds, starting nothing', async () => {
    const records = new Map<string, Inference>();
    const body = bytes(chat());
    const headers = signed(body);
    await harness({ records }).handler.handle('chat', headers, body, sink());
    // Another handler (after a restart) has no cached answer: the chain's record is the guard.
    const h2 = harness({ records });
    const e = await refused(h2.handler.handle('chat', headers, body, sink()));
    expect(e.status).toBe(400);
    expect(e.code).toBe('duplicate_request');
    expect(h2.starts).toHaveLength(0);
  });
});
