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
import { FakeBackend } from '../../node/rpc/fake-backend.js';
import { draw, jsonish, TRICKY_STRINGS } from './text-input.js';
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
      if (shape < 5) params = Object.fromEntries(spec.args.filter(() => rng.chance(0.7)).map((a, i) => [a, draw(arbs[i]!, rng)]));
      else if (shape < 8) params = spec.args.slice(0, rng.below(spec.args.length + 2)).map((_, i) => draw(arbs[i] ?? jsonish, rng));
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
        if (!(e instanceof RpcError) && !(e instanceof Error && e.constructor === Error)) throw new FuzzFinding(`${method}: threw ${String(e)}`);
        // broadcast_tx_commit timing out is not a rejection: CheckTx accepted the tx, which stays in the mempool.
        const acceptedThenTimedOut = e instanceof RpcError && e.data.startsWith('timed out waiting for tx');
        if (!acceptedThenTimedOut && snapshot() !== before) throw new FuzzFinding(`${method}: rejected call changed the backend (${before} → ${snapshot()})`);
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
