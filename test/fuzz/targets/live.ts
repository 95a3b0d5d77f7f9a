/**
 * The same inputs through live servers on localhost (a smaller count: each input is an HTTP round trip): raw
 * JSON-RPC POST bodies and GET URI-form requests to the RPC server over the fake chain, and raw REST requests
 * (odd paths, query strings, bodies) to the REST server over the app fixture. Every request must get a complete
 * HTTP reply whose body is JSON and names no engine error; a dropped connection is a finding.
 */
import { Agent, request } from 'node:http';
import { silentLogger } from '../../../chain/util/log.js';
import { startRestServer } from '../../../node/rest/server.js';
import { appBackend } from '../../node/rest/helpers.js';
import { startTestServer } from '../../node/rpc/helpers.js';
import { startAppFixture } from './app-fixture.js';
import { byteInput } from './mutate.js';
import { draw, mutateText, textValue, TRICKY_STRINGS } from './text-input.js';
import { engineFault, FuzzFinding, showValue, type FuzzTarget } from './target.js';

interface HttpInput {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

function send(agent: Agent, base: URL, input: HttpInput): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: input.method,
        path: input.path,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(input.body);
  });
}

async function check(agent: Agent, base: URL, input: HttpInput): Promise<void> {
  let reply: { status: number; text: string };
  try {
    reply = await send(agent, base, input);
  } catch (e) {
    throw new FuzzFinding(`no HTTP reply: ${(e as Error).message}`, { cause: e });
  }
  // Every reply carries a JSON body (errors included), except the empty one to a JSON-RPC notification.
  if (reply.text === '' && input.method === 'POST' && reply.status === 200) return;
  try {
    JSON.parse(reply.text);
  } catch {
    throw new FuzzFinding(`HTTP ${reply.status} with a body that is not JSON: ${reply.text.slice(0, 200)}`);
  }
  const fault = engineFault(new Error(reply.text));
  if (fault) throw new FuzzFinding(`HTTP ${reply.status} reply names an engine error: ${reply.text.slice(0, 300)}`);
}

/** Bytes of a path or query the way a raw client may send them: printable ASCII, percent escapes and all. */
function rawUrlPart(s: string): string {
  return Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export async function rpcLiveTarget(): Promise<FuzzTarget<HttpInput>> {
  const { server, url } = await startTestServer(undefined, { timeoutBroadcastTxCommitMs: 1 });
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const names = [
    'status',
    'block',
    'block_results',
    'commit',
    'validators',
    'tx',
    'tx_search',
    'block_search',
    'abci_query',
    'check_tx',
    'broadcast_tx_sync',
    'blockchain',
    'genesis_chunked',
    'unconfirmed_txs',
    'subscribe',
    'nope',
  ];
  const bodies = [
    '{"jsonrpc":"2.0","id":1,"method":"block","params":{"height":"2"}}',
    '[{"jsonrpc":"2.0","id":1,"method":"status"},{"jsonrpc":"2.0","id":2,"method":"tx_search","params":{"query":"tx.height=2"}}]',
    '{"jsonrpc":"2.0","id":1,"method":"abci_query","params":{"path":"/cosmos.bank.v1beta1.Query/Balance","data":"0a01"}}',
  ];
  return {
    name: 'rpc-live',
    surface: `RPC server over HTTP at ${url} (POST bodies and the GET URI form)`,
    generate(rng) {
      if (rng.chance(0.5)) return { method: 'POST', path: '/', body: mutateText(bodies, rng) };
      const params = Array.from(
        { length: rng.below(4) },
        () =>
          `${rng.pick(['height', 'hash', 'query', 'page', 'per_page', 'tx', 'data', 'path', 'prove', 'x'])}=${rawUrlPart(draw(textValue, rng))}`,
      );
      return { method: 'GET', path: `/${rng.pick(names)}?${params.join('&')}` };
    },
    exec: (input) => check(agent, base, input),
    show: showValue,
    close: async () => {
      agent.destroy();
      await server.close();
    },
  };
}

export async function restLiveTarget(): Promise<FuzzTarget<HttpInput>> {
  const app = await startAppFixture();
  const server = await startRestServer(
    { address: 'tcp://127.0.0.1:0' },
    { backend: appBackend(app.chain), log: silentLogger(), registry: app.registry },
  );
  const base = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const paths = [
    '/cosmos/bank/v1beta1/balances/ADDR',
    '/cosmos/bank/v1beta1/balances/ADDR/by_denom?denom=nicoin',
    '/cosmos/auth/v1beta1/accounts/ADDR',
    '/cosmos/tx/v1beta1/txs?events=tx.height%3D2&pagination.limit=5',
    '/cosmos/base/tendermint/v1beta1/blocks/latest',
    '/cosmos/gov/v1/proposals?proposal_status=2',
    '/race/race/v1/params',
    '/cosmos/tx/v1beta1/txs/ABCD',
  ].map((p) => p.replace('ADDR', app.signer.address));
  return {
    name: 'rest-live',
    surface: `REST server over HTTP at ${server.url}`,
    generate(rng) {
      if (rng.chance(0.3)) {
        const tx = Buffer.from(byteInput(app.seeds, rng)).toString('base64');
        const body = rng.chance(0.8)
          ? JSON.stringify({ tx_bytes: tx, mode: 'BROADCAST_MODE_SYNC' })
          : mutateText([`{"tx_bytes":"${tx}","mode":"BROADCAST_MODE_SYNC"}`, ...TRICKY_STRINGS.slice(0, 20)], rng);
        return { method: 'POST', path: rng.pick(['/cosmos/tx/v1beta1/txs', '/cosmos/tx/v1beta1/simulate']), body };
      }
      return { method: 'GET', path: rawUrlPart(mutateText(paths, rng)).replace(/^([^/])/, '/$1') };
    },
    async exec(input) {
      await check(agent, base, input);
      app.chain.app.resetCheckState();
    },
    show: showValue,
    close: async () => {
      agent.destroy();
      await server.close();
      await app.chain.stop();
    },
  };
}
