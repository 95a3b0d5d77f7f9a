/**
 * Tx targets: the strict decoder alone (every failure must be an SdkError), the ante and message execution through
 * the app's runTx in CheckTx and DeliverTx mode (a rejected tx must leave the state branch untouched, i.e. the app
 * hash unchanged, and never fail with an internal error), and the Race duty messages mutated inside an otherwise
 * valid tx envelope so the decoder reaches the Race message decoders and signer extraction.
 */
import { SignDoc, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { signSecp256k1 } from '../../../chain/crypto/secp256k1.js';
import { CHAIN_ID } from '../../modules/gov/harness.js';
import type { CacheStore } from '../../../chain/store/cache.js';
import { decodeTx } from '../../../chain/tx/decode.js';
import { SdkError } from '../../../chain/types/errors.js';
import { byteInput, mutate } from './mutate.js';
import { acquireApp, type AppFixture } from './app-fixture.js';
import type { EncodeObject } from '@cosmjs/proto-signing';
import type fc from 'fast-check';
import { dutyMsgArb } from './duty-msgs.js';
import { Rng } from './rng.js';
import { draw } from './text-input.js';
import { engineFault, expectRejectionOnly, FuzzFinding, hexOf, showValue, type FuzzTarget } from './target.js';

export async function txDecodeTarget(): Promise<FuzzTarget<Uint8Array>> {
  const { app, release } = await acquireApp();
  return {
    name: 'tx-decode',
    surface: 'chain/tx/decode.ts decodeTx (RPC broadcast_tx_*, REST POST /txs, mempool gossip, block txs)',
    generate: (rng) => byteInput(app.seeds, rng),
    exec: (bytes) =>
      expectRejectionOnly(
        () => decodeTx(bytes, { registry: app.registry }),
        (e) => e instanceof SdkError,
      ),
    show: hexOf,
    close: release,
  };
}

interface AnteInput {
  mode: 'check' | 'deliver';
  bytes: Uint8Array;
  /** Set when this input used a structured tx from the pool: the seed of the one that replaces it afterwards. */
  refresh?: number;
}

/**
 * A signer's tx with its body or auth info mutated and then signed again, so the input gets past signature
 * verification into the rest of the ante (fees, sequence, gas) and the message handlers.
 */
function resigned(app: AppFixture, rng: Rng): Uint8Array {
  const raw = TxRaw.decode(rng.pick(app.signerSeeds));
  const parts = app.signerSeeds.map((s) => TxRaw.decode(s));
  let { bodyBytes, authInfoBytes } = raw;
  if (rng.chance(0.7))
    bodyBytes = mutate(
      parts.map((p) => p.bodyBytes),
      rng,
    );
  else
    authInfoBytes = mutate(
      parts.map((p) => p.authInfoBytes),
      rng,
    );
  const signDoc = SignDoc.encode({ bodyBytes, authInfoBytes, chainId: CHAIN_ID, accountNumber: 0n }).finish();
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signSecp256k1(signDoc, app.signer.priv)] }).finish();
}

/** A signer's tx carrying one well-formed hostile message (duty-msgs.ts), encoded and signed as a wallet would. */
async function structured(app: AppFixture, msgs: fc.Arbitrary<EncodeObject>, rng: Rng): Promise<Uint8Array> {
  return app.chain.signTx(app.signer, [draw(msgs, rng)]);
}

export async function anteTarget(): Promise<FuzzTarget<AnteInput>> {
  const { app, release } = await acquireApp();
  const base = app.chain.app;
  const msgs = dutyMsgArb(app.signer.address, app.other.address);
  // Structured inputs are signed when drawn (signTx is async): a pool is drawn up front and refreshed as it is used.
  const pool: Uint8Array[] = [];
  for (let i = 0; i < 64; i++) pool.push(await structured(app, msgs, new Rng(i)));
  return {
    name: 'ante',
    surface: 'BaseApp.runTx: decode, ante handler, messages (CheckTx and DeliverTx)',
    generate(rng) {
      const mode = rng.chance(0.5) ? 'check' : 'deliver';
      const r = rng.below(10);
      return {
        mode,
        bytes: r < 2 ? resigned(app, rng) : r < 4 ? rng.pick(pool) : byteInput(app.seeds, rng),
        refresh: r >= 2 && r < 4 ? rng.u32() : undefined,
      };
    },
    async exec({ mode, bytes, refresh }) {
      if (refresh !== undefined) pool[refresh % pool.length] = await structured(app, msgs, new Rng(refresh));
      // A fresh branch over the committed state, exactly what FinalizeBlock and CheckTx run a tx on.
      const ctx = base.queryContext();
      const state = ctx.store as CacheStore;
      const r = base.runTx(mode, bytes, state, { ...ctx.block, height: ctx.block.height + 1 });
      if (r.codespace === 'undefined') throw new FuzzFinding(`internal error from runTx: ${r.log}`);
      const fault = engineFault(new Error(r.log));
      if (fault) throw new FuzzFinding(`engine error behind code ${r.code}: ${r.log}`);
      // A message failure keeps the ante's fee and sequence (as the SDK); any other rejection must change nothing.
      if (r.code !== 0 && !r.log.startsWith('failed to execute message') && state.changes().length > 0) {
        throw new FuzzFinding(`rejected tx (code ${r.code}: ${r.log}) changed ${state.changes().length} keys`);
      }
    },
    show: (i) => `${i.mode}:${hexOf(i.bytes)}`,
    close: release,
  };
}

interface DutyInput {
  typeUrl: string;
  value: Uint8Array;
}

export async function raceDutyTarget(): Promise<FuzzTarget<DutyInput>> {
  const { app, release } = await acquireApp();
  const values = new Map<string, Uint8Array[]>();
  for (const tx of app.raceSeeds) {
    for (const m of TxBody.decode(TxRaw.decode(tx).bodyBytes).messages)
      values.set(m.typeUrl, [...(values.get(m.typeUrl) ?? []), m.value]);
  }
  const urls = [...values.keys()];
  const envelope = TxRaw.decode(app.raceSeeds[0]!);
  return {
    name: 'race-duty',
    surface: 'Race duty messages (MsgSubmitProofBatch, MsgSubmitValidation, beacon…) inside a valid tx envelope',
    generate(rng) {
      const typeUrl = rng.pick(urls);
      return { typeUrl, value: mutate(values.get(typeUrl)!, rng) };
    },
    exec({ typeUrl, value }) {
      const bodyBytes = TxBody.encode(TxBody.fromPartial({ messages: [{ typeUrl, value }] })).finish();
      const bytes = TxRaw.encode({
        bodyBytes,
        authInfoBytes: envelope.authInfoBytes,
        signatures: envelope.signatures,
      }).finish();
      expectRejectionOnly(
        () => decodeTx(bytes, { registry: app.registry }),
        (e) => e instanceof SdkError,
      );
    },
    show: (i) => showValue({ typeUrl: i.typeUrl, value: hexOf(i.value) }),
    close: release,
  };
}
