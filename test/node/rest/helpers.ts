/**
 * REST test helpers: a REST server on a free port over an RpcBackend whose ABCI queries and CheckTx go to a real
 * in-process app (the gov harness's TestChain), while blocks and the tx index come from the RPC tests' fake chain.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { CheckTxResult, ExecTxResult, QueryRequest, QueryResponse } from '../../../chain/abci.js';
import { silentLogger } from '../../../chain/util/log.js';
import { startRestServer, type RestServerHandle } from '../../../node/rest/server.js';
import type { RpcBackend } from '../../../node/rpc/backend.js';
import type { TestChain } from '../../modules/gov/harness.js';
import { FakeBackend } from '../rpc/fake-backend.js';

export interface AppBackend extends RpcBackend {
  /** The fake chain serving blocks, validators and the tx index. */
  fake: FakeBackend;
  /** Every ABCI query the server made. */
  queries: QueryRequest[];
  /** Delivers the tx in a block of the real app and files it in the fake tx index at the latest fake height. */
  deliver(tx: Uint8Array): Promise<ExecTxResult>;
}

export function appBackend(chain: TestChain): AppBackend {
  const fake = new FakeBackend();
  const queries: QueryRequest[] = [];
  const own = {
    fake,
    queries,
    abciQuery(req: QueryRequest): Promise<QueryResponse> {
      queries.push(req);
      return chain.app.query(req);
    },
    checkTx: (tx: Uint8Array): CheckTxResult => chain.app.checkTx(tx, 'new'),
    broadcastTx(tx: Uint8Array): CheckTxResult {
      if (fake.mempool.some((t) => Buffer.from(t).equals(Buffer.from(tx))))
        throw new Error('tx already exists in cache');
      const res = chain.app.checkTx(tx, 'new');
      if (res.code === 0) fake.mempool.push(tx);
      return res;
    },
    async deliver(tx: Uint8Array): Promise<ExecTxResult> {
      const { txs } = await chain.block([tx]);
      const result = txs[0]!;
      const height = fake.blocks.length;
      fake.txs.push({
        hash: sha256(tx),
        height,
        index: fake.txs.filter((t) => t.height === height).length,
        tx,
        result,
      });
      return result;
    },
  };
  return new Proxy(own, {
    get(target, prop) {
      if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
      const v = (fake as unknown as Record<string | symbol, unknown>)[prop];
      return typeof v === 'function' ? v.bind(fake) : v;
    },
  }) as unknown as AppBackend;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export class RestClient {
  constructor(readonly url: string) {}

  async request(
    method: string,
    path: string,
    body?: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      body,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string): Promise<Reply> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown): Promise<Reply> {
    return this.request('POST', path, typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** The body of a 200 reply; anything else fails with the reply in the message. */
  async ok(path: string, body?: unknown): Promise<any> {
    const r = body === undefined ? await this.get(path) : await this.post(path, body);
    if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

export async function startRest(
  backend: RpcBackend,
  opts: { maxBodyBytes?: number; minimumGasPrices?: string } = {},
): Promise<{ server: RestServerHandle; client: RestClient }> {
  const server = await startRestServer(
    { address: 'tcp://127.0.0.1:0', maxBodyBytes: opts.maxBodyBytes },
    { backend, log: silentLogger(), minimumGasPrices: () => opts.minimumGasPrices ?? '0.001nicoin' },
  );
  return { server, client: new RestClient(server.url) };
}
