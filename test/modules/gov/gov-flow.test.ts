import { afterEach, describe, expect, it } from '@jest/globals';
import { ProposalStatus, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
  QueryProposalRequest,
  QueryProposalResponse,
  QueryTallyResultRequest,
  QueryTallyResultResponse,
  QueryProposalsRequest,
  QueryProposalsResponse,
  QueryDepositsRequest,
  QueryDepositsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from 'cosmjs-types/cosmos/gov/v1/query';
import { MsgSubmitProposalResponse } from 'cosmjs-types/cosmos/gov/v1/tx';
import { Any } from 'cosmjs-types/google/protobuf/any';
import {
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
} from '../../../proto/gen/race/registry/v1/query.js';
import { MsgRegisterModel } from '../../../proto/gen/race/registry/v1/tx.js';
import { govAddress } from '../../../modules/gov/authority.js';
import { hex64, msgResponses, SECOND, TestChain, testAccount, testGovParams } from './harness.js';

const alice = testAccount('alice');
const bob = testAccount('bob');
const carol = testAccount('carol');
const dave = testAccount('dave'); // no Race weight
const ICON = 1_000_000_000n;

const govParams = testGovParams;

const model = (id: string) => ({
  id,
  name: `Model ${id}`,
  onnxSha256: hex64('a'),
  tokenizerSha256: hex64('b'),
  unitsPerInputToken: 2n,
  unitsPerOutputToken: 5n,
  contextLength: 4096n,
  validationThreshold: '0.95',
});

const registerAny = (id: string) =>
  Any.fromPartial({
    typeUrl: '/race.registry.v1.MsgRegisterModel',
    value: MsgRegisterModel.encode({ authority: govAddress(), model: model(id) }).finish(),
  });

function submit(proposer: string, messages: Any[], deposit: bigint, title = 'Register a model') {
  return {
    typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
    value: {
      messages,
      initialDeposit: deposit > 0n ? [{ denom: 'nicoin', amount: deposit.toString() }] : [],
      proposer,
      metadata: '',
      title,
      summary: 'why',
      expedited: false,
    },
  };
}
const vote = (voter: string, proposalId: bigint, option: VoteOption) => ({
  typeUrl: '/cosmos.gov.v1.MsgVote',
  value: { proposalId, voter, option, metadata: '' },
});
const deposit = (depositor: string, proposalId: bigint, amount: bigint) => ({
  typeUrl: '/cosmos.gov.v1.MsgDeposit',
  value: { proposalId, depositor, amount: [{ denom: 'nicoin', amount: amount.toString() }] },
});

let chain: TestChain | undefined;
afterEach(async () => {
  if (chain) {
    expect(chain.app.checkInvariants()).toEqual([]);
    await chain.stop();
  }
  chain = undefined;
});

async function newChain(overrides: Record<string, unknown> = {}) {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: 100n * ICON, weight: 40n },
      { account: bob, balance: 100n * ICON, weight: 35n },
      { account: carol, balance: 100n * ICON, weight: 25n },
      { account: dave, balance: 100n * ICON, weight: 0n },
    ],
    govParams: govParams(overrides),
  }).start();
  return chain;
}

async function proposal(c: TestChain, id: bigint) {
  return QueryProposalResponse.decode(
    await c.query('/cosmos.gov.v1.Query/Proposal', QueryProposalRequest.encode({ proposalId: id }).finish()),
  ).proposal!;
}

async function submitAndGetId(
  c: TestChain,
  proposer = alice,
  messages = [registerAny('llama-tiny')],
  dep = 10n * ICON,
) {
  const r = await c.exec(proposer, [submit(proposer.address, messages, dep)]);
  return MsgSubmitProposalResponse.decode(msgResponses(r)[0]!.value).proposalId;
}

describe('gov: a model registration proposal', () => {
  it('passes by Race-weighted vote, executes as the gov account and the model appears in the registry', async () => {
    const c = await newChain();
    const id = await submitAndGetId(c);
    expect(id).toBe(1n);
    expect(c.balance(alice.address)).toBe(90n * ICON);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);

    await c.exec(alice, [vote(alice.address, id, VoteOption.VOTE_OPTION_YES)]);
    await c.exec(bob, [vote(bob.address, id, VoteOption.VOTE_OPTION_NO)]);
    await c.exec(carol, [vote(carol.address, id, VoteOption.VOTE_OPTION_YES)]);
    // dave has no Race weight: he may vote, but it counts for nothing.
    await c.exec(dave, [vote(dave.address, id, VoteOption.VOTE_OPTION_NO)]);

    const tally = QueryTallyResultResponse.decode(
      await c.query('/cosmos.gov.v1.Query/TallyResult', QueryTallyResultRequest.encode({ proposalId: id }).finish()),
    ).tally!;
    expect(tally).toEqual({ yesCount: '65', abstainCount: '0', noCount: '35', noWithVetoCount: '0' });

    await c.advanceTo(c.timeNs + 61n * SECOND);
    const p = await proposal(c, id);
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    expect(p.finalTallyResult).toEqual({ yesCount: '65', abstainCount: '0', noCount: '35', noWithVetoCount: '0' });
    // Deposit refunded after a pass.
    expect(c.balance(alice.address)).toBe(100n * ICON);
    expect(c.balance(govAddress())).toBe(0n);

    const m = QueryModelResponse.decode(
      await c.query('/race.registry.v1.Query/Model', QueryModelRequest.encode({ modelId: 'llama-tiny' }).finish()),
    ).model!;
    expect(m.model!.unitsPerOutputToken).toBe(5n);
    expect(m.registeredHeight).toBeGreaterThan(0n);
    const all = QueryModelsResponse.decode(
      await c.query('/race.registry.v1.Query/Models', QueryModelsRequest.encode({ pagination: undefined }).finish()),
    );
    expect(all.models.map((x) => x.model!.id)).toEqual(['llama-tiny']);
  });

  it('marks a passed proposal FAILED when its message fails, and leaves no partial effects', async () => {
    const c = await newChain();
    // The second message registers the same id again and fails, so the first must not stick either.
    const id = await submitAndGetId(c, alice, [registerAny('dup'), registerAny('dup')]);
    await c.exec(alice, [vote(alice.address, id, VoteOption.VOTE_OPTION_YES)]);
    await c.exec(bob, [vote(bob.address, id, VoteOption.VOTE_OPTION_YES)]);
    await c.advanceTo(c.timeNs + 61n * SECOND);
    const p = await proposal(c, id);
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_FAILED);
    expect(p.failedReason).toMatch(/model already registered/);
    const all = QueryModelsResponse.decode(
      await c.query('/race.registry.v1.Query/Models', QueryModelsRequest.encode({ pagination: undefined }).finish()),
    );
    expect(all.models).toEqual([]);
    expect(c.balance(alice.address)).toBe(100n * ICON);
  });

  it('refuses messages that the gov account is not the only signer of', async () => {
    const c = await newChain();
    const notGov = Any.fromPartial({
      typeUrl: '/race.registry.v1.MsgRegisterModel',
      value: MsgRegisterModel.encode({ authority: alice.address, model: model('x') }).finish(),
    });
    const r = await c.exec(alice, [submit(alice.address, [notGov], 10n * ICON)], { expectFailure: true });
    expect(r.codespace).toBe('gov');
    expect(r.code).toBe(13);
    const unroutable = Any.fromPartial({ typeUrl: '/nope.v1.MsgNope', value: new Uint8Array() });
    const r2 = await c.exec(alice, [submit(alice.address, [unroutable], 10n * ICON)], { expectFailure: true });
    expect(r2.code).toBe(10);
    expect(c.balance(alice.address)).toBe(100n * ICON);
  });

  it('refuses a direct MsgRegisterModel from an ordinary account', async () => {
    const c = await newChain();
    const r = await c.exec(
      alice,
      [{ typeUrl: '/race.registry.v1.MsgRegisterModel', value: { authority: alice.address, model: model('x') } }],
      { expectFailure: true },
    );
    expect(r.log).toMatch(/invalid authority/);
  });
});

describe('gov: deposits', () => {
  it('burns the deposit of a vetoed proposal (burn_vote_veto)', async () => {
    const c = await newChain();
    const id = await submitAndGetId(c);
    await c.exec(alice, [vote(alice.address, id, VoteOption.VOTE_OPTION_NO_WITH_VETO)]);
    await c.exec(bob, [vote(bob.address, id, VoteOption.VOTE_OPTION_YES)]);
    const supplyBefore = c.bank.getSupply(c.app.queryContext(), 'nicoin').amount;
    await c.advanceTo(c.timeNs + 61n * SECOND);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(c.balance(alice.address)).toBe(90n * ICON);
    expect(c.bank.getSupply(c.app.queryContext(), 'nicoin').amount).toBe(supplyBefore - 10n * ICON);
  });

  it('refunds the deposit of a proposal rejected by plain No votes', async () => {
    const c = await newChain();
    const id = await submitAndGetId(c);
    await c.exec(alice, [vote(alice.address, id, VoteOption.VOTE_OPTION_NO)]);
    await c.exec(bob, [vote(bob.address, id, VoteOption.VOTE_OPTION_YES)]);
    await c.advanceTo(c.timeNs + 61n * SECOND);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(c.balance(alice.address)).toBe(100n * ICON);
  });

  it('refunds on a missed quorum by default and burns with burn_vote_quorum', async () => {
    for (const burn of [false, true]) {
      const c = await newChain({ burn_vote_quorum: burn });
      const id = await submitAndGetId(c);
      // carol alone holds 25 % < 33.4 % quorum.
      await c.exec(carol, [vote(carol.address, id, VoteOption.VOTE_OPTION_YES)]);
      await c.advanceTo(c.timeNs + 61n * SECOND);
      expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
      expect(c.balance(alice.address)).toBe(burn ? 90n * ICON : 100n * ICON);
      expect(c.app.checkInvariants()).toEqual([]);
      await c.stop();
      chain = undefined;
    }
  });

  it('collects deposits from several accounts, starts voting at min_deposit, and drops an underfunded proposal with a refund', async () => {
    const c = await newChain();
    const id = await submitAndGetId(c, alice, [registerAny('m1')], 4n * ICON);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD);
    // Below min_deposit_ratio (1 % of 10 icon): refused.
    const tiny = await c.exec(bob, [deposit(bob.address, id, 1000n)], { expectFailure: true });
    expect(tiny.log).toMatch(/minimum deposit is too small/);
    await c.exec(bob, [deposit(bob.address, id, 6n * ICON)]);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);
    const deps = QueryDepositsResponse.decode(
      await c.query('/cosmos.gov.v1.Query/Deposits', QueryDepositsRequest.encode({ proposalId: id }).finish()),
    );
    expect(deps.deposits.map((d) => d.amount[0]!.amount).sort()).toEqual([
      (4n * ICON).toString(),
      (6n * ICON).toString(),
    ]);

    const id2 = await submitAndGetId(c, carol, [registerAny('m2')], 1n * ICON);
    await c.advanceTo(c.timeNs + 101n * SECOND);
    const list = QueryProposalsResponse.decode(
      await c.query(
        '/cosmos.gov.v1.Query/Proposals',
        QueryProposalsRequest.encode({ proposalStatus: 0, voter: '', depositor: '' }).finish(),
      ),
    );
    expect(list.proposals.map((p) => p.id)).toEqual([id]);
    expect(c.balance(carol.address)).toBe(100n * ICON);
    expect(id2).toBe(2n);
  });

  it('burns an underfunded proposal deposit with burn_proposal_deposit_prevote', async () => {
    const c = await newChain({ burn_proposal_deposit_prevote: true });
    await submitAndGetId(c, carol, [registerAny('m2')], 1n * ICON);
    await c.advanceTo(c.timeNs + 101n * SECOND);
    expect(c.balance(carol.address)).toBe(99n * ICON);
  });
});

describe('gov: params', () => {
  it('updates its own params and bank params through a passed proposal', async () => {
    const c = await newChain();
    const { MsgUpdateParams } = await import('cosmjs-types/cosmos/gov/v1/tx');
    const { MsgUpdateParams: BankUpdate } = await import('cosmjs-types/cosmos/bank/v1beta1/tx');
    const { govParamsToProto, govParamsFromJson } = await import('../../../modules/gov/params.js');
    const newParams = govParamsToProto(govParamsFromJson(govParams({ voting_period: '30s' }) as never));
    const msgs = [
      Any.fromPartial({
        typeUrl: '/cosmos.gov.v1.MsgUpdateParams',
        value: MsgUpdateParams.encode({ authority: govAddress(), params: newParams }).finish(),
      }),
      Any.fromPartial({
        typeUrl: '/cosmos.bank.v1beta1.MsgUpdateParams',
        value: BankUpdate.encode({
          authority: govAddress(),
          params: { sendEnabled: [], defaultSendEnabled: false },
        }).finish(),
      }),
    ];
    const id = await submitAndGetId(c, alice, msgs);
    await c.exec(alice, [vote(alice.address, id, VoteOption.VOTE_OPTION_YES)]);
    await c.advanceTo(c.timeNs + 61n * SECOND);
    expect((await proposal(c, id)).status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    const q = QueryParamsResponse.decode(
      await c.query('/cosmos.gov.v1.Query/Params', QueryParamsRequest.encode({ paramsType: '' }).finish()),
    );
    expect(q.params!.votingPeriod!.seconds).toBe(30n);
    expect(c.bank.getParams(c.app.queryContext()).defaultSendEnabled).toBe(false);
  });

  it('round-trips its genesis', async () => {
    const c = await newChain();
    const id = await submitAndGetId(c);
    await c.exec(bob, [vote(bob.address, id, VoteOption.VOTE_OPTION_YES)]);
    const exported = c.app.exportGenesis().gov as Record<string, unknown>;
    const fresh = await new TestChain({ accounts: [], govParams: govParams() }).start();
    try {
      const ctx = fresh.app.queryContext();
      const { initGovGenesis, exportGovGenesis } = await import('../../../modules/gov/genesis.js');
      const branch = ctx.branch();
      initGovGenesis(branch.ctx, fresh.gov, fresh.auth, exported);
      expect(exportGovGenesis(branch.ctx, fresh.gov)).toEqual(exported);
    } finally {
      await fresh.stop();
    }
  });
});
