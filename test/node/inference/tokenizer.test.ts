import { describe, expect, it } from '@jest/globals';
import { byteTokenizer } from '../../../node/inference/runner/byte-tokenizer.js';
import { chatPromptIds, renderChat } from '../../../node/inference/runner/chat-template.js';
import { BOS_ID, EOS_ID } from '../../../node/inference/model/spec.js';

describe('byte tokenizer', () => {
  const text = 'Héllo, 世界! 🏁 race';

  it('round-trips text through its UTF-8 bytes', () => {
    const ids = byteTokenizer.encode(text);
    expect(ids).toEqual(Array.from(Buffer.from(text, 'utf8')));
    expect(byteTokenizer.decode(ids)).toBe(text);
    expect(byteTokenizer.decode([BOS_ID, ...ids, EOS_ID])).toBe(text);
  });

  it('streams multi-byte characters only once complete', () => {
    const dec = byteTokenizer.streamDecoder();
    const pieces = byteTokenizer.encode('a🏁é').map((id) => dec.push(id));
    expect(pieces).toEqual(['a', '', '', '', '🏁', '', 'é']);
    expect(dec.flush()).toBe('');
    expect(pieces.join('')).toBe('a🏁é');
  });

  it('turns a stream cut mid-character into U+FFFD at the end', () => {
    const dec = byteTokenizer.streamDecoder();
    expect(dec.push(0xe4) + dec.push(0xb8)).toBe('');
    expect(dec.flush()).toBe('\uFFFD');
  });

  it('refuses ids outside the vocabulary', () => {
    expect(() => byteTokenizer.decode([258])).toThrow(/outside/);
    expect(() => byteTokenizer.decode([-1])).toThrow(/outside/);
    expect(() => byteTokenizer.streamDecoder().push(1.5)).toThrow(/outside/);
  });
});

describe('chat template', () => {
  it('renders roles as byte markers and opens the assistant turn', () => {
    expect(
      renderChat([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toBe('<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\n');
    const ids = chatPromptIds([{ role: 'user', content: 'é' }], byteTokenizer);
    expect(ids[0]).toBe(BOS_ID);
    expect(byteTokenizer.decode(ids)).toBe('<|user|>\né\n<|assistant|>\n');
  });

  it('refuses an empty conversation, an unknown role or non-text content', () => {
    expect(() => renderChat([])).toThrow(/at least one/);
    expect(() => renderChat([{ role: 'tool' as 'user', content: 'x' }])).toThrow(/role/);
    expect(() => renderChat([{ role: 'user', content: 3 as unknown as string }])).toThrow(/content/);
  });
});
