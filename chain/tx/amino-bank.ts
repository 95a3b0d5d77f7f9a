/**
 * Amino JSON for the bank messages, rendering exactly what CosmJS's createBankAminoConverters signs, plus their
 * field tables for strict decoding. The bank module's registration spreads these into its MsgRegistry entries:
 *   registry.register({ ...bankMsgSendAmino, ...codec, getSigners, validateBasic, schema: MsgSendSchema })
 */
import type { Coin } from 'cosmjs-types/cosmos/base/v1beta1/coin';
import type { MsgMultiSend, MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { CoinSchema, type MessageSchema, message, scalar } from './schema.js';

export const MSG_SEND_TYPE_URL = '/cosmos.bank.v1beta1.MsgSend';
export const MSG_MULTI_SEND_TYPE_URL = '/cosmos.bank.v1beta1.MsgMultiSend';

const aminoCoins = (coins: readonly Coin[]) => coins.map((c) => ({ denom: c.denom, amount: c.amount }));

export const bankMsgSendAmino = {
  aminoName: 'cosmos-sdk/MsgSend',
  toAminoJson: (msg: MsgSend) => ({
    from_address: msg.fromAddress,
    to_address: msg.toAddress,
    amount: aminoCoins(msg.amount),
  }),
};

export const bankMsgMultiSendAmino = {
  aminoName: 'cosmos-sdk/MsgMultiSend',
  toAminoJson: (msg: MsgMultiSend) => ({
    inputs: msg.inputs.map((i) => ({ address: i.address, coins: aminoCoins(i.coins) })),
    outputs: msg.outputs.map((o) => ({ address: o.address, coins: aminoCoins(o.coins) })),
  }),
};

export const MsgSendSchema: MessageSchema = {
  fullName: 'cosmos.bank.v1beta1.MsgSend',
  goType: '*types.MsgSend',
  fields: { 1: scalar('string'), 2: scalar('string'), 3: message(() => CoinSchema, true) },
};

const InputSchema: MessageSchema = {
  fullName: 'cosmos.bank.v1beta1.Input',
  goType: '*types.Input',
  fields: { 1: scalar('string'), 2: message(() => CoinSchema, true) },
};

const OutputSchema: MessageSchema = {
  fullName: 'cosmos.bank.v1beta1.Output',
  goType: '*types.Output',
  fields: { 1: scalar('string'), 2: message(() => CoinSchema, true) },
};

export const MsgMultiSendSchema: MessageSchema = {
  fullName: 'cosmos.bank.v1beta1.MsgMultiSend',
  goType: '*types.MsgMultiSend',
  fields: { 1: message(() => InputSchema, true), 2: message(() => OutputSchema, true) },
};
