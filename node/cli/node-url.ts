import { CliError } from './output.js';

const DEFAULT_NODE = 'http://127.0.0.1:26657';

/** Normalizes `--node` (CometBFT style tcp://host:port is accepted and means http). */
export function nodeUrl(node: string | undefined): string {
  const n = node ?? process.env.RACED_NODE ?? DEFAULT_NODE;
  if (n.startsWith('tcp://')) return 'http://' + n.slice('tcp://'.length);
  if (!/^https?:\/\//.test(n)) throw new CliError(`invalid --node "${n}": expected http://HOST:PORT`);
  return n;
}
