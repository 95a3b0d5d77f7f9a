import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { secp256k1PubkeyFromPrivkey } from '../../../../chain/crypto/secp256k1.js';
import { ApiError } from '../../../../node/inference/api/api-error.js';
import { apiKeysFile, bearerToken, createApiKey, loadApiKeys } from '../../../../node/inference/api/api-keys.js';
import {
  completionResponse,
  streamChunk,
  tokenText,
  usageChunk,
  wireLogprob,
} from '../../../../node/inference/api/openai-format.js';
import { RateLimiter } from '../../../../node/inference/api/rate-limiter.js';
import { parseJsonBody, parseSamplingRequest } from '../../../../node/inference/api/request-body.js';
import {
  signatureHeaders,
  signRequest,
  SIGNATURE_HEADERS,
  verifySignedRequest,
} from '../../../../node/inference/api/signed-request.js';
import { signingFetch } from '../../../../node/inference/api/signing-fetch.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ID = { chainId: 'race-test-1', relay: 'race1relay' };
const priv = sha256(new TextEncoder().encode('wire test key'));
const pub = secp256k1PubkeyFromPrivkey(priv);
const names = { bos: 256, eos: 257 };
const meta = { id: 'chatcmpl-1', created: 1700000000, model: 'm', endpoint: 'chat' as const };

describe('request bodies', () => {
  it('reads max_completion_tokens before max_tokens, defaults sampling, and only counts include_usage on streams', () => {
    const r = parseSamplingRequest('chat', {
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 5,
      max_completion_tokens: 7,
      stream_options: { include_usage: true },
    });
    expect(r).toMatchObject({
      maxTokens: 7,
      temperature: 1,
      topP: 1,
      stream: false,
      includeUsage: false,
      stop: [],
      topLogprobs: undefined,
    });
    const c = parseSamplingRequest('completion', {
      model: 'm',
      prompt: 'p',
      logprobs: 3,
      stop: ['a', 'b'],
      seed: 9,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(c).toMatchObject({ prompt: 'p', topLogprobs: 3, stop: ['a', 'b'], seed: 9, includeUsage: true });
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 }, 'temperature'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], top_p: 0 }, 'top_p'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }, 'n'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], top_logprobs: 2 }, 'top_logprobs'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'max_tokens'],
  ])('refuses %j naming %s', (body, param) => {
    const e = (() => {
      try {
        parseSamplingRequest('chat', body);
      } catch (x) {
        return x;
      }
    })() as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.param).toBe(param);
  });

  it('refuses malformed JSON and non-objects', () => {
    expect(() => parseJsonBody(new TextEncoder().encode('[1]'))).toThrow('JSON object');
    expect(() => parseJsonBody(new Uint8Array([0xff]))).toThrow('not valid JSON');
  });
});

describe('OpenAI wire objects', () => {
  it('names tokens as bytes, with BOS/EOS and lone high bytes spelled out', () => {
    expect(tokenText(104, names)).toEqual({ token: 'h', bytes: [104] });
    expect(tokenText(0xc3, names)).toEqual({ token: 'bytes:\\xc3', bytes: [0xc3] });
    expect(tokenText(257, names)).toEqual({ token: '<|eos|>', bytes: [] });
    expect(wireLogprob({ id: 104, logprob: -0.5, top: [{ id: 105, logprob: -1 }] }, names)).toEqual({
      token: 'h',
      bytes: [104],
      logprob: -0.5,
      top_logprobs: [{ token: 'i', bytes: [105], logprob: -1 }],
    });
  });

  it('builds chunks with usage null when include_usage, and a usage chunk without choices', () => {
    expect(streamChunk(meta, { role: true, text: '' }, true)).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'm',
      usage: null,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    });
    expect(streamChunk(meta, { finish: 'length' }, false)).not.toHaveProperty('usage');
    expect(usageChunk(meta, { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })).toMatchObject({
      choices: [],
      usage: { total_tokens: 3 },
    });
  });

  it('builds chat and text completions', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    expect(completionResponse(meta, 'hi', 'stop', usage, undefined)).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop', logprobs: null }],
      usage,
    });
    const lp = [wireLogprob({ id: 104, logprob: -0.5, top: [] }, names)];
    expect(completionResponse({ ...meta, endpoint: 'completion' }, 'h', 'length', usage, lp)).toMatchObject({
      object: 'text_completion',
      choices: [
        { text: 'h', finish_reason: 'length', logprobs: { tokens: ['h'], token_logprobs: [-0.5], text_offset: [0] } },
      ],
    });
  });

  it('renders errors as OpenAI error JSON', () => {
    expect(new ApiError(404, 'no', 'invalid_request_error', 'model_not_found').toJSON()).toEqual({
      error: { message: 'no', type: 'invalid_request_error', param: null, code: 'model_not_found' },
    });
  });
});

describe('signed requests', () => {
  const body = new TextEncoder().encode('{"model":"m"}');
  const t = 1_700_000_000_000_000_000n;

  it('verifies what signRequest signs, and names the requester', () => {
    const h = signatureHeaders(signRequest(body, t, priv, pub, ID));
    const v = verifySignedRequest(h, body, ID, t, 60n);
    expect(v.requestTimeNs).toBe(t);
    expect(v.requester).toMatch(/^race1/);
  });

  it.each([
    [
      'another relay',
      (h: Record<string, string>) => ({ h, id: { ...ID, relay: 'race1other' }, now: t }),
      /bad signature/,
    ],
    ['another chain', (h: Record<string, string>) => ({ h, id: { ...ID, chainId: 'x' }, now: t }), /bad signature/],
    ['a timestamp 61 s old', (h: Record<string, string>) => ({ h, id: ID, now: t + 61_000_000_000n }), /stale/],
    ['a timestamp 61 s ahead', (h: Record<string, string>) => ({ h, id: ID, now: t - 61_000_000_000n }), /stale/],
    [
      'a short key',
      (h: Record<string, string>) => ({ h: { ...h, [SIGNATURE_HEADERS.pubKey]: 'AAAA' }, id: ID, now: t }),
      /33 bytes/,
    ],
    [
      'a garbage timestamp',
      (h: Record<string, string>) => ({ h: { ...h, [SIGNATURE_HEADERS.timestamp]: '-1' }, id: ID, now: t }),
      /nanoseconds/,
    ],
  ])('refuses %s with a 401', (_n, mutate, msg) => {
    const c = mutate(signatureHeaders(signRequest(body, t, priv, pub, ID)));
    let e: unknown;
    try {
      verifySignedRequest(c.h, body, c.id, c.now, 60n);
    } catch (x) {
      e = x;
    }
    expect((e as ApiError).status).toBe(401);
    expect((e as ApiError).message).toMatch(msg);
  });

  it("signingFetch reuses the signature on the client's retries and signs a new call afresh", async () => {
    const seen: Headers[] = [];
    let now = 1_700_000_000_000;
    const f = signingFetch({
      privateKey: priv,
      ...ID,
      nowMs: () => now++,
      fetch: (async (_u: unknown, init?: RequestInit) => {
        seen.push(new Headers(init!.headers));
        return new Response('{}');
      }) as typeof fetch,
    });
    const sig = (i: number) => seen[i]!.get(SIGNATURE_HEADERS.signature);
    await f('http://x/v1/chat/completions', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-stainless-retry-count': '0' },
    });
    await f('http://x/v1/chat/completions', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-stainless-retry-count': '1' },
    });
    await f('http://x/v1/chat/completions', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'x-stainless-retry-count': '0' },
    });
    await f('http://x/v1/chat/completions', { method: 'POST', body: '{"a":1}', headers: { 'Idempotency-Key': 'k' } });
    await f('http://x/v1/chat/completions', { method: 'POST', body: '{"a":1}', headers: { 'Idempotency-Key': 'k' } });
    expect(sig(1)).toBe(sig(0));
    expect(sig(2)).not.toBe(sig(0));
    expect(sig(4)).toBe(sig(3));
    const v = verifySignedRequest(
      Object.fromEntries(seen[2]!.entries()),
      new TextEncoder().encode('{"a":1}'),
      ID,
      1_700_000_000_002n * 1_000_000n,
      60n,
    );
    expect(v.requesterPubKey).toEqual(pub);
  });
});

describe('api keys and rate limits', () => {
  it('stores keys bound to a keyring key (mode 0600) and reads bearer tokens', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-keys-'));
    try {
      const file = apiKeysFile(dir);
      const rec = createApiKey(file, 'dev', 'race1dev', (n) => new Uint8Array(n).fill(7));
      expect(rec.key).toBe(`race-${'07'.repeat(24)}`);
      expect(loadApiKeys(file)).toEqual([rec]);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(bearerToken(`Bearer ${rec.key}`)).toBe(rec.key);
      expect(bearerToken('Basic x')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('allows a burst, then one request per 60/perMinute seconds, per requester', () => {
    let now = 0;
    const l = new RateLimiter({ perMinute: 60, burst: 2 }, { nowMs: () => now });
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 1]);
    expect(l.take('b')).toBe(0);
    now += 1000;
    expect(l.take('a')).toBe(0);
  });
});
