/**
 * Issue 6 end to end on a real `raced start` process: governance by Race weight, the model registry and
 * unit-of-compute pricing, driven with CosmJS (a Registry with our generated types plus CosmJS's gov v1 types) and
 * with the `raced` CLI. Four weighted genesis participants (40/30/15/15) and one account without weight; the keys
 * are in the node home's test keyring and in CosmJS wallets. Fees are empty (min gas price 0) so balances are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { BroadcastTxError, type DeliverTxResponse, type SigningStargateClient, type StdFee } from '@cosmjs/stargate';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { Params as AuthParams } from 'cosmjs-types/cosmos/auth/v1beta1/auth';
import {
  QueryParamsRequest as AuthParamsReq,
  QueryParamsResponse as AuthParamsRes,
} from 'cosmjs-types/cosmos/auth/v1beta1/query';
import {
  QueryParamsRequest as BankParamsReq,
  QueryParamsResponse as BankParamsRes,
} from 'cosmjs-types/cosmos/bank/v1beta1/query';
import { ProposalStatus, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import {
  QueryProposalRequest,
  QueryProposalResponse,
  QueryTallyResultRequest,
  QueryTallyResultResponse,
  QueryVoteRequest,
  QueryVoteResponse,
} from 'cosmjs-types/cosmos/gov/v1/query';
import { MsgSubmitProposalResponse } from 'cosmjs-types/cosmos/gov/v1/tx';
import { govAddress } from '../../../modules/gov/authority.js';
import { weightedMedian } from '../../../modules/pricing/weighted-median.js';
import { modelToJson } from '../../../modules/registry/model.js';
import { QueryUnitPriceRequest, QueryUnitPriceResponse } from '../../../proto/gen/race/pricing/v1/query.js';
import {
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
} from '../../../proto/gen/race/registry/v1/query.js';
import type { Model } from '../../../proto/gen/race/registry/v1/registry.js';
import {
  QueryParamsRequest as RaceParamsReq,
  QueryParamsResponse as RaceParamsRes,
} from '../../../proto/gen/race/race/v1/query.js';
import { Params as RaceParams } from '../../../proto/gen/race/race/v1/types.js';
import {
  cliRunMs,
  ICON,
  queryClient,
  raced,
  racedJson,
  racedTx,
  signingClient,
  startGovChain,
  testMnemonic,
  type GovChain,
} from './chain.js';
import { waitFor } from '../../helpers/wait.js';

const WEIGHTS = { v1: 40n, v2: 30n, v3: 15n, v4: 15n } as const;
const GENESIS_PRICE = 1000n;
const FEE: StdFee = { amount: [], gas: '600000' };

/**
 * The voting period, sized in this run to what this machine takes for the steps that must land inside one: at most
 * three `raced` runs one after another plus two block inclusions (the CLI proposal test: deposits query, then two
 * votes in parallel). Twelve times one CLI run (15 s at least, 60 s at most) leaves those steps a 3× margin; a fixed
 * 15 s was once too short on a loaded machine ("inactive proposal"). The waits for a proposal's end follow it.
 */
let votingMs = 15_000;

let c: GovChain;
const clients: Record<string, SigningStargateClient> = {};
let q: Awaited<ReturnType<typeof queryClient>>;

beforeAll(async () => {
  const accounts = [
    ...Object.entries(WEIGHTS).map(([name, weight]) => ({
      name,
      weight,
      mnemonic: testMnemonic(name),
      nicoin: 1000n * ICON,
    })),
    { name: 'user', weight: 0n, mnemonic: testMnemonic('user'), nicoin: 1000n * ICON },
  ];
  votingMs = Math.min(60_000, Math.max(15_000, Math.ceil((12 * (await cliRunMs())) / 1000) * 1000));
  c = await startGovChain({
    accounts,
    epochLength: 12n,
    govParams: { voting_period: `${votingMs / 1000}s`, max_deposit_period: '90s' },
    pricingParams: { genesis_unit_price: GENESIS_PRICE.toString(), min_unit_price: '1', max_unit_price: '0' },
  });
  for (const a of accounts) clients[a.name] = await signingClient(c, a.name);
  q = await queryClient(c);
}, 225_000);

afterAll(async () => {
  for (const cl of Object.values(clients)) cl.disconnect();
  q?.comet.disconnect();
  await c?.stop();
});

async function send(from: string, msgs: EncodeObject[], memo = ''): Promise<DeliverTxResponse> {
  const r = await clients[from]!.signAndBroadcast(c.addr[from]!, msgs, FEE, memo);
  if (r.code !== 0) throw new Error(`tx from ${from} failed: code ${r.code}: ${r.rawLog}`);
  return r;
}

/**
 * A tx that must fail, whether at CheckTx or in the block; returns its code and log. Broadcast by hand: CosmJS's
 * signAndBroadcast leaves its 60 s poll timer running when CheckTx refuses, which would keep jest alive.
 */
async function refused(from: string, msgs: EncodeObject[], memo = ''): Promise<{ code: number; log: string }> {
  const client = clients[from]!;
  const tx = TxRaw.encode(await client.sign(c.addr[from]!, msgs, FEE, memo)).finish();
  let hash: string;
  try {
    hash = await client.broadcastTxSync(tx);
  } catch (e) {
    if (e instanceof BroadcastTxError) return { code: e.code, log: e.log ?? e.message };
    throw e;
  }
  const included = await waitFor(async () => (await client.getTx(hash)) ?? undefined, `tx ${hash}`, 50_000, 250);
  return { code: included.code, log: included.rawLog ?? '' };
}

const balance = async (name: string) => BigInt((await q.q.bank.balance(c.addr[name]!, 'nicoin')).amount);
const supply = async () => BigInt((await q.q.bank.supplyOf('nicoin')).amount);

async function proposal(id: bigint) {
  const raw = await q.q.queryAbci(
    '/cosmos.gov.v1.Query/Proposal',
    QueryProposalRequest.encode({ proposalId: id }).finish(),
  );
  return QueryProposalResponse.decode(raw.value).proposal!;
}

async function waitFinal(id: bigint) {
  return waitFor(
    async () => {
      const p = await proposal(id);
      return p.status === ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD ||
        p.status === ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD
        ? undefined
        : p;
    },
    `proposal ${id} to end`,
    votingMs + 75_000,
    250,
  );
}

async function raceParams() {
  return RaceParamsRes.decode(
    (await q.q.queryAbci('/race.race.v1.Query/Params', RaceParamsReq.encode({}).finish())).value,
  );
}

type BlockEvent = { type: string; attributes: Record<string, string> };

/** The first block at or after `from` whose FinalizeBlock events include `type` with attributes matching `match`. */
async function findEvent(
  from: number,
  type: string,
  match: (a: Record<string, string>) => boolean,
): Promise<{ height: number; events: BlockEvent[] }> {
  let h = from;
  return waitFor(
    async () => {
      const latest = (await q.comet.status()).syncInfo.latestBlockHeight;
      for (; h <= latest; h++) {
        const events: BlockEvent[] = (await q.comet.blockResults(h)).finalizeBlockEvents.map((e) => ({
          type: e.type,
          attributes: Object.fromEntries(e.attributes.map((a) => [a.key, a.value])),
        }));
        if (events.some((e) => e.type === type && match(e.attributes))) return { height: h, events };
      }
      return undefined;
    },
    `a ${type} event`,
    112_500,
    250,
  );
}

const proposalId = (r: DeliverTxResponse) => MsgSubmitProposalResponse.decode(r.msgResponses[0]!.value).proposalId;

const model = (id: string, unitsIn: bigint, unitsOut: bigint): Model => ({
  id,
  name: `Model ${id}`,
  onnxSha256: 'a1'.repeat(32),
  tokenizerSha256: 'b2'.repeat(32),
  unitsPerInputToken: unitsIn,
  unitsPerOutputToken: unitsOut,
  contextLength: 2048n,
  validationThreshold: '0.9',
});

const registerModel = (m: Model) =>
  c.registry.encodeAsAny({
    typeUrl: '/race.registry.v1.MsgRegisterModel',
    value: { authority: govAddress(), model: m },
  });

function submitMsg(
  proposer: string,
  messages: ReturnType<typeof registerModel>[],
  deposit: bigint,
  title: string,
): EncodeObject {
  return {
    typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
    value: {
      messages,
      initialDeposit: [{ denom: 'nicoin', amount: deposit.toString() }],
      proposer: c.addr[proposer],
      metadata: '',
      title,
      summary: `${title} (e2e)`,
      expedited: false,
    },
  };
}

const vote = (voter: string, id: bigint, option: VoteOption): EncodeObject => ({
  typeUrl: '/cosmos.gov.v1.MsgVote',
  value: { proposalId: id, voter: c.addr[voter], option, metadata: '' },
});

const priceVote = (provider: string, amount: string, denom: string): EncodeObject => ({
  typeUrl: '/race.pricing.v1.MsgSubmitUnitPriceVote',
  value: { provider: c.addr[provider], price: { denom, amount } },
});

async function unitPrice() {
  const raw = await q.q.queryAbci('/race.pricing.v1.Query/UnitPrice', QueryUnitPriceRequest.encode({}).finish());
  return QueryUnitPriceResponse.decode(raw.value).unitPrice!;
}

/** The price decided at the first epoch end at or after `height` (votes included at `height` count there). */
const priceDecidedAfter = (height: number) =>
  waitFor(
    async () => {
      const u = await unitPrice();
      return u.setHeight >= BigInt(height) ? u : undefined;
    },
    `a unit price decided at or after height ${height}`,
    112_500,
    250,
  );

const TINY = model('race/tiny-llm:v1', 3n, 7n);

describe('gov, registry and pricing on a real node', () => {
  // Three proposals voted on in the first test and checked after their voting end in the third; the price votes of
  // the second run meanwhile.
  let a = 0n;
  let b = 0n;
  let cc = 0n;
  let before: Record<'v1' | 'v2' | 'user' | 'supply', bigint>;

  it('takes CosmJS-signed proposals, deposits and Race-weighted votes (MsgVote, MsgVoteWeighted), also from an account without weight', async () => {
    before = { v1: await balance('v1'), v2: await balance('v2'), user: await balance('user'), supply: await supply() };

    // A: register TINY (v1, full deposit). B: a proposal from an account without weight, to be vetoed.
    // C: v2 deposits 4 icon, the unweighted user tops it up to the 10 icon minimum; it will miss the quorum.
    const [ra, rb, rc] = await Promise.all([
      send('v1', [submitMsg('v1', [registerModel(TINY)], 10n * ICON, 'Register tiny')]),
      send('user', [submitMsg('user', [registerModel(model('veto-me', 1n, 1n))], 10n * ICON, 'Register veto-me')]),
      send('v2', [submitMsg('v2', [registerModel(model('no-quorum', 1n, 1n))], 4n * ICON, 'Register no-quorum')]),
    ]);
    [a, b, cc] = [proposalId(ra), proposalId(rb), proposalId(rc)];
    expect((await proposal(cc)).status).toBe(ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD);
    await send('user', [
      {
        typeUrl: '/cosmos.gov.v1.MsgDeposit',
        value: {
          proposalId: cc,
          depositor: c.addr.user,
          amount: [{ denom: 'nicoin', amount: (6n * ICON).toString() }],
        },
      },
    ]);
    expect((await proposal(cc)).status).toBe(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);

    // A: yes 40 (v1) + weighted ½ yes ½ no of 30 (v2) + no 15 (v3); the user's no carries no weight. → yes 55, no 30.
    // B: no_with_veto 40 + 30 → vetoed. C: only v4 (15 of 100 < 0.334 quorum).
    await Promise.all([
      send('v1', [vote('v1', a, VoteOption.VOTE_OPTION_YES), vote('v1', b, VoteOption.VOTE_OPTION_NO_WITH_VETO)]),
      send('v2', [
        {
          typeUrl: '/cosmos.gov.v1.MsgVoteWeighted',
          value: {
            proposalId: a,
            voter: c.addr.v2,
            metadata: '',
            options: [
              { option: VoteOption.VOTE_OPTION_YES, weight: '0.5' },
              { option: VoteOption.VOTE_OPTION_NO, weight: '0.5' },
            ],
          },
        },
        vote('v2', b, VoteOption.VOTE_OPTION_NO_WITH_VETO),
      ]),
      send('v3', [vote('v3', a, VoteOption.VOTE_OPTION_NO), vote('v3', b, VoteOption.VOTE_OPTION_YES)]),
      send('v4', [vote('v4', cc, VoteOption.VOTE_OPTION_YES)]),
      send('user', [vote('user', a, VoteOption.VOTE_OPTION_NO)]),
    ]);

    // While voting (CosmJS queries, well inside the voting period): the running tally, and the unweighted vote recorded.
    const live = QueryTallyResultResponse.decode(
      (
        await q.q.queryAbci(
          '/cosmos.gov.v1.Query/TallyResult',
          QueryTallyResultRequest.encode({ proposalId: a }).finish(),
        )
      ).value,
    );
    expect(live.tally).toEqual({ yesCount: '55', abstainCount: '0', noCount: '30', noWithVetoCount: '0' });
    const userVote = QueryVoteResponse.decode(
      (
        await q.q.queryAbci(
          '/cosmos.gov.v1.Query/Vote',
          QueryVoteRequest.encode({ proposalId: a, voter: c.addr.user! }).finish(),
        )
      ).value,
    );
    expect(userVote.vote?.options).toEqual([{ option: VoteOption.VOTE_OPTION_NO, weight: '1.000000000000000000' }]);
    const v1Beta1 = await q.q.gov.proposals(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD, '', '');
    expect(v1Beta1.proposals.map((p) => p.proposalId)).toEqual(expect.arrayContaining([a, b, cc]));
  }, 150_000);

  it("sets the weighted median of the providers' price votes at the epoch end; a provider without a vote counts with the last price", async () => {
    // v1 (40) 1.5 uicon by CLI (sent as 1500 nicoin); v2 (30) 4 uicon and v3 (15) 1 micoin by CosmJS; v4 (15) does
    // not vote and counts with the genesis price. Sorted: 1000·15, 1500·40 (cumulative 55 ≥ 50) → 1500. Without
    // v4's weight at the last price it would be 4000.
    const cli = await racedTx(c, ['pricing', 'vote', '1.5uicon', '--from', 'v1']);
    const r2 = await send('v2', [priceVote('v2', '4', 'uicon')]);
    const r3 = await send('v3', [priceVote('v3', '1', 'micoin')]);
    const lastHeight = Math.max(Number(cli.height), r2.height, r3.height);
    const noWeight = await refused('user', [priceVote('user', '2', 'uicon')]);
    expect(noWeight.code).not.toBe(0);
    expect(noWeight.log).toMatch(/weight/);

    const expected = weightedMedian([
      { price: 1500n, weight: WEIGHTS.v1 },
      { price: 4000n, weight: WEIGHTS.v2 },
      { price: 1_000_000n, weight: WEIGHTS.v3 },
      { price: GENESIS_PRICE, weight: WEIGHTS.v4 },
    ]);
    expect(expected).toBe(1500n);
    const decided = await priceDecidedAfter(lastHeight);
    expect(decided.price).toBe('1500');

    // Votes stand, so later epoch ends (while the CLI runs) keep the same price.
    const [cliPrice, v3Vote, v4Vote] = await Promise.all(
      [
        ['query', 'pricing', 'price'],
        ['query', 'pricing', 'vote', c.addr.v3!],
        ['query', 'pricing', 'vote', c.addr.v4!],
      ].map((args) => racedJson(c, args)),
    );
    expect(cliPrice.unit_price.price).toBe('1500');
    expect(BigInt(cliPrice.unit_price.epoch)).toBeGreaterThanOrEqual(decided.epoch);
    expect(v3Vote).toMatchObject({ has_vote: true, effective_price: '1000000' });
    expect(v3Vote.vote.price).toBe('1000000');
    expect(v4Vote).toMatchObject({ has_vote: false, effective_price: '1500' });
  }, 225_000);

  it('ends the proposals: the model registration passes and the model appears in the queries; the vetoed deposit is burned, the one without quorum refunded', async () => {
    const [pa, pb, pc] = [await waitFinal(a), await waitFinal(b), await waitFinal(cc)];
    expect(pa.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    expect(pa.finalTallyResult).toEqual({ yesCount: '55', abstainCount: '0', noCount: '30', noWithVetoCount: '0' });
    expect(pb.status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(pb.finalTallyResult?.noWithVetoCount).toBe('70');
    expect(pc.status).toBe(ProposalStatus.PROPOSAL_STATUS_REJECTED);
    expect(pc.finalTallyResult?.yesCount).toBe('15');

    // Deposits: A (passed) and C (no quorum, burn_vote_quorum false) refunded; B (vetoed) burned from supply.
    expect(await balance('v1')).toBe(before.v1);
    expect(await balance('v2')).toBe(before.v2);
    expect(await balance('user')).toBe(before.user - 10n * ICON);
    expect(await supply()).toBe(before.supply - 10n * ICON);
    expect(BigInt((await q.q.bank.balance(govAddress(), 'nicoin')).amount)).toBe(0n);

    // The model is in the registry: CosmJS QueryClient (abci) and the CLI.
    const one = QueryModelResponse.decode(
      (await q.q.queryAbci('/race.registry.v1.Query/Model', QueryModelRequest.encode({ modelId: TINY.id }).finish()))
        .value,
    );
    expect(one.model?.model).toEqual(TINY);
    const all = QueryModelsResponse.decode(
      (
        await q.q.queryAbci(
          '/race.registry.v1.Query/Models',
          QueryModelsRequest.encode({ pagination: undefined }).finish(),
        )
      ).value,
    );
    expect(all.models.map((m) => m.model?.id)).toEqual([TINY.id]);
    // The CLI (parallel processes): registry and gov queries show the outcome.
    const [cliModels, cliModel, cliProposal, cliAll, tallyA, tallyB] = await Promise.all(
      [
        ['query', 'registry', 'models'],
        ['query', 'registry', 'model', TINY.id],
        ['query', 'gov', 'proposal', String(a)],
        ['query', 'gov', 'proposals'],
        ['query', 'gov', 'tally', String(a)],
        ['query', 'gov', 'tally', String(b)],
      ].map((args) => racedJson(c, args)),
    );
    expect(cliModels.models).toHaveLength(1);
    expect(cliModels.models[0].model).toMatchObject({
      id: TINY.id,
      units_per_input_token: '3',
      units_per_output_token: '7',
      context_length: '2048',
      validation_threshold: '0.9',
    });
    expect(cliModel.model.model.onnx_sha256).toBe(TINY.onnxSha256);
    expect(cliProposal).toMatchObject({
      id: String(a),
      status: 'PROPOSAL_STATUS_PASSED',
      proposer: c.addr.v1,
      title: 'Register tiny',
    });
    expect(cliProposal.messages[0]['@type']).toBe('/race.registry.v1.MsgRegisterModel');
    expect(cliProposal.messages[0].model).toMatchObject({ id: TINY.id });
    // Listed in id order (the ids follow the order the three submissions were included in).
    const expectedList = [
      [a, 'PROPOSAL_STATUS_PASSED'],
      [b, 'PROPOSAL_STATUS_REJECTED'],
      [cc, 'PROPOSAL_STATUS_REJECTED'],
    ] as const;
    expect(cliAll.proposals.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual(
      [...expectedList].sort((x, y) => Number(x[0] - y[0])).map(([id, status]) => [String(id), status]),
    );
    expect(tallyA).toEqual({ yes_count: '55', abstain_count: '0', no_count: '30', no_with_veto_count: '0' });
    expect(tallyB).toMatchObject({ no_with_veto_count: '70' });

    // The model's prices follow the unit price set by the previous test (1500 nicoin per unit).
    const prices = await racedJson(c, ['query', 'pricing', 'models']);
    expect(prices.models).toEqual([
      expect.objectContaining({ model_id: TINY.id, price_per_input_token: '4500', price_per_output_token: '10500' }),
    ]);
  }, 375_000);

  it('changes pricing, auth, gov, bank and Race params through a CLI proposal (submit-proposal file, deposit, vote); Race params at the next epoch boundary', async () => {
    const longMemo = 'm'.repeat(300);
    const memoBefore = await refused('v4', [priceVote('v4', '1', 'nicoin')], longMemo);
    expect(memoBefore.log).toMatch(/memo/i);

    const authParams = AuthParams.toJSON(
      AuthParamsRes.decode(
        (await q.q.queryAbci('/cosmos.auth.v1beta1.Query/Params', AuthParamsReq.encode({}).finish())).value,
      ).params!,
    ) as Record<string, string>;
    const gov = await racedJson(c, ['query', 'gov', 'params']);
    const race = await raceParams();
    expect(race.hasPending).toBe(false);
    const file = path.join(c.h.home, 'params-proposal.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        messages: [
          {
            '@type': '/race.pricing.v1.MsgUpdateParams',
            params: { genesis_unit_price: '1000', min_unit_price: '100', max_unit_price: (10n * ICON).toString() },
          },
          { '@type': '/cosmos.auth.v1beta1.MsgUpdateParams', params: { ...authParams, maxMemoCharacters: '512' } },
          {
            '@type': '/cosmos.gov.v1.MsgUpdateParams',
            params: {
              ...gov.params,
              min_deposit: [{ denom: 'nicoin', amount: (20n * ICON).toString() }],
              voting_period: '4s',
            },
          },
          {
            '@type': '/cosmos.bank.v1beta1.MsgUpdateParams',
            params: { send_enabled: [], default_send_enabled: false },
          },
          {
            '@type': '/race.race.v1.MsgUpdateParams',
            params: { ...(RaceParams.toJSON(race.params!) as object), maxParticipants: 500 },
          },
        ],
        deposit: '4icon',
        title: 'Tighten prices, longer memos, bigger deposits, no transfers, fewer participants',
        summary: 'One proposal that updates five modules',
        metadata: '',
      }),
    );

    const before = {
      user: await balance('user'),
      v3: await balance('v3'),
      height: await q.comet.status().then((st) => st.syncInfo.latestBlockHeight),
    };
    await racedTx(c, ['gov', 'submit-proposal', file, '--from', 'user']);
    const pending = await racedJson(c, ['query', 'gov', 'proposals', '--status', 'deposit_period']);
    expect(pending.proposals).toHaveLength(1);
    const id = pending.proposals[0].id as string;
    expect(pending.proposals[0].total_deposit).toEqual([{ denom: 'nicoin', amount: (4n * ICON).toString() }]);
    const badOption = await raced(c, ['tx', 'gov', 'vote', id, 'maybe', '--from', 'v3'], { tx: true });
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toMatch(/invalid vote option/);
    await racedTx(c, ['gov', 'deposit', id, '6icon', '--from', 'v3']);
    // The deposit reached min_deposit: voting is open (votingMs), and deposits are deleted when it ends, so they
    // are read now rather than after the votes.
    const deposits = await racedJson(c, ['query', 'gov', 'deposits', id]);
    expect(deposits.deposits.map((d: { depositor: string }) => d.depositor).sort()).toEqual(
      [c.addr.user, c.addr.v3].sort(),
    );
    // v1 and v2 (70 of 100) vote yes from the CLI; the final tally shows both votes.
    await Promise.all([
      racedTx(c, ['gov', 'vote', id, 'yes', '--from', 'v1']),
      racedTx(c, ['gov', 'vote', id, 'yes', '--from', 'v2']),
    ]);

    const final = await waitFinal(BigInt(id));
    expect(final.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    expect(final.finalTallyResult).toMatchObject({ yesCount: '70', noCount: '0' });
    expect(await balance('user')).toBe(before.user);
    expect(await balance('v3')).toBe(before.v3);

    expect(await racedJson(c, ['query', 'pricing', 'params'])).toEqual({
      params: { genesis_unit_price: '1000', min_unit_price: '100', max_unit_price: (10n * ICON).toString() },
    });
    const govAfter = await racedJson(c, ['query', 'gov', 'params']);
    expect(govAfter.params).toMatchObject({
      min_deposit: [{ denom: 'nicoin', amount: (20n * ICON).toString() }],
      voting_period: '4s',
      quorum: gov.params.quorum,
    });
    const authAfter = AuthParamsRes.decode(
      (await q.q.queryAbci('/cosmos.auth.v1beta1.Query/Params', AuthParamsReq.encode({}).finish())).value,
    ).params!;
    expect(authAfter.maxMemoCharacters).toBe(512n);
    // Race params wait for the next epoch boundary: applied in an epoch's last block, at or after the proposal's end.
    const ended = await findEvent(before.height, 'active_proposal', (a) => a.proposal_id === id);
    const applied = await findEvent(ended.height, 'race_params_applied', () => true);
    const epochStart = applied.events.find((e) => e.type === 'race_epoch_start');
    expect(epochStart?.attributes.start_height).toBe(String(applied.height + 1));
    const raceAfter = await raceParams();
    expect(raceAfter.params).toEqual({ ...race.params, maxParticipants: 500 });
    expect(raceAfter.hasPending).toBe(false);
    const bankAfter = BankParamsRes.decode(
      (await q.q.queryAbci('/cosmos.bank.v1beta1.Query/Params', BankParamsReq.encode({}).finish())).value,
    ).params!;
    expect(bankAfter.defaultSendEnabled).toBe(false);

    // Their effects: a 300-character memo is fine now; transfers are off; a deposit below the new minimum is not enough.
    await send('v4', [priceVote('v4', '1', 'icon')], longMemo);
    const transfer = await refused('user', [
      {
        typeUrl: '/cosmos.bank.v1beta1.MsgSend',
        value: { fromAddress: c.addr.user, toAddress: c.addr.v1, amount: [{ denom: 'nicoin', amount: '1' }] },
      },
    ]);
    expect(transfer.log).toMatch(/transfers are currently disabled/);
    const modelFile = path.join(c.h.home, 'model.json');
    fs.writeFileSync(modelFile, JSON.stringify(modelToJson(model('small-deposit', 2n, 5n))));
    await racedTx(c, ['registry', 'propose-model', modelFile, '--deposit', '10icon', '--from', 'v1']);
    const [small] = (await racedJson(c, ['query', 'gov', 'proposals', '--status', 'deposit_period'])).proposals;
    expect(small).toMatchObject({
      status: 'PROPOSAL_STATUS_DEPOSIT_PERIOD',
      title: 'Register model small-deposit',
      total_deposit: [{ denom: 'nicoin', amount: (10n * ICON).toString() }],
    });
    expect(small.messages).toEqual([
      expect.objectContaining({
        '@type': '/race.registry.v1.MsgRegisterModel',
        authority: govAddress(),
        model: expect.objectContaining({ id: 'small-deposit', units_per_output_token: '5' }),
      }),
    ]);
  }, 450_000);

  it("applies the new price bounds to votes and follows v4's new vote at the next epoch end", async () => {
    const low = await refused('v1', [priceVote('v1', '50', 'nicoin')]);
    expect(low.code).toBe(3);
    const high = await refused('v1', [priceVote('v1', '11', 'icon')]);
    expect(high.code).toBe(3);
    // v4 voted 1 icon in the previous test (with the long memo). Sorted: 1500·40, 4000·30 (cumulative 70 ≥ 50) → 4000.
    const v4 = await racedJson(c, ['query', 'pricing', 'vote', c.addr.v4!]);
    expect(v4).toMatchObject({ has_vote: true, effective_price: ICON.toString() });
    const height = Number(v4.vote.height);
    const decided = await priceDecidedAfter(height);
    expect(decided.price).toBe('4000');
    const prices = await racedJson(c, ['query', 'pricing', 'model', TINY.id]);
    expect(prices.model).toMatchObject({
      model_id: TINY.id,
      price_per_input_token: '12000',
      price_per_output_token: '28000',
    });
  }, 150_000);
});
