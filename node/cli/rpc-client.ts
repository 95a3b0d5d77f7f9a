import { Comet38Client } from '@cosmjs/tendermint-rpc';
import { QueryClient, setupAuthExtension, setupBankExtension, setupTxExtension } from '@cosmjs/stargate';
import { nodeUrl } from './node-url.js';
import { CliError } from './output.js';

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
