/**
 * The module query commands' ABCI query: one JSON-RPC `abci_query` over fetch. CosmJS's QueryClient (stargate and
 * tendermint-rpc) costs about 150 ms to load, three times a `raced query` command's own work, so module queries skip
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

/** The response of a JSON-RPC call, or the error a failed call reads as (the node named when it cannot be reached). */
async function rpcCall(url: string, method: string, params: Record<string, unknown>): Promise<unknown> {
  let body: { result?: unknown; error?: unknown };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    body = (await res.json()) as typeof body;
  } catch (e) {
    const err = e as Error & { cause?: { message?: string } };
    // fetch's own message is only "fetch failed"; the cause says why (ECONNREFUSED, …).
    const why = err.cause?.message ? `${err.message}: ${err.cause.message}` : err.message;
    throw new CliError(`cannot reach the node at ${url}: ${why}`);
  }
  if (body.error !== undefined) throw new CliError(JSON.stringify(body.error));
  return body.result;
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
