/** What `raced query tx` prints: the tx decoded through the app's type registry, race.* messages included, as REST does. */
import { describe, expect, it } from '@jest/globals';
import type { IndexedTx } from '@cosmjs/stargate';
import { Tx } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { MsgSubmitProofBatch } from '../../../proto/gen/race/race/v1/tx.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import { programModuleCli } from '../../../node/cli/module-cli.js';
import { txResponseJson } from '../../../node/cli/render.js';
import { restJsonOf } from '../../../node/rest/json.js';

const PARTICIPANT = 'race1cjsxept9rkggzxztslae9ndgpdyt2408jqckwf';

function indexed(tx: Uint8Array): IndexedTx {
  return {
    height: 5,
    txIndex: 0,
    hash: 'AB'.repeat(32),
    code: 0,
    events: [],
    rawLog: '',
    tx: new Uint8Array(tx),
    msgResponses: [],
    gasUsed: 10n,
    gasWanted: 20n,
  };
}

describe('raced query tx rendering', () => {
  const proof = MsgSubmitProofBatch.fromPartial({ participant: PARTICIPANT, epoch: 3n, nonces: [7n, 9n] });
  const txBytes = Tx.encode(
    Tx.fromPartial({
      body: {
        messages: [{ typeUrl: '/race.race.v1.MsgSubmitProofBatch', value: MsgSubmitProofBatch.encode(proof).finish() }],
        memo: 'm',
      },
      authInfo: { fee: { amount: [], gasLimit: 20n } },
      signatures: [new Uint8Array(64)],
    }),
  ).finish();

  it('decodes race.* messages instead of printing raw Anys', () => {
    const out = txResponseJson(programModuleCli(appTypeRegistry()).json, indexed(txBytes)) as {
      tx: { '@type': string; body: { messages: unknown[] } };
    };
    expect(out.tx['@type']).toBe('/cosmos.tx.v1beta1.Tx');
    expect(out.tx.body.messages[0]).toEqual({
      '@type': '/race.race.v1.MsgSubmitProofBatch',
      participant: PARTICIPANT,
      epoch: '3',
      nonces: ['7', '9'],
    });
  });

  it('prints the tx exactly as the REST server does', () => {
    const out = txResponseJson(programModuleCli(appTypeRegistry()).json, indexed(txBytes)) as { tx: unknown };
    expect(out.tx).toEqual(restJsonOf(appTypeRegistry()).any('/cosmos.tx.v1beta1.Tx', txBytes));
  });
});
