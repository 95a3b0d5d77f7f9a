/**
 * BaseApp.runTx through the ABCI calls (CheckTx, FinalizeBlock, the Simulate query) on the gov tests' in-process
 * chain: the ante's branch against the messages' branch, gas exhaustion in each, events, and the modes. The SDK 0.50
 * semantics asserted here: a failed message drops every message's writes and events but keeps the ante's fee,
 * sequence and events; a failed ante keeps nothing; CheckTx runs only the ante; Simulate runs everything on a
 * throwaway branch with an infinite gas meter.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EncodeObject } from '@cosmjs/proto-signing';
import { SimulateRequest, SimulateResponse } from 'cosmjs-types/cosmos/tx/v1beta1/service';
import type { ExecTxResult } from '../../../chain/abci.js';
import { MAX_UINT64 } from '../../../chain/tx/gas.js';
import { FEE_COLLECTOR, moduleAddress } from '../../../modules/auth/types.js';
import { msgResponses, TestChain, testAccount } from '../../modules/gov/harness.js';

const alice = testAccount('run-tx alice');
const bob = testAccount('run-tx bob');
const carol = testAccount('run-tx carol');
const FUNDS = 10_000_000n;
const FEE = 500n;
const FEE_COLLECTOR_ADDRESS = moduleAddress(FEE_COLLECTOR);
/** The events the ante emits for a one-signer tx with a fee: the fee transfer, then fee, acc_seq and signature. */
const ANTE_EVENTS = ['coin_spent', 'coin_received', 'transfer', 'message', 'tx', 'tx', 'tx'];

const send = (amount: bigint, from = alice.address): EncodeObject => ({
  typeUrl: '/cosmos.bank.v1beta1.MsgSend',
  value: { fromAddress: from, toAddress: bob.address, amount: [{ denom: 'nicoin', amount: amount.toString() }] },
});

let chain: TestChain;
beforeEach(async () => {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: FUNDS, weight: 1n },
      { account: bob, balance: 0n, weight: 0n },
      { account: carol, balance: FUNDS, weight: 0n },
    ],
  }).start();
});
afterEach(async () => {
  await chain.stop();
});

const sequence = (address: string) => chain.auth.getAccount(chain.app.queryContext(), address, false)!.sequence;
const types = (r: { events: Array<{ type: string }> }) => r.events.map((e) => e.type);
const attr = (r: ExecTxResult, type: string, key: string) =>
  r.events.filter((e) => e.type === type).flatMap((e) => e.attributes.filter((a) => a.key === key).map((a) => a.value));

async function deliver(tx: Uint8Array): Promise<ExecTxResult> {
  return (await chain.block([tx])).txs[0]!;
}

describe('DeliverTx: the ante branch and the message branch', () => {
  it("a failing message drops the earlier messages' writes and events while the fee, sequence and ante events stay", async () => {
    const tx = await chain.signTx(alice, [send(100n), send(FUNDS * 10n)], { fee: FEE });
    const r = await deliver(tx);
    expect(r.code).toBe(5);
    expect(r.codespace).toBe('sdk');
    expect(r.log).toMatch(
      /^failed to execute message; message index: 1: spendable balance \d+nicoin is smaller than \d+nicoin: insufficient funds$/,
    );
    expect(r.gasWanted).toBe(2_000_000n);
    expect(r.gasUsed > 0n && r.gasUsed <= r.gasWanted).toBe(true);
    expect(r.data).toEqual(new Uint8Array());
    expect(types(r)).toEqual(ANTE_EVENTS);
    expect(attr(r, 'message', 'action')).toEqual([]);
    expect(chain.balance(bob.address)).toBe(0n);
    expect(chain.balance(alice.address)).toBe(FUNDS - FEE);
    expect(chain.balance(FEE_COLLECTOR_ADDRESS)).toBe(FEE);
    expect(sequence(alice.address)).toBe(1n);
    expect(chain.app.checkInvariants()).toEqual([]);
  });

  it("on success emits the ante events, then each message's with its msg_index, and returns one response per message", async () => {
    const r = await deliver(await chain.signTx(alice, [send(100n), send(23n)], { fee: FEE }));
    expect(r.code).toBe(0);
    expect(types(r).slice(0, ANTE_EVENTS.length)).toEqual(ANTE_EVENTS);
    expect(attr(r, 'message', 'action')).toEqual(['/cosmos.bank.v1beta1.MsgSend', '/cosmos.bank.v1beta1.MsgSend']);
    // Every event of a message carries its index: baseapp's own 'message' event and those the handler emits.
    expect(attr(r, 'message', 'msg_index')).toEqual(['0', '0', '1', '1']);
    expect(attr(r, 'transfer', 'msg_index')).toEqual(['0', '1']);
    expect(msgResponses(r).map((m) => m.typeUrl)).toEqual([
      '/cosmos.bank.v1beta1.MsgSendResponse',
      '/cosmos.bank.v1beta1.MsgSendResponse',
    ]);
    expect(chain.balance(bob.address)).toBe(123n);
    expect(chain.balance(alice.address)).toBe(FUNDS - FEE - 123n);
  });

  it('one tx failing in a block does not touch the next one', async () => {
    const bad = await chain.signTx(alice, [send(FUNDS * 10n)], { fee: FEE });
    const good = await chain.signTx(carol, [send(7n, carol.address)], { fee: FEE });
    const { txs } = await chain.block([bad, good]);
    expect(txs.map((t) => t.code)).toEqual([5, 0]);
    expect(chain.balance(bob.address)).toBe(7n);
    expect(chain.balance(alice.address)).toBe(FUNDS - FEE);
    expect(chain.balance(carol.address)).toBe(FUNDS - FEE - 7n);
    expect(chain.balance(FEE_COLLECTOR_ADDRESS)).toBe(2n * FEE);
  });

  it('an undecodable tx fails with code 2, no gas and no events, in CheckTx and in a block', async () => {
    const junk = Uint8Array.of(0xff, 0xff, 0xff);
    const checked = chain.app.checkTx(junk, 'new');
    expect(checked.code).toBe(2);
    expect([checked.gasWanted, checked.gasUsed, checked.events]).toEqual([0n, 0n, []]);
    const r = await deliver(junk);
    expect(r.code).toBe(2);
    expect([r.gasWanted, r.gasUsed, r.events]).toEqual([0n, 0n, []]);
  });
});

describe('gas exhaustion', () => {
  it('in the ante: code 11 with gasUsed past gasWanted as the SDK reports it, and nothing is paid or kept', async () => {
    const r = await deliver(await chain.signTx(alice, [send(100n)], { fee: FEE, gas: 1000n }));
    expect(r.code).toBe(11);
    expect(r.codespace).toBe('sdk');
    expect(r.log).toMatch(/^out of gas in location: txSize; gasWanted: 1000, gasUsed: \d+: out of gas$/);
    expect(r.gasWanted).toBe(1000n);
    expect(r.gasUsed > 1000n).toBe(true);
    expect(r.log).toContain(`gasUsed: ${r.gasUsed}:`);
    expect(r.events).toEqual([]);
    expect(chain.balance(alice.address)).toBe(FUNDS);
    expect(sequence(alice.address)).toBe(0n);
  });

  it("in a message: code 11 in the SDK's wording, the fee and sequence are kept, the message's writes and events dropped", async () => {
    // CheckTx runs only the ante, so its gasUsed is the ante's cost; both gas limits are 3-byte varints, so the tx
    // (and its size gas) is the same length with either.
    const anteGas = chain.app.checkTx(
      await chain.signTx(alice, [send(100n)], { fee: FEE, gas: 2_000_000n }),
      'new',
    ).gasUsed;
    const limit = anteGas + 100n;
    const r = await deliver(await chain.signTx(alice, [send(100n)], { fee: FEE, gas: limit }));
    expect(r.code).toBe(11);
    expect(r.log).toMatch(
      new RegExp(`^out of gas in location: \\w+; gasWanted: ${limit}, gasUsed: ${r.gasUsed}: out of gas$`),
    );
    expect(r.gasWanted).toBe(limit);
    expect(r.gasUsed > limit).toBe(true);
    expect(types(r)).toEqual(ANTE_EVENTS);
    expect(chain.balance(alice.address)).toBe(FUNDS - FEE);
    expect(chain.balance(bob.address)).toBe(0n);
    expect(sequence(alice.address)).toBe(1n);
  });
});

describe('CheckTx', () => {
  it('runs only the ante: an overspend passes, its fee and sequence count in the check state only', async () => {
    const tx = await chain.signTx(alice, [send(FUNDS * 10n)], { fee: FEE });
    const r = chain.app.checkTx(tx, 'new');
    expect(r.code).toBe(0);
    expect(r.gasWanted).toBe(2_000_000n);
    expect(types(r)).toEqual(ANTE_EVENTS);
    // The check state advanced alice's sequence, so the same tx no longer fits it.
    expect(chain.app.checkTx(tx, 'new').code).toBe(32);
    expect(chain.balance(alice.address)).toBe(FUNDS);
    expect(sequence(alice.address)).toBe(0n);
    chain.app.resetCheckState();
    expect(chain.app.checkTx(tx, 'new').code).toBe(0);
  });

  it('keeps nothing of an ante that fails: neither its fee nor its sequence reach the check state', async () => {
    const good = await chain.signTx(alice, [send(1n)], { fee: FUNDS });
    // The signature is the last field of TxRaw: flipping the last byte breaks only the signature.
    const forged = Uint8Array.from(good);
    forged[forged.length - 1]! ^= 1;
    expect(chain.app.checkTx(forged, 'new').code).toBe(4);
    // Had the forged tx's fee (alice's whole balance) or sequence stuck, this would fail with 5 or 32.
    expect(chain.app.checkTx(good, 'new').code).toBe(0);
  });

  it("fails a fee the payer cannot cover, against the check state's balance", async () => {
    const r = chain.app.checkTx(await chain.signTx(alice, [send(1n)], { fee: FUNDS + 1n }), 'new');
    expect(r.code).toBe(5);
    expect(r.events).toEqual([]);
  });
});

describe('Simulate', () => {
  async function simulate(tx: Uint8Array) {
    return chain.app.query({
      path: '/cosmos.tx.v1beta1.Service/Simulate',
      data: SimulateRequest.encode({ txBytes: tx }).finish(),
      height: 0,
      prove: false,
    });
  }

  it('runs the messages with an infinite meter on a branch that is thrown away', async () => {
    const tx = await chain.signTx(alice, [send(100n)], { fee: FEE, gas: 1000n });
    const q = await simulate(tx);
    expect(q.code).toBe(0);
    const sim = SimulateResponse.decode(q.value!);
    expect(sim.gasInfo!.gasWanted).toBe(MAX_UINT64);
    expect(sim.gasInfo!.gasUsed > 1000n).toBe(true);
    expect(sim.result!.events.map((e) => e.type)).toContain('transfer');
    expect(sim.result!.msgResponses.map((m) => m.typeUrl)).toEqual(['/cosmos.bank.v1beta1.MsgSendResponse']);
    expect(chain.balance(bob.address)).toBe(0n);
    // Nor did it touch the check state: the same sequence still passes CheckTx.
    expect(chain.app.checkTx(await chain.signTx(alice, [send(100n)], { fee: FEE }), 'new').code).toBe(0);
  });

  it('answers a failing message as a query error carrying the gas used', async () => {
    const q = await simulate(await chain.signTx(alice, [send(FUNDS * 10n)], { fee: FEE }));
    expect(q.code).toBe(6);
    expect(q.log).toMatch(
      /^rpc error: code = Unknown desc = failed to execute message; message index: 0: .*insufficient funds With gas wanted: '18446744073709551615' and gas used: '\d+' : unknown request$/,
    );
  });
});
