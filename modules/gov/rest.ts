/** x/gov REST: the v1 paths (and the same set under v1beta1, which the app serves as views of the v1 state). */
import { ProposalStatus, proposalStatusFromJSON } from 'cosmjs-types/cosmos/gov/v1/gov';
import * as v1 from 'cosmjs-types/cosmos/gov/v1/query';
import * as v1beta1 from 'cosmjs-types/cosmos/gov/v1beta1/query';
import { pageRequestFromQuery, type RestRoute } from '../../chain/app/rest-route.js';
import type { JsonCodec } from '../../chain/client/type-registry.js';
import { queryRoute, uint64 } from '../../chain/app/query-route.js';

type Codec = JsonCodec & { encode(m: any): { finish(): Uint8Array } };
type QueryModule = Record<
  | 'QueryProposalRequest'
  | 'QueryProposalResponse'
  | 'QueryProposalsRequest'
  | 'QueryProposalsResponse'
  | 'QueryVoteRequest'
  | 'QueryVoteResponse'
  | 'QueryVotesRequest'
  | 'QueryVotesResponse'
  | 'QueryParamsRequest'
  | 'QueryParamsResponse'
  | 'QueryDepositRequest'
  | 'QueryDepositResponse'
  | 'QueryDepositsRequest'
  | 'QueryDepositsResponse'
  | 'QueryTallyResultRequest'
  | 'QueryTallyResultResponse',
  Codec
>;

/** `?proposal_status=` by name (PROPOSAL_STATUS_VOTING_PERIOD) or number, as the gateway accepts enums. */
function proposalStatus(q: URLSearchParams): ProposalStatus {
  const v = q.get('proposal_status');
  if (v === null || v === '') return ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED;
  const s = proposalStatusFromJSON(/^[0-9]+$/.test(v) ? Number(v) : v);
  if (s === ProposalStatus.UNRECOGNIZED) throw new Error(`invalid proposal_status ${JSON.stringify(v.slice(0, 60))}`);
  return s;
}

const proposalId = (p: Record<string, string>) => uint64(p.proposal_id, 'proposal_id');

function govRoutes(version: 'v1' | 'v1beta1', Q: QueryModule): RestRoute[] {
  const base = `/cosmos/gov/${version}`;
  const abci = (m: string) => `/cosmos.gov.${version}.Query/${m}`;
  return [
    queryRoute(`${base}/proposals`, abci('Proposals'), Q.QueryProposalsRequest, Q.QueryProposalsResponse, (_p, q) => ({
      proposalStatus: proposalStatus(q),
      voter: q.get('voter') ?? '',
      depositor: q.get('depositor') ?? '',
      pagination: pageRequestFromQuery(q),
    })),
    queryRoute(
      `${base}/proposals/:proposal_id`,
      abci('Proposal'),
      Q.QueryProposalRequest,
      Q.QueryProposalResponse,
      (p) => ({ proposalId: proposalId(p) }),
    ),
    queryRoute(
      `${base}/proposals/:proposal_id/votes`,
      abci('Votes'),
      Q.QueryVotesRequest,
      Q.QueryVotesResponse,
      (p, q) => ({
        proposalId: proposalId(p),
        pagination: pageRequestFromQuery(q),
      }),
    ),
    queryRoute(
      `${base}/proposals/:proposal_id/votes/:voter`,
      abci('Vote'),
      Q.QueryVoteRequest,
      Q.QueryVoteResponse,
      (p) => ({
        proposalId: proposalId(p),
        voter: p.voter!,
      }),
    ),
    queryRoute(
      `${base}/proposals/:proposal_id/deposits`,
      abci('Deposits'),
      Q.QueryDepositsRequest,
      Q.QueryDepositsResponse,
      (p, q) => ({
        proposalId: proposalId(p),
        pagination: pageRequestFromQuery(q),
      }),
    ),
    queryRoute(
      `${base}/proposals/:proposal_id/deposits/:depositor`,
      abci('Deposit'),
      Q.QueryDepositRequest,
      Q.QueryDepositResponse,
      (p) => ({
        proposalId: proposalId(p),
        depositor: p.depositor!,
      }),
    ),
    queryRoute(
      `${base}/proposals/:proposal_id/tally`,
      abci('TallyResult'),
      Q.QueryTallyResultRequest,
      Q.QueryTallyResultResponse,
      (p) => ({ proposalId: proposalId(p) }),
    ),
    queryRoute(`${base}/params/:params_type`, abci('Params'), Q.QueryParamsRequest, Q.QueryParamsResponse, (p) => ({
      paramsType: p.params_type!,
    })),
  ];
}

export function govRestRoutes(): RestRoute[] {
  return [
    ...govRoutes('v1', v1 as unknown as QueryModule),
    queryRoute(
      '/cosmos/gov/v1/constitution',
      '/cosmos.gov.v1.Query/Constitution',
      v1.QueryConstitutionRequest,
      v1.QueryConstitutionResponse,
      () => ({}),
    ),
    ...govRoutes('v1beta1', v1beta1 as unknown as QueryModule),
  ];
}
