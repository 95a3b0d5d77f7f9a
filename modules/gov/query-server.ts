import { Proposal, ProposalStatus, type TallyResult as ProtoTally } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
  QueryDepositRequest,
  QueryDepositResponse,
  QueryDepositsRequest,
  QueryDepositsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryProposalRequest,
  QueryProposalResponse,
  QueryProposalsRequest,
  QueryProposalsResponse,
  QueryTallyResultRequest,
  QueryTallyResultResponse,
  QueryVoteRequest,
  QueryVoteResponse,
  QueryVotesRequest,
  QueryVotesResponse,
  QueryConstitutionResponse,
} from 'cosmjs-types/cosmos/gov/v1/query';
import type { Context } from '../../chain/app/context.js';
import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { fromBech32Checked, isValidAddress } from '../../chain/crypto/address.js';
import { u64Key } from '../../chain/store/kv.js';
import type { GovKeeper } from './keeper.js';
import { govParamsToProto } from './params.js';

export const EMPTY_TALLY: ProtoTally = { yesCount: '0', abstainCount: '0', noCount: '0', noWithVetoCount: '0' };

function requireId(id: bigint): bigint {
  if (id === 0n) throw invalidArgument('proposal id can not be 0');
  return id;
}

function requireAddress(addr: string, what: string): string {
  if (addr === '') throw invalidArgument(`empty ${what} address`);
  if (!isValidAddress(addr)) throw invalidArgument(`invalid ${what} address ${addr}`);
  return addr;
}

export function mustProposal(ctx: Context, keeper: GovKeeper, id: bigint): Proposal {
  const p = keeper.getProposal(ctx, requireId(id));
  if (!p) throw notFound(`proposal ${id} doesn't exist`);
  return p;
}

/** Proposals filtered as the SDK filters them: by status (0 = any), and by having a vote / deposit of an address. */
export function filterProposals(
  ctx: Context,
  keeper: GovKeeper,
  status: ProposalStatus,
  voter: string,
  depositor: string,
): Proposal[] {
  if (voter) requireAddress(voter, 'voter');
  if (depositor) requireAddress(depositor, 'depositor');
  return keeper
    .proposals(ctx)
    .filter(
      (p) =>
        (status === ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED || p.status === status) &&
        (!voter || keeper.hasVote(ctx, p.id, voter)) &&
        (!depositor || keeper.hasDeposit(ctx, p.id, depositor)),
    );
}

/** Deposit period: nothing counted yet; voting period: the tally so far; finished: the final tally. */
export function currentTally(ctx: Context, keeper: GovKeeper, p: Proposal): ProtoTally {
  if (p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD) return EMPTY_TALLY;
  if (p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) {
    const t = keeper.tallyProposal(ctx, p.id).counts;
    return {
      yesCount: t.yes.toString(),
      abstainCount: t.abstain.toString(),
      noCount: t.no.toString(),
      noWithVetoCount: t.noWithVeto.toString(),
    };
  }
  return p.finalTallyResult ?? EMPTY_TALLY;
}

export function checkParamsType(type: string): void {
  if (type !== '' && type !== 'deposit' && type !== 'voting' && type !== 'tallying')
    throw invalidArgument(`unknown params type: ${type}`);
}

/** The gov v1 Query service (ABCI paths /cosmos.gov.v1.Query/<Method>). */
export function registerGovQueries(q: QueryRouter, keeper: GovKeeper): void {
  q.service('/cosmos.gov.v1.Query', {
    Constitution: () => QueryConstitutionResponse.encode({ constitution: '' }).finish(),
    Proposal: (ctx, raw) => {
      const { proposalId } = QueryProposalRequest.decode(raw);
      return QueryProposalResponse.encode({ proposal: mustProposal(ctx, keeper, proposalId) }).finish();
    },
    Proposals: (ctx, raw) => {
      const req = QueryProposalsRequest.decode(raw);
      const all = filterProposals(ctx, keeper, req.proposalStatus, req.voter, req.depositor);
      const { page, pagination } = paginate(all, (p) => u64Key(p.id), req.pagination);
      return QueryProposalsResponse.encode({ proposals: page, pagination }).finish();
    },
    Vote: (ctx, raw) => {
      const { proposalId, voter } = QueryVoteRequest.decode(raw);
      requireId(proposalId);
      requireAddress(voter, 'voter');
      const vote = keeper.getVote(ctx, proposalId, voter);
      if (!vote) throw notFound(`voter: ${voter} not found for proposal: ${proposalId}`);
      return QueryVoteResponse.encode({ vote }).finish();
    },
    Votes: (ctx, raw) => {
      const req = QueryVotesRequest.decode(raw);
      const votes = keeper.votes(ctx, requireId(req.proposalId));
      const { page, pagination } = paginate(votes, (v) => fromBech32Checked(v.voter), req.pagination);
      return QueryVotesResponse.encode({ votes: page, pagination }).finish();
    },
    Params: (ctx, raw) => {
      const { paramsType } = QueryParamsRequest.decode(raw);
      checkParamsType(paramsType);
      const p = govParamsToProto(keeper.getParams(ctx));
      return QueryParamsResponse.encode({
        params: p,
        depositParams:
          paramsType === 'deposit' ? { minDeposit: p.minDeposit, maxDepositPeriod: p.maxDepositPeriod } : undefined,
        votingParams: paramsType === 'voting' ? { votingPeriod: p.votingPeriod } : undefined,
        tallyParams:
          paramsType === 'tallying'
            ? { quorum: p.quorum, threshold: p.threshold, vetoThreshold: p.vetoThreshold }
            : undefined,
      }).finish();
    },
    Deposit: (ctx, raw) => {
      const { proposalId, depositor } = QueryDepositRequest.decode(raw);
      requireId(proposalId);
      requireAddress(depositor, 'depositor');
      const deposit = keeper.getDeposit(ctx, proposalId, depositor);
      if (!deposit) throw notFound(`depositor: ${depositor} not found for proposal: ${proposalId}`);
      return QueryDepositResponse.encode({ deposit }).finish();
    },
    Deposits: (ctx, raw) => {
      const req = QueryDepositsRequest.decode(raw);
      const deposits = keeper.deposits(ctx, requireId(req.proposalId));
      const { page, pagination } = paginate(deposits, (d) => fromBech32Checked(d.depositor), req.pagination);
      return QueryDepositsResponse.encode({ deposits: page, pagination }).finish();
    },
    TallyResult: (ctx, raw) => {
      const { proposalId } = QueryTallyResultRequest.decode(raw);
      return QueryTallyResultResponse.encode({
        tally: currentTally(ctx, keeper, mustProposal(ctx, keeper, proposalId)),
      }).finish();
    },
  });
}
