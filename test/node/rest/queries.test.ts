/** REST queries against a real in-process app: SDK JSON shapes ("@type", snake_case, strings for 64-bit) and errors. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { Any } from 'cosmjs-types/google/protobuf/any';
import { MsgRegisterModel } from '../../../proto/gen/race/registry/v1/tx.js';
import { govAddress } from '../../../modules/gov/authority.js';
import type { RestServerHandle } from '../../../node/rest/server.js';
import { hex64, TestChain, testAccount, testGovParams } from '../../modules/gov/harness.js';
import { appBackend, startRest, type AppBackend, type RestClient } from './helpers.js';

const alice = testAccount('rest alice');
const bob = testAccount('rest bob');
const nobody = testAccount('rest nobody');
const ICON = 1_000_000_000n;

const govParams = testGovParams();

let chain: TestChain;
let backend: AppBackend;
let server: RestServerHandle;
let rest: RestClient;

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

beforeAll(async () => {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: 100n * ICON, weight: 60n },
      { account: bob, balance: 50n * ICON, weight: 40n },
    ],
    govParams,
  }).start();
  backend = appBackend(chain);
  ({ server, client: rest } = await startRest(backend));
  // Alice's first tx stores her public key; then a proposal with a nested message, a deposit and a vote.
  const registerAny = Any.fromPartial({
    typeUrl: '/race.registry.v1.MsgRegisterModel',
    value: MsgRegisterModel.encode({ authority: govAddress(), model: model('tiny') }).finish(),
  });
  const submit = {
    typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
    value: {
      messages: [registerAny],
      initialDeposit: [{ denom: 'nicoin', amount: (10n * ICON).toString() }],
      proposer: alice.address,
      metadata: '',
      title: 'Register tiny',
      summary: 'why',
      expedited: false,
    },
  };
  const r = await backend.deliver(await chain.signTx(alice, [submit]));
  expect(r.code).toBe(0);
  await backend.deliver(
    await chain.signTx(bob, [
      {
        typeUrl: '/cosmos.gov.v1.MsgVote',
        value: { proposalId: 1n, voter: bob.address, option: VoteOption.VOTE_OPTION_YES, metadata: '' },
      },
    ]),
  );
});

afterAll(async () => {
  await server?.close();
  await chain?.stop();
});

describe('auth', () => {
  it('renders a BaseAccount with "@type" and its secp256k1 pub_key, 64-bit numbers as strings', async () => {
    const body = await rest.ok(`/cosmos/auth/v1beta1/accounts/${alice.address}`);
    expect(body).toEqual({
      account: {
        '@type': '/cosmos.auth.v1beta1.BaseAccount',
        address: alice.address,
        pub_key: { '@type': '/cosmos.crypto.secp256k1.PubKey', key: Buffer.from(alice.pub).toString('base64') },
        account_number: '0',
        sequence: '1',
      },
    });
  });

  it('prints pub_key null for an account that has not signed yet', async () => {
    const accounts = (await rest.ok('/cosmos/auth/v1beta1/accounts')).accounts as any[];
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    const gov = (await rest.ok('/cosmos/auth/v1beta1/module_accounts/gov')).account;
    expect(gov['@type']).toBe('/cosmos.auth.v1beta1.ModuleAccount');
    expect(gov.base_account.pub_key).toBeNull();
    expect(gov.name).toBe('gov');
  });

  it('answers a missing account with 404, code 5 and the SDK text', async () => {
    const r = await rest.get(`/cosmos/auth/v1beta1/accounts/${nobody.address}`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ code: 5, message: `account ${nobody.address} not found`, details: [] });
  });

  it('answers a malformed address with 400 and code 3', async () => {
    const r = await rest.get('/cosmos/auth/v1beta1/accounts/race1notanaddress');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(3);
    expect(r.body.message).toContain('race1notanaddress');
  });

  it('renders the params with snake_case names and string numbers', async () => {
    expect(await rest.ok('/cosmos/auth/v1beta1/params')).toEqual({
      params: {
        max_memo_characters: '256',
        tx_sig_limit: '7',
        tx_size_cost_per_byte: '10',
        sig_verify_cost_ed25519: '590',
        sig_verify_cost_secp256k1: '1000',
      },
    });
  });
});

describe('bank', () => {
  it('lists balances with SDK pagination (next_key null at the end)', async () => {
    const body = await rest.ok(`/cosmos/bank/v1beta1/balances/${bob.address}`);
    expect(body).toEqual({
      balances: [{ denom: 'nicoin', amount: String(50n * ICON) }],
      pagination: { next_key: null, total: '1' },
    });
    const spendable = await rest.ok(`/cosmos/bank/v1beta1/spendable_balances/${bob.address}?pagination.limit=1`);
    expect(spendable.balances).toEqual([{ denom: 'nicoin', amount: String(50n * ICON) }]);
  });

  it('answers by_denom, including a zero balance and a missing denom', async () => {
    expect(await rest.ok(`/cosmos/bank/v1beta1/balances/${alice.address}/by_denom?denom=nicoin`)).toEqual({
      balance: { denom: 'nicoin', amount: String(90n * ICON) },
    });
    expect(await rest.ok(`/cosmos/bank/v1beta1/balances/${nobody.address}/by_denom?denom=nicoin`)).toEqual({
      balance: { denom: 'nicoin', amount: '0' },
    });
    const r = await rest.get(`/cosmos/bank/v1beta1/balances/${alice.address}/by_denom`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 3, message: 'query parameter denom is required', details: [] });
  });

  it('pages with pagination.key/offset and rejects a non-numeric limit', async () => {
    const r = await rest.get(`/cosmos/bank/v1beta1/balances/${alice.address}?pagination.limit=abc`);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/pagination.limit/);
    const bad = await rest.get('/cosmos/bank/v1beta1/balances/cosmos1xyz');
    expect(bad.status).toBe(400);
  });

  it('renders supply, supply by denom, denom metadata and params', async () => {
    const supply = await rest.ok('/cosmos/bank/v1beta1/supply');
    expect(supply.supply).toEqual([{ denom: 'nicoin', amount: String(150n * ICON) }]);
    expect(supply.pagination).toEqual({ next_key: null, total: '1' });
    expect(await rest.ok('/cosmos/bank/v1beta1/supply/by_denom?denom=nicoin')).toEqual({
      amount: { denom: 'nicoin', amount: String(150n * ICON) },
    });
    const md = await rest.ok('/cosmos/bank/v1beta1/denoms_metadata');
    expect(Array.isArray(md.metadatas)).toBe(true);
    expect(md.pagination).toHaveProperty('total');
    expect(await rest.ok('/cosmos/bank/v1beta1/params')).toEqual({
      params: { send_enabled: [], default_send_enabled: true },
    });
    const missing = await rest.get('/cosmos/bank/v1beta1/denoms_metadata/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
  });
});

describe('gov v1', () => {
  it('lists proposals with their messages as "@type" JSON, enums by name and RFC 3339 times', async () => {
    const body = await rest.ok('/cosmos/gov/v1/proposals');
    expect(body.pagination).toEqual({ next_key: null, total: '1' });
    const p = body.proposals[0];
    expect(p.id).toBe('1');
    expect(p.status).toBe('PROPOSAL_STATUS_VOTING_PERIOD');
    expect(p.messages).toEqual([
      {
        '@type': '/race.registry.v1.MsgRegisterModel',
        authority: govAddress(),
        model: expect.objectContaining({ id: 'tiny', units_per_output_token: '5', onnx_sha256: hex64('a') }),
      },
    ]);
    expect(p.total_deposit).toEqual([{ denom: 'nicoin', amount: String(10n * ICON) }]);
    expect(p.submit_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(p.submit_time).not.toMatch(/\.000Z$/);
    expect(p.proposer).toBe(alice.address);
    expect((await rest.ok('/cosmos/gov/v1/proposals/1')).proposal.id).toBe('1');
    expect((await rest.ok('/cosmos/gov/v1/proposals?proposal_status=PROPOSAL_STATUS_PASSED')).proposals).toEqual([]);
    expect((await rest.ok('/cosmos/gov/v1/proposals?proposal_status=2')).proposals).toHaveLength(1);
    expect((await rest.get('/cosmos/gov/v1/proposals?proposal_status=BOGUS')).status).toBe(400);
  });

  it("serves votes, a voter's vote, deposits and the tally", async () => {
    const votes = await rest.ok('/cosmos/gov/v1/proposals/1/votes');
    expect(votes.votes).toEqual([
      {
        proposal_id: '1',
        voter: bob.address,
        options: [{ option: 'VOTE_OPTION_YES', weight: '1.000000000000000000' }],
        metadata: '',
      },
    ]);
    expect((await rest.ok(`/cosmos/gov/v1/proposals/1/votes/${bob.address}`)).vote.voter).toBe(bob.address);
    const none = await rest.get(`/cosmos/gov/v1/proposals/1/votes/${alice.address}`);
    expect(none.status).toBe(404);
    const deposits = await rest.ok('/cosmos/gov/v1/proposals/1/deposits');
    expect(deposits.deposits).toEqual([
      { proposal_id: '1', depositor: alice.address, amount: [{ denom: 'nicoin', amount: String(10n * ICON) }] },
    ]);
    expect((await rest.ok('/cosmos/gov/v1/proposals/1/tally')).tally).toEqual({
      yes_count: '40',
      abstain_count: '0',
      no_count: '0',
      no_with_veto_count: '0',
    });
  });

  it('answers a missing proposal with 404 and a bad id with 400', async () => {
    const missing = await rest.get('/cosmos/gov/v1/proposals/99');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 5, message: "proposal 99 doesn't exist", details: [] });
    expect((await rest.get('/cosmos/gov/v1/proposals/abc')).status).toBe(400);
    expect((await rest.get('/cosmos/gov/v1/proposals/0')).status).toBe(400);
  });

  it('renders params per type with durations as "60s"', async () => {
    const voting = await rest.ok('/cosmos/gov/v1/params/voting');
    expect(voting.voting_params).toEqual({ voting_period: '60s' });
    expect(voting.params.voting_period).toBe('60s');
    expect(voting.params.min_deposit).toEqual([{ denom: 'nicoin', amount: String(10n * ICON) }]);
    const deposit = await rest.ok('/cosmos/gov/v1/params/deposit');
    expect(deposit.deposit_params.max_deposit_period).toBe('100s');
    expect((await rest.get('/cosmos/gov/v1/params/bogus')).status).toBe(400);
  });

  it('serves the v1beta1 view too', async () => {
    const body = await rest.ok('/cosmos/gov/v1beta1/proposals');
    expect(body.proposals[0].proposal_id).toBe('1');
    expect(body.proposals[0].content['@type']).toBeDefined();
  });
});

describe('module routes (pricing, registry)', () => {
  it('mounts the registry and pricing routes', async () => {
    expect(await rest.ok('/race/registry/v1/models')).toEqual({
      models: [],
      pagination: { next_key: null, total: '0' },
    });
    const missing = await rest.get('/race/registry/v1/models/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
    const params = await rest.ok('/race/pricing/v1/params');
    expect(params).toHaveProperty('params');
    const bad = await rest.get('/race/pricing/v1/votes/notanaddress');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/invalid provider address/);
  });
});

describe('module routes (race)', () => {
  it('mounts the Race module routes: params, weights, a participant', async () => {
    expect((await rest.ok('/race/race/v1/params')).params).toBeDefined();
    const weights = await rest.ok('/race/race/v1/weights');
    expect(JSON.stringify(weights)).toContain(alice.address);
    const bad = await rest.get('/race/race/v1/participants/nope');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 3, message: 'invalid participant address "nope"', details: [] });
  });
});

describe('agreement with the ABCI query path', () => {
  it('sends every query through the backend at the latest height', async () => {
    const before = backend.queries.length;
    await rest.ok(`/cosmos/bank/v1beta1/balances/${alice.address}`);
    const q = backend.queries[before]!;
    expect(q).toMatchObject({ path: '/cosmos.bank.v1beta1.Query/AllBalances', height: 0, prove: false });
  });
});
