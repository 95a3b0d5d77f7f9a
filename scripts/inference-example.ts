// The README's script: a chat completion from the devnet's `dev` account, signed with its own key (no API key).
// Run `npm start` in another terminal, then: node --import tsx scripts/inference-example.ts
import OpenAI from 'openai';
import { openKeyring } from '../chain/crypto/keyring/index.js';
import { signingFetch } from '../node/inference/api/index.js';

const baseURL = process.env.RACE_API ?? 'http://127.0.0.1:8080/v1';
const { chain_id: chainId, relay } = (await (await fetch(`${baseURL}/relay`)).json()) as {
  chain_id: string;
  relay: string;
};
const privateKey = await openKeyring({ backend: 'test', home: process.env.RACE_HOME ?? 'devnet' }).privateKey('dev');
const client = new OpenAI({ baseURL, apiKey: 'signed', fetch: signingFetch({ privateKey, chainId, relay }) });
// Untrained, greedy (temperature 0) answers "Hello!" with bytes 7, 0xb1, 7, 5, …: the stop at byte 5 ends it early, so part of the escrow is refunded.
const r = await client.chat.completions.create({
  model: 'race-byte-default',
  messages: [{ role: 'user', content: 'Hello!' }],
  max_tokens: 32,
  temperature: 0,
  stop: ['\u0005'],
});
process.stdout.write(`${JSON.stringify(r.choices[0]!.message.content)}\nusage: ${JSON.stringify(r.usage)}\n`);
