import {
  Deposit,
  Proposal,
  proposalStatusFromJSON,
  proposalStatusToJSON,
  Vote,
  voteOptionFromJSON,
  voteOptionToJSON,
} from 'cosmjs-types/cosmos/gov/v1/gov';
import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { GOV_MODULE_NAME } from './authority.js';
import type { GovAccountKeeper } from './expected-keepers.js';
import type { GovKeeper } from './keeper.js';
import { DEFAULT_GOV_PARAMS, govParamsFromJson, govParamsToJson, type GovParamsJson } from './params.js';
import type { Timestamp } from 'cosmjs-types/google/protobuf/timestamp';
import { formatRfc3339Ns, nsToTimestamp, parseRfc3339Ns, timestampToNs } from '../../chain/types/time.js';
import { toBase64 } from '../../chain/types/bytes.js';

/** The SDK's genesis JSON writes an unset proposal time as null. */
function timestampJson(t: Timestamp | undefined): string | null {
  return t ? formatRfc3339Ns(timestampToNs(t)) : null;
}

function parseTimestampJson(text: unknown): Timestamp | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  return nsToTimestamp(parseRfc3339Ns(text as string));
}

type CoinJson = { denom: string; amount: string };

interface ProposalJson {
  id: string;
  /** Embedded messages as type URL + base64 protobuf (not the SDK's unpacked Any JSON, which needs every type's JSON codec). */
  messages: Array<{ type_url: string; value: string }>;
  status: string;
  final_tally_result: { yes_count: string; abstain_count: string; no_count: string; no_with_veto_count: string } | null;
  submit_time: string | null;
  deposit_end_time: string | null;
  total_deposit: CoinJson[];
  voting_start_time: string | null;
  voting_end_time: string | null;
  metadata: string;
  title: string;
  summary: string;
  proposer: string;
  expedited: boolean;
  failed_reason: string;
}

/** x/gov v1 GenesisState, snake_case as in genesis.json. */
export interface GovGenesis {
  starting_proposal_id: string;
  deposits: Array<{ proposal_id: string; depositor: string; amount: CoinJson[] }>;
  votes: Array<{
    proposal_id: string;
    voter: string;
    options: Array<{ option: string; weight: string }>;
    metadata: string;
  }>;
  proposals: ProposalJson[];
  params: GovParamsJson;
  constitution: string;
}

const coinsJson = (cs: CoinJson[]) => cs.map((c) => ({ denom: c.denom, amount: c.amount }));

function proposalToJson(p: Proposal): ProposalJson {
  const t = p.finalTallyResult;
  return {
    id: p.id.toString(),
    messages: p.messages.map((m) => ({ type_url: m.typeUrl, value: toBase64(m.value) })),
    status: proposalStatusToJSON(p.status),
    final_tally_result: t
      ? {
          yes_count: t.yesCount,
          abstain_count: t.abstainCount,
          no_count: t.noCount,
          no_with_veto_count: t.noWithVetoCount,
        }
      : null,
    submit_time: timestampJson(p.submitTime),
    deposit_end_time: timestampJson(p.depositEndTime),
    total_deposit: coinsJson(p.totalDeposit),
    voting_start_time: timestampJson(p.votingStartTime),
    voting_end_time: timestampJson(p.votingEndTime),
    metadata: p.metadata,
    title: p.title,
    summary: p.summary,
    proposer: p.proposer,
    expedited: p.expedited,
    failed_reason: p.failedReason,
  };
}

function uint(text: unknown, what: string): bigint {
  if (typeof text !== 'string' || !/^[0-9]{1,20}$/.test(text))
    throw new Error(`${what} must be an unsigned integer string, got ${JSON.stringify(text)}`);
  return BigInt(text);
}

function proposalFromJson(j: ProposalJson): Proposal {
  const t = j.final_tally_result;
  return Proposal.fromPartial({
    id: uint(j.id, 'proposal id'),
    messages: (j.messages ?? []).map((m) => ({
      typeUrl: String(m.type_url),
      value: Uint8Array.from(Buffer.from(String(m.value), 'base64')),
    })),
    status: proposalStatusFromJSON(j.status),
    finalTallyResult: t
      ? {
          yesCount: t.yes_count,
          abstainCount: t.abstain_count,
          noCount: t.no_count,
          noWithVetoCount: t.no_with_veto_count,
        }
      : undefined,
    submitTime: parseTimestampJson(j.submit_time),
    depositEndTime: parseTimestampJson(j.deposit_end_time),
    totalDeposit: coinsJson(j.total_deposit ?? []),
    votingStartTime: parseTimestampJson(j.voting_start_time),
    votingEndTime: parseTimestampJson(j.voting_end_time),
    metadata: String(j.metadata ?? ''),
    title: String(j.title ?? ''),
    summary: String(j.summary ?? ''),
    proposer: String(j.proposer ?? ''),
    expedited: j.expedited === true,
    failedReason: String(j.failed_reason ?? ''),
  });
}

export function defaultGovGenesis(): GovGenesis {
  return {
    starting_proposal_id: '1',
    deposits: [],
    votes: [],
    proposals: [],
    params: govParamsToJson(DEFAULT_GOV_PARAMS),
    constitution: '',
  };
}

export function initGovGenesis(ctx: Context, keeper: GovKeeper, accounts: GovAccountKeeper, raw: unknown): void {
  const g = raw as GovGenesis;
  if (!g || typeof g !== 'object') throw new Error('gov genesis must be an object');
  accounts.getOrCreateModuleAccount(ctx, GOV_MODULE_NAME, ['burner']);
  keeper.setParams(ctx, govParamsFromJson(g.params));
  const start = uint(g.starting_proposal_id ?? '1', 'starting_proposal_id');
  keeper.setNextProposalId(ctx, start === 0n ? 1n : start);
  const ids = new Set<bigint>();
  for (const pj of g.proposals ?? []) {
    const p = proposalFromJson(pj);
    if (ids.has(p.id)) throw new Error(`duplicate proposal ${p.id}`);
    if (p.id >= start) throw new Error(`proposal ${p.id} is not below starting_proposal_id ${start}`);
    ids.add(p.id);
    keeper.importProposal(ctx, p);
  }
  for (const d of g.deposits ?? []) {
    const id = uint(d.proposal_id, 'deposit proposal_id');
    if (!ids.has(id)) throw new Error(`deposit for unknown proposal ${id}`);
    if (!isValidAddress(d.depositor)) throw new Error(`invalid depositor ${d.depositor}`);
    keeper.importDeposit(
      ctx,
      Deposit.fromPartial({ proposalId: id, depositor: d.depositor, amount: coinsJson(d.amount ?? []) }),
    );
  }
  for (const v of g.votes ?? []) {
    const id = uint(v.proposal_id, 'vote proposal_id');
    if (!ids.has(id)) throw new Error(`vote for unknown proposal ${id}`);
    if (!isValidAddress(v.voter)) throw new Error(`invalid voter ${v.voter}`);
    const options = (v.options ?? []).map((o) => ({ option: voteOptionFromJSON(o.option), weight: String(o.weight) }));
    keeper.importVote(
      ctx,
      Vote.fromPartial({ proposalId: id, voter: v.voter, options, metadata: String(v.metadata ?? '') }),
    );
  }
}

export function exportGovGenesis(ctx: Context, keeper: GovKeeper): GovGenesis {
  return {
    starting_proposal_id: keeper.nextProposalId(ctx).toString(),
    deposits: keeper
      .allDeposits(ctx)
      .map((d) => ({ proposal_id: d.proposalId.toString(), depositor: d.depositor, amount: coinsJson(d.amount) })),
    votes: keeper.allVotes(ctx).map((v) => ({
      proposal_id: v.proposalId.toString(),
      voter: v.voter,
      options: v.options.map((o) => ({ option: voteOptionToJSON(o.option), weight: o.weight })),
      metadata: v.metadata,
    })),
    proposals: keeper.proposals(ctx).map(proposalToJson),
    params: govParamsToJson(keeper.getParams(ctx)),
    constitution: '',
  };
}
