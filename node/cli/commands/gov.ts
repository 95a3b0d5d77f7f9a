/**
 * `raced tx gov …` and `raced query gov …`: the SDK's gov commands over the gov v1 messages and queries.
 *   tx gov submit-proposal <file.json>     {"messages":[{"@type":…,…}],"deposit":"10icon","title":…,"summary":…,"metadata":…}
 *   tx gov deposit <id> <amount>           tx gov vote <id> yes|no|abstain|no_with_veto
 *   query gov proposal <id> | proposals [--status] | tally <id> | vote <id> <addr> | votes <id> | deposits <id> | params
 * Register after registerTxCommands/registerQueryCommands: the `tx` and `query` groups are reused when present.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { EncodeObject, GeneratedType } from '@cosmjs/proto-signing';
import { Proposal, ProposalStatus, proposalStatusFromJSON, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
  QueryDepositsRequest, QueryDepositsResponse, QueryParamsRequest, QueryParamsResponse, QueryProposalRequest, QueryProposalResponse,
  QueryProposalsRequest, QueryProposalsResponse, QueryTallyResultRequest, QueryTallyResultResponse, QueryVoteRequest, QueryVoteResponse,
  QueryVotesRequest, QueryVotesResponse,
} from 'cosmjs-types/cosmos/gov/v1/query';
import { MsgUpdateParams as GovMsgUpdateParams } from 'cosmjs-types/cosmos/gov/v1/tx';
import { MsgUpdateParams as AuthMsgUpdateParams } from 'cosmjs-types/cosmos/auth/v1beta1/tx';
import { MsgSend, MsgUpdateParams as BankMsgUpdateParams } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { Any } from 'cosmjs-types/google/protobuf/any';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { govAddress } from '../../../modules/gov/authority.js';
import { formatDurationJson } from '../../../chain/types/duration.js';
import { pricingTypes } from '../../../modules/pricing/client.js';
import { registryTypes } from '../../../modules/registry/client.js';
import { MsgUpdateParams as PricingMsgUpdateParams } from '../../../proto/gen/race/pricing/v1/tx.js';
import { MsgUpdateParams as RaceMsgUpdateParams } from '../../../proto/gen/race/race/v1/tx.js';
import { MsgDeregisterModel, MsgRegisterModel, MsgUpdateParams as RegistryMsgUpdateParams } from '../../../proto/gen/race/registry/v1/tx.js';
import { parseUserCoins } from '../coins-input.js';
import { CliError, parseOutputFormat, printJson, printText } from '../output.js';
import { toSdkJson, yamlDocument } from '../render.js';
import { withQueryClient } from '../rpc-client.js';
import { signAndBroadcastMsgs, type TxFlags } from '../tx-client.js';
import { addTxFlags, printTxResponse } from './tx.js';

export interface QueryOpts {
  node?: string;
  output?: string;
}

/** The `tx` / `query` group (or a module group under it), reused when another command file created it first. */
export function subcommand(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

export function queryCommand(parent: Command, spec: string, description: string): Command {
  return parent.command(spec).description(description).option('--node <url>', 'CometBFT RPC endpoint (default http://127.0.0.1:26657)').option('-o, --output <format>', 'text|json');
}

export function output(opts: QueryOpts, value: unknown): void {
  if (parseOutputFormat(opts.output) === 'json') printJson(value);
  else printText(yamlDocument(value));
}

/** An ABCI query through CosmJS's QueryClient (protobuf request and response). */
export async function abciQuery<T>(node: string | undefined, path: string, request: Uint8Array, decode: (b: Uint8Array) => T): Promise<T> {
  return withQueryClient(node, async (q) => {
    try {
      return decode((await q.queryAbci(path, request)).value);
    } catch (e) {
      const m = /desc = (.*)$/.exec((e as Error).message);
      // Anything else (a connection error) is left to withQueryClient, which names the node.
      if (!m) throw e;
      throw new CliError(m[1]!);
    }
  });
}

export function parseId(text: string, what = 'proposal id'): bigint {
  if (!/^[1-9][0-9]{0,19}$/.test(text)) throw new CliError(`invalid ${what} "${text}": a positive integer`);
  return BigInt(text);
}

/** Message types a proposal file may embed, with their codecs. */
const PROPOSAL_MSG_TYPES: Record<string, { fromJSON(o: unknown): unknown; toJSON(m: any): unknown; encode(m: any): { finish(): Uint8Array }; decode(b: Uint8Array): unknown }> = {
  '/race.registry.v1.MsgRegisterModel': MsgRegisterModel,
  '/race.registry.v1.MsgDeregisterModel': MsgDeregisterModel,
  '/race.registry.v1.MsgUpdateParams': RegistryMsgUpdateParams,
  '/race.pricing.v1.MsgUpdateParams': PricingMsgUpdateParams,
  '/race.race.v1.MsgUpdateParams': RaceMsgUpdateParams,
  '/cosmos.gov.v1.MsgUpdateParams': GovMsgUpdateParams,
  '/cosmos.auth.v1beta1.MsgUpdateParams': AuthMsgUpdateParams,
  '/cosmos.bank.v1beta1.MsgUpdateParams': BankMsgUpdateParams,
  '/cosmos.bank.v1beta1.MsgSend': MsgSend,
};

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
/** The SDK writes durations as "172800s"; the cosmjs-types codecs read {seconds, nanos}. */
function durationValue(key: string, x: unknown): unknown {
  if (!/Period$/.test(key) || typeof x !== 'string') return x;
  const m = /^([0-9]{1,15})(?:\.([0-9]{1,9}))?s$/.exec(x);
  if (!m) throw new CliError(`${key} must be a duration like "172800s", got ${JSON.stringify(x)}`);
  return { seconds: m[1], nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}
/** {seconds, nanos} under a `*_period` key → the SDK's "172800s" (what `query gov params` prints and proposal files take). */
export function sdkDurations(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => sdkDurations(x));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (key.endsWith('_period') && typeof o.seconds === 'string' && typeof o.nanos === 'number' && Object.keys(o).length === 2) {
    return formatDurationJson(BigInt(o.seconds) * 1_000_000_000n + BigInt(o.nanos));
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, sdkDurations(x, k)]));
}
function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [camel(k), durationValue(camel(k), camelKeys(x))]));
}

/** One embedded message from the SDK's proposal JSON ({"@type": url, …fields}); a missing authority means gov's. */
export function proposalMessageToAny(j: Record<string, unknown>): Any {
  const typeUrl = j['@type'];
  if (typeof typeUrl !== 'string') throw new CliError('every proposal message needs an "@type"');
  const codec = PROPOSAL_MSG_TYPES[typeUrl];
  if (!codec) throw new CliError(`message type ${typeUrl} cannot be put in a proposal from the CLI; known: ${Object.keys(PROPOSAL_MSG_TYPES).join(', ')}`);
  const fields = camelKeys(Object.fromEntries(Object.entries(j).filter(([k]) => k !== '@type'))) as Record<string, unknown>;
  if (typeUrl !== '/cosmos.bank.v1beta1.MsgSend' && fields.authority === undefined) fields.authority = govAddress();
  return Any.fromPartial({ typeUrl, value: codec.encode(codec.fromJSON(fields)).finish() });
}

export interface ProposalFile {
  messages?: Array<Record<string, unknown>>;
  metadata?: string;
  deposit?: string;
  title?: string;
  summary?: string;
  expedited?: boolean;
}

export function submitProposalMsg(proposer: string, file: ProposalFile): EncodeObject {
  if (file.expedited) throw new CliError('expedited proposals are not supported on this chain');
  const deposit = file.deposit ? parseUserCoins(file.deposit) : [];
  return {
    typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
    value: {
      messages: (file.messages ?? []).map(proposalMessageToAny),
      initialDeposit: deposit.map((c) => ({ denom: c.denom, amount: c.amount.toString() })),
      proposer,
      metadata: file.metadata ?? '',
      title: file.title ?? '',
      summary: file.summary ?? '',
      expedited: false,
    },
  };
}

/** The SDK's tx flags plus the signer, `--from <key name or address>`. */
export function txCommand(parent: Command, spec: string, description: string): Command {
  return addTxFlags(parent.command(spec).description(description)).requiredOption('--from <key>', 'key name or address that signs');
}

/** Every type a gov tx may carry, for the CosmJS Registry. */
export const govCliRegistryTypes: Array<[string, GeneratedType]> = [...registryTypes, ...pricingTypes];

const VOTE_OPTIONS: Record<string, VoteOption> = {
  yes: VoteOption.VOTE_OPTION_YES, no: VoteOption.VOTE_OPTION_NO, abstain: VoteOption.VOTE_OPTION_ABSTAIN, no_with_veto: VoteOption.VOTE_OPTION_NO_WITH_VETO,
};

/** A proposal as the SDK prints it: its messages unpacked ({"@type", …fields}) when their type is known here. */
export function proposalJson(p: Proposal): unknown {
  const j = toSdkJson(Proposal.toJSON(p)) as Record<string, unknown>;
  j.messages = p.messages.map((m) => {
    const codec = PROPOSAL_MSG_TYPES[m.typeUrl];
    if (!codec) return { '@type': m.typeUrl, value: Buffer.from(m.value).toString('base64') };
    return { '@type': m.typeUrl, ...(sdkDurations(toSdkJson(codec.toJSON(codec.decode(m.value)))) as object) };
  });
  return j;
}

export function registerGovCommands(program: Command): void {
  const txGov = subcommand(subcommand(program, 'tx', 'sign and broadcast transactions'), 'gov', 'governance transactions');
  txCommand(txGov, 'submit-proposal <proposal_file>', 'submit a proposal from a JSON file (messages, deposit, title, summary, metadata)')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxFlags & { output?: string; from: string };
      let parsed: ProposalFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as ProposalFile;
      } catch (e) {
        throw new CliError(`cannot read proposal file ${file}: ${(e as Error).message}`);
      }
      const res = await signAndBroadcastMsgs(opts, (sender) => [submitProposalMsg(sender, parsed)], govCliRegistryTypes);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });
  txCommand(txGov, 'deposit <proposal_id> <amount>', 'deposit on a proposal (e.g. 5icon)')
    .action(async (id: string, amount: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxFlags & { output?: string; from: string };
      const proposalId = parseId(id);
      const coins = parseUserCoins(amount).map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
      const res = await signAndBroadcastMsgs(opts, (sender) => [{ typeUrl: '/cosmos.gov.v1.MsgDeposit', value: { proposalId, depositor: sender, amount: coins } }]);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });
  txCommand(txGov, 'vote <proposal_id> <option>', 'vote yes, no, abstain or no_with_veto (counts with your Race weight)')
    .option('--metadata <text>', 'vote metadata', '')
    .action(async (id: string, option: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxFlags & { output?: string; from: string; metadata: string };
      const proposalId = parseId(id);
      const opt = VOTE_OPTIONS[option.toLowerCase()];
      if (opt === undefined) throw new CliError(`invalid vote option "${option}": yes, no, abstain or no_with_veto`);
      const res = await signAndBroadcastMsgs(opts, (sender) => [{ typeUrl: '/cosmos.gov.v1.MsgVote', value: { proposalId, voter: sender, option: opt, metadata: opts.metadata ?? '' } }]);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });

  const q = subcommand(subcommand(program, 'query', 'query chain state from a node'), 'gov', 'governance queries');
  queryCommand(q, 'proposal <proposal_id>', 'one proposal').action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Proposal', QueryProposalRequest.encode({ proposalId: parseId(id) }).finish(), QueryProposalResponse.decode);
    output(opts, proposalJson(r.proposal!));
  });
  queryCommand(q, 'proposals', 'all proposals (optionally by status)')
    .option('--status <status>', 'deposit_period, voting_period, passed, rejected or failed')
    .option('--voter <address>', 'only proposals this address voted on')
    .option('--depositor <address>', 'only proposals this address deposited on')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryOpts & { status?: string; voter?: string; depositor?: string };
      let status = ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED;
      if (opts.status) {
        status = proposalStatusFromJSON(`PROPOSAL_STATUS_${opts.status.toUpperCase()}`);
        if (status === ProposalStatus.UNRECOGNIZED) throw new CliError(`invalid --status ${opts.status}`);
      }
      for (const a of [opts.voter, opts.depositor]) if (a && !isValidAddress(a)) throw new CliError(`invalid address "${a}"`);
      const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Proposals',
        QueryProposalsRequest.encode({ proposalStatus: status, voter: opts.voter ?? '', depositor: opts.depositor ?? '', pagination: { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false } }).finish(),
        QueryProposalsResponse.decode);
      output(opts, { proposals: r.proposals.map(proposalJson), pagination: { next_key: null, total: String(r.pagination?.total ?? r.proposals.length) } });
    });
  queryCommand(q, 'tally <proposal_id>', 'the tally of a proposal (so far, or final)').action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/TallyResult', QueryTallyResultRequest.encode({ proposalId: parseId(id) }).finish(), QueryTallyResultResponse.decode);
    output(opts, toSdkJson(r.tally));
  });
  queryCommand(q, 'vote <proposal_id> <voter>', 'one vote').action(async (id: string, voter: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    if (!isValidAddress(voter)) throw new CliError(`invalid voter "${voter}"`);
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Vote', QueryVoteRequest.encode({ proposalId: parseId(id), voter }).finish(), QueryVoteResponse.decode);
    output(opts, toSdkJson(QueryVoteResponse.toJSON(r)));
  });
  queryCommand(q, 'votes <proposal_id>', 'the votes of a proposal in its voting period').action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Votes', QueryVotesRequest.encode({ proposalId: parseId(id) }).finish(), QueryVotesResponse.decode);
    output(opts, toSdkJson(QueryVotesResponse.toJSON(r)));
  });
  queryCommand(q, 'deposits <proposal_id>', 'the deposits of a proposal').action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Deposits', QueryDepositsRequest.encode({ proposalId: parseId(id) }).finish(), QueryDepositsResponse.decode);
    output(opts, toSdkJson(QueryDepositsResponse.toJSON(r)));
  });
  queryCommand(q, 'params', 'gov parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, '/cosmos.gov.v1.Query/Params', QueryParamsRequest.encode({ paramsType: '' }).finish(), QueryParamsResponse.decode);
    output(opts, sdkDurations(toSdkJson(QueryParamsResponse.toJSON({ params: r.params }))));
  });
}
