import { isValidAddress } from '../../chain/crypto/address.js';
import { protoJson, type RestRoute } from '../../chain/app/rest-route.js';
import {
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryConvictionsRequest,
  QueryConvictionsResponse,
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryEpochRequest,
  QueryEpochResponse,
  QueryOperatorRequest,
  QueryOperatorResponse,
  QueryOutcomesRequest,
  QueryOutcomesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryParticipantsRequest,
  QueryParticipantsResponse,
  QueryProofRequest,
  QueryProofResponse,
  QueryWeightsRequest,
  QueryWeightsResponse,
} from '../../proto/gen/race/race/v1/query.js';
import { RACE_QUERY_PREFIX } from './query-path.js';

function addr(v: string | undefined, what: string): string {
  if (!isValidAddress(v ?? '')) throw new Error(`invalid ${what} address ${JSON.stringify(v)}`);
  return v!;
}

/** REST under /race/race/v1/ (the paths of query.proto's google.api.http options), in the SDK's JSON style. */
export function raceRestRoutes(): RestRoute[] {
  const abci = (m: string) => `${RACE_QUERY_PREFIX}/${m}`;
  // protoJson prints zero values and empty lists as the SDK's gateway does (ts-proto's toJSON drops them).
  const json =
    <T>(codec: { decode(b: Uint8Array): T; toJSON(m: T): unknown }) =>
    (b: Uint8Array) =>
      protoJson(codec, b);
  return [
    {
      method: 'GET',
      path: '/race/race/v1/params',
      abciPath: abci('Params'),
      toRequest: () => QueryParamsRequest.encode({}).finish(),
      toJson: json(QueryParamsResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/epoch',
      abciPath: abci('Epoch'),
      toRequest: () => QueryEpochRequest.encode({}).finish(),
      toJson: json(QueryEpochResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/weights',
      abciPath: abci('Weights'),
      toRequest: () => QueryWeightsRequest.encode({}).finish(),
      toJson: json(QueryWeightsResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/participants/:address',
      abciPath: abci('Participant'),
      toRequest: (p) => QueryParticipantRequest.encode({ address: addr(p.address, 'participant') }).finish(),
      toJson: json(QueryParticipantResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/participants',
      abciPath: abci('Participants'),
      toRequest: () => QueryParticipantsRequest.encode({}).finish(),
      toJson: json(QueryParticipantsResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/beacon',
      abciPath: abci('Beacon'),
      toRequest: () => QueryBeaconRequest.encode({}).finish(),
      toJson: json(QueryBeaconResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/duties/:address',
      abciPath: abci('Duties'),
      toRequest: (p) => QueryDutiesRequest.encode({ address: addr(p.address, 'participant') }).finish(),
      toJson: json(QueryDutiesResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/proofs/:participant',
      abciPath: abci('Proof'),
      toRequest: (p, q) => {
        const e = q.get('epoch') ?? '0';
        if (!/^[0-9]{1,19}$/.test(e)) throw new Error('epoch must be an unsigned integer');
        return QueryProofRequest.encode({ participant: addr(p.participant, 'participant'), epoch: BigInt(e) }).finish();
      },
      toJson: json(QueryProofResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/outcomes',
      abciPath: abci('Outcomes'),
      toRequest: () => QueryOutcomesRequest.encode({}).finish(),
      toJson: json(QueryOutcomesResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/operators/:address',
      abciPath: abci('Operator'),
      toRequest: (p) => QueryOperatorRequest.encode({ address: addr(p.address, 'address') }).finish(),
      toJson: json(QueryOperatorResponse),
    },
    {
      method: 'GET',
      path: '/race/race/v1/convictions',
      abciPath: abci('Convictions'),
      toRequest: (_p, q) => {
        const who = q.get('participant');
        return QueryConvictionsRequest.encode({
          participant: who === null || who === '' ? '' : addr(who, 'participant'),
        }).finish();
      },
      toJson: json(QueryConvictionsResponse),
    },
  ];
}
