/** RestJson: the gateway's JSON conventions applied to ts-proto output and decoded messages. */
import { describe, expect, it } from '@jest/globals';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { MsgSubmitProposal } from 'cosmjs-types/cosmos/gov/v1/tx';
import { MsgRegistry } from '../../../chain/tx/registry.js';
import { withDefaults } from '../../../chain/app/rest-route.js';
import { RestJson, restJsonOf } from '../../../node/rest/json.js';
import { formatDurationJson } from '../../../chain/types/duration.js';
import { codecsOf } from '../../../chain/client/type-registry.js';
import { appTypeRegistry } from '../../../node/app/module-list.js';
import * as pricingTx from '../../../proto/gen/race/pricing/v1/tx.js';

const json = restJsonOf(appTypeRegistry());
const sendBytes = MsgSend.encode({
  fromAddress: 'race1from',
  toAddress: 'race1to',
  amount: [{ denom: 'nicoin', amount: '5' }],
}).finish();

describe('RestJson', () => {
  it('expands an Any into "@type" plus snake_case fields', () => {
    expect(json.any('/cosmos.bank.v1beta1.MsgSend', sendBytes)).toEqual({
      '@type': '/cosmos.bank.v1beta1.MsgSend',
      from_address: 'race1from',
      to_address: 'race1to',
      amount: [{ denom: 'nicoin', amount: '5' }],
    });
  });

  it('expands Anys nested in messages (a proposal carrying a MsgSend)', () => {
    const bytes = MsgSubmitProposal.encode(
      MsgSubmitProposal.fromPartial({
        messages: [{ typeUrl: '/cosmos.bank.v1beta1.MsgSend', value: sendBytes }],
        proposer: 'race1p',
        title: 't',
      }),
    ).finish();
    const out = json.any('/cosmos.gov.v1.MsgSubmitProposal', bytes) as any;
    expect(out.messages[0]['@type']).toBe('/cosmos.bank.v1beta1.MsgSend');
    expect(out.messages[0].to_address).toBe('race1to');
    expect(out.initial_deposit).toEqual([]);
    expect(out.expedited).toBe(false);
  });

  it('shows a type nobody knows as "@type" with the raw value, and garbage without throwing', () => {
    expect(json.any('/x.y.Unknown', Uint8Array.from([1, 2, 3]))).toEqual({ '@type': '/x.y.Unknown', value: 'AQID' });
    expect(json.any('/cosmos.bank.v1beta1.MsgSend', Uint8Array.from([0xff, 0xff]))).toEqual({
      '@type': '/cosmos.bank.v1beta1.MsgSend',
      value: '//8=',
    });
  });

  it('falls back to the tx MsgRegistry decoder for a registered message without a JSON codec', () => {
    const registry = new MsgRegistry({ bech32Prefix: 'race' });
    registry.register({
      typeUrl: '/test.v1.MsgThing',
      decode: () => ({ ownerAddress: 'race1o', count: 7n, blob: Uint8Array.from([1]) }),
      encode: () => new Uint8Array(),
      getSigners: () => ['race1o'],
    });
    const j = new RestJson(new Map(), registry);
    expect(j.any('/test.v1.MsgThing', new Uint8Array())).toEqual({
      '@type': '/test.v1.MsgThing',
      owner_address: 'race1o',
      count: '7',
      blob: 'AQ==',
    });
  });

  it('prints durations as seconds and an empty next_key as null, and leaves look-alike strings alone', () => {
    expect(
      json.render({
        votingPeriod: { seconds: '172800', nanos: 0 },
        memo: '2024-01-02T03:04:05.000Z',
        pagination: { nextKey: '', total: '0' },
      }),
    ).toEqual({
      voting_period: '172800s',
      memo: '2024-01-02T03:04:05.000Z',
      pagination: { next_key: null, total: '0' },
    });
    expect(formatDurationJson(1_500_000_000n)).toBe('1.5s');
    expect(formatDurationJson(-250_000_000n)).toBe('-0.25s');
  });

  it('withDefaults prints Timestamps exactly (RFC 3339, nanoseconds, no trailing zeros) and fills zero values', () => {
    const decoded = {
      submitTime: { seconds: 1_704_164_645n, nanos: 123_456_780 },
      endTime: { seconds: 1_704_164_645n, nanos: 0 },
      tags: [],
      note: '',
      count: 0n,
    };
    const toJson = { submitTime: '2024-01-02T03:04:05.123Z', endTime: '2024-01-02T03:04:05.000Z' };
    expect(withDefaults(toJson, decoded)).toEqual({
      submitTime: '2024-01-02T03:04:05.12345678Z',
      endTime: '2024-01-02T03:04:05Z',
      tags: [],
      note: '',
      count: '0',
    });
    expect(withDefaults('2024-01-02T03:04:05.000Z', 'memo')).toBe('2024-01-02T03:04:05.000Z');
  });

  it('prints an unset BaseAccount pub_key as null', () => {
    expect(json.render({ account: { typeUrl: '/cosmos.auth.v1beta1.BaseAccount', value: 'CgRyYWNl' } })).toEqual({
      account: {
        '@type': '/cosmos.auth.v1beta1.BaseAccount',
        address: 'race',
        pub_key: null,
        account_number: '0',
        sequence: '0',
      },
    });
  });

  it('codecsOf maps every message of a generated file to /<package>.<Name>', () => {
    const urls = codecsOf(pricingTx).map(([u]) => u);
    expect(urls).toContain('/race.pricing.v1.MsgSubmitUnitPriceVote');
    expect(urls).toContain('/race.pricing.v1.MsgUpdateParamsResponse');
    expect(urls.every((u) => u.startsWith('/race.pricing.v1.'))).toBe(true);
    expect(appTypeRegistry().jsonCodecs().has('/race.race.v1.MsgSubmitProofBatch')).toBe(true);
  });
});
