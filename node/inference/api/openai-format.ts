/**
 * OpenAI wire objects: chat completions, completions, stream chunks, usage and logprobs, as the official client
 * parses them. Pure builders; `created` is passed in (Unix seconds) so nothing here reads a clock.
 */
import type { TokenLogprob } from '../runner/sampling.js';
import type { Endpoint } from './request-body.js';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface WireTokenLogprob {
  token: string;
  bytes: number[];
  logprob: number;
  top_logprobs: Array<{ token: string; bytes: number[]; logprob: number }>;
}

export type FinishReason = 'stop' | 'length';

export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
  endpoint: Endpoint;
}

export const usageOf = (prompt: number, completion: number): Usage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

/** A token's text and bytes: bytes 0-255 are themselves (a lone UTF-8 continuation byte reads as "bytes:\xNN"), BOS/EOS are named. */
export function tokenText(id: number, names: { bos: number; eos: number }): { token: string; bytes: number[] } {
  if (id === names.bos) return { token: '<|bos|>', bytes: [] };
  if (id === names.eos) return { token: '<|eos|>', bytes: [] };
  if (id < 0x80) return { token: String.fromCharCode(id), bytes: [id] };
  return { token: `bytes:\\x${id.toString(16).padStart(2, '0')}`, bytes: [id] };
}

export function wireLogprob(
  t: { id: number; logprob: number; top: readonly TokenLogprob[] },
  names: { bos: number; eos: number },
): WireTokenLogprob {
  return {
    ...tokenText(t.id, names),
    logprob: t.logprob,
    top_logprobs: t.top.map((a) => ({ ...tokenText(a.id, names), logprob: a.logprob })),
  };
}

/** The complete (non-streaming) response. */
export function completionResponse(
  m: ResponseMeta,
  text: string,
  finish: FinishReason,
  usage: Usage,
  logprobs: WireTokenLogprob[] | undefined,
): object {
  if (m.endpoint === 'chat') {
    return {
      id: m.id,
      object: 'chat.completion',
      created: m.created,
      model: m.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: logprobs ? { content: logprobs, refusal: null } : null,
          finish_reason: finish,
        },
      ],
      usage,
    };
  }
  return {
    id: m.id,
    object: 'text_completion',
    created: m.created,
    model: m.model,
    choices: [{ index: 0, text, logprobs: logprobs ? legacyLogprobs(logprobs) : null, finish_reason: finish }],
    usage,
  };
}

/** /v1/completions' older logprobs shape. */
function legacyLogprobs(lps: WireTokenLogprob[]): object {
  let offset = 0;
  const text_offset = lps.map((l) => {
    const o = offset;
    offset += l.token.length;
    return o;
  });
  return {
    tokens: lps.map((l) => l.token),
    token_logprobs: lps.map((l) => l.logprob),
    text_offset,
    top_logprobs: lps.map((l) => Object.fromEntries(l.top_logprobs.map((a) => [a.token, a.logprob]))),
  };
}

/**
 * One stream chunk. The first chat chunk carries `role`, the last a `finish_reason` (the client's stream helpers
 * need both); with include_usage every chunk has `usage: null` and usageChunk follows.
 */
export function streamChunk(
  m: ResponseMeta,
  part: { role?: boolean; text?: string; finish?: FinishReason | null; logprobs?: WireTokenLogprob[] },
  includeUsage: boolean,
): object {
  const extra = includeUsage ? { usage: null } : {};
  if (m.endpoint === 'chat') {
    const delta: Record<string, unknown> = {};
    if (part.role) delta.role = 'assistant';
    if (part.text !== undefined) delta.content = part.text;
    return {
      id: m.id,
      object: 'chat.completion.chunk',
      created: m.created,
      model: m.model,
      choices: [
        {
          index: 0,
          delta,
          logprobs: part.logprobs ? { content: part.logprobs, refusal: null } : null,
          finish_reason: part.finish ?? null,
        },
      ],
      ...extra,
    };
  }
  return {
    id: m.id,
    object: 'text_completion',
    created: m.created,
    model: m.model,
    choices: [
      {
        index: 0,
        text: part.text ?? '',
        logprobs: part.logprobs ? legacyLogprobs(part.logprobs) : null,
        finish_reason: part.finish ?? null,
      },
    ],
    ...extra,
  };
}

/** The final chunk of a stream with include_usage: no choices, the usage. */
export function usageChunk(m: ResponseMeta, usage: Usage): object {
  return {
    id: m.id,
    object: m.endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion',
    created: m.created,
    model: m.model,
    choices: [],
    usage,
  };
}

export const sseData = (v: object | string): string => `data: ${typeof v === 'string' ? v : JSON.stringify(v)}\n\n`;
export const SSE_DONE = sseData('[DONE]');

export function modelObject(id: string, created: number): object {
  return { id, object: 'model', created, owned_by: 'race' };
}
