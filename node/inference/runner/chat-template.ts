/**
 * The built-in model's chat template: BOS, then each message as "<|role|>\n" + content + "\n", then
 * "<|assistant|>\n" for the reply, which ends at EOS. The markers are plain bytes (the byte vocabulary has
 * no room for special tokens), so a training corpus in the same format teaches them.
 */
import type { Tokenizer } from './byte-tokenizer.js';

export type ChatRole = 'system' | 'user' | 'assistant';
export const CHAT_ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export function renderChat(messages: readonly ChatMessage[]): string {
  if (!Array.isArray(messages) || messages.length === 0) throw new Error('chat: at least one message is required');
  let text = '';
  for (const [i, m] of messages.entries()) {
    if (!m || !CHAT_ROLES.includes(m.role))
      throw new Error(`chat: message ${i} has role ${JSON.stringify(m?.role)}; use system, user or assistant`);
    if (typeof m.content !== 'string') throw new Error(`chat: message ${i} content must be a string`);
    text += `<|${m.role}|>\n${m.content}\n`;
  }
  return `${text}<|assistant|>\n`;
}

/** The prompt ids: BOS followed by the rendered conversation. */
export function chatPromptIds(messages: readonly ChatMessage[], tokenizer: Tokenizer): number[] {
  return [tokenizer.bosId, ...tokenizer.encode(renderChat(messages))];
}
