/**
 * Builds and signs a duty tx (SIGN_MODE_DIRECT, zero fee) from already-encoded messages. Pure: no I/O, no clock;
 * the same bytes CosmJS's SigningStargateClient would produce for these inputs.
 */
import { PubKey as Secp256k1PubKey } from 'cosmjs-types/cosmos/crypto/secp256k1/keys';
import { SignMode } from 'cosmjs-types/cosmos/tx/signing/v1beta1/signing';
import { AuthInfo, SignDoc, TxBody, TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import type { Any } from 'cosmjs-types/google/protobuf/any';
import { signSecp256k1 } from '../../chain/crypto/secp256k1.js';

const SECP256K1_PUBKEY_TYPE_URL = '/cosmos.crypto.secp256k1.PubKey';

/** A message already encoded as protobuf: type URL and bytes. */
export interface EncodedMsg {
  typeUrl: string;
  value: Uint8Array;
}

export interface DutyTxInput {
  msgs: readonly EncodedMsg[];
  chainId: string;
  accountNumber: bigint;
  sequence: bigint;
  gasLimit: bigint;
  privKey: Uint8Array;
  pubKey: Uint8Array;
  memo?: string;
  /** Fee coins; duty txs pay none, but a relay's inference txs pay the node's minimum gas price. */
  fee?: ReadonlyArray<{ denom: string; amount: string }>;
}

export function signDutyTx(input: DutyTxInput): Uint8Array {
  if (input.msgs.length === 0) throw new Error('a duty tx needs at least one message');
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({
      messages: input.msgs.map((m): Any => ({ typeUrl: m.typeUrl, value: m.value })),
      memo: input.memo ?? '',
    }),
  ).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: {
            typeUrl: SECP256K1_PUBKEY_TYPE_URL,
            value: Secp256k1PubKey.encode({ key: input.pubKey }).finish(),
          },
          modeInfo: { single: { mode: SignMode.SIGN_MODE_DIRECT } },
          sequence: input.sequence,
        },
      ],
      fee: { amount: (input.fee ?? []).map((c) => ({ ...c })), gasLimit: input.gasLimit },
    }),
  ).finish();
  const signBytes = SignDoc.encode({
    bodyBytes,
    authInfoBytes,
    chainId: input.chainId,
    accountNumber: input.accountNumber,
  }).finish();
  const signature = signSecp256k1(signBytes, input.privKey);
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [signature] }).finish();
}
