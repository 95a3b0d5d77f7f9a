/**
 * Every JSON-RPC method's parameters: the method table called directly (as the HTTP, URI and websocket transports
 * do) with params as an object, a positional array or the GET form's raw UriArg strings, against the RPC tests'
 * fake chain. A rejection is an RpcError (or a plain Error from the backend, which the dispatcher turns into one);
 * a result must serialise as JSON; a rejected call must leave the backend's blocks, txs and mempool as they were.
 */
import fc from 'fast-check';
import { createMethods, type MethodContext, type MethodSpec } from '../../../node/rpc/methods.js';
import { normalizeParams, UriArg } from '../../../node/rpc/params.js';
import { RpcError } from '../../../node/rpc/errors.js';
import { Dispatcher } from '../../../node/rpc/jsonrpc.js';
import { silentLogger } from '../../../chain/util/log.js';
import { FakeBackend } from '../../node/rpc/fake-backend.js';
import { draw, jsonish, mutateText, TRICKY_STRINGS } from './text-input.js';
import { engineFault, FuzzFinding, showValue, type FuzzTarget } from './target.js';

interface RpcInput {
  method: string;
  params: unknown;
}

const uriArg = fc.oneof(fc.constantFrom(...TRICKY_STRINGS), fc.string({ maxLength: 30 })).map((s) => new UriArg(s));

export async function rpcTarget(): Promise<FuzzTarget<RpcInput>> {
  const backend = new FakeBackend();
  // broadcast_tx_commit gives up at once: the fake chain never includes a tx by itself.
  const methods = createMethods(backend, { timeoutBroadcastTxCommitMs: 0 });
  const names = [...methods.keys()].sort();
  let subscriber = 0;
  const ctxFor = (): MethodContext => {
    const id = `fuzz-${subscriber++}`;
    return {
      requestId: 1,
      subscriptions: {
        subscribe: (query) => Promise.resolve(backend.subscribe(id, query, () => {})),
        unsubscribe: (query) => Promise.resolve(backend.unsubscribe(id, query)),
        unsubscribeAll: () => Promise.resolve(backend.unsubscribeAll(id)),
      },
    };
  };
  const snapshot = () => `${backend.blocks.length}/${backend.txs.length}/${backend.mempool.length}`;
  return {
    name: 'rpc-params',
    surface: `node/rpc/methods.ts + params.ts: ${names.length} JSON-RPC methods`,
    generate(rng) {
      const method = rng.pick(names);
      const spec = methods.get(method)!;
      const arbs = spec.args.map(() => (rng.chance(0.25) ? uriArg : jsonish));
      const shape = rng.below(10);
      let params: unknown;
      if (shape < 5)
        params = Object.fromEntries(spec.args.filter(() => rng.chance(0.7)).map((a, i) => [a, draw(arbs[i]!, rng)]));
      else if (shape < 8)
        params = spec.args.slice(0, rng.below(spec.args.length + 2)).map((_, i) => draw(arbs[i] ?? jsonish, rng));
      else params = draw(jsonish, rng);
      return { method, params };
    },
    async exec({ method, params }) {
      const spec: MethodSpec = methods.get(method)!;
      const before = snapshot();
      let result: unknown;
      try {
        result = await spec.call(normalizeParams(params, spec.args), ctxFor());
      } catch (e) {
        const fault = engineFault(e);
        if (fault) throw new FuzzFinding(`${method}: engine error ${fault.name}: ${fault.message}`, { cause: e });
        if (!(e instanceof RpcError) && !(e instanceof Error && e.constructor === Error))
          throw new FuzzFinding(`${method}: threw ${String(e)}`);
        // broadcast_tx_commit timing out is not a rejection: CheckTx accepted the tx, which stays in the mempool.
        const acceptedThenTimedOut = e instanceof RpcError && e.data.startsWith('timed out waiting for tx');
        if (!acceptedThenTimedOut && snapshot() !== before)
          throw new FuzzFinding(`${method}: rejected call changed the backend (${before} → ${snapshot()})`);
        return;
      } finally {
        // Accepted broadcasts land in the fake mempool; keep it from growing over a long run.
        backend.mempool.length = 0;
        await backend.unsubscribeAll(`fuzz-${subscriber - 1}`);
      }
      try {
        JSON.stringify(result);
      } catch (e) {
        throw new FuzzFinding(`${method}: result does not serialise: ${(e as Error).message}`);
      }
    },
    show: (i) => showValue({ method: i.method, params: i.params instanceof UriArg ? { uri: i.params.raw } : i.params }),
  };
}

/**
 * The JSON-RPC envelope (HTTP POST bodies and websocket messages): Dispatcher.handleText on raw text mutated from
 * valid requests and batches. It must always answer with a serialisable response (or nothing for notifications).
 */
export async function rpcEnvelopeTarget(): Promise<FuzzTarget<string>> {
  const backend = new FakeBackend();
  const methods = createMethods(backend, { timeoutBroadcastTxCommitMs: 0 });
  const dispatcher = new Dispatcher({ maxBatch: 20 }, { methods, log: silentLogger() });
  const pool = [
    '{"jsonrpc":"2.0","id":1,"method":"block","params":{"height":"2"}}',
    '{"jsonrpc":"2.0","id":"x","method":"tx_search","params":["tx.height=2",false,"1","30","asc"]}',
    '[{"jsonrpc":"2.0","id":1,"method":"status"},{"jsonrpc":"2.0","method":"health"},{"jsonrpc":"2.0","id":null,"method":"abci_info","params":null}]',
    '{"jsonrpc":"2.0","id":7,"method":"validators","params":{"height":"1","page":"1","per_page":"100"}}',
    '{"jsonrpc":"2.0","id":1.5e300,"method":"subscribe","params":{"query":"tm.event=\'NewBlock\'"}}',
    `[${Array(21).fill('{"jsonrpc":"2.0","id":1,"method":"health"}').join(',')}]`,
  ];
  return {
    name: 'rpc-envelope',
    surface: 'node/rpc/jsonrpc.ts Dispatcher.handleText (POST bodies, websocket messages, batches)',
    generate: (rng) => mutateText(pool, rng),
    async exec(text) {
      let res: unknown;
      try {
        res = await dispatcher.handleText(text, {});
      } catch (e) {
        throw new FuzzFinding(`handleText threw ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
      } finally {
        backend.mempool.length = 0;
      }
      try {
        JSON.stringify(res);
      } catch (e) {
        throw new FuzzFinding(`response does not serialise: ${(e as Error).message}`);
      }
    },
    show: showValue,
  };
}
