/**
 * The module query commands' ABCI query: one JSON-RPC `abci_query` over node:http. CosmJS's QueryClient (stargate and
 * tendermint-rpc) costs about 150 ms to load, more than the rest of such a command, so module queries skip
 * it; `query tx` and `query block` still use it (rpc-client.ts). Errors read as the CosmJS path's did.
 */
import { fromBase64, toHexLower } from '../../chain/types/bytes.js';
import { CliError } from './output.js';
import { nodeUrl } from './node-url.js';

interface AbciQueryResponse {
  code?: number;
  log?: string;
  value?: string | null;
  height?: string;
}

/** POSTs a JSON body and reads the JSON answer; node:http, since fetch loads undici on first use (~10 ms). */
async function postJson(url: string, body: string): Promise<unknown> {
  // node:https only when asked for: it costs a few ms more to load.
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error(`HTTP ${res.statusCode}: the answer is not JSON`));
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The result of a JSON-RPC call, or the error a failed call reads as (the node named when it cannot be reached). */
async function rpcCall(url: string, method: string, params: Record<string, unknown>): Promise<unknown> {
  let answer: { result?: unknown; error?: unknown };
  try {
    answer = (await postJson(url, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))) as typeof answer;
  } catch (e) {
    throw new CliError(`cannot reach the node at ${url}: ${(e as Error).message}`);
  }
  if (answer.error !== undefined) throw new CliError(JSON.stringify(answer.error));
  return answer.result;
}

/** A module's ABCI query at the latest height; a failed query → the message after "desc = ", else the whole log. */
export async function abciQuery<T>(
  node: string | undefined,
  path: string,
  request: Uint8Array,
  decode: (b: Uint8Array) => T,
): Promise<T> {
  const url = nodeUrl(node);
  const result = (await rpcCall(url, 'abci_query', { path, data: toHexLower(request), prove: false })) as
    { response?: AbciQueryResponse } | undefined;
  const response = result?.response;
  if (!response) throw new CliError(`the node at ${url} sent no abci_query response`);
  if (response.code) {
    const log = response.log ?? '';
    const m = /desc = (.*)$/.exec(log);
    throw new CliError(m ? m[1]! : `Query failed with (${response.code}): ${log}`);
  }
  try {
    return decode(fromBase64(response.value ?? ''));
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
