import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { QueryClient, setupAuthExtension, setupBankExtension, setupTxExtension } from '@cosmjs/stargate';
import { CliError } from './output.js';

export const DEFAULT_NODE = 'http://127.0.0.1:26657';

/** Normalizes `--node` (CometBFT style tcp://host:port is accepted and means http). */
export function nodeUrl(node: string | undefined): string {
  const n = node ?? process.env.RACED_NODE ?? DEFAULT_NODE;
  if (n.startsWith('tcp://')) return 'http://' + n.slice('tcp://'.length);
  if (!/^https?:\/\//.test(n)) throw new CliError(`invalid --node "${n}": expected http://HOST:PORT`);
  return n;
}

export async function connectComet(node: string | undefined): Promise<Comet38Client> {
  const url = nodeUrl(node);
  try {
    return await Comet38Client.connect(url);
  } catch (e) {
    throw new CliError(`cannot reach the node at ${url}: ${(e as Error).message}`);
  }
}

export async function withQueryClient<T>(
  node: string | undefined,
  fn: (q: ReturnType<typeof makeQueryClient>, comet: Comet38Client) => Promise<T>,
): Promise<T> {
  const comet = await connectComet(node);
  try {
    return await fn(makeQueryClient(comet), comet);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = (e as Error).message;
    if (/ECONNREFUSED|fetch failed|socket hang up/.test(msg))
      throw new CliError(`cannot reach the node at ${nodeUrl(node)}: ${msg}`);
    throw new CliError(msg);
  } finally {
    comet.disconnect();
  }
}

export function makeQueryClient(comet: Comet38Client) {
  return QueryClient.withExtensions(comet, setupAuthExtension, setupBankExtension, setupTxExtension);
}

/** An ABCI query through CosmJS's QueryClient (protobuf request and response); a failed query → its message. */
export async function abciQuery<T>(
  node: string | undefined,
  path: string,
  request: Uint8Array,
  decode: (b: Uint8Array) => T,
): Promise<T> {
  return withQueryClient(node, async (q) => {
    try {
      return decode((await q.queryAbci(path, request)).value);
    } catch (e) {
      const m = /desc = (.*)$/.exec((e as Error).message);
      // Anything else (a connection error) is left to withQueryClient, which names the node.
      if (!m) throw e;
      throw new CliError(m[1]!);
    }
  });
}
