import type { MsgServiceRouter } from '../../chain/app/router.js';
import { declaredCodec } from '../../chain/app/declared-route.js';
import { checkAddress } from '../../modules/gov/msg-server.js';
import { MsgRotateHotKeyResponse, MsgSetOperatorResponse } from '../../proto/gen/race/race/v1/tx.js';
import { RACE_MSGS } from './client/msgs.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';
import { rotateHotKey, setOperator } from './operator.js';

/** MsgSetOperator and MsgRotateHotKey: ordinary fee-paying txs (not duties), logic in operator.ts. */
export function registerOperatorMsgs(router: Pick<MsgServiceRouter, 'register'>, keeper: RaceKeeper): void {
  router.register({
    ...declaredCodec(RACE_MSGS.setOperator),
    module: 'race',
    getSigners: (m) => [m.signer],
    validateBasic: (m) => {
      checkAddress(m.signer, 'signer');
      checkAddress(m.participant, 'participant');
      checkAddress(m.operator, 'operator');
    },
    handler: (ctx, m) => {
      setOperator(ctx, keeper, m.signer, m.participant, m.operator);
      return {
        typeUrl: `${RACE_MSGS.setOperator.typeUrl}Response`,
        value: MsgSetOperatorResponse.encode({}).finish(),
      };
    },
  });
  router.register({
    ...declaredCodec(RACE_MSGS.rotateHotKey),
    module: 'race',
    getSigners: (m) => [m.operator],
    validateBasic: (m) => {
      checkAddress(m.operator, 'operator');
      checkAddress(m.participant, 'participant');
      if (m.newPubKey.length !== 33)
        throw RaceErrors.InvalidKey.wrap(`new_pub_key must be 33 bytes, got ${m.newPubKey.length}`);
    },
    handler: (ctx, m) => {
      const next = rotateHotKey(ctx, keeper, m.operator, m.participant, m.newPubKey);
      return {
        typeUrl: `${RACE_MSGS.rotateHotKey.typeUrl}Response`,
        value: MsgRotateHotKeyResponse.encode({ newParticipant: next }).finish(),
      };
    },
  });
}
