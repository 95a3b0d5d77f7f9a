/**
 * Parsing and validation of `POST /v1/chat/completions` and `/v1/completions` bodies into one sampling request.
 * Pure: every bad field is an ApiError naming it, before anything is signed or charged.
 */
import { MAX_TOP_LOGPROBS } from '../runner/sampling.js';
import { CHAT_ROLES, type ChatMessage } from '../runner/chat-template.js';
import { badRequest } from './api-error.js';

export type Endpoint = 'chat' | 'completion';

export interface SamplingRequest {
  endpoint: Endpoint;
  model: string;
  /** Chat messages, or the completion prompt. */
  messages?: ChatMessage[];
  prompt?: string;
  stream: boolean;
  includeUsage: boolean;
  /** Requested output budget; undefined = as much as the context allows. */
  maxTokens: number | undefined;
  temperature: number;
  topP: number;
  seed: number | undefined;
  stop: string[];
  /** Top alternatives per token; undefined = no logprobs. */
  topLogprobs: number | undefined;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function optNumber(b: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw badRequest(
      `${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`,
      key,
    );
  }
  return v;
}

/** Decodes the raw body; malformed JSON or a non-object is a 400. */
export function parseJsonBody(raw: Uint8Array): Json {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(v)) throw badRequest('the request body must be a JSON object');
  return v;
}

function parseMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v) || v.length === 0) throw badRequest('messages must be a non-empty array', 'messages');
  return v.map((m, i) => {
    if (!isObject(m) || !CHAT_ROLES.includes(m.role as never))
      throw badRequest(`messages[${i}].role must be one of ${CHAT_ROLES.join(', ')}`, `messages[${i}].role`);
    let content = m.content;
    // The client may send content as parts: only text parts are meaningful to a text model.
    if (Array.isArray(content))
      content = content
        .map((p) =>
          isObject(p) && p.type === 'text' && typeof p.text === 'string'
            ? p.text
            : (() => {
                throw badRequest(`messages[${i}].content: only text parts are supported`, `messages[${i}].content`);
              })(),
        )
        .join('');
    if (typeof content !== 'string')
      throw badRequest(`messages[${i}].content must be a string`, `messages[${i}].content`);
    return { role: m.role as ChatMessage['role'], content };
  });
}

function parseStop(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length > 4 || list.some((s) => typeof s !== 'string' || s === ''))
    throw badRequest('stop must be a non-empty string or up to 4 of them', 'stop');
  return list as string[];
}

export function parseSamplingRequest(endpoint: Endpoint, b: Json): SamplingRequest {
  if (typeof b.model !== 'string' || b.model === '') throw badRequest('model is required', 'model');
  // One choice per request: each choice would be a separately executed and paid inference.
  optNumber(b, 'n', 1, 1, true);
  const maxTokens =
    optNumber(b, 'max_completion_tokens', 1, 2 ** 31, true) ?? optNumber(b, 'max_tokens', 1, 2 ** 31, true);
  const stream = b.stream === true;
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean')
    throw badRequest('stream must be a boolean', 'stream');
  const so = b.stream_options;
  if (so !== undefined && so !== null && !isObject(so))
    throw badRequest('stream_options must be an object', 'stream_options');
  const includeUsage = stream && isObject(so) && so.include_usage === true;
  let topLogprobs: number | undefined;
  let messages: ChatMessage[] | undefined;
  let prompt: string | undefined;
  if (endpoint === 'chat') {
    messages = parseMessages(b.messages);
    if (b.logprobs !== undefined && b.logprobs !== null && typeof b.logprobs !== 'boolean')
      throw badRequest('logprobs must be a boolean', 'logprobs');
    const top = optNumber(b, 'top_logprobs', 0, MAX_TOP_LOGPROBS, true);
    if (top !== undefined && b.logprobs !== true) throw badRequest('top_logprobs needs logprobs: true', 'top_logprobs');
    topLogprobs = b.logprobs === true ? (top ?? 0) : undefined;
  } else {
    if (typeof b.prompt !== 'string' || b.prompt === '')
      throw badRequest('prompt must be a non-empty string', 'prompt');
    prompt = b.prompt;
    topLogprobs = optNumber(b, 'logprobs', 0, MAX_TOP_LOGPROBS, true);
  }
  return {
    endpoint,
    model: b.model,
    messages,
    prompt,
    stream,
    includeUsage,
    maxTokens,
    temperature: optNumber(b, 'temperature', 0, 2) ?? 1,
    topP: optNumber(b, 'top_p', Number.MIN_VALUE, 1) ?? 1,
    seed: optNumber(b, 'seed', 0, Number.MAX_SAFE_INTEGER, true),
    stop: parseStop(b.stop),
    topLogprobs,
  };
}
