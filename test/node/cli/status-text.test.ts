/** `raced status` text: the summary built from the node's answers (pure functions; no node is spawned). */
import { describe, expect, it } from '@jest/globals';
import { statusViewOf, type RaceReadings, type RawStatus } from '../../../node/cli/node-status.js';
import { renderStatusText, share } from '../../../node/cli/status-text.js';
import type { Participant } from '../../../proto/gen/race/race/v1/types.js';

const KEY = new Uint8Array(32).fill(9);
const raw: RawStatus = {
  node_info: { network: 'race-devnet', moniker: 'node0' },
  sync_info: { latest_block_height: '1234', latest_block_time: '2026-12-02T12:00:00.5Z', catching_up: false },
  validator_info: {
    address: 'ABCDEF0123',
    pub_key: { value: Buffer.from(KEY).toString('base64') },
    voting_power: '10',
  },
};

const participant = (address: string, key: Uint8Array, weight: bigint): Participant =>
  ({
    address,
    pubKey: new Uint8Array(33),
    consensusPubKey: key,
    weight,
    reputation: 0n,
    registeredHeight: 1n,
    missedValidations: 0n,
    failedEpochs: 0n,
    doubleSignCount: 0n,
  }) as Participant;

const race: RaceReadings = {
  epoch: { epoch: 7n, phase: 'race', nextEpochHeight: 1300n },
  weights: { weights: [{ address: 'race1own', weight: 120n, consensusPubKey: KEY, power: 12n }], totalWeight: 360n },
  participants: [participant('race1other', new Uint8Array(32).fill(1), 240n), participant('race1own', KEY, 120n)],
  proof: { participant: 'race1own', epoch: 7n, nonceCount: 57n, lastHeight: 1230n },
};

describe('raced status text', () => {
  it('prints network, height, sync, peers, validator, Race weight, epoch and miner', () => {
    expect(renderStatusText(statusViewOf(raw, 3, race))).toBe(
      [
        'network      race-devnet (moniker node0)',
        'height       1234 at 2026-12-02T12:00:00.5Z',
        'catching up  no',
        'peers        3',
        'validator    ABCDEF0123, voting power 10',
        'race weight  120 of 360 (33.3%), consensus power 12',
        'epoch        7, phase race, next epoch at height 1300',
        'miner        race1own: 57 nonces submitted in epoch 7',
        '',
      ].join('\n'),
    );
  });

  it('a proof from an older epoch counts as none this epoch', () => {
    const view = statusViewOf(raw, 0, {
      ...race,
      proof: { participant: 'race1own', epoch: 6n, nonceCount: 99n, lastHeight: 1 } as never,
    });
    expect(view.race?.participant?.noncesThisEpoch).toBe('0');
  });

  it('a node that is no participant, outside the set, with no peers or Race answers, says so or leaves lines out', () => {
    const outside = {
      ...raw,
      validator_info: {
        ...raw.validator_info,
        pub_key: { value: Buffer.alloc(32).toString('base64') },
        voting_power: '0',
      },
      sync_info: { ...raw.sync_info, catching_up: true },
    };
    const text = renderStatusText(statusViewOf(outside, 0, race));
    expect(text).toMatch(/^catching up {2}yes$/m);
    expect(text).toMatch(/^validator {4}ABCDEF0123, voting power 0 \(not in the active set\)$/m);
    expect(text).toMatch(/^race weight {2}none of 360$/m);
    expect(text).toMatch(/^miner {8}not a Race participant/m);
    const bare = renderStatusText(statusViewOf(raw, undefined, undefined));
    expect(bare).not.toMatch(/peers|race weight|epoch|miner|inference/);
  });

  it('shows the inference API only when the node reports one', () => {
    expect(renderStatusText(statusViewOf(raw, 1, undefined))).not.toMatch(/inference/);
    expect(renderStatusText({ ...statusViewOf(raw, 1, undefined), inferenceUrl: 'http://127.0.0.1:8080/v1' })).toMatch(
      /^inference API {2}http:\/\/127\.0\.0\.1:8080\/v1$/m,
    );
  });

  it('share rounds to one decimal in integers', () => {
    expect(share('1', '3')).toBe('33.3%');
    expect(share('2', '3')).toBe('66.7%');
    expect(share('5', '0')).toBe('0%');
    expect(share('360', '360')).toBe('100.0%');
  });
});
