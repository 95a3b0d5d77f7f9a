/**
 * The auth ante chain on its own: a Context over an in-memory store with auth and bank keepers, txs built by the
 * chain/tx fixtures and signed with CosmJS's DIRECT sign doc. Each check fails with the SDK's code and wording, and a
 * tx wrong in two ways reports the check that comes first in the SDK's order.
 */
import { describe, expect, it } from '@jest/globals';
import { makeSignBytes, makeSignDoc } from '@cosmjs/proto-signing';
import { Context, type ExecMode } from '../../../chain/app/context.js';
import { verifySecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { CacheStore } from '../../../chain/store/cache.js';
import { SortedStore } from '../../../chain/store/sorted-store.js';
import { MSG_SEND_TYPE_URL } from '../../../chain/tx/amino-bank.js';
import { decodeTx } from '../../../chain/tx/decode.js';
import { newGasMeter, newInfiniteGasMeter } from '../../../chain/tx/gas.js';
import { parseDecCoins } from '../../../chain/types/dec.js';
import { toSdkError } from '../../../chain/types/errors.js';
import { EventManager } from '../../../chain/types/events.js';
import { silentLogger } from '../../../chain/util/log.js';
import { newAnteHandler } from '../../../modules/auth/ante.js';
import { AuthKeeper } from '../../../modules/auth/keeper.js';
import { DEFAULT_AUTH_PARAMS, FEE_COLLECTOR, moduleAddress } from '../../../modules/auth/types.js';
import { BankKeeper } from '../../../modules/bank/keeper.js';
import {
  bankRegistry,
  signBytes,
  simpleTx,
  testKey,
  txRawBytes,
  type SimpleTxOptions,
} from '../../chain/tx/fixtures.js';

const CHAIN_ID = 'race-ante-test';
const signer = testKey(1);
const FUNDS = 1_000_000n;

interface Setup {
  balance?: bigint;
  /** The signer's stored account; undefined leaves it out of state. */
  account?: { accountNumber?: bigint; sequence?: bigint } | null;
  minGasPrices?: string;
  isDutyMsg?: (typeUrl: string) => boolean;
  params?: Partial<typeof DEFAULT_AUTH_PARAMS>;
}

/** A fresh state with the signer's account and balance, and an ante handler over it. */
function setup(s: Setup = {}) {
  const base = new SortedStore();
  const auth = new AuthKeeper();
  const bank = new BankKeeper(auth);
  const registry = bankRegistry();
  const genesis = new Context(
    base,
    { chainId: CHAIN_ID, height: 1, timeNs: 0n, proposerAddress: new Uint8Array(0) },
    newInfiniteGasMeter(),
    new EventManager(),
    'genesis',
    silentLogger(),
  );
  auth.setParams(genesis, { ...DEFAULT_AUTH_PARAMS, ...s.params });
  if (s.account !== null) {
    auth.setAccount(
      genesis,
      { address: signer.address, accountNumber: s.account?.accountNumber ?? 0n, sequence: s.account?.sequence ?? 0n },
      false,
    );
    bank.setGenesisBalance(genesis, signer.address, [{ denom: 'nicoin', amount: s.balance ?? FUNDS }]);
  }
  const ante = newAnteHandler({
    auth,
    bank,
    registry,
    isDutyMsg: s.isDutyMsg,
    verifySignature: verifySecp256k1,
    minGasPrices: () => parseDecCoins(s.minGasPrices ?? ''),
    simulatedFeeDenom: 'nicoin',
  });

  /** Runs the ante on a branch of the state; returns the error code (0 = passed), log, gas, events and the branch. */
  function run(tx: Uint8Array, opts: { mode?: ExecMode; simulate?: boolean } = {}) {
    const decoded = decodeTx(tx, { registry });
    const meter = opts.simulate ? newInfiniteGasMeter() : newGasMeter(decoded.fee?.gasLimit ?? 0n);
    const events = new EventManager();
    const ctx = new Context(
      new CacheStore(base),
      { chainId: CHAIN_ID, height: 2, timeNs: 0n, proposerAddress: new Uint8Array(0) },
      meter,
      events,
      opts.mode ?? 'deliver',
      silentLogger(),
    );
    try {
      ante(ctx, decoded, { simulate: opts.simulate ?? false });
      return { code: 0, log: '', gas: meter.consumed(), events: events.events(), ctx };
    } catch (e) {
      const err = toSdkError(e);
      return { code: err.code, log: err.message, gas: meter.consumed(), events: events.events(), ctx };
    }
  }
  return { run, auth, bank };
}

/** A MsgSend tx from the signer, signed DIRECT (as CosmJS signs) unless `signatures` is given. */
function tx(
  opts: SimpleTxOptions & { chainId?: string; accountNumber?: bigint; key?: { priv: Uint8Array } } = {},
): Uint8Array {
  const unsigned = simpleTx(opts);
  if (opts.signatures) return unsigned.bytes;
  const doc = makeSignDoc(
    unsigned.bodyBytes,
    unsigned.authInfoBytes,
    opts.chainId ?? CHAIN_ID,
    Number(opts.accountNumber ?? 0n),
  );
  return txRawBytes(unsigned.bodyBytes, unsigned.authInfoBytes, [
    signBytes(makeSignBytes(doc), (opts.key ?? signer).priv),
  ]);
}

const fee = (amount: number | bigint) => ({ feeAmount: [{ denom: 'nicoin', amount: String(amount) }] });

describe('the ante chain accepts a good tx', () => {
  it('moves the fee to fee_collector, bumps the sequence, stores the pubkey, charges size and signature gas and emits the tx events', () => {
    const { run, auth, bank } = setup();
    const bytes = tx(fee(2000));
    const r = run(bytes);
    expect(r.log).toBe('');
    expect(bank.getBalance(r.ctx, signer.address, 'nicoin', false).amount).toBe(FUNDS - 2000n);
    expect(bank.getBalance(r.ctx, moduleAddress(FEE_COLLECTOR), 'nicoin', false).amount).toBe(2000n);
    const account = auth.getAccount(r.ctx, signer.address, false)!;
    expect(account.sequence).toBe(1n);
    expect(account.pubKey).toEqual(signer.pub);
    // Size gas (10 per byte) and one secp256k1 verification (1000) come on top of the store reads and writes.
    expect(r.gas > 10n * BigInt(bytes.length) + 1000n).toBe(true);
    const txAttrs = r.events.filter((e) => e.type === 'tx').map((e) => e.attributes.map((a) => a.key).join(','));
    expect(txAttrs).toEqual(['fee,fee_payer', 'acc_seq', 'signature']);
  });
});

describe("each check, in the SDK's order", () => {
  it('tx size: gas of 10 per byte, out of gas at "txSize" when the limit is below it', () => {
    const { run } = setup();
    const r = run(tx({ ...fee(2000), gasLimit: 100n }));
    expect(r.code).toBe(11);
    expect(r.log).toMatch(/^out of gas in location: txSize; gasWanted: 100, gasUsed: \d+: out of gas$/);
  });

  it('memo: more than 256 UTF-8 bytes is code 12, counted in bytes not characters', () => {
    const { run } = setup();
    expect(run(tx({ ...fee(2000), memo: 'x'.repeat(256) })).code).toBe(0);
    const long = run(tx({ ...fee(2000), memo: 'é'.repeat(130) }));
    expect(long.code).toBe(12);
    expect(long.log).toBe('maximum number of characters is 256 but received 260 characters: memo too large');
  });

  it('a memo too long is reported before a fee below the minimum', () => {
    const { run } = setup({ minGasPrices: '0.01nicoin' });
    expect(run(tx({ ...fee(1), memo: 'x'.repeat(300) }), { mode: 'check' }).code).toBe(12);
  });

  it("fee below the node's minimum gas price: code 13 in CheckTx and ReCheckTx only, never in DeliverTx or simulation", () => {
    const { run } = setup({ minGasPrices: '0.01nicoin' });
    const cheap = tx(fee(1999));
    const r = run(cheap, { mode: 'check' });
    expect(r.code).toBe(13);
    expect(r.log).toBe('insufficient fees; got: 1999nicoin required: 2000nicoin: insufficient fee');
    expect(run(cheap, { mode: 'recheck' }).code).toBe(13);
    expect(run(cheap, { mode: 'deliver' }).code).toBe(0);
    expect(run(cheap, { mode: 'check', simulate: true }).code).toBe(0);
    expect(run(tx(fee(2000)), { mode: 'check' }).code).toBe(0);
  });

  it("with several minimum prices, enough in any one accepted denom suffices (the SDK's IsAnyGTE)", () => {
    const { run } = setup({ minGasPrices: '1uatom,0.01nicoin' });
    expect(run(tx(fee(2000)), { mode: 'check' }).code).toBe(0);
  });

  it('duty messages are exempt from the minimum gas price, as coded: a zero fee passes CheckTx when every message is a duty', () => {
    const free = tx({ feeAmount: [] });
    expect(
      setup({ minGasPrices: '0.01nicoin', isDutyMsg: (url) => url === MSG_SEND_TYPE_URL }).run(free, { mode: 'check' })
        .code,
    ).toBe(0);
    expect(setup({ minGasPrices: '0.01nicoin', isDutyMsg: () => false }).run(free, { mode: 'check' }).code).toBe(13);
    expect(setup({ minGasPrices: '0.01nicoin' }).run(free, { mode: 'check' }).code).toBe(13);
  });

  it('insufficient funds for the fee: code 5, before any sequence or signature check', () => {
    const { run } = setup({ balance: 1000n, account: { sequence: 3n } });
    const r = run(tx({ ...fee(2000), signatures: [new Uint8Array(64).fill(1)] }));
    expect(r.code).toBe(5);
    expect(r.log).toMatch(/insufficient funds$/);
  });

  it('a fee payer without an account: code 9', () => {
    const { run } = setup({ account: null });
    const r = run(tx(fee(2000)));
    expect(r.code).toBe(9);
    expect(r.log).toBe(`fee payer address: ${signer.address} does not exist: unknown address`);
  });

  it("a pubkey that does not hash to the signer's address: code 8, before the sequence check", () => {
    const { run } = setup({ account: { sequence: 3n } });
    const r = run(tx({ ...fee(2000), signerPubkeys: [testKey(2).pub] }));
    expect(r.code).toBe(8);
    expect(r.log).toBe(`pubKey does not match signer address ${signer.address} with signer index: 0: invalid pubkey`);
  });

  it('more signatures than the limit: code 14, before the sequence check', () => {
    const { run } = setup({ params: { txSigLimit: 0n }, account: { sequence: 3n } });
    const r = run(tx(fee(2000)));
    expect(r.code).toBe(14);
    expect(r.log).toBe('signatures: 1, limit: 0: maximum number of signatures exceeded');
  });

  it('wrong sequence: code 32, reported before a bad signature', () => {
    const { run } = setup({ account: { sequence: 1n } });
    const r = run(tx({ ...fee(2000), signatures: [new Uint8Array(64).fill(1)] }));
    expect(r.code).toBe(32);
    expect(r.log).toBe('account sequence mismatch, expected 1, got 0: incorrect account sequence');
  });

  it('bad signature, wrong chain id, wrong account number: code 4 naming the account number and chain id', () => {
    const { run } = setup({ account: { accountNumber: 7n } });
    const want =
      /^signature verification failed; please verify account number \(7\) and chain-id \(race-ante-test\): unauthorized$/;
    for (const bytes of [
      tx({ ...fee(2000), signatures: [new Uint8Array(64).fill(1)] }),
      tx({ ...fee(2000), accountNumber: 7n, chainId: 'other-chain' }),
      tx({ ...fee(2000), accountNumber: 0n }),
      tx({ ...fee(2000), accountNumber: 7n, key: testKey(2) }),
    ]) {
      const r = run(bytes);
      expect(r.code).toBe(4);
      expect(r.log).toMatch(want);
    }
    expect(run(tx({ ...fee(2000), accountNumber: 7n })).code).toBe(0);
  });

  it('ReCheckTx skips signature verification, as the SDK does', () => {
    const { run } = setup();
    const bad = tx({ ...fee(2000), signatures: [new Uint8Array(64).fill(1)] });
    expect(run(bad, { mode: 'check' }).code).toBe(4);
    expect(run(bad, { mode: 'recheck' }).code).toBe(0);
  });
});

describe('simulation', () => {
  it('skips signatures and the minimum price, still checks the sequence, and pads size gas for an empty signature', () => {
    const { run } = setup({ minGasPrices: '0.01nicoin' });
    const empty = tx({ feeAmount: [], signatures: [new Uint8Array(0)] });
    const r = run(empty, { mode: 'simulate', simulate: true });
    expect(r.code).toBe(0);
    // The SDK charges a full StdSignature's 112 bytes of size gas per missing signature, so the estimate covers the
    // signed tx: the same tx with a real 64-byte signature is 64 bytes longer and costs 10·(112 − 64) less to simulate.
    const withSig = run(tx({ feeAmount: [], signatures: [new Uint8Array(64).fill(1)] }), {
      mode: 'simulate',
      simulate: true,
    });
    expect(withSig.code).toBe(0);
    expect(r.gas - withSig.gas).toBe(10n * (112n - 64n));
    const { run: runAhead } = setup({ account: { sequence: 1n } });
    expect(runAhead(empty, { mode: 'simulate', simulate: true }).code).toBe(32);
  });
});
