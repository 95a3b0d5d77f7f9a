/**
 * A model's chat template (tokenizer_config.json chat_template, Jinja) rendered with @huggingface/jinja, as
 * transformers' apply_chat_template does: messages, add_generation_prompt, bos_token, eos_token. The template is
 * parsed once, when the model is opened, so a broken template stops the model from being served instead of failing
 * every request.
 */
import { Template } from '@huggingface/jinja';
import type { ChatMessage } from '../runner/chat-template.js';
import { TokenizerFileError } from './hf-tokenizer.js';

export interface ChatTemplate {
  render(messages: readonly ChatMessage[]): string;
}

export function compileChatTemplate(
  source: unknown,
  tokens: { bosToken: string | undefined; eosToken: string },
): ChatTemplate {
  if (typeof source !== 'string' || source.length === 0)
    throw new TokenizerFileError('tokenizer_config.json has no chat_template (a string): chat completions need one');
  let t: Template;
  try {
    t = new Template(source);
  } catch (e) {
    throw new TokenizerFileError(`chat_template does not parse: ${(e as Error).message}`);
  }
  return {
    render(messages) {
      if (!Array.isArray(messages) || messages.length === 0) throw new Error('chat: at least one message is required');
      return t.render({
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        add_generation_prompt: true,
        bos_token: tokens.bosToken ?? '',
        eos_token: tokens.eosToken,
      });
    },
  };
}
