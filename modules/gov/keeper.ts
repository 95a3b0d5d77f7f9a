import {
  Deposit,
  Params as ProtoParams,
  Proposal,
  ProposalStatus,
  Vote,
  VoteOption,
  type WeightedVoteOption,
} from 'cosmjs-types/cosmos/gov/v1/gov';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import type { Context } from '../../chain/app/context.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { fromBech32Checked } from '../../chain/crypto/address.js';
import { lengthPrefixed, prefixEnd, readU64Key, u64Key, type KVStore } from '../../chain/store/kv.js';
import { concatBytes } from '../../chain/types/bytes.js';
import { addCoins, coinFromProto, coinsGte, coinsToString, coinToProto, type Coin } from '../../chain/types/coins.js';
import { decToString, parseDec } from '../../chain/types/dec.js';
import { toSdkError } from '../../chain/types/errors.js';
import { event } from '../../chain/types/events.js';
import { GOV_MODULE_NAME, govAddress } from './authority.js';
import { GovErrors } from './errors.js';
import type { GovAccountKeeper, GovBankKeeper, VotingWeightSource } from './expected-keepers.js';
import { GOV_STORE_KEY, GovPrefix } from './keys.js';
import { DEFAULT_GOV_PARAMS, govParamsFromProto, govParamsToProto, ONE_DEC, type GovParams } from './params.js';
import { tally, type TallyResult } from './tally.js';
import { nsToTimestamp, timestampToNs } from '../../chain/types/time.js';

export const MAX_METADATA_LEN = 255;
export const MAX_TITLE_LEN = 255;
export const MAX_SUMMARY_LEN = 10_200;

export interface GovKeeperDeps {
  bank: GovBankKeeper;
  accounts: GovAccountKeeper;
  weights: VotingWeightSource;
}

export interface NewProposal {
  messages: Any[];
  proposer: string;
  metadata: string;
  title: string;
  summary: string;
}

const proposalKey = (id: bigint) => concatBytes(Uint8Array.of(GovPrefix.Proposal), u64Key(id));
const queueKey = (prefix: GovPrefix, timeNs: bigint, id: bigint) =>
  concatBytes(Uint8Array.of(prefix), u64Key(timeNs), u64Key(id));
const perProposal = (prefix: GovPrefix, id: bigint) => concatBytes(Uint8Array.of(prefix), u64Key(id));
const depositKey = (id: bigint, addr: string) =>
  concatBytes(perProposal(GovPrefix.Deposit, id), lengthPrefixed(fromBech32Checked(addr)));
const voteKey = (id: bigint, addr: string) =>
  concatBytes(perProposal(GovPrefix.Vote, id), lengthPrefixed(fromBech32Checked(addr)));

/** A parsed, valid weighted vote (weights × 10^18 summing to exactly 10^18). */
export function parseVoteOptions(
  options: readonly WeightedVoteOption[],
): Array<{ option: VoteOption; weight: bigint }> {
  if (options.length === 0) throw GovErrors.InvalidVote.wrap('no vote options');
  const seen = new Set<VoteOption>();
  let sum = 0n;
  const out = options.map((o) => {
    if (o.option < VoteOption.VOTE_OPTION_YES || o.option > VoteOption.VOTE_OPTION_NO_WITH_VETO)
      throw GovErrors.InvalidVote.wrap(`invalid vote option ${o.option}`);
    if (seen.has(o.option)) throw GovErrors.InvalidVote.wrap('duplicated vote option');
    seen.add(o.option);
    let weight: bigint;
    try {
      weight = parseDec(o.weight);
    } catch {
      throw GovErrors.InvalidVote.wrap(`invalid weight ${JSON.stringify(o.weight)}`);
    }
    if (weight <= 0n || weight > ONE_DEC)
      throw GovErrors.InvalidVote.wrap(`invalid weight ${o.weight}: must be in (0, 1]`);
    sum += weight;
    return { option: o.option, weight };
  });
  if (sum !== ONE_DEC) throw GovErrors.InvalidVote.wrap(`total weight overflow 1.00: ${decToString(sum)}`);
  return out;
}

/**
 * Proposals, deposits and votes with the SDK's life cycle: deposit period → voting period (once the deposits reach
 * min_deposit) → tally at the voting end, weighted by Race voting weight; passed proposals run their messages with the
 * gov module account as signer, on a branch that is dropped if any message fails.
 */
export class GovKeeper {
  private router: MsgServiceRouter | undefined;

  constructor(private readonly deps: GovKeeperDeps) {}

  /** The app's message router, through which passed proposals execute (set by the module at registration). */
  setRouter(router: MsgServiceRouter): void {
    this.router = router;
  }

  private kv(ctx: Context): KVStore {
    return ctx.kv(GOV_STORE_KEY);
  }

  getParams(ctx: Context): GovParams {
    const raw = this.kv(ctx).get(Uint8Array.of(GovPrefix.Params));
    return raw ? govParamsFromProto(ProtoParams.decode(raw)) : DEFAULT_GOV_PARAMS;
  }

  setParams(ctx: Context, params: GovParams): void {
    this.kv(ctx).set(Uint8Array.of(GovPrefix.Params), ProtoParams.encode(govParamsToProto(params)).finish());
  }

  nextProposalId(ctx: Context): bigint {
    const raw = this.kv(ctx).get(Uint8Array.of(GovPrefix.NextProposalId));
    return raw ? readU64Key(raw) : 1n;
  }

  setNextProposalId(ctx: Context, id: bigint): void {
    this.kv(ctx).set(Uint8Array.of(GovPrefix.NextProposalId), u64Key(id));
  }

  getProposal(ctx: Context, id: bigint): Proposal | undefined {
    const raw = this.kv(ctx).get(proposalKey(id));
    return raw ? Proposal.decode(raw) : undefined;
  }

  setProposal(ctx: Context, p: Proposal): void {
    this.kv(ctx).set(proposalKey(p.id), Proposal.encode(p).finish());
  }

  /** Every proposal, by id. */
  proposals(ctx: Context): Proposal[] {
    const out: Proposal[] = [];
    for (const [, v] of this.kv(ctx).iterate(Uint8Array.of(GovPrefix.Proposal), Uint8Array.of(GovPrefix.Proposal + 1)))
      out.push(Proposal.decode(v));
    return out;
  }

  /** Stateful checks of the embedded messages: routable, decodable, valid, and signed by the gov account alone. */
  private checkProposalMessages(messages: Any[]): void {
    const router = this.requireRouter();
    for (const any of messages) {
      const route = router.route(any.typeUrl);
      if (!route) throw GovErrors.UnroutableProposalMsg.wrap(any.typeUrl);
      let msg: unknown;
      try {
        msg = route.decode(any.value);
      } catch (e) {
        throw GovErrors.InvalidProposalMsg.wrap(`cannot decode ${any.typeUrl}: ${(e as Error).message}`);
      }
      const signers = route.getSigners(msg);
      if (signers.length !== 1 || signers[0] !== govAddress()) throw GovErrors.InvalidSigner.wrap(signers.join(','));
      try {
        route.validateBasic?.(msg);
      } catch (e) {
        throw GovErrors.InvalidProposalMsg.wrap(toSdkError(e).message);
      }
    }
  }

  private requireRouter(): MsgServiceRouter {
    if (!this.router) throw new Error('gov keeper has no message router: register the gov module with the app first');
    return this.router;
  }

  submitProposal(ctx: Context, np: NewProposal): Proposal {
    if (np.metadata.length > MAX_METADATA_LEN)
      throw GovErrors.MetadataTooLong.wrap(`got metadata with length ${np.metadata.length}`);
    if (np.title.length > MAX_TITLE_LEN) throw GovErrors.TitleTooLong.wrap(`got title with length ${np.title.length}`);
    if (np.summary.length > MAX_SUMMARY_LEN)
      throw GovErrors.SummaryTooLong.wrap(`got summary with length ${np.summary.length}`);
    this.checkProposalMessages(np.messages);
    const params = this.getParams(ctx);
    const id = this.nextProposalId(ctx);
    this.setNextProposalId(ctx, id + 1n);
    const now = ctx.block.timeNs;
    const depositEnd = now + params.maxDepositPeriodNs;
    const proposal = Proposal.fromPartial({
      id,
      messages: np.messages,
      status: ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD,
      finalTallyResult: { yesCount: '0', abstainCount: '0', noCount: '0', noWithVetoCount: '0' },
      submitTime: nsToTimestamp(now),
      depositEndTime: nsToTimestamp(depositEnd),
      totalDeposit: [],
      metadata: np.metadata,
      title: np.title,
      summary: np.summary,
      proposer: np.proposer,
    });
    this.setProposal(ctx, proposal);
    this.kv(ctx).set(queueKey(GovPrefix.InactiveQueue, depositEnd, id), new Uint8Array(0));
    ctx.events.emit(
      event('submit_proposal', [
        ['proposal_id', id.toString()],
        ['proposal_proposer', np.proposer],
        ['proposal_messages', np.messages.map((m) => `,${m.typeUrl}`).join('')],
      ]),
    );
    return proposal;
  }

  /** The SDK's validateInitialDeposit: at least min_initial_deposit_ratio × min_deposit. */
  checkInitialDeposit(ctx: Context, coins: Coin[]): void {
    const params = this.getParams(ctx);
    if (coins.length > 0) this.checkDepositDenoms(params, coins);
    if (params.minInitialDepositRatio === 0n) return;
    const need = params.minDeposit.map((c) => ({
      denom: c.denom,
      amount: (c.amount * params.minInitialDepositRatio + ONE_DEC / 2n) / ONE_DEC,
    }));
    if (!coinsGte(coins, need))
      throw GovErrors.MinDepositTooSmall.wrap(`was (${coinsToString(coins)}), need (${coinsToString(need)})`);
  }

  private checkDepositDenoms(params: GovParams, coins: Coin[]): void {
    const accepted = params.minDeposit.map((c) => c.denom);
    for (const c of coins) {
      if (!accepted.includes(c.denom)) {
        throw GovErrors.InvalidDepositDenom.wrap(
          `deposited ${coinsToString(coins)}, but gov accepts only the following denom(s): [${accepted.join(' ')}]`,
        );
      }
    }
  }

  /**
   * Escrows a deposit; moves the proposal into its voting period once the total reaches min_deposit. Returns whether it
   * did. `fromMsgDeposit` applies the SDK's min_deposit_ratio floor (initial deposits have their own ratio).
   */
  addDeposit(ctx: Context, id: bigint, depositor: string, coins: Coin[], fromMsgDeposit: boolean): boolean {
    const proposal = this.getProposal(ctx, id);
    if (!proposal) throw GovErrors.UnknownProposal.wrap(`${id}`);
    if (
      proposal.status !== ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD &&
      proposal.status !== ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD
    ) {
      throw GovErrors.InactiveProposal.wrap(`${id}`);
    }
    const params = this.getParams(ctx);
    this.checkDepositDenoms(params, coins);
    if (fromMsgDeposit && params.minDepositRatio > 0n) {
      const floors = params.minDeposit.map((c) => ({
        denom: c.denom,
        amount: (c.amount * params.minDepositRatio + ONE_DEC - 1n) / ONE_DEC,
      }));
      if (!floors.some((f) => coinsGte(coins, [f]))) {
        throw GovErrors.MinDepositTooSmall.wrap(
          `received ${coinsToString(coins)} but need at least one of the following: ${coinsToString(floors)}`,
        );
      }
    }
    this.deps.accounts.getOrCreateModuleAccount(ctx, GOV_MODULE_NAME, ['burner']);
    this.deps.bank.sendCoinsFromAccountToModule(ctx, depositor, GOV_MODULE_NAME, coins);

    const total = addCoins(proposal.totalDeposit.map(coinFromProto), coins);
    proposal.totalDeposit = total.map(coinToProto);
    const existing = this.getDeposit(ctx, id, depositor);
    const amount = addCoins(existing ? existing.amount.map(coinFromProto) : [], coins);
    this.kv(ctx).set(
      depositKey(id, depositor),
      Deposit.encode({ proposalId: id, depositor, amount: amount.map(coinToProto) }).finish(),
    );
    ctx.events.emit(
      event('proposal_deposit', [
        ['amount', coinsToString(coins)],
        ['proposal_id', id.toString()],
        ['depositor', depositor],
      ]),
    );

    let activated = false;
    if (proposal.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD && coinsGte(total, params.minDeposit)) {
      const now = ctx.block.timeNs;
      this.kv(ctx).delete(queueKey(GovPrefix.InactiveQueue, timestampToNs(proposal.depositEndTime), id));
      proposal.status = ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
      proposal.votingStartTime = nsToTimestamp(now);
      proposal.votingEndTime = nsToTimestamp(now + params.votingPeriodNs);
      this.kv(ctx).set(queueKey(GovPrefix.ActiveQueue, now + params.votingPeriodNs, id), new Uint8Array(0));
      ctx.events.emit(event('proposal_deposit', [['voting_period_start', id.toString()]]));
      activated = true;
    }
    this.setProposal(ctx, proposal);
    return activated;
  }

  getDeposit(ctx: Context, id: bigint, depositor: string): Deposit | undefined {
    const raw = this.kv(ctx).get(depositKey(id, depositor));
    return raw ? Deposit.decode(raw) : undefined;
  }

  deposits(ctx: Context, id: bigint): Deposit[] {
    const prefix = perProposal(GovPrefix.Deposit, id);
    return [...this.kv(ctx).iterate(prefix, prefixEnd(prefix))].map(([, v]) => Deposit.decode(v));
  }

  /** Records (or replaces) a vote; anyone may vote, and the vote counts with the voter's Race weight at the tally. */
  addVote(ctx: Context, id: bigint, voter: string, options: WeightedVoteOption[], metadata: string): void {
    const proposal = this.getProposal(ctx, id);
    if (!proposal) throw GovErrors.UnknownProposal.wrap(`${id}`);
    if (proposal.status !== ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
      throw GovErrors.InactiveProposal.wrap(`${id}`);
    if (metadata.length > MAX_METADATA_LEN)
      throw GovErrors.MetadataTooLong.wrap(`got metadata with length ${metadata.length}`);
    const parsed = parseVoteOptions(options);
    const normalized = parsed.map((o) => ({ option: o.option, weight: decToString(o.weight) }));
    this.kv(ctx).set(
      voteKey(id, voter),
      Vote.encode({ proposalId: id, voter, options: normalized, metadata }).finish(),
    );
    ctx.events.emit(
      event('proposal_vote', [
        ['voter', voter],
        ['option', JSON.stringify(normalized)],
        ['proposal_id', id.toString()],
      ]),
    );
  }

  getVote(ctx: Context, id: bigint, voter: string): Vote | undefined {
    const raw = this.kv(ctx).get(voteKey(id, voter));
    return raw ? Vote.decode(raw) : undefined;
  }

  votes(ctx: Context, id: bigint): Vote[] {
    const prefix = perProposal(GovPrefix.Vote, id);
    return [...this.kv(ctx).iterate(prefix, prefixEnd(prefix))].map(([, v]) => Vote.decode(v));
  }

  /** The tally of a proposal's current votes with current weights (what the voting end would decide now). */
  tallyProposal(ctx: Context, id: bigint): TallyResult {
    const params = this.getParams(ctx);
    const votes = this.votes(ctx, id).map((v) => ({
      weight: this.deps.weights.weightOf(ctx, v.voter),
      options: parseVoteOptions(v.options),
    }));
    return tally(votes, this.deps.weights.totalWeight(ctx), params);
  }

  /** Stored deposits of a proposal go back to their depositors (or are burned), and are deleted. */
  private settleDeposits(ctx: Context, id: bigint, burn: boolean): void {
    const deposits = this.deposits(ctx, id);
    let burned: Coin[] = [];
    for (const d of deposits) {
      const coins = d.amount.map(coinFromProto);
      if (burn) burned = addCoins(burned, coins);
      else if (coins.length > 0) this.deps.bank.sendCoinsFromModuleToAccount(ctx, GOV_MODULE_NAME, d.depositor, coins);
      this.kv(ctx).delete(depositKey(id, d.depositor));
    }
    if (burned.length > 0) this.deps.bank.burnCoins(ctx, GOV_MODULE_NAME, burned);
  }

  private deleteVotes(ctx: Context, id: bigint): void {
    for (const v of this.votes(ctx, id)) this.kv(ctx).delete(voteKey(id, v.voter));
  }

  /**
   * The EndBlocker: drops proposals whose deposit period ended, and tallies (and executes) those whose voting ended.
   * A passed proposal's messages run on their own branch (execute) and a failure there marks it FAILED: that is gov's
   * semantics, as in the SDK. Anything else that throws here is a bug, and BaseApp drops this whole EndBlock's writes
   * (the proposals stay queued and are settled again next block), so no per-proposal catch-all hides it.
   */
  endBlock(ctx: Context): void {
    const now = ctx.block.timeNs;
    for (const id of this.due(ctx, GovPrefix.InactiveQueue, now)) this.dropInactive(ctx, id);
    for (const id of this.due(ctx, GovPrefix.ActiveQueue, now)) this.finishVoting(ctx, id);
  }

  /** Queue entries with time ≤ now, removed from the queue, in (time, id) order. */
  private due(ctx: Context, prefix: GovPrefix, now: bigint): bigint[] {
    const end = concatBytes(Uint8Array.of(prefix), u64Key(now + 1n));
    const entries = [...this.kv(ctx).iterate(Uint8Array.of(prefix), end)];
    for (const [k] of entries) this.kv(ctx).delete(k);
    return entries.map(([k]) => readU64Key(k, 9));
  }

  private dropInactive(ctx: Context, id: bigint): void {
    const params = this.getParams(ctx);
    this.settleDeposits(ctx, id, params.burnProposalDepositPrevote);
    this.kv(ctx).delete(proposalKey(id));
    ctx.events.emit(
      event('inactive_proposal', [
        ['proposal_id', id.toString()],
        ['proposal_result', 'proposal_dropped'],
      ]),
    );
  }

  private finishVoting(ctx: Context, id: bigint): void {
    const proposal = this.getProposal(ctx, id);
    if (!proposal) return;
    const result = this.tallyProposal(ctx, id);
    this.deleteVotes(ctx, id);
    this.settleDeposits(ctx, id, result.burnDeposits);
    proposal.finalTallyResult = {
      yesCount: result.counts.yes.toString(),
      abstainCount: result.counts.abstain.toString(),
      noCount: result.counts.no.toString(),
      noWithVetoCount: result.counts.noWithVeto.toString(),
    };
    let tag: string;
    let log: string;
    if (result.passes) {
      const failure = this.execute(ctx, proposal);
      if (failure === undefined) {
        proposal.status = ProposalStatus.PROPOSAL_STATUS_PASSED;
        tag = 'proposal_passed';
        log = 'passed';
      } else {
        proposal.status = ProposalStatus.PROPOSAL_STATUS_FAILED;
        proposal.failedReason = failure;
        tag = 'proposal_failed';
        log = `passed, but msg execution failed: ${failure}`;
      }
    } else {
      proposal.status = ProposalStatus.PROPOSAL_STATUS_REJECTED;
      tag = 'proposal_rejected';
      log = `rejected: ${result.outcome}`;
    }
    this.setProposal(ctx, proposal);
    ctx.events.emit(
      event('active_proposal', [
        ['proposal_id', id.toString()],
        ['proposal_result', tag],
        ['proposal_log', log],
      ]),
    );
  }

  /** Runs the messages in order on one branch; returns the first failure's text, or undefined when all succeeded. */
  private execute(ctx: Context, proposal: Proposal): string | undefined {
    const router = this.requireRouter();
    const { ctx: branch, commit } = ctx.branch();
    for (let i = 0; i < proposal.messages.length; i++) {
      const any = proposal.messages[i]!;
      try {
        const route = router.route(any.typeUrl);
        if (!route) throw GovErrors.UnroutableProposalMsg.wrap(any.typeUrl);
        const msg = route.decode(any.value);
        // Signers were checked at submission; checked again because routes may change with an upgrade.
        const signers = route.getSigners(msg);
        if (signers.length !== 1 || signers[0] !== govAddress()) throw GovErrors.InvalidSigner.wrap(signers.join(','));
        route.validateBasic?.(msg);
        route.handler(branch, msg);
      } catch (e) {
        return `message ${i} (${any.typeUrl}): ${toSdkError(e).message}`;
      }
    }
    commit();
    return undefined;
  }

  /** Proposal status filters and the like for queries: whether an address deposited on / voted for a proposal. */
  hasDeposit(ctx: Context, id: bigint, addr: string): boolean {
    return this.kv(ctx).has(depositKey(id, addr));
  }

  hasVote(ctx: Context, id: bigint, addr: string): boolean {
    return this.kv(ctx).has(voteKey(id, addr));
  }

  /** Genesis import helpers (no events, no transfers: the escrow is part of bank's genesis). */
  importDeposit(ctx: Context, d: Deposit): void {
    this.kv(ctx).set(depositKey(d.proposalId, d.depositor), Deposit.encode(d).finish());
  }

  importVote(ctx: Context, v: Vote): void {
    this.kv(ctx).set(voteKey(v.proposalId, v.voter), Vote.encode(v).finish());
  }

  importProposal(ctx: Context, p: Proposal): void {
    this.setProposal(ctx, p);
    if (p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD)
      this.kv(ctx).set(queueKey(GovPrefix.InactiveQueue, timestampToNs(p.depositEndTime), p.id), new Uint8Array(0));
    if (p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
      this.kv(ctx).set(queueKey(GovPrefix.ActiveQueue, timestampToNs(p.votingEndTime), p.id), new Uint8Array(0));
  }

  allDeposits(ctx: Context): Deposit[] {
    return [...this.kv(ctx).iterate(Uint8Array.of(GovPrefix.Deposit), Uint8Array.of(GovPrefix.Deposit + 1))].map(
      ([, v]) => Deposit.decode(v),
    );
  }

  allVotes(ctx: Context): Vote[] {
    return [...this.kv(ctx).iterate(Uint8Array.of(GovPrefix.Vote), Uint8Array.of(GovPrefix.Vote + 1))].map(([, v]) =>
      Vote.decode(v),
    );
  }
}
