/** CosmJS's own gov extension and amino signers against the in-process chain. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Secp256k1Wallet } from '@cosmjs/amino';
import {
  AminoTypes,
  createDefaultAminoConverters,
  QueryClient,
  setupGovExtension,
  SigningStargateClient,
  type StdFee,
} from '@cosmjs/stargate';
import type { CometClient } from '@cosmjs/tendermint-rpc';
import { ProposalStatus, VoteOption } from 'cosmjs-types/cosmos/gov/v1beta1/gov';
import { TextProposal } from 'cosmjs-types/cosmos/gov/v1beta1/gov';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { CHAIN_ID, TestChain, testAccount, type TestAccount } from './harness.js';
import { MsgRegisterModel } from '../../../proto/gen/race/registry/v1/tx.js';
import { govAddress } from '../../../modules/gov/authority.js';

const alice = testAccount('alice');
const bob = testAccount('bob');
const ICON = 1_000_000_000n;
const fee: StdFee = { amount: [], gas: '2000000' };

let chain: TestChain;
let gov: ReturnType<typeof setupGovExtension>['gov'];

beforeAll(async () => {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: 100n * ICON, weight: 60n },
      { account: bob, balance: 100n * ICON, weight: 40n },
    ],
    govParams: {
      min_deposit: [{ denom: 'nicoin', amount: (10n * ICON).toString() }],
      max_deposit_period: '100s',
      voting_period: '60s',
      quorum: '0.334000000000000000',
      threshold: '0.500000000000000000',
      veto_threshold: '0.334000000000000000',
      min_initial_deposit_ratio: '0',
      burn_vote_quorum: false,
      burn_proposal_deposit_prevote: false,
      burn_vote_veto: true,
      min_deposit_ratio: '0.01',
    },
  }).start();
  const comet = {
    abciQuery: async (q: { path: string; data: Uint8Array; height?: number }) => {
      const r = await chain.app.query({ path: q.path, data: q.data, height: q.height ?? 0, prove: false });
      return {
        key: new Uint8Array(),
        value: r.value ?? new Uint8Array(),
        height: r.height,
        code: r.code,
        codespace: r.codespace,
        log: r.log,
        info: '',
      };
    },
  } as unknown as CometClient;
  gov = QueryClient.withExtensions(comet, setupGovExtension).gov;
});

afterAll(async () => {
  await chain.stop();
});

/** Signs with an amino-only wallet (LEGACY_AMINO_JSON), as a Ledger or Keplr amino signer would. */
async function aminoSign(account: TestAccount, msgs: Array<{ typeUrl: string; value: unknown }>): Promise<Uint8Array> {
  const wallet = await Secp256k1Wallet.fromKey(account.priv, 'race');
  const aminoTypes = new AminoTypes({ ...createDefaultAminoConverters(), ...appTypeRegistry().aminoConverters() });
  const client = await SigningStargateClient.offline(wallet, { registry: chain.clientRegistry, aminoTypes });
  const acc = chain.auth.getAccount(chain.app.queryContext(), account.address, false)!;
  const raw = await client.sign(account.address, msgs, fee, '', {
    accountNumber: acc.accountNumber,
    sequence: Number(acc.sequence),
    chainId: CHAIN_ID,
  });
  return TxRaw.encode(raw).finish();
}

describe('CosmJS gov extension (v1beta1 queries) and amino signing', () => {
  it('submits a text proposal, deposits and votes with amino-signed v1beta1 messages, and reads it all back through setupGovExtension', async () => {
    const submit = {
      typeUrl: '/cosmos.gov.v1beta1.MsgSubmitProposal',
      value: {
        content: {
          typeUrl: '/cosmos.gov.v1beta1.TextProposal',
          value: TextProposal.encode({ title: 'Hello', description: 'A text proposal' }).finish(),
        },
        initialDeposit: [{ denom: 'nicoin', amount: (4n * ICON).toString() }],
        proposer: alice.address,
      },
    };
    let { txs } = await chain.block([await aminoSign(alice, [submit])]);
    expect(txs[0]!.log).toBe('');
    ({ txs } = await chain.block([
      await aminoSign(bob, [
        {
          typeUrl: '/cosmos.gov.v1beta1.MsgDeposit',
          value: {
            proposalId: 1n,
            depositor: bob.address,
            amount: [{ denom: 'nicoin', amount: (6n * ICON).toString() }],
          },
        },
      ]),
    ]));
    expect(txs[0]!.log).toBe('');
    ({ txs } = await chain.block([
      await aminoSign(alice, [
        {
          typeUrl: '/cosmos.gov.v1beta1.MsgVote',
          value: { proposalId: 1n, voter: alice.address, option: VoteOption.VOTE_OPTION_YES },
        },
      ]),
    ]));
    expect(txs[0]!.log).toBe('');
    ({ txs } = await chain.block([
      await aminoSign(bob, [
        {
          typeUrl: '/cosmos.gov.v1beta1.MsgVoteWeighted',
          value: {
            proposalId: 1n,
            voter: bob.address,
            options: [
              { option: VoteOption.VOTE_OPTION_YES, weight: '300000000000000000' },
              { option: VoteOption.VOTE_OPTION_NO, weight: '700000000000000000' },
            ],
          },
        },
      ]),
    ]));
    expect(txs[0]!.log).toBe('');

    const p = (await gov.proposal(1)).proposal;
    expect(p.status).toBe(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD);
    expect(TextProposal.decode(p.content!.value).title).toBe('Hello');
    expect((await gov.proposals(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD, '', '')).proposals).toHaveLength(1);
    expect((await gov.deposits(1)).deposits).toHaveLength(2);
    expect((await gov.deposit(1, bob.address)).deposit.amount[0]!.amount).toBe((6n * ICON).toString());
    const bobVote = (await gov.vote(1, bob.address)).vote;
    expect(bobVote.options.map((o) => o.weight)).toEqual(['300000000000000000', '700000000000000000']);
    expect((await gov.votes(1)).votes).toHaveLength(2);
    // 60 yes + 0.3 × 40 yes = 72, 0.7 × 40 no = 28.
    expect((await gov.tally(1)).tally).toEqual({ yes: '72', abstain: '0', no: '28', noWithVeto: '0' });
    const tallying = await gov.params('tallying');
    expect(new TextDecoder().decode(tallying.tallyParams.quorum)).toBe('334000000000000000');
    expect((await gov.params('deposit')).depositParams.minDeposit[0]!.amount).toBe((10n * ICON).toString());
    await expect(gov.proposal(99)).rejects.toThrow(/doesn't exist/);

    await chain.advanceTo(chain.timeNs + 61n * 1_000_000_000n);
    expect((await gov.proposal(1)).proposal.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
  });

  it('accepts an amino-signed price vote, and the registry converters render what the chain signs over', async () => {
    // A vote needs weight: alice has it.
    const { txs } = await chain.block([
      await aminoSign(alice, [
        {
          typeUrl: '/race.pricing.v1.MsgSubmitUnitPriceVote',
          value: { provider: alice.address, price: { denom: 'uicon', amount: '3' } },
        },
      ]),
    ]);
    expect(txs[0]!.log).toBe('');
    expect(chain.pricing.getVote(chain.app.queryContext(), alice.address)!.price).toBe('3000');

    const msg: MsgRegisterModel = {
      authority: govAddress(),
      model: {
        id: 'm',
        name: 'M',
        onnxSha256: 'a'.repeat(64),
        tokenizerSha256: 'b'.repeat(64),
        unitsPerInputToken: 1n,
        unitsPerOutputToken: 2n,
        contextLength: 8n,
        validationThreshold: '0.9',
      },
    };
    const client = appTypeRegistry().aminoConverters()['/race.registry.v1.MsgRegisterModel']!;
    const route = chain.app.msgs.route('/race.registry.v1.MsgRegisterModel')!;
    expect(client.toAmino(msg)).toEqual(route.toAminoJson!(msg));
    expect(client.fromAmino(client.toAmino(msg))).toEqual(msg);
    expect(
      appTypeRegistry()
        .cosmjsTypes()
        .map(([u]) => u),
    ).toContain('/race.pricing.v1.MsgSubmitUnitPriceVote');
  });
});
