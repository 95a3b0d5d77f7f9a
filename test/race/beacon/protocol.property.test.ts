import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type BeaconState,
  type DealtSecret,
  applyBeaconMsg,
  buildShareMsg,
  combineSecrets,
  dealBeacon,
  decodeBeaconState,
  encodeBeaconState,
  endBlock,
} from '../../../race/beacon/index.js';
import { LAST_BLOCK_HASH, makeBeacon, makeMembers, seededRandom } from './fixtures.js';

describe('beacon over random weights and random withholders', () => {
  it('the seed is the all-reveal seed exactly when the online members hold a threshold of points', () => {
    const scenario = fc.record({
      weights: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }),
      withhold: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      points: fc.integer({ min: 6, max: 24 }),
      label: fc.string({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(scenario, ({ weights, withhold, points, label }) => {
        const members = makeMembers(weights, 'prop');
        const params = {
          commitBlocks: 2,
          complaintBlocks: 1,
          revealBlocks: 2,
          reconstructBlocks: 2,
          totalSharePoints: points,
          minDealerWeight: { num: 0, den: 1 },
        };
        let state: BeaconState = makeBeacon(members, params);
        const dealt = new Map<string, DealtSecret>();
        for (const m of members) {
          const d = dealBeacon(state, m.address, { randomBytes: seededRandom(`prop/${label}/${m.address}`) });
          dealt.set(m.address, d);
          state = applyBeaconMsg(state, d.commit, 10).state;
        }
        const withholders = new Set(members.filter((_, i) => withhold[i]).map((m) => m.address));
        const online = members.filter((m) => !withholders.has(m.address));
        for (const m of online) state = applyBeaconMsg(state, dealt.get(m.address)!.reveal, 13).state;
        for (const w of withholders) {
          for (const m of online) {
            const info = state.group.find((g) => g.address === m.address)!;
            const rec = state.dealers.find((d) => d.dealer === w)!;
            if (info.points === 0 || rec.status !== 'committed') continue;
            state = applyBeaconMsg(state, buildShareMsg(state, w, m.address, m.secretKey), 15).state;
          }
        }
        state = decodeBeaconState(encodeBeaconState(state));
        state = endBlock(state, { height: 16, lastBlockHash: LAST_BLOCK_HASH }).state;

        const onlinePoints = state.group.filter((g) => !withholders.has(g.address)).reduce((s, g) => s + g.points, 0);
        const recoverable = onlinePoints >= state.thresholdPoints;
        const included = state.group.map((g) => g.address).filter((a) => recoverable || !withholders.has(a));
        const seed = combineSecrets(
          state.epoch,
          included.map((a) => ({ dealer: a, secret: dealt.get(a)!.secret })),
        );
        if (included.length === 0) {
          expect(state.result!.fallback).toBe(true);
        } else {
          expect(state.result).toMatchObject({
            fallback: false,
            dealers: included,
            seed: Buffer.from(seed).toString('hex'),
          });
        }
        for (const w of withholders) {
          const rec = state.dealers.find((d) => d.dealer === w)!;
          expect(rec.status).toBe(recoverable ? 'reconstructed' : 'excluded');
          if (recoverable) expect(rec.secret).toBe(Buffer.from(dealt.get(w)!.secret).toString('hex'));
        }
      }),
      { numRuns: 12, seed: 424242 },
    );
  });
});
