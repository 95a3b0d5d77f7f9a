/**
 * The in-process chain the tx targets run against (the gov harness's TestChain: auth, bank, gov, registry, pricing
 * and Race over a temp level store) and the valid signed txs their inputs are mutated from: a bank send, a gov
 * proposal, and every Race duty message (participant registration, proof batches, validations, beacon messages).
 */
import type { EncodeObject } from '@cosmjs/proto-signing';
import { MsgSubmitProposal } from 'cosmjs-types/cosmos/gov/v1/tx';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import type { MsgRegistry } from '../../../chain/tx/registry.js';
import { RACE_URLS } from '../../../race/module/client/msgs.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
  MsgRegisterParticipant,
  MsgSubmitProofBatch,
  MsgSubmitValidation,
} from '../../../proto/gen/race/race/v1/tx.js';
import { simpleTx } from '../../chain/tx/fixtures.js';
import { TestChain, testAccount, type TestAccount } from '../../modules/gov/harness.js';

export interface AppFixture {
  chain: TestChain;
  /** The registry the app decodes txs with (every module's messages). */
  registry: MsgRegistry;
  /** Valid encodings to mutate: signed txs of every message kind, plus unsigned multi-message ones. */
  seeds: Uint8Array[];
  /** The Race duty txs among the seeds. */
  raceSeeds: Uint8Array[];
  /** Seeds signed by `signer` (account number 0), whose parts the ante target mutates and signs again. */
  signerSeeds: Uint8Array[];
  signer: TestAccount;
  /** A second funded account with a Race weight. */
  other: TestAccount;
}

const msg = <T>(typeUrl: string, codec: { fromPartial(v: object): T }, v: object): EncodeObject => ({
  typeUrl,
  value: codec.fromPartial(v),
});

function raceDutyMsgs(a: TestAccount, b: TestAccount): EncodeObject[] {
  const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
  return [
    msg(RACE_URLS.registerParticipant, MsgRegisterParticipant, {
      participant: a.address,
      pubKey: a.pub,
      consensusPubKey: bytes(32, 7),
    }),
    msg(RACE_URLS.submitProofBatch, MsgSubmitProofBatch, {
      participant: a.address,
      epoch: 1n,
      nonces: [1n, 5n, 9n, 2n ** 63n],
    }),
    msg(RACE_URLS.submitValidation, MsgSubmitValidation, {
      validator: a.address,
      epoch: 1n,
      participant: b.address,
      findings: [{ nonce: 5n, pass: true, distance: '12' }],
    }),
    msg(RACE_URLS.beaconCommit, MsgBeaconCommit, {
      dealer: a.address,
      epoch: 2n,
      commitment: bytes(32, 1),
      feldman: [bytes(33, 2), bytes(33, 3)],
      shares: [{ recipient: b.address, ephemeralPubKey: bytes(33, 4), ciphertext: bytes(48, 4) }],
    }),
    msg(RACE_URLS.beaconComplaint, MsgBeaconComplaint, {
      complainer: a.address,
      epoch: 2n,
      dealer: b.address,
      sharedPoint: bytes(33, 5),
      proof: bytes(64, 6),
    }),
    msg(RACE_URLS.beaconReveal, MsgBeaconReveal, { dealer: a.address, epoch: 2n, secret: bytes(32, 8) }),
    msg(RACE_URLS.beaconShare, MsgBeaconShare, {
      member: a.address,
      epoch: 2n,
      dealer: b.address,
      values: [bytes(32, 9)],
    }),
  ];
}

export async function startAppFixture(): Promise<AppFixture> {
  const alice = testAccount('fuzz-alice');
  const bob = testAccount('fuzz-bob');
  const chain = await new TestChain({
    accounts: [
      { account: alice, balance: 10n ** 12n, weight: 10n },
      { account: bob, balance: 10n ** 9n, weight: 5n },
    ],
  }).start();
  const raceSeeds: Uint8Array[] = [];
  for (const m of raceDutyMsgs(alice, bob)) raceSeeds.push(await chain.signTx(alice, [m]));
  const aliceSeeds = [
    await chain.signTx(
      alice,
      [
        msg('/cosmos.bank.v1beta1.MsgSend', MsgSend, {
          fromAddress: alice.address,
          toAddress: bob.address,
          amount: [{ denom: 'nicoin', amount: '5' }],
        }),
      ],
      { memo: 'fuzz' },
    ),
    await chain.signTx(alice, [
      msg('/cosmos.gov.v1.MsgSubmitProposal', MsgSubmitProposal, {
        proposer: alice.address,
        initialDeposit: [{ denom: 'nicoin', amount: '1' }],
        title: 't',
        summary: 's',
        metadata: '',
      }),
    ]),
    ...raceSeeds,
  ];
  const seeds = [
    ...aliceSeeds,
    await chain.signTx(bob, raceDutyMsgs(bob, alice).slice(0, 3)),
    simpleTx({ from: [alice.address, bob.address], memo: 'two signers' }).bytes,
    simpleTx({
      nonCriticalExtensionOptions: [
        { typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: new Uint8Array([0x0a, 0x01, 0x61]) },
      ],
    }).bytes,
  ];
  // The fuzzers must decode with exactly the app's registry.
  return { chain, registry: chain.msgRegistry, seeds, raceSeeds, signerSeeds: aliceSeeds, signer: alice, other: bob };
}

let shared: Promise<AppFixture> | undefined;
let users = 0;

/** One app for all tx targets of a run (starting one is the slow part); closed when the last target closes. */
export async function acquireApp(): Promise<{ app: AppFixture; release: () => Promise<void> }> {
  shared ??= startAppFixture();
  users++;
  const app = await shared;
  return {
    app,
    release: async () => {
      if (--users > 0) return;
      shared = undefined;
      await app.chain.stop();
    },
  };
}
