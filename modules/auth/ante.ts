import type { AnteHandler } from '../../chain/app/base-app.js';
import type { Context } from '../../chain/app/context.js';
import type { AppTx } from '../../chain/app/tx-types.js';
import type { VerifyJob } from '../../chain/crypto/verify-cache.js';
import { addressBytesFromSecp256k1, fromBech32Checked } from '../../chain/crypto/address.js';
import { equalBytes, toBase64 } from '../../chain/types/bytes.js';
import { coinsGte, coinsToString, validateCoins, type Coin } from '../../chain/types/coins.js';
import { mulCeil, type DecCoin } from '../../chain/types/dec.js';
import { Errors } from '../../chain/types/errors.js';
import { event } from '../../chain/types/events.js';
import type { MsgRegistry } from '../../chain/tx/registry.js';
import { pubKeyFromSignerInfo, signatureVerificationFailed, signBytesFor, SignMode } from '../../chain/tx/signing.js';
import { txSizeGas } from '../../chain/tx/simulate.js';
import {
  checkExtensionOptions,
  checkFeeGranter,
  checkMemo,
  checkMsgs,
  checkSigCount,
  checkTimeoutHeight,
  checkTxBasic,
  checkUnsupportedFields,
} from '../../chain/tx/validate.js';
import type { AuthKeeper } from './keeper.js';
import { FEE_COLLECTOR, type Account } from './types.js';

export interface FeeBankKeeper {
  sendCoinsFromAccountToModule(ctx: Context, from: string, module: string, coins: readonly Coin[]): void;
}

export interface AnteDeps {
  auth: AuthKeeper;
  bank: FeeBankKeeper;
  registry: MsgRegistry;
  /** Whether a message type is a fee-exempt protocol duty (MsgRoute.duty). */
  isDutyMsg?: (typeUrl: string) => boolean;
  verifySignature: (signature: Uint8Array, signBytes: Uint8Array, pubKey: Uint8Array) => boolean;
  /** The node's own minimum gas prices (app.toml), enforced in CheckTx only, as in the SDK. */
  minGasPrices: () => DecCoin[];
  /** Denom of the fee a simulation pretends to pay, so its gas covers the real fee transfer. */
  simulatedFeeDenom: string;
}

/** The SDK's default ante chain, in its order; each step fails the tx with the SDK's code and wording. */
export function newAnteHandler(deps: AnteDeps): AnteHandler {
  return (ctx, tx, { simulate }) => {
    const params = deps.auth.getParams(ctx);
    checkMsgs(tx, deps.registry);
    checkUnsupportedFields(tx);
    checkExtensionOptions(tx);
    checkTxBasic(tx, deps.registry.bech32Prefix);
    checkTimeoutHeight(tx, BigInt(ctx.block.height));
    checkMemo(tx, params);
    ctx.gasMeter.consume(txSizeGas(tx, simulate, params), 'txSize');
    checkFeeGranter(tx, false);
    deductFee(ctx, deps, tx, simulate);

    // SetPubKey: every signer's account must exist; a key sent with the tx is checked against the address and stored.
    const accounts: Account[] = tx.signers.map((signer, i) => {
      const account = deps.auth.getAccount(ctx, signer);
      if (!account) throw Errors.UnknownAddress.wrap(`account ${signer} does not exist`);
      const pk = pubKeyFromSignerInfo(tx.authInfo.signerInfos[i]!);
      if (pk) {
        if (!equalBytes(addressBytesFromSecp256k1(pk), fromBech32Checked(signer))) {
          throw Errors.InvalidPubKey.wrap(`pubKey does not match signer address ${signer} with signer index: ${i}`);
        }
        if (!account.pubKey) {
          account.pubKey = pk;
          deps.auth.setAccount(ctx, account);
        }
      } else if (!account.pubKey && !simulate) {
        throw Errors.InvalidPubKey.wrap('pubkey on account is not set');
      }
      return account;
    });
    tx.signers.forEach((s, i) =>
      ctx.events.emit(event('tx', [['acc_seq', `${s}/${tx.authInfo.signerInfos[i]!.sequence}`]])),
    );
    tx.signatures.forEach((sig) => ctx.events.emit(event('tx', [['signature', toBase64(sig)]])));

    checkSigCount(tx, params);
    for (let i = 0; i < tx.signers.length; i++)
      ctx.gasMeter.consume(params.sigVerifyCostSecp256k1, 'ante verify: secp256k1');

    accounts.forEach((account, i) => {
      const info = tx.authInfo.signerInfos[i]!;
      if (info.sequence !== account.sequence) {
        throw Errors.WrongSequence.wrap(
          `account sequence mismatch, expected ${account.sequence}, got ${info.sequence}`,
        );
      }
      // The SDK skips signature checks on ReCheckTx and in simulation.
      if (simulate || ctx.mode === 'recheck') return;
      const data = { chainId: ctx.block.chainId, accountNumber: account.accountNumber, sequence: account.sequence };
      const { mode, signBytes } = signBytesFor(tx, i, data, deps.registry);
      if (!account.pubKey || !deps.verifySignature(tx.signatures[i]!, signBytes, account.pubKey)) {
        throw signatureVerificationFailed({ ...data, legacyAmino: mode === SignMode.SIGN_MODE_LEGACY_AMINO_JSON });
      }
    });

    for (const account of accounts) {
      account.sequence += 1n;
      deps.auth.setAccount(ctx, account);
    }
  };
}

/**
 * The signatures the ante will verify for this tx, as far as the given state tells: for batch verification ahead of
 * the ante (BaseApp.preVerify), which only fills the verify cache. A signer whose account or key is not known yet is
 * left out; the ante then verifies it itself, so what is listed here can never change a tx's outcome.
 */
export function signatureJobs(deps: Pick<AnteDeps, 'auth' | 'registry'>, ctx: Context, tx: AppTx): VerifyJob[] {
  const jobs: VerifyJob[] = [];
  tx.signers.forEach((signer, i) => {
    const info = tx.authInfo.signerInfos[i];
    const signature = tx.signatures[i];
    const account = deps.auth.getAccount(ctx, signer, false);
    if (!info || !signature || !account) return;
    const pubKey = account.pubKey ?? pubKeyFromSignerInfo(info);
    if (!pubKey) return;
    const data = { chainId: ctx.block.chainId, accountNumber: account.accountNumber, sequence: info.sequence };
    jobs.push({ signature, signBytes: signBytesFor(tx, i, data, deps.registry).signBytes, pubKey });
  });
  return jobs;
}

function deductFee(ctx: Context, deps: AnteDeps, tx: AppTx, simulate: boolean): void {
  const fee = tx.fee!;
  const feeCoins = validateCoins(fee.amount) as Coin[];
  const dutyOnly = deps.isDutyMsg !== undefined && tx.msgs.every((m) => deps.isDutyMsg!(m.typeUrl));
  if (ctx.isCheck && !simulate && !dutyOnly) {
    const mins = deps.minGasPrices().filter((p) => p.amount > 0n);
    if (mins.length > 0) {
      const required = mins.map((p) => ({ denom: p.denom, amount: mulCeil(p.amount, fee.gasLimit) }));
      // The SDK's IsAnyGTE: enough in at least one of the accepted denoms.
      if (!required.some((r) => coinsGte(feeCoins, [r]))) {
        throw Errors.InsufficientFee.wrap(
          `insufficient fees; got: ${coinsToString(feeCoins)} required: ${coinsToString(required)}`,
        );
      }
    }
  }
  const payer = fee.payer || tx.signers[0]!;
  if (!deps.auth.getAccount(ctx, payer)) throw Errors.UnknownAddress.wrap(`fee payer address: ${payer} does not exist`);
  if (feeCoins.length > 0) {
    deps.bank.sendCoinsFromAccountToModule(ctx, payer, FEE_COLLECTOR, feeCoins);
  } else if (simulate) {
    // CosmJS simulates with an empty fee; charge the gas of a real fee transfer on a discarded branch so the
    // estimate bounds the signed tx's execution.
    try {
      deps.bank.sendCoinsFromAccountToModule(ctx.branch().ctx, payer, FEE_COLLECTOR, [
        { denom: deps.simulatedFeeDenom, amount: 1n },
      ]);
    } catch {
      // an empty account still pays the reads above
    }
  }
  ctx.events.emit(
    event('tx', [
      ['fee', coinsToString(feeCoins)],
      ['fee_payer', payer],
    ]),
  );
}
