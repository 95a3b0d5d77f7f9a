import {
  MsgDeposit,
  MsgDepositResponse,
  MsgSubmitProposal,
  MsgSubmitProposalResponse,
  MsgUpdateParams,
  MsgUpdateParamsResponse,
  MsgVote,
  MsgVoteResponse,
  MsgVoteWeighted,
  MsgVoteWeightedResponse,
} from 'cosmjs-types/cosmos/gov/v1/tx';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { coinFromProto, validateCoins, type Coin } from '../../chain/types/coins.js';
import { Errors } from '../../chain/types/errors.js';
import { assertGovAuthority } from './authority.js';
import { GovErrors } from './errors.js';
import type { GovKeeper } from './keeper.js';
import { govParamsFromProto } from './params.js';

export const GOV_V1_URLS = {
  submitProposal: '/cosmos.gov.v1.MsgSubmitProposal',
  deposit: '/cosmos.gov.v1.MsgDeposit',
  vote: '/cosmos.gov.v1.MsgVote',
  voteWeighted: '/cosmos.gov.v1.MsgVoteWeighted',
  updateParams: '/cosmos.gov.v1.MsgUpdateParams',
} as const;

export function checkAddress(addr: string, field: string): void {
  try {
    fromBech32Checked(addr);
  } catch (e) {
    throw Errors.InvalidAddress.wrap(`invalid ${field} address: ${(e as Error).message}`);
  }
}

/** Deposit coins: valid, sorted, positive (empty allowed only where the caller says so). */
export function depositCoins(coins: Array<{ denom: string; amount: string }>, allowEmpty: boolean): Coin[] {
  const out = coins.map(coinFromProto);
  validateCoins(out);
  if (!allowEmpty && out.length === 0) throw Errors.InvalidCoins.wrap('deposit amount cannot be empty');
  return out;
}

const aminoCoins = (coins: Array<{ denom: string; amount: string }>) =>
  coins.map((c) => ({ amount: c.amount, denom: c.denom }));

/** Amino JSON of an embedded message, through its route (a message without amino support makes the proposal DIRECT-only). */
function aminoOfAny(router: MsgServiceRouter, any: Any): { type: string; value: unknown } {
  const route = router.route(any.typeUrl);
  if (!route?.aminoName || !route.toAminoJson)
    throw Errors.InvalidRequest.wrap(`${any.typeUrl} does not support SIGN_MODE_LEGACY_AMINO_JSON`);
  return { type: route.aminoName, value: route.toAminoJson(route.decode(any.value)) };
}

/** The gov v1 Msg service, as the SDK's x/gov msg server (MsgCancelProposal and expedited proposals are not offered). */
export function registerGovMsgs(router: MsgServiceRouter, keeper: GovKeeper): void {
  router.register<MsgSubmitProposal>({
    typeUrl: GOV_V1_URLS.submitProposal,
    module: 'gov',
    decode: (b) => MsgSubmitProposal.decode(b),
    encode: (m) => MsgSubmitProposal.encode(m).finish(),
    getSigners: (m) => [m.proposer],
    validateBasic: (m) => {
      checkAddress(m.proposer, 'proposer');
      depositCoins(m.initialDeposit, true);
      if (m.expedited) throw GovErrors.InvalidProposal.wrap('expedited proposals are not supported on this chain');
      if (m.title === '') throw GovErrors.InvalidProposalContent.wrap('proposal title cannot be empty');
      if (m.summary === '') throw GovErrors.InvalidProposalContent.wrap('proposal summary cannot be empty');
    },
    aminoName: 'cosmos-sdk/v1/MsgSubmitProposal',
    toAminoJson: (m) => {
      const out: Record<string, unknown> = {};
      if (m.messages.length > 0) out.messages = m.messages.map((a) => aminoOfAny(router, a));
      out.initial_deposit = aminoCoins(m.initialDeposit);
      if (m.proposer) out.proposer = m.proposer;
      if (m.metadata) out.metadata = m.metadata;
      if (m.title) out.title = m.title;
      if (m.summary) out.summary = m.summary;
      if (m.expedited) out.expedited = true;
      return out;
    },
    handler: (ctx, m) => {
      const initial = depositCoins(m.initialDeposit, true);
      keeper.checkInitialDeposit(ctx, initial);
      const proposal = keeper.submitProposal(ctx, {
        messages: m.messages,
        proposer: m.proposer,
        metadata: m.metadata,
        title: m.title,
        summary: m.summary,
      });
      if (initial.length > 0) keeper.addDeposit(ctx, proposal.id, m.proposer, initial, false);
      return {
        typeUrl: `${GOV_V1_URLS.submitProposal}Response`,
        value: MsgSubmitProposalResponse.encode({ proposalId: proposal.id }).finish(),
      };
    },
  });

  router.register<MsgDeposit>({
    typeUrl: GOV_V1_URLS.deposit,
    module: 'gov',
    decode: (b) => MsgDeposit.decode(b),
    encode: (m) => MsgDeposit.encode(m).finish(),
    getSigners: (m) => [m.depositor],
    validateBasic: (m) => {
      checkAddress(m.depositor, 'depositor');
      depositCoins(m.amount, false);
    },
    aminoName: 'cosmos-sdk/v1/MsgDeposit',
    toAminoJson: (m) => ({
      proposal_id: m.proposalId.toString(),
      depositor: m.depositor,
      amount: aminoCoins(m.amount),
    }),
    handler: (ctx, m) => {
      keeper.addDeposit(ctx, m.proposalId, m.depositor, depositCoins(m.amount, false), true);
      return { typeUrl: `${GOV_V1_URLS.deposit}Response`, value: MsgDepositResponse.encode({}).finish() };
    },
  });

  router.register<MsgVote>({
    typeUrl: GOV_V1_URLS.vote,
    module: 'gov',
    decode: (b) => MsgVote.decode(b),
    encode: (m) => MsgVote.encode(m).finish(),
    getSigners: (m) => [m.voter],
    validateBasic: (m) => checkAddress(m.voter, 'voter'),
    aminoName: 'cosmos-sdk/v1/MsgVote',
    toAminoJson: (m) => {
      const out: Record<string, unknown> = { proposal_id: m.proposalId.toString(), voter: m.voter, option: m.option };
      if (m.metadata) out.metadata = m.metadata;
      return out;
    },
    handler: (ctx, m) => {
      keeper.addVote(ctx, m.proposalId, m.voter, [{ option: m.option, weight: '1' }], m.metadata);
      return { typeUrl: `${GOV_V1_URLS.vote}Response`, value: MsgVoteResponse.encode({}).finish() };
    },
  });

  router.register<MsgVoteWeighted>({
    typeUrl: GOV_V1_URLS.voteWeighted,
    module: 'gov',
    decode: (b) => MsgVoteWeighted.decode(b),
    encode: (m) => MsgVoteWeighted.encode(m).finish(),
    getSigners: (m) => [m.voter],
    validateBasic: (m) => checkAddress(m.voter, 'voter'),
    aminoName: 'cosmos-sdk/v1/MsgVoteWeighted',
    toAminoJson: (m) => {
      const out: Record<string, unknown> = {
        proposal_id: m.proposalId.toString(),
        voter: m.voter,
        options: m.options.map((o) => ({ option: o.option, weight: o.weight })),
      };
      if (m.metadata) out.metadata = m.metadata;
      return out;
    },
    handler: (ctx, m) => {
      keeper.addVote(ctx, m.proposalId, m.voter, m.options, m.metadata);
      return { typeUrl: `${GOV_V1_URLS.voteWeighted}Response`, value: MsgVoteWeightedResponse.encode({}).finish() };
    },
  });

  router.register<MsgUpdateParams>({
    typeUrl: GOV_V1_URLS.updateParams,
    module: 'gov',
    decode: (b) => MsgUpdateParams.decode(b),
    encode: (m) => MsgUpdateParams.encode(m).finish(),
    getSigners: (m) => [m.authority],
    validateBasic: (m) => {
      checkAddress(m.authority, 'authority');
      if (!m.params) throw Errors.InvalidRequest.wrap('params are required');
      govParamsFromProto(m.params);
    },
    handler: (ctx, m) => {
      assertGovAuthority(m.authority);
      keeper.setParams(ctx, govParamsFromProto(m.params!));
      return { typeUrl: `${GOV_V1_URLS.updateParams}Response`, value: MsgUpdateParamsResponse.encode({}).finish() };
    },
  });
}
