import { Params as ProtoParams } from 'cosmjs-types/cosmos/gov/v1/gov';
import { coinFromProto, coinToProto, validateCoins, type Coin } from '../../chain/types/coins.js';
import { decToString, parseDec } from '../../chain/types/dec.js';
import { durationToNs, formatDurationJson, nsToDuration, parseDurationJson } from '../../chain/types/duration.js';
import { Errors } from '../../chain/types/errors.js';
import { BASE_DENOM } from '../bank/denoms.js';

/** Gov parameters as the keeper uses them: durations in ns, decimals as bigint × 10^18. */
export interface GovParams {
  minDeposit: Coin[];
  maxDepositPeriodNs: bigint;
  votingPeriodNs: bigint;
  quorum: bigint;
  threshold: bigint;
  vetoThreshold: bigint;
  minInitialDepositRatio: bigint;
  burnVoteQuorum: boolean;
  burnProposalDepositPrevote: boolean;
  burnVoteVeto: boolean;
  minDepositRatio: bigint;
}

export const ONE_DEC = 10n ** 18n;
const SECOND_NS = 1_000_000_000n;
const DAY_NS = 86_400n * SECOND_NS;

/** The SDK's defaults (0.50), with the deposit in nicoin: 10 icon, 2 days to reach it, 2 days of voting. */
export const DEFAULT_GOV_PARAMS: GovParams = {
  minDeposit: [{ denom: BASE_DENOM, amount: 10_000_000_000n }],
  maxDepositPeriodNs: 2n * DAY_NS,
  votingPeriodNs: 2n * DAY_NS,
  quorum: parseDec('0.334'),
  threshold: parseDec('0.5'),
  vetoThreshold: parseDec('0.334'),
  minInitialDepositRatio: 0n,
  burnVoteQuorum: false,
  burnProposalDepositPrevote: false,
  burnVoteVeto: true,
  minDepositRatio: parseDec('0.01'),
};

function dec(text: string, what: string): bigint {
  try {
    return parseDec(text);
  } catch {
    throw Errors.InvalidRequest.wrap(`invalid ${what}: ${JSON.stringify(text)}`);
  }
}

/** The SDK's Params.ValidateBasic, for the fields this chain uses. */
export function validateGovParams(p: GovParams): void {
  const bad = (m: string) => Errors.InvalidRequest.wrap(m);
  if (p.minDeposit.length === 0) throw bad('invalid minimum deposit: empty');
  validateCoins(p.minDeposit);
  if (p.maxDepositPeriodNs <= 0n) throw bad('maximum deposit period must be positive');
  if (p.votingPeriodNs <= 0n) throw bad('voting period must be positive');
  if (p.quorum < 0n || p.quorum > ONE_DEC) throw bad(`quorum too large or negative: ${decToString(p.quorum)}`);
  if (p.threshold <= 0n || p.threshold > ONE_DEC)
    throw bad(`vote threshold must be positive and at most 1: ${decToString(p.threshold)}`);
  if (p.vetoThreshold <= 0n || p.vetoThreshold > ONE_DEC)
    throw bad(`veto threshold must be positive and at most 1: ${decToString(p.vetoThreshold)}`);
  if (p.minInitialDepositRatio < 0n || p.minInitialDepositRatio > ONE_DEC)
    throw bad('min initial deposit ratio must be within [0, 1]');
  if (p.minDepositRatio < 0n || p.minDepositRatio > ONE_DEC) throw bad('min deposit ratio must be within [0, 1]');
}

export function govParamsToProto(p: GovParams): ProtoParams {
  return ProtoParams.fromPartial({
    minDeposit: p.minDeposit.map(coinToProto),
    maxDepositPeriod: nsToDuration(p.maxDepositPeriodNs),
    votingPeriod: nsToDuration(p.votingPeriodNs),
    quorum: decToString(p.quorum),
    threshold: decToString(p.threshold),
    vetoThreshold: decToString(p.vetoThreshold),
    minInitialDepositRatio: decToString(p.minInitialDepositRatio),
    proposalCancelRatio: decToString(0n),
    proposalCancelDest: '',
    // Expedited proposals are not offered; these echo the regular values so tools that read them see sane numbers.
    expeditedVotingPeriod: nsToDuration(p.votingPeriodNs),
    expeditedThreshold: decToString(ONE_DEC),
    expeditedMinDeposit: p.minDeposit.map(coinToProto),
    burnVoteQuorum: p.burnVoteQuorum,
    burnProposalDepositPrevote: p.burnProposalDepositPrevote,
    burnVoteVeto: p.burnVoteVeto,
    minDepositRatio: decToString(p.minDepositRatio),
  });
}

/** Params from a MsgUpdateParams; throws InvalidRequest on any malformed field. */
export function govParamsFromProto(p: ProtoParams): GovParams {
  const params: GovParams = {
    minDeposit: p.minDeposit.map(coinFromProto),
    maxDepositPeriodNs: durationToNs(p.maxDepositPeriod),
    votingPeriodNs: durationToNs(p.votingPeriod),
    quorum: dec(p.quorum, 'quorum'),
    threshold: dec(p.threshold, 'threshold'),
    vetoThreshold: dec(p.vetoThreshold, 'veto threshold'),
    minInitialDepositRatio:
      p.minInitialDepositRatio === '' ? 0n : dec(p.minInitialDepositRatio, 'min initial deposit ratio'),
    burnVoteQuorum: p.burnVoteQuorum,
    burnProposalDepositPrevote: p.burnProposalDepositPrevote,
    burnVoteVeto: p.burnVoteVeto,
    minDepositRatio: p.minDepositRatio === '' ? 0n : dec(p.minDepositRatio, 'min deposit ratio'),
  };
  validateGovParams(params);
  return params;
}

/** Genesis JSON of the params, snake_case as the SDK writes genesis.json. */
export interface GovParamsJson {
  min_deposit: Array<{ denom: string; amount: string }>;
  max_deposit_period: string;
  voting_period: string;
  quorum: string;
  threshold: string;
  veto_threshold: string;
  min_initial_deposit_ratio: string;
  burn_vote_quorum: boolean;
  burn_proposal_deposit_prevote: boolean;
  burn_vote_veto: boolean;
  min_deposit_ratio: string;
}

export function govParamsToJson(p: GovParams): GovParamsJson {
  return {
    min_deposit: p.minDeposit.map(coinToProto),
    max_deposit_period: formatDurationJson(p.maxDepositPeriodNs),
    voting_period: formatDurationJson(p.votingPeriodNs),
    quorum: decToString(p.quorum),
    threshold: decToString(p.threshold),
    veto_threshold: decToString(p.vetoThreshold),
    min_initial_deposit_ratio: decToString(p.minInitialDepositRatio),
    burn_vote_quorum: p.burnVoteQuorum,
    burn_proposal_deposit_prevote: p.burnProposalDepositPrevote,
    burn_vote_veto: p.burnVoteVeto,
    min_deposit_ratio: decToString(p.minDepositRatio),
  };
}

export function govParamsFromJson(j: GovParamsJson): GovParams {
  if (!j || typeof j !== 'object') throw new Error('gov params must be an object');
  const params: GovParams = {
    minDeposit: (j.min_deposit ?? []).map(coinFromProto),
    maxDepositPeriodNs: parseDurationJson(j.max_deposit_period, 'max_deposit_period'),
    votingPeriodNs: parseDurationJson(j.voting_period, 'voting_period'),
    quorum: parseDec(String(j.quorum)),
    threshold: parseDec(String(j.threshold)),
    vetoThreshold: parseDec(String(j.veto_threshold)),
    minInitialDepositRatio: parseDec(String(j.min_initial_deposit_ratio ?? '0')),
    burnVoteQuorum: j.burn_vote_quorum === true,
    burnProposalDepositPrevote: j.burn_proposal_deposit_prevote === true,
    burnVoteVeto: j.burn_vote_veto !== false,
    minDepositRatio: parseDec(String(j.min_deposit_ratio ?? '0')),
  };
  validateGovParams(params);
  return params;
}
