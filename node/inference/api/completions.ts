/**
 * One completion request from body to settlement: authenticate, check model, context and balance (so that bad input
 * costs nothing), start on chain, execute on the drawn executor while streaming, finish on chain. Requests are
 * idempotent by id (= sha256 of the developer's signature): a retry with the same signature, or an api-key retry
 * with the same body or Idempotency-Key, gets the first attempt's answer and is never charged again.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Logger } from '../../../chain/util/log.js';
import { inferenceId } from '../../../modules/inference/start.js';
import type { Tokenizer } from '../runner/byte-tokenizer.js';
import { chatPromptIds } from '../runner/chat-template.js';
import type { ModelText } from '../models/model-text.js';
import {
  ApiError,
  badRequest,
  notFound,
  paymentRequired,
  rateLimited,
  unauthorized,
  unavailable,
} from './api-error.js';
import { bearerToken } from './api-keys.js';
import type { ExecutionResult, Executor } from './executor.js';
import { AnswerBuilder } from './answer-builder.js';
import {
  completionResponse,
  sseData,
  SSE_DONE,
  streamChunk,
  usageChunk,
  usageOf,
  type ResponseMeta,
} from './openai-format.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Relay } from './relay.js';
import { parseJsonBody, parseSamplingRequest, type Endpoint, type SamplingRequest } from './request-body.js';
import {
  hasSignatureHeaders,
  signRequest,
  verifySignedRequest,
  type RelayIdentity,
  type SignedRequest,
} from './signed-request.js';

type Headers = Record<string, string | string[] | undefined>;

/** Where the answer goes: JSON at once, or SSE writes; `gone` is true once the client disconnected. */
export interface ResponseSink {
  json(status: number, body: object): void;
  startStream(): void;
  write(text: string): boolean;
  end(): void;
  readonly gone: boolean;
}

export interface CompletionsDeps {
  identity: RelayIdentity;
  nowMs: () => number;
  replayWindowSeconds: () => bigint;
  /** A model this node serves and the registry knows, with its context length and (unless byte-level) its text. */
  servedModel: (id: string) => { contextLength: number; text?: ModelText } | undefined;
  /** Whether `id` is registered but not (yet) loaded here: a 503 the client retries, not a 404 (the node loads after start). */
  modelPending?: (id: string) => boolean;
  /** The tokenizer of models that bring no ModelText (the built-in byte tokenizer). */
  tokenizer: Tokenizer;
  balance: (address: string) => bigint;
  maxCost: (model: string, promptTokens: bigint, maxOutputTokens: bigint) => bigint;
  relay: Relay;
  /** The executor the chain drew: this node's own, or a remote one over libp2p. */
  executor: (address: string) => Executor;
  /** The keyring key an API key signs with. */
  apiKeySigner: (token: string) => Promise<{ privKey: Uint8Array; pubKey: Uint8Array } | undefined>;
  limiter: RateLimiter;
  log: Logger;
  /** Told once per request when its first token reaches this relay, with ms since the request arrived (dashboard). */
  onFirstToken?: (ms: number) => void;
}

/** A finished request's answer, kept for retries. */
type Outcome = { kind: 'json'; status: number; body: object } | { kind: 'stream'; events: string[] };

const RETRY_HEADER = 'x-stainless-retry-count';
const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEEP_MS = 10 * 60_000;
/** Answers kept for retries at most (oldest go first); past it a late retry meets the chain's replay refusal instead. */
const MAX_KEPT = 2000;

export class CompletionsHandler {
  private outcomes = new Map<string, { at: number; outcome: Promise<Outcome> }>();
  private aliases = new Map<string, string>();
  private lastSignedNs = 0n;

  constructor(private readonly deps: CompletionsDeps) {}

  async handle(endpoint: Endpoint, headers: Headers, body: Uint8Array, sink: ResponseSink): Promise<void> {
    const req = parseSamplingRequest(endpoint, parseJsonBody(body));
    const signed = await this.authenticate(headers, body);
    const idHex = Buffer.from(inferenceId(signed.signature)).toString('hex');
    const alias = this.aliasOf(headers, body);
    const earlier =
      this.outcomes.get(idHex) ?? (alias?.retry ? this.outcomes.get(this.aliases.get(alias.key) ?? '') : undefined);
    if (earlier) return replay(await earlier.outcome, sink);
    const wait = this.deps.limiter.take(signed.requester);
    if (wait > 0)
      throw Object.assign(rateLimited(`rate limit for ${signed.requester}: retry in ${wait}s`), { retryAfter: wait });
    this.prune();
    const outcome = this.run(req, signed, sink);
    this.outcomes.set(idHex, {
      at: this.deps.nowMs(),
      outcome: outcome.catch((e: unknown) => ({ kind: 'json' as const, status: toStatus(e), body: toBody(e) })),
    });
    if (alias) this.aliases.set(alias.key, idHex);
    try {
      await outcome;
    } catch (e) {
      // Refused before anything was charged: forget it so that a corrected retry is not answered with this error.
      this.outcomes.delete(idHex);
      throw e;
    }
  }

  /** An api-key request's retry key: its Idempotency-Key, or the body when the client marks the call a retry. */
  private aliasOf(headers: Headers, body: Uint8Array): { key: string; retry: boolean } | undefined {
    const token = bearerToken(headers.authorization);
    if (hasSignatureHeaders(headers) || !token) return undefined;
    const idem = headers[IDEMPOTENCY_HEADER];
    if (typeof idem === 'string') return { key: `${token}:k:${idem}`, retry: true };
    // Without a key, only a call the client itself marks as a retry reuses the first attempt: a new call with the
    // same body is a new request.
    return {
      key: `${token}:b:${Buffer.from(sha256(body)).toString('hex')}`,
      retry: Number(headers[RETRY_HEADER] ?? '0') > 0,
    };
  }

  private prune(): void {
    const cutoff = this.deps.nowMs() - KEEP_MS;
    for (const [k, v] of this.outcomes) if (v.at < cutoff || this.outcomes.size > MAX_KEPT) this.outcomes.delete(k);
    for (const [a, id] of this.aliases) if (!this.outcomes.has(id)) this.aliases.delete(a);
  }

  private async authenticate(headers: Headers, body: Uint8Array): Promise<SignedRequest> {
    const nowNs = BigInt(this.deps.nowMs()) * 1_000_000n;
    if (hasSignatureHeaders(headers))
      return verifySignedRequest(headers, body, this.deps.identity, nowNs, this.deps.replayWindowSeconds());
    const token = bearerToken(headers.authorization);
    if (!token)
      throw unauthorized(
        'missing credentials: sign the request (x-race-signature headers) or send an API key (Authorization: Bearer …)',
      );
    const key = await this.deps.apiKeySigner(token);
    if (!key) throw unauthorized('unknown API key; create one with `raced inference api-key create --from <key>`');
    // Strictly increasing times: two identical bodies in one millisecond are two requests, not one signature.
    this.lastSignedNs = nowNs > this.lastSignedNs ? nowNs : this.lastSignedNs + 1n;
    return signRequest(body, this.lastSignedNs, key.privKey, key.pubKey, this.deps.identity);
  }

  private async run(req: SamplingRequest, signed: SignedRequest, sink: ResponseSink): Promise<Outcome> {
    const arrivedMs = this.deps.nowMs();
    let firstTokenSeen = false;
    const d = this.deps;
    const model = d.servedModel(req.model);
    if (!model) {
      if (d.modelPending?.(req.model))
        throw unavailable(`The model \`${req.model}\` is registered but not loaded on this node yet; retry shortly`);
      throw notFound(`The model \`${req.model}\` does not exist or this node does not serve it`, 'model_not_found');
    }
    const tokenizer = model.text?.tokenizer ?? d.tokenizer;
    const promptIds = model.text
      ? req.messages
        ? model.text.chatPromptIds(req.messages)
        : model.text.completionPromptIds(req.prompt!)
      : req.messages
        ? chatPromptIds(req.messages, tokenizer)
        : [tokenizer.bosId, ...tokenizer.encode(req.prompt!)];
    const room = model.contextLength - promptIds.length;
    if (room < 1)
      throw badRequest(
        `the prompt is ${promptIds.length} tokens; the model's context length is ${model.contextLength}`,
        'messages',
        'context_length_exceeded',
      );
    if (req.maxTokens !== undefined && req.maxTokens > room) {
      throw badRequest(
        `prompt (${promptIds.length} tokens) + max_tokens (${req.maxTokens}) exceed the context length ${model.contextLength}`,
        'max_tokens',
        'context_length_exceeded',
      );
    }
    const maxTokens = req.maxTokens ?? room;
    const cost = d.maxCost(req.model, BigInt(promptIds.length), BigInt(maxTokens));
    const balance = d.balance(signed.requester);
    if (balance < cost)
      throw paymentRequired(
        `the request's maximum cost is ${cost}nicoin; ${signed.requester} has ${balance}nicoin. Lower max_tokens or fund the account`,
      );

    let record = await d.relay.start({
      requesterPubKey: signed.requesterPubKey,
      modelId: req.model,
      requestHash: signed.requestHash,
      requestTimeNs: signed.requestTimeNs,
      promptTokens: BigInt(promptIds.length),
      maxOutputTokens: BigInt(maxTokens),
      signature: signed.signature,
    });

    const meta: ResponseMeta = {
      id: `${req.endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${Buffer.from(record.id).toString('hex').slice(0, 32)}`,
      created: Math.floor(d.nowMs() / 1000),
      model: req.model,
      endpoint: req.endpoint,
    };
    const events: string[] = [];
    const emit = (v: object | string) => {
      const text = typeof v === 'string' ? v : sseData(v);
      events.push(text);
      if (!sink.gone) sink.write(text);
    };
    const stops = req.stop.map((s) => tokenizer.encode(s));
    const newAnswer = () =>
      new AnswerBuilder(
        {
          meta,
          stops,
          topLogprobs: req.topLogprobs,
          includeUsage: req.includeUsage,
          emit: req.stream ? emit : undefined,
        },
        tokenizer,
      );
    let answer = newAnswer();
    if (req.stream) {
      sink.startStream();
      emit(streamChunk(meta, { role: true, text: '' }, req.includeUsage));
    }
    let result: ExecutionResult;
    for (;;) {
      const executor = d.executor(record.executor);
      let received = 0;
      try {
        result = await executor.execute({
          id: record.id,
          model: req.model,
          generate: {
            promptIds,
            maxTokens,
            temperature: req.temperature,
            topP: req.topP,
            seed: req.seed,
            stop: stops,
            topLogprobs: req.topLogprobs ?? 0,
          },
          onToken: (t) => {
            received++;
            if (!firstTokenSeen) {
              firstTokenSeen = true;
              d.onFirstToken?.(d.nowMs() - arrivedMs);
            }
            answer.push(t);
            return !(req.stream && sink.gone);
          },
        });
        break;
      } catch (e) {
        d.log.warn({ id: meta.id, executor: record.executor, err: (e as Error).message }, 'executor failed');
        // Tokens already streamed cannot be taken back: that request ends here and its expiry refunds it in full.
        // Otherwise the chain expires it (full refund) and re-opens it with another executor: never charged twice.
        const next = req.stream && received > 0 ? undefined : await d.relay.retryAfterExpiry(record);
        if (!next) return this.failed(req.stream, events, emit, sink, e);
        record = next;
        answer = newAnswer();
      }
    }
    const tail = answer.finish(result.finishReason === 'stop');
    d.relay.finish({
      id: record.id,
      promptTokens: BigInt(result.promptTokens),
      completionTokens: BigInt(result.completionTokens),
      responseHash: result.responseHash,
      executorSignature: result.executorSignature,
      deliveredTokens: BigInt(result.completionTokens),
    });
    const usage = usageOf(result.promptTokens, result.completionTokens);
    const finish = result.finishReason === 'length' ? 'length' : 'stop';
    if (!req.stream) {
      const body = completionResponse(
        meta,
        answer.text,
        finish,
        usage,
        req.topLogprobs !== undefined ? answer.logprobs : undefined,
      );
      sink.json(200, body);
      return { kind: 'json', status: 200, body };
    }
    emit(streamChunk(meta, { text: tail === '' ? undefined : tail, finish }, req.includeUsage));
    if (req.includeUsage) emit(usageChunk(meta, usage));
    emit(SSE_DONE);
    sink.end();
    return { kind: 'stream', events };
  }

  /** The executor failed and no retry is left: the request expires and is refunded in full. */
  private failed(
    stream: boolean,
    events: string[],
    emit: (v: object | string) => void,
    sink: ResponseSink,
    cause: unknown,
  ): Outcome {
    const err = unavailable(
      `the executor failed (${(cause as Error).message}); the request expires and is refunded in full, nothing is charged`,
    );
    if (!stream) throw err;
    emit(err.toJSON());
    emit(SSE_DONE);
    sink.end();
    return { kind: 'stream', events };
  }
}

function replay(o: Outcome, sink: ResponseSink): void {
  if (o.kind === 'json') return sink.json(o.status, o.body);
  sink.startStream();
  for (const e of o.events) sink.write(e);
  sink.end();
}

const toStatus = (e: unknown) => (e instanceof ApiError ? e.status : 500);
const toBody = (e: unknown) =>
  e instanceof ApiError
    ? e.toJSON()
    : { error: { message: (e as Error)?.message ?? String(e), type: 'server_error', param: null, code: null } };
