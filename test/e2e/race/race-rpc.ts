/** Race e2e helpers: the Race module's queries over a node's CometBFT RPC (abci_query), and genesis edits before start. */
import fs from 'node:fs';
import {
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryEpochRequest,
  QueryEpochResponse,
  QueryOutcomesRequest,
  QueryOutcomesResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryWeightsRequest,
  QueryWeightsResponse,
} from '../../../proto/gen/race/race/v1/query.js';
import { Params } from '../../../proto/gen/race/race/v1/types.js';
import { TEST_RACE_PARAMS } from '../../../race/module/params.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { homePaths } from '../../../node/cli/home.js';
import { readGenesis, writeGenesis } from '../../../node/genesis-file.js';

interface Codec<Req, Res> {
  req: { encode(r: Req): { finish(): Uint8Array } };
  res: { decode(b: Uint8Array): Res };
}

async function abciQuery<Req, Res>(rpcUrl: string, method: string, c: Codec<Req, Res>, req: Req): Promise<Res> {
  const data = Buffer.from(c.req.encode(req).finish()).toString('hex');
  const r = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'abci_query',
      params: { path: `/race.race.v1.Query/${method}`, data },
    }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await r.json()) as {
    result?: { response: { code: number; log: string; value: string | null } };
    error?: unknown;
  };
  const resp = body.result?.response;
  if (!resp || resp.code !== 0) throw new Error(`${method}: ${JSON.stringify(body.error ?? resp)}`);
  return c.res.decode(Buffer.from(resp.value ?? '', 'base64'));
}

export const raceQuery = {
  epoch: (url: string) =>
    abciQuery(url, 'Epoch', { req: QueryEpochRequest, res: QueryEpochResponse }, {}).then((r) => r.epoch!),
  weights: (url: string) => abciQuery(url, 'Weights', { req: QueryWeightsRequest, res: QueryWeightsResponse }, {}),
  outcomes: (url: string) => abciQuery(url, 'Outcomes', { req: QueryOutcomesRequest, res: QueryOutcomesResponse }, {}),
  participant: (url: string, address: string) =>
    abciQuery(url, 'Participant', { req: QueryParticipantRequest, res: QueryParticipantResponse }, { address }),
  duties: (url: string, address: string) =>
    abciQuery(url, 'Duties', { req: QueryDutiesRequest, res: QueryDutiesResponse }, { address }),
};

/** Sets the Race params of a home's genesis (the `test` preset plus overrides), before its first start. */
export function setRaceParams(home: string, over: Partial<Params> = {}): void {
  const file = homePaths(home).genesis;
  const doc = readGenesis(file);
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.race.params = snakeKeys(Params.toJSON({ ...TEST_RACE_PARAMS, ...over }));
  writeGenesis(file, { ...doc, appStateJson: JSON.stringify(state) });
}

/** The participant address a node races under (config/race_key.json). */
export function raceAddress(home: string): string {
  return (JSON.parse(fs.readFileSync(homePaths(home).raceKey, 'utf8')) as { address: string }).address;
}

/** Polls until `pred` holds for the node's epoch number, or throws. */
export async function waitForEpoch(rpcUrl: string, epoch: bigint, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1n;
  while (Date.now() < deadline) {
    try {
      last = (await raceQuery.epoch(rpcUrl)).epoch;
      if (last >= epoch) return;
    } catch {
      // node busy or restarting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`epoch ${epoch} not reached within ${timeoutMs} ms (at ${last})`);
}
