/**
 * What the node's Race duties read from the chain: the Race module's queries over the app's own ABCI query path
 * (the same bytes `abci_query` serves), so the node uses the public interface and never the module's internals.
 */
import type { QueryRequest, QueryResponse } from '../../chain/abci.js';
import {
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryProofRequest,
  QueryProofResponse,
} from '../../proto/gen/race/race/v1/query.js';
import type { Params } from '../../proto/gen/race/race/v1/types.js';

export interface RaceChain {
  duties(address: string): Promise<QueryDutiesResponse>;
  params(): Promise<Params>;
  beacon(): Promise<QueryBeaconResponse>;
  /** Nonces this participant already has on chain for `epoch` (after a restart the miner skips them). */
  proofNonces(participant: string, epoch: bigint): Promise<bigint[]>;
}

export class RaceQueryError extends Error {
  constructor(path: string, code: number, log: string) {
    super(`${path} failed: code ${code}: ${log}`);
    this.name = 'RaceQueryError';
  }
}

const PREFIX = '/race.race.v1.Query/';

/** RaceChain over an ABCI application (the node's BaseApp). */
export class AbciRaceChain implements RaceChain {
  constructor(private readonly app: { query(req: QueryRequest): Promise<QueryResponse> }) {}

  private async ask(method: string, data: Uint8Array): Promise<Uint8Array> {
    const path = PREFIX + method;
    const r = await this.app.query({ path, data, height: 0, prove: false });
    if (r.code !== 0) throw new RaceQueryError(path, r.code, r.log);
    return r.value ?? new Uint8Array(0);
  }

  async duties(address: string): Promise<QueryDutiesResponse> {
    return QueryDutiesResponse.decode(await this.ask('Duties', QueryDutiesRequest.encode({ address }).finish()));
  }

  async params(): Promise<Params> {
    const p = QueryParamsResponse.decode(await this.ask('Params', QueryParamsRequest.encode({}).finish())).params;
    if (!p) throw new RaceQueryError(PREFIX + 'Params', 1, 'empty params');
    return p;
  }

  async beacon(): Promise<QueryBeaconResponse> {
    return QueryBeaconResponse.decode(await this.ask('Beacon', QueryBeaconRequest.encode({}).finish()));
  }

  async proofNonces(participant: string, epoch: bigint): Promise<bigint[]> {
    return QueryProofResponse.decode(await this.ask('Proof', QueryProofRequest.encode({ participant, epoch }).finish()))
      .nonces;
  }
}
