/**
 * ABCI queries: every query path the app registers (bank, auth, gov, registry, pricing, Race, Simulate), called as
 * RPC abci_query and the REST routes do, with request bytes mutated from plausible requests (an address, a denom, a
 * proposal id, a page request, a signed tx for Simulate). A failure must come back as a response code, never as
 * an engine error in the log, and a query must leave the committed state (the app hash) as it was.
 */
import { concat, lenField, utf8, varintField } from '../../chain/tx/fixtures.js';
import { acquireApp } from './app-fixture.js';
import { byteInput } from './mutate.js';
import { engineFault, FuzzFinding, hexOf, showValue, type FuzzTarget } from './target.js';

interface QueryInput {
  path: string;
  data: Uint8Array;
}

export async function abciQueryTarget(): Promise<FuzzTarget<QueryInput>> {
  const { app, release } = await acquireApp();
  const base = app.chain.app;
  const paths = base.queries.paths();
  const address = utf8(app.signer.address);
  const page = concat(
    lenField(1, new Uint8Array([1, 2])),
    varintField(2, 1),
    varintField(3, 10),
    varintField(4, 1),
    varintField(5, 1),
  );
  const pool = [
    new Uint8Array(0),
    lenField(1, address),
    concat(lenField(1, address), lenField(2, utf8('nicoin'))),
    concat(lenField(1, address), lenField(2, page)),
    varintField(1, 1),
    concat(varintField(1, 1), lenField(2, address)),
    concat(varintField(1, 0), lenField(2, page)),
    lenField(1, page),
    lenField(1, utf8('nicoin')),
    ...app.seeds.map((tx) => lenField(2, tx)),
  ];
  const appHash = () => hexOf(base.info().lastBlockAppHash);
  return {
    name: 'abci-query',
    surface: `BaseApp.query: ${paths.length} registered query paths (RPC abci_query, REST, gRPC-gateway)`,
    generate: (rng) => ({
      path: rng.chance(0.02) ? `${rng.pick(paths)}x` : rng.pick(paths),
      data: byteInput(pool, rng),
    }),
    async exec({ path, data }) {
      const before = appHash();
      const res = await base.query({ path, data, height: 0, prove: false });
      if (res.code !== 0) {
        const fault = engineFault(new Error(res.log));
        if (fault) throw new FuzzFinding(`${path}: engine error behind code ${res.code}: ${res.log}`);
      }
      if (appHash() !== before) throw new FuzzFinding(`${path}: a query changed the app hash`);
    },
    show: (i) => showValue({ path: i.path, data: hexOf(i.data) }),
    close: release,
  };
}
