/**
 * `raced tx gov …` and `raced query gov …`: the SDK's gov commands over the gov v1 messages and queries.
 *   tx gov submit-proposal <file.json>     {"messages":[{"@type":…,…}],"deposit":"10icon","title":…,"summary":…,"metadata":…}
 *   tx gov deposit <id> <amount>           tx gov vote <id> yes|no|abstain|no_with_veto
 *   query gov proposal <id> | proposals [--status] | tally <id> | vote <id> <addr> | votes <id> | deposits <id> | params
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ProposalStatus, proposalStatusFromJSON, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
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
} from 'cosmjs-types/cosmos/gov/v1/query';
import { CliError, parseId } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { parseUserCoins } from '../../bank/client/coins-input.js';
import { proposalJson, submitProposalMsg, type ProposalFile } from './proposal.js';

const VOTE_OPTIONS: Record<string, VoteOption> = {
  yes: VoteOption.VOTE_OPTION_YES,
  no: VoteOption.VOTE_OPTION_NO,
  abstain: VoteOption.VOTE_OPTION_ABSTAIN,
  no_with_veto: VoteOption.VOTE_OPTION_NO_WITH_VETO,
};

export function govTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(
      tx,
      'submit-proposal <proposal_file>',
      'submit a proposal from a JSON file (messages, deposit, title, summary, metadata)',
    )
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      let parsed: ProposalFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as ProposalFile;
      } catch (e) {
        throw new CliError(`cannot read proposal file ${file}: ${(e as Error).message}`);
      }
      await cli.broadcast(opts, (sender) => [submitProposalMsg(cli.types, sender, parsed)]);
    });
  cli
    .txCommand(tx, 'deposit <proposal_id> <amount>', 'deposit on a proposal (e.g. 5icon)')
    .action(async (id: string, amount: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const proposalId = parseId(id);
      const coins = parseUserCoins(amount).map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
      await cli.broadcast(opts, (sender) => [
        { typeUrl: '/cosmos.gov.v1.MsgDeposit', value: { proposalId, depositor: sender, amount: coins } },
      ]);
    });
  cli
    .txCommand(
      tx,
      'vote <proposal_id> <option>',
      'vote yes, no, abstain or no_with_veto (counts with your Race weight)',
    )
    .option('--metadata <text>', 'vote metadata', '')
    .action(async (id: string, option: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags & { metadata: string };
      const proposalId = parseId(id);
      const opt = VOTE_OPTIONS[option.toLowerCase()];
      if (opt === undefined) throw new CliError(`invalid vote option "${option}": yes, no, abstain or no_with_veto`);
      await cli.broadcast(opts, (sender) => [
        {
          typeUrl: '/cosmos.gov.v1.MsgVote',
          value: { proposalId, voter: sender, option: opt, metadata: opts.metadata ?? '' },
        },
      ]);
    });
}

export function govQueryCommands(q: Command, cli: ModuleCli): void {
  cli
    .queryCommand(q, 'proposal <proposal_id>', 'one proposal')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/Proposal',
        QueryProposalRequest.encode({ proposalId: parseId(id) }).finish(),
        QueryProposalResponse.decode,
      );
      cli.print(opts, proposalJson(cli.json, r.proposal!));
    });
  cli
    .queryCommand(q, 'proposals', 'all proposals (optionally by status)')
    .option('--status <status>', 'deposit_period, voting_period, passed, rejected or failed')
    .option('--voter <address>', 'only proposals this address voted on')
    .option('--depositor <address>', 'only proposals this address deposited on')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags & { status?: string; voter?: string; depositor?: string };
      let status = ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED;
      if (opts.status) {
        status = proposalStatusFromJSON(`PROPOSAL_STATUS_${opts.status.toUpperCase()}`);
        if (status === ProposalStatus.UNRECOGNIZED) throw new CliError(`invalid --status ${opts.status}`);
      }
      for (const a of [opts.voter, opts.depositor])
        if (a && !isValidAddress(a)) throw new CliError(`invalid address "${a}"`);
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/Proposals',
        QueryProposalsRequest.encode({
          proposalStatus: status,
          voter: opts.voter ?? '',
          depositor: opts.depositor ?? '',
          pagination: { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false },
        }).finish(),
        QueryProposalsResponse.decode,
      );
      cli.print(opts, {
        proposals: r.proposals.map((p) => proposalJson(cli.json, p)),
        pagination: { next_key: null, total: String(r.pagination?.total ?? r.proposals.length) },
      });
    });
  cli
    .queryCommand(q, 'tally <proposal_id>', 'the tally of a proposal (so far, or final)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/TallyResult',
        QueryTallyResultRequest.encode({ proposalId: parseId(id) }).finish(),
        QueryTallyResultResponse.decode,
      );
      cli.print(opts, cli.json(r.tally));
    });
  cli
    .queryCommand(q, 'vote <proposal_id> <voter>', 'one vote')
    .action(async (id: string, voter: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!isValidAddress(voter)) throw new CliError(`invalid voter "${voter}"`);
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/Vote',
        QueryVoteRequest.encode({ proposalId: parseId(id), voter }).finish(),
        QueryVoteResponse.decode,
      );
      cli.print(opts, cli.json(QueryVoteResponse.toJSON(r)));
    });
  cli
    .queryCommand(q, 'votes <proposal_id>', 'the votes of a proposal in its voting period')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/Votes',
        QueryVotesRequest.encode({ proposalId: parseId(id) }).finish(),
        QueryVotesResponse.decode,
      );
      cli.print(opts, cli.json(QueryVotesResponse.toJSON(r)));
    });
  cli
    .queryCommand(q, 'deposits <proposal_id>', 'the deposits of a proposal')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        '/cosmos.gov.v1.Query/Deposits',
        QueryDepositsRequest.encode({ proposalId: parseId(id) }).finish(),
        QueryDepositsResponse.decode,
      );
      cli.print(opts, cli.json(QueryDepositsResponse.toJSON(r)));
    });
  cli.queryCommand(q, 'params', 'gov parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(
      opts,
      '/cosmos.gov.v1.Query/Params',
      QueryParamsRequest.encode({ paramsType: '' }).finish(),
      QueryParamsResponse.decode,
    );
    cli.print(opts, cli.json(QueryParamsResponse.toJSON({ params: r.params })));
  });
}
