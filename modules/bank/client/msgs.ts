/** The bank messages, declared once for the msg server, the amino sign mode and every client. */
import { MsgMultiSend, MsgSend, MsgUpdateParams } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { msgDecl } from '../../../chain/client/module-client.js';

const aminoCoins = (coins: Array<{ denom: string; amount: string }>) =>
  coins.map((c) => ({ amount: c.amount, denom: c.denom }));

export const BANK_MSGS = {
  send: msgDecl<MsgSend>({
    typeUrl: '/cosmos.bank.v1beta1.MsgSend',
    codec: MsgSend,
    aminoName: 'cosmos-sdk/MsgSend',
    toAmino: (m) => ({ from_address: m.fromAddress, to_address: m.toAddress, amount: aminoCoins(m.amount) }),
    // A community-pool style spend: gov's account sends from its own balance.
    gov: true,
  }),
  multiSend: msgDecl<MsgMultiSend>({
    typeUrl: '/cosmos.bank.v1beta1.MsgMultiSend',
    codec: MsgMultiSend,
    aminoName: 'cosmos-sdk/MsgMultiSend',
    toAmino: (m) => ({
      inputs: m.inputs.map((i) => ({ address: i.address, coins: aminoCoins(i.coins) })),
      outputs: m.outputs.map((o) => ({ address: o.address, coins: aminoCoins(o.coins) })),
    }),
  }),
  updateParams: msgDecl<MsgUpdateParams>({
    typeUrl: '/cosmos.bank.v1beta1.MsgUpdateParams',
    codec: MsgUpdateParams,
    gov: true,
  }),
};
