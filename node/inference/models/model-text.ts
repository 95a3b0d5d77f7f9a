/**
 * How one model turns requests into prompt ids and ids back into text: the built-in byte tokenizer with its fixed
 * template, or a Hugging Face tokenizer with the model's Jinja chat template. The API asks for this per model.
 */
import { BOS_ID } from '../model/spec.js';
import { byteTokenizer, type Tokenizer } from '../runner/byte-tokenizer.js';
import { chatPromptIds, type ChatMessage } from '../runner/chat-template.js';
import { compileChatTemplate } from './hf-chat-template.js';
import { loadHfTokenizer } from './hf-tokenizer.js';

export interface ModelText {
  tokenizer: Tokenizer;
  chatPromptIds(messages: readonly ChatMessage[]): number[];
  completionPromptIds(prompt: string): number[];
}

export const byteModelText: ModelText = Object.freeze({
  tokenizer: byteTokenizer,
  chatPromptIds: (messages: readonly ChatMessage[]) => chatPromptIds(messages, byteTokenizer),
  completionPromptIds: (prompt: string) => [BOS_ID, ...byteTokenizer.encode(prompt)],
});

/** Throws TokenizerFileError when a file is malformed, names a missing token or has a template that does not parse. */
export function hfModelText(tokenizerJson: string, tokenizerConfigJson: string | undefined): ModelText {
  const parts = loadHfTokenizer(tokenizerJson, tokenizerConfigJson);
  const template = compileChatTemplate(parts.config.chat_template, parts);
  const { tokenizer, bos } = parts;
  return Object.freeze({
    tokenizer,
    // The template writes BOS itself (as text the tokenizer maps to its special id), as transformers expects.
    chatPromptIds: (messages: readonly ChatMessage[]) => tokenizer.encode(template.render(messages)),
    completionPromptIds: (prompt: string) => [...(bos === undefined ? [] : [bos]), ...tokenizer.encode(prompt)],
  });
}
