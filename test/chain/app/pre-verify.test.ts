/**
 * Parallel signature pre-verification of a block (BaseApp.preVerify before FinalizeBlock) must never change what the
 * block does: the same txs give the same results, events, gas and app hash with it as without it, and a tx whose
 * signature is bad, forged with another key or signed over the wrong sequence is still rejected in the block.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import type { ExecTxResult } from '../../../chain/abci.js';
import { TestChain, testAccount, type TestAccount } from '../../modules/gov/harness.js';

const [alice, bob, carol, dave, eve, mallory] = ['alice', 'bob', 'carol', 'dave', 'eve', 'mallory'].map((n) =>
  testAccount(`pre-verify ${n}`),
) as [TestAccount, TestAccount, TestAccount, TestAccount, TestAccount, TestAccount];
const FUNDS = 10_000_000n;

const send = (from: TestAccount, to: TestAccount, amount: bigint): EncodeObject => ({
  typeUrl: '/cosmos.bank.v1beta1.MsgSend',
  value: { fromAddress: from.address, toAddress: to.address, amount: [{ denom: 'nicoin', amount: String(amount) }] },
});

function withSignature(tx: Uint8Array, edit: (sig: Uint8Array) => Uint8Array): Uint8Array {
  const raw = TxRaw.decode(tx);
  return TxRaw.encode({ ...raw, signatures: [edit(raw.signatures[0]!)] }).finish();
}

const newChain = (preVerify: boolean) =>
  new TestChain({
    accounts: [alice, bob, carol, dave, eve, mallory].map((account, i) => ({
      account,
      balance: FUNDS,
      weight: i === 0 ? 1n : 0n,
    })),
    preVerify,
  }).start();

const outcome = (r: ExecTxResult) => ({
  code: r.code,
  codespace: r.codespace,
  log: r.log,
  gas: r.gasUsed,
  events: r.events,
});

let parallel: TestChain;
let serial: TestChain;
beforeEach(async () => {
  parallel = await newChain(true);
  serial = await newChain(false);
});
afterEach(async () => {
  await parallel.stop();
  await serial.stop();
});

/** A block mixing good txs with every way a signature can be wrong. */
async function mixedBlock(c: TestChain): Promise<Uint8Array[]> {
  const flipped = withSignature(await c.signTx(bob, [send(bob, alice, 5n)], { fee: 100n }), (s) => {
    const t = s.slice();
    t[10]! ^= 1;
    return t;
  });
  // Mallory signs Eve's exact sign doc with her own key: Eve's pubkey and address, Mallory's signature.
  const forgedBy = await c.signTx(mallory, [send(mallory, alice, 1n)], { fee: 100n });
  const forged = withSignature(
    await c.signTx(eve, [send(eve, mallory, 7n)], { fee: 100n }),
    () => TxRaw.decode(forgedBy).signatures[0]!,
  );
  return [
    await c.signTx(alice, [send(alice, bob, 10n)], { fee: 100n }),
    await c.signTx(alice, [send(alice, carol, 11n)], { fee: 100n, sequence: 1n }),
    flipped,
    await c.signTx(carol, [send(carol, dave, 12n)], { fee: 100n, sequence: 5n }),
    forged,
    Uint8Array.of(1, 2, 3),
    await c.signTx(dave, [send(dave, eve, 13n)], { fee: 100n }),
  ];
}

describe('parallel signature pre-verification of a block', () => {
  it('gives the same tx results and app hash as serial verification, block after block', async () => {
    const txs = await mixedBlock(parallel);
    expect(await mixedBlock(serial)).toEqual(txs);
    const p1 = await parallel.block(txs);
    const s1 = await serial.block(txs);
    expect(p1.txs.map(outcome)).toEqual(s1.txs.map(outcome));
    expect(parallel.app.info().lastBlockAppHash).toEqual(serial.app.info().lastBlockAppHash);
    expect(p1.txs.map((r) => r.code)).toEqual([0, 0, 4, 32, 4, 2, 0]);
    // The pre-verification really ran: the valid signatures (Carol's too: it is valid for the sequence it names, which
    // the ante refuses first) were verified ahead, and DeliverTx found the three good txs' signatures cached.
    expect(parallel.verifyCache.stats.preVerified).toBe(4);
    expect(parallel.verifyCache.stats.hits).toBe(3);
    expect(serial.verifyCache.stats.preVerified).toBe(0);

    // Replaying the block: cached signatures do not make stale sequences pass.
    const p2 = await parallel.block(txs);
    const s2 = await serial.block(txs);
    expect(p2.txs.map(outcome)).toEqual(s2.txs.map(outcome));
    expect(p2.txs.map((r) => r.code)).toEqual([32, 32, 4, 32, 4, 2, 32]);
    expect(parallel.app.info().lastBlockAppHash).toEqual(serial.app.info().lastBlockAppHash);
    expect(parallel.app.checkInvariants()).toEqual([]);
  });

  it('rejects a bad signature in a block even when the same tx with a good signature was verified before', async () => {
    const good = await parallel.signTx(bob, [send(bob, alice, 5n)], { fee: 100n });
    expect(parallel.app.checkTx(good, 'new').code).toBe(0);
    const bad = withSignature(good, (s) => {
      const t = s.slice();
      t[63]! ^= 1;
      return t;
    });
    const r = await parallel.block([bad]);
    expect(r.txs[0]!.code).toBe(4);
    expect(r.txs[0]!.log).toMatch(/^signature verification failed/);
    // A failed ante keeps nothing, not even the fee.
    expect(parallel.balance(bob.address)).toBe(FUNDS);
  });
});
