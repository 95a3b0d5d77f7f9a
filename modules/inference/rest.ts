import { isValidAddress } from '../../chain/crypto/address.js';
import { pageRequestFromQuery, protoJson, type RestRoute } from '../../chain/app/rest-route.js';
import {
  QueryInferenceRequest,
  QueryInferenceResponse,
  QueryInferencesRequest,
  QueryInferencesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
} from '../../proto/gen/race/inference/v1/query.js';
import { INFERENCE_QUERY_PREFIX } from './query-server.js';

/** REST under /race/inference/v1/ (the paths of query.proto's google.api.http options). */
export function inferenceRestRoutes(): RestRoute[] {
  const abci = (m: string) => `${INFERENCE_QUERY_PREFIX}/${m}`;
  const address = (v: string | null | undefined, what: string) => {
    if (!isValidAddress(v ?? '')) throw new Error(`invalid ${what} address ${JSON.stringify(v ?? '')}`);
    return v!;
  };
  return [
    {
      method: 'GET',
      path: '/race/inference/v1/params',
      abciPath: abci('Params'),
      toRequest: () => QueryParamsRequest.encode({}).finish(),
      toJson: (b) => protoJson(QueryParamsResponse, b),
    },
    {
      method: 'GET',
      path: '/race/inference/v1/inferences/:id',
      abciPath: abci('Inference'),
      toRequest: (p) => {
        if (!/^[0-9a-fA-F]{64}$/.test(p.id ?? ''))
          throw new Error(`id must be 64 hex characters, got ${JSON.stringify(p.id ?? '')}`);
        return QueryInferenceRequest.encode({ id: p.id! }).finish();
      },
      toJson: (b) => protoJson(QueryInferenceResponse, b),
    },
    {
      method: 'GET',
      path: '/race/inference/v1/inferences',
      abciPath: abci('Inferences'),
      toRequest: (_p, q) =>
        QueryInferencesRequest.encode({
          requester: address(q.get('requester'), 'requester'),
          pagination: pageRequestFromQuery(q),
        }).finish(),
      toJson: (b) => protoJson(QueryInferencesResponse, b),
    },
    {
      method: 'GET',
      path: '/race/inference/v1/participants/:address',
      abciPath: abci('Participant'),
      toRequest: (p) => QueryParticipantRequest.encode({ address: address(p.address, 'participant') }).finish(),
      toJson: (b) => protoJson(QueryParticipantResponse, b),
    },
  ];
}
