/**
 * gov v1beta1 compatibility: CosmJS's gov query extension (setupGovExtension) and its amino converters speak
 * v1beta1, so the node serves the v1beta1 Query service as views of the v1 state, and accepts the v1beta1 Deposit,
 * Vote, VoteWeighted and text-only SubmitProposal messages, as the SDK's legacy msg server does.
 */
import { ProposalStatus, type Proposal, type Vote } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
  Proposal as LegacyProposal,
  TextProposal,
  type TallyResult as LegacyTally,
  type Vote as LegacyVote,
  type WeightedVoteOption as LegacyOption,
} from 'cosmjs-types/cosmos/gov/v1beta1/gov';
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
} from 'cosmjs-types/cosmos/gov/v1beta1/query';
import {
  MsgDeposit,
  MsgDepositResponse,
  MsgSubmitProposal,
  MsgSubmitProposalResponse,
  MsgVote,
  MsgVoteResponse,
  MsgVoteWeighted,
  MsgVoteWeightedResponse,
} from 'cosmjs-types/cosmos/gov/v1beta1/tx';
import { Any } from 'cosmjs-types/google/protobuf/any';
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { paginate } from '../../chain/app/pagination.js';
import { invalidArgument, notFound, type MsgServiceRouter, type QueryRouter } from '../../chain/app/router.js';
import { fromBech32Checked, isValidAddress } from '../../chain/crypto/address.js';
import { u64Key, utf8 } from '../../chain/store/kv.js';
import { decToString, parseDec } from '../../chain/types/dec.js';
import { GovErrors } from './errors.js';
import type { GovKeeper } from './keeper.js';
import { checkAddress, depositCoins } from './msg-server.js';
import { govParamsToProto } from './params.js';
import { checkParamsType, currentTally, filterProposals, mustProposal } from './query-server.js';

const TEXT_PROPOSAL_URL = '/cosmos.gov.v1beta1.TextProposal';
const ZERO_TIME: Timestamp = { seconds: 0n, nanos: 0 };

/** v1beta1 weights are LegacyDec on the wire: the integer of weight × 10^18. */
const legacyWeight = (v1Weight: string) => parseDec(v1Weight).toString();
const v1Weight = (legacy: string) => {
  if (!/^[0-9]{1,40}$/.test(legacy)) throw GovErrors.InvalidVote.wrap(`invalid weight ${JSON.stringify(legacy)}`);
  return decToString(BigInt(legacy));
};
/** LegacyDec in bytes fields (TallyParams) marshals as the ASCII of that integer. */
const legacyDecBytes = (dec: string) => utf8(parseDec(dec).toString());

/**
 * A v1 proposal as v1beta1 shows it. Content: a TextProposal with the title and summary (the SDK refuses to convert
 * proposals that carry messages; listing them as text keeps CosmJS's proposals() working for every proposal).
 */
export function toLegacyProposal(p: Proposal, tally: LegacyTally): LegacyProposal {
  return LegacyProposal.fromPartial({
    proposalId: p.id,
    content: Any.fromPartial({
      typeUrl: TEXT_PROPOSAL_URL,
      value: TextProposal.encode({ title: p.title, description: p.summary }).finish(),
    }),
    status: p.status as number,
    finalTallyResult: tally,
    submitTime: p.submitTime ?? ZERO_TIME,
    depositEndTime: p.depositEndTime ?? ZERO_TIME,
    totalDeposit: p.totalDeposit,
    votingStartTime: p.votingStartTime ?? ZERO_TIME,
    votingEndTime: p.votingEndTime ?? ZERO_TIME,
  });
}

function toLegacyVote(v: Vote): LegacyVote {
  const options: LegacyOption[] = v.options.map((o) => ({
    option: o.option as number,
    weight: legacyWeight(o.weight),
  }));
  const single = v.options.length === 1 && parseDec(v.options[0]!.weight) === 10n ** 18n;
  return { proposalId: v.proposalId, voter: v.voter, option: single ? (v.options[0]!.option as number) : 0, options };
}

function legacyTally(t: {
  yesCount: string;
  abstainCount: string;
  noCount: string;
  noWithVetoCount: string;
}): LegacyTally {
  return { yes: t.yesCount, abstain: t.abstainCount, no: t.noCount, noWithVeto: t.noWithVetoCount };
}

export function registerLegacyGovQueries(q: QueryRouter, keeper: GovKeeper): void {
  const requireAddr = (a: string, what: string) => {
    if (!isValidAddress(a)) throw invalidArgument(`invalid ${what} address ${JSON.stringify(a)}`);
  };
  q.service('/cosmos.gov.v1beta1.Query', {
    Proposal: (ctx, raw) => {
      const p = mustProposal(ctx, keeper, QueryProposalRequest.decode(raw).proposalId);
      return QueryProposalResponse.encode({
        proposal: toLegacyProposal(p, legacyTally(p.finalTallyResult ?? currentTally(ctx, keeper, p))),
      }).finish();
    },
    Proposals: (ctx, raw) => {
      const req = QueryProposalsRequest.decode(raw);
      const all = filterProposals(
        ctx,
        keeper,
        req.proposalStatus as number as ProposalStatus,
        req.voter,
        req.depositor,
      );
      const { page, pagination } = paginate(all, (p) => u64Key(p.id), req.pagination);
      return QueryProposalsResponse.encode({
        proposals: page.map((p) =>
          toLegacyProposal(p, legacyTally(p.finalTallyResult ?? currentTally(ctx, keeper, p))),
        ),
        pagination,
      }).finish();
    },
    Vote: (ctx, raw) => {
      const { proposalId, voter } = QueryVoteRequest.decode(raw);
      requireAddr(voter, 'voter');
      const vote = keeper.getVote(ctx, proposalId, voter);
      if (!vote) throw notFound(`voter: ${voter} not found for proposal: ${proposalId}`);
      return QueryVoteResponse.encode({ vote: toLegacyVote(vote) }).finish();
    },
    Votes: (ctx, raw) => {
      const req = QueryVotesRequest.decode(raw);
      const { page, pagination } = paginate(
        keeper.votes(ctx, req.proposalId),
        (v) => fromBech32Checked(v.voter),
        req.pagination,
      );
      return QueryVotesResponse.encode({ votes: page.map(toLegacyVote), pagination }).finish();
    },
    Params: (ctx, raw) => {
      const { paramsType } = QueryParamsRequest.decode(raw);
      checkParamsType(paramsType);
      if (paramsType === '') throw invalidArgument('params type is required: deposit, voting or tallying');
      const p = govParamsToProto(keeper.getParams(ctx));
      const zero = { seconds: 0n, nanos: 0 };
      const empty = new Uint8Array(0);
      return QueryParamsResponse.encode({
        depositParams:
          paramsType === 'deposit'
            ? { minDeposit: p.minDeposit, maxDepositPeriod: p.maxDepositPeriod! }
            : { minDeposit: [], maxDepositPeriod: zero },
        votingParams: { votingPeriod: paramsType === 'voting' ? p.votingPeriod! : zero },
        tallyParams:
          paramsType === 'tallying'
            ? {
                quorum: legacyDecBytes(p.quorum),
                threshold: legacyDecBytes(p.threshold),
                vetoThreshold: legacyDecBytes(p.vetoThreshold),
              }
            : { quorum: empty, threshold: empty, vetoThreshold: empty },
      }).finish();
    },
    Deposit: (ctx, raw) => {
      const { proposalId, depositor } = QueryDepositRequest.decode(raw);
      requireAddr(depositor, 'depositor');
      const deposit = keeper.getDeposit(ctx, proposalId, depositor);
      if (!deposit) throw notFound(`depositor: ${depositor} not found for proposal: ${proposalId}`);
      return QueryDepositResponse.encode({ deposit }).finish();
    },
    Deposits: (ctx, raw) => {
      const req = QueryDepositsRequest.decode(raw);
      const { page, pagination } = paginate(
        keeper.deposits(ctx, req.proposalId),
        (d) => fromBech32Checked(d.depositor),
        req.pagination,
      );
      return QueryDepositsResponse.encode({ deposits: page, pagination }).finish();
    },
    TallyResult: (ctx, raw) => {
      const p = mustProposal(ctx, keeper, QueryTallyResultRequest.decode(raw).proposalId);
      return QueryTallyResultResponse.encode({ tally: legacyTally(currentTally(ctx, keeper, p)) }).finish();
    },
  });
}

export function registerLegacyGovMsgs(router: MsgServiceRouter, keeper: GovKeeper): void {
  router.register<MsgSubmitProposal>({
    typeUrl: '/cosmos.gov.v1beta1.MsgSubmitProposal',
    module: 'gov',
    decode: (b) => MsgSubmitProposal.decode(b),
    encode: (m) => MsgSubmitProposal.encode(m).finish(),
    getSigners: (m) => [m.proposer],
    validateBasic: (m) => {
      checkAddress(m.proposer, 'proposer');
      depositCoins(m.initialDeposit, true);
      if (m.content?.typeUrl !== TEXT_PROPOSAL_URL) {
        throw GovErrors.InvalidProposalContent.wrap(
          `only ${TEXT_PROPOSAL_URL} is supported in v1beta1; submit other proposals with /cosmos.gov.v1.MsgSubmitProposal`,
        );
      }
      const text = TextProposal.decode(m.content.value);
      if (text.title === '') throw GovErrors.InvalidProposalContent.wrap('proposal title cannot be blank');
      if (text.description === '') throw GovErrors.InvalidProposalContent.wrap('proposal description cannot be blank');
    },
    aminoName: 'cosmos-sdk/MsgSubmitProposal',
    toAminoJson: (m) => {
      const text = TextProposal.decode(m.content!.value);
      return {
        initial_deposit: m.initialDeposit.map((c) => ({ amount: c.amount, denom: c.denom })),
        proposer: m.proposer,
        content: { type: 'cosmos-sdk/TextProposal', value: { description: text.description, title: text.title } },
      };
    },
    handler: (ctx, m) => {
      const text = TextProposal.decode(m.content!.value);
      const initial = depositCoins(m.initialDeposit, true);
      keeper.checkInitialDeposit(ctx, initial);
      const p = keeper.submitProposal(ctx, {
        messages: [],
        proposer: m.proposer,
        metadata: '',
        title: text.title,
        summary: text.description,
      });
      if (initial.length > 0) keeper.addDeposit(ctx, p.id, m.proposer, initial, false);
      return {
        typeUrl: '/cosmos.gov.v1beta1.MsgSubmitProposalResponse',
        value: MsgSubmitProposalResponse.encode({ proposalId: p.id }).finish(),
      };
    },
  });

  router.register<MsgDeposit>({
    typeUrl: '/cosmos.gov.v1beta1.MsgDeposit',
    module: 'gov',
    decode: (b) => MsgDeposit.decode(b),
    encode: (m) => MsgDeposit.encode(m).finish(),
    getSigners: (m) => [m.depositor],
    validateBasic: (m) => {
      checkAddress(m.depositor, 'depositor');
      depositCoins(m.amount, false);
    },
    aminoName: 'cosmos-sdk/MsgDeposit',
    toAminoJson: (m) => ({
      amount: m.amount.map((c) => ({ amount: c.amount, denom: c.denom })),
      depositor: m.depositor,
      proposal_id: m.proposalId.toString(),
    }),
    handler: (ctx, m) => {
      keeper.addDeposit(ctx, m.proposalId, m.depositor, depositCoins(m.amount, false), true);
      return { typeUrl: '/cosmos.gov.v1beta1.MsgDepositResponse', value: MsgDepositResponse.encode({}).finish() };
    },
  });

  router.register<MsgVote>({
    typeUrl: '/cosmos.gov.v1beta1.MsgVote',
    module: 'gov',
    decode: (b) => MsgVote.decode(b),
    encode: (m) => MsgVote.encode(m).finish(),
    getSigners: (m) => [m.voter],
    validateBasic: (m) => checkAddress(m.voter, 'voter'),
    aminoName: 'cosmos-sdk/MsgVote',
    toAminoJson: (m) => ({ option: m.option, proposal_id: m.proposalId.toString(), voter: m.voter }),
    handler: (ctx, m) => {
      keeper.addVote(ctx, m.proposalId, m.voter, [{ option: m.option as number, weight: '1' }], '');
      return { typeUrl: '/cosmos.gov.v1beta1.MsgVoteResponse', value: MsgVoteResponse.encode({}).finish() };
    },
  });

  router.register<MsgVoteWeighted>({
    typeUrl: '/cosmos.gov.v1beta1.MsgVoteWeighted',
    module: 'gov',
    decode: (b) => MsgVoteWeighted.decode(b),
    encode: (m) => MsgVoteWeighted.encode(m).finish(),
    getSigners: (m) => [m.voter],
    validateBasic: (m) => checkAddress(m.voter, 'voter'),
    aminoName: 'cosmos-sdk/MsgVoteWeighted',
    toAminoJson: (m) => ({
      options: m.options.map((o) => ({ option: o.option, weight: v1Weight(o.weight) })),
      proposal_id: m.proposalId.toString(),
      voter: m.voter,
    }),
    handler: (ctx, m) => {
      keeper.addVote(
        ctx,
        m.proposalId,
        m.voter,
        m.options.map((o) => ({ option: o.option as number, weight: v1Weight(o.weight) })),
        '',
      );
      return {
        typeUrl: '/cosmos.gov.v1beta1.MsgVoteWeightedResponse',
        value: MsgVoteWeightedResponse.encode({}).finish(),
      };
    },
  });
}
