/**
 * Issue 11 item 8 on a racing 2-validator localnet (real processes, `test` model): each node's Race weight sits on its
 * hot key (config/race_key.json), which signs its duties all the time; `raced testnet init-files` names each
 * validator's funded keyring account as the participant's operator.
 * - node0's operator (CosmJS, SIGN_MODE_DIRECT) submits a model proposal and votes yes; node1's operator votes yes
 *   with amino JSON signing (what Keplr and Ledger sign), so both votes come from keys that never sign a duty, and
 *   amino-signs a MsgSetOperator (the race module's amino names work for such wallets);
 * - node1's hot key, signed by CosmJS from race_key.json (as a thief holding it would), votes NoWithVeto. Counted, it
 *   would veto (its weight is about half the turnout, over the 1/3 veto threshold); it counts 0, so the proposal
 *   passes with no veto weight at all;
 * - both nodes keep racing: after the votes, each one's proofs for a later race are in.
 * Nothing here is statistical: the outcome depends on the weights being positive, not on their sizes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DirectSecp256k1HdWallet,
  DirectSecp256k1Wallet,
  Registry,
  type EncodeObject,
  type OfflineSigner,
} from '@cosmjs/proto-signing';
import { Secp256k1HdWallet } from '@cosmjs/amino';
import {
  AminoTypes,
  createDefaultAminoConverters,
  defaultRegistryTypes,
  SigningStargateClient,
  type DeliverTxResponse,
} from '@cosmjs/stargate';
import { ProposalStatus, VoteOption } from 'cosmjs-types/cosmos/gov/v1/gov';
import { QueryProposalRequest, QueryProposalResponse } from 'cosmjs-types/cosmos/gov/v1/query';
import { MsgSubmitProposalResponse } from 'cosmjs-types/cosmos/gov/v1/tx';
import fs from 'node:fs';
import { govAddress } from '../../../modules/gov/authority.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { homePaths } from '../../../node/cli/home.js';
import { addGenesisAccount, readGenesis, writeGenesis } from '../../../node/genesis-file.js';
import { QueryOperatorRequest, QueryOperatorResponse } from '../../../proto/gen/race/race/v1/query.js';
import { Testnet } from '../../helpers/testnet.js';
import { rpc } from '../../helpers/node-process.js';
import { waitFor } from '../../helpers/wait.js';
import { raceAddress, raceQuery, setRaceParams, waitForEpoch } from './race-rpc.js';

const NICOIN = 10n ** 9n;
// 600k gas at the testnet's 0.001nicoin minimum gas price.
const FEE = { amount: [{ denom: 'nicoin', amount: '600' }], gas: '600000' };
const VOTING_S = 20;
let net: Testnet;
const hot: string[] = [];
const operator: string[] = [];
const clients: SigningStargateClient[] = [];

const types = appTypeRegistry();
const registry = () => new Registry([...defaultRegistryTypes, ...types.cosmjsTypes()]);
const aminoTypes = () => new AminoTypes({ ...createDefaultAminoConverters(), ...types.aminoConverters() });

async function connect(signer: OfflineSigner): Promise<SigningStargateClient> {
  const c = await SigningStargateClient.connectWithSigner(net.node(0).rpcUrl, signer, {
    registry: registry(),
    aminoTypes: aminoTypes(),
    broadcastPollIntervalMs: 250,
  });
  clients.push(c);
  return c;
}

/** Edits every home's genesis the same way (they must stay identical), before the first start. */
function editGenesis(edit: (d: ReturnType<typeof readGenesis>) => ReturnType<typeof readGenesis>): void {
  for (const n of net.nodes) {
    const file = homePaths(n.home).genesis;
    writeGenesis(file, edit(readGenesis(file)));
  }
}

function govParams(d: ReturnType<typeof readGenesis>) {
  const s = JSON.parse(d.appStateJson) as { gov: { params: Record<string, unknown> } };
  s.gov.params = {
    ...s.gov.params,
    voting_period: `${VOTING_S}s`,
    min_deposit: [{ denom: 'nicoin', amount: (10n * NICOIN).toString() }],
  };
  return { ...d, appStateJson: JSON.stringify(s) };
}

async function abci(path: string, data: Uint8Array): Promise<Uint8Array> {
  const r = await rpc(net.node(0).rpcUrl, 'abci_query', {
    path,
    data: Buffer.from(data).toString('hex'),
  });
  const resp = r.result.response as { code: number; log: string; value: string };
  if (resp.code !== 0) throw new Error(`${path}: ${resp.log}`);
  return Buffer.from(resp.value ?? '', 'base64');
}

const operatorView = async (address: string) =>
  QueryOperatorResponse.decode(
    await abci('/race.race.v1.Query/Operator', QueryOperatorRequest.encode({ address }).finish()),
  );
const proposal = async (proposalId: bigint) =>
  QueryProposalResponse.decode(
    await abci('/cosmos.gov.v1.Query/Proposal', QueryProposalRequest.encode({ proposalId }).finish()),
  ).proposal!;

/**
 * The hot key's vote: the node signs duties with the same account, so a tx may meet "account sequence mismatch"
 * (what the issue saw); CosmJS re-reads the sequence each try, so a few tries get it in.
 */
async function hotKeyVote(client: SigningStargateClient, msg: EncodeObject): Promise<DeliverTxResponse> {
  let last = '';
  for (let i = 0; i < 20; i++) {
    try {
      const r = await client.signAndBroadcast(hot[1]!, [msg], FEE);
      if (r.code === 0) return r;
      last = r.rawLog ?? String(r.code);
    } catch (e) {
      last = (e as Error).message;
    }
    if (!/sequence/i.test(last)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`hot-key vote not included: ${last}`);
}

beforeAll(async () => {
  net = await Testnet.create({
    validators: 2,
    chainId: 'race-operator',
    timeoutCommit: '500ms',
    configure: (cfg) => {
      cfg.race.mining = true;
      cfg.race.device = 'cpu';
    },
  });
  for (const n of net.nodes) {
    setRaceParams(n.home, { targetDifficulty: 100n });
    hot.push(raceAddress(n.home));
    operator.push(n.account!.address);
  }
  // The hot keys get fees to pay for the thief's vote; the node's duties are fee-exempt anyway.
  editGenesis((d) =>
    hot.reduce((g, a) => addGenesisAccount(g, a, [{ denom: 'nicoin', amount: 1000n * NICOIN }]), govParams(d)),
  );
  net.start(0);
  net.start(1);
  await net.waitForHeight(2, [0, 1], 90_000);
}, 150_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await net?.cleanup();
}, 60_000);

describe('operator addresses on a racing localnet', () => {
  it('the operator votes a model proposal through with CosmJS while its node races; the hot key counts 0', async () => {
    // The testnet named each validator's funded account as its participant's operator.
    const view = await operatorView(operator[0]!);
    expect(view.links.map((l) => [l.participant, l.operator])).toEqual([[hot[0], operator[0]]]);
    expect(view.votingWeight).toBeGreaterThan(0n);
    expect((await operatorView(hot[0]!)).votingWeight).toBe(0n);

    const op0 = await connect(
      await DirectSecp256k1HdWallet.fromMnemonic(net.node(0).account!.mnemonic, { prefix: 'race' }),
    );
    const op1 = await connect(await Secp256k1HdWallet.fromMnemonic(net.node(1).account!.mnemonic, { prefix: 'race' }));
    const keyJson = JSON.parse(fs.readFileSync(homePaths(net.node(1).home).raceKey, 'utf8')) as {
      priv_key: { value: string };
    };
    const thief = await connect(
      await DirectSecp256k1Wallet.fromKey(Buffer.from(keyJson.priv_key.value, 'base64'), 'race'),
    );

    const model = {
      id: 'race/operator-e2e:v1',
      name: 'Operator e2e model',
      onnxSha256: 'a1'.repeat(32),
      tokenizerSha256: 'b2'.repeat(32),
      unitsPerInputToken: 3n,
      unitsPerOutputToken: 7n,
      contextLength: 2048n,
      validationThreshold: '0.9',
    };
    const submit = await op0.signAndBroadcast(
      operator[0]!,
      [
        {
          typeUrl: '/cosmos.gov.v1.MsgSubmitProposal',
          value: {
            messages: [
              registry().encodeAsAny({
                typeUrl: '/race.registry.v1.MsgRegisterModel',
                value: { authority: govAddress(), model },
              }),
            ],
            initialDeposit: [{ denom: 'nicoin', amount: (10n * NICOIN).toString() }],
            proposer: operator[0],
            metadata: '',
            title: 'Register the operator e2e model',
            summary: 'voted by operators, not hot keys',
            expedited: false,
          },
        },
      ],
      FEE,
    );
    expect(submit.code).toBe(0);
    const id = MsgSubmitProposalResponse.decode(submit.msgResponses[0]!.value).proposalId;
    const vote = (voter: string, option: VoteOption): EncodeObject => ({
      typeUrl: '/cosmos.gov.v1.MsgVote',
      value: { proposalId: id, voter, option, metadata: '' },
    });
    const stolen = await hotKeyVote(thief, vote(hot[1]!, VoteOption.VOTE_OPTION_NO_WITH_VETO));
    expect(stolen.code).toBe(0); // included: a hot key may vote, its vote just weighs nothing
    expect((await op0.signAndBroadcast(operator[0]!, [vote(operator[0]!, VoteOption.VOTE_OPTION_YES)], FEE)).code).toBe(
      0,
    );
    // Amino JSON sign mode, as Keplr or a Ledger signs: a gov v1beta1 vote, and the race module's own MsgSetOperator
    // (amino name race/MsgSetOperator; re-naming the same operator changes nothing).
    const legacyVote = {
      typeUrl: '/cosmos.gov.v1beta1.MsgVote',
      value: { proposalId: id, voter: operator[1], option: VoteOption.VOTE_OPTION_YES },
    };
    expect((await op1.signAndBroadcast(operator[1]!, [legacyVote], FEE)).code).toBe(0);
    const reconfirm = {
      typeUrl: '/race.race.v1.MsgSetOperator',
      value: { signer: operator[1], participant: hot[1], operator: operator[1] },
    };
    const amino = await op1.signAndBroadcast(operator[1]!, [reconfirm], FEE);
    expect([amino.code, amino.rawLog]).toEqual([0, '']);
    const votedAt = await net.height(0);

    const final = await waitFor(
      async () => {
        const p = await proposal(id);
        return p.status === ProposalStatus.PROPOSAL_STATUS_PASSED ||
          p.status === ProposalStatus.PROPOSAL_STATUS_REJECTED
          ? p
          : undefined;
      },
      `proposal ${id} decided`,
      (VOTING_S + 40) * 1000,
      500,
    ).catch((e: Error) => {
      e.message += `\n${net.logTails(10)}`;
      throw e;
    });
    expect(final.status).toBe(ProposalStatus.PROPOSAL_STATUS_PASSED);
    expect(final.finalTallyResult!.noWithVetoCount).toBe('0');
    expect(BigInt(final.finalTallyResult!.yesCount)).toBeGreaterThan(0n);

    // Both nodes kept racing through the votes: a race that starts after them has proofs from each.
    const e = (await raceQuery.epoch(net.node(0).rpcUrl)).epoch + 1n;
    await waitForEpoch(net.node(0).rpcUrl, e, 150_000);
    const raceEnd = (await raceQuery.epoch(net.node(0).rpcUrl)).raceEndHeight;
    expect(raceEnd).toBeGreaterThan(BigInt(votedAt));
    await net.waitForHeight(Number(raceEnd), [0], 90_000);
    for (const a of hot) {
      const proofs = await waitFor(
        async () => {
          const p = (await raceQuery.participant(net.node(0).rpcUrl, a)).proof!;
          return p.epoch === e && p.nonceCount > 0n ? p : undefined;
        },
        `proofs of ${a} in epoch ${e}`,
        30_000,
        500,
      );
      expect(proofs.nonceCount).toBeGreaterThan(0n);
    }
  }, 360_000);
});
