/**
 * Beacon participation (race/beacon, docs/beacon.md §7): as a member of the running beacon's group this node
 * - deals in the commit window: a fresh secret, its Feldman commitments and encrypted shares (the reveal is kept on
 *   disk until the reveal window);
 * - opens the shares every other dealer dealt to it and complains, with a verifiable proof, about bad ones, before
 *   the complaint window closes;
 * - reveals its secret in the reveal window;
 * - publishes its shares of every dealer that did not reveal in the reconstruction window.
 * Each message is sent once per epoch unless the chain still lacks it a few blocks later (then it is sent again).
 */
import type { Logger } from '../../chain/util/log.js';
import { dealBeacon, type BeaconRandomness } from '../../race/beacon/dealer.js';
import { buildComplaint, buildShareMsg, dealersAwaitingShares, openShares } from '../../race/beacon/member.js';
import { phaseAt } from '../../race/beacon/params.js';
import { decodeBeaconState, type BeaconState } from '../../race/beacon/state.js';
import type { DealStore } from './beacon-store.js';
import { beaconCommitMsg, beaconComplaintMsg, beaconRevealMsg, beaconShareMsg } from './duty-msgs.js';
import type { EncodedMsg } from './duty-tx.js';
import type { SubmitResult } from './duty-submitter.js';

/** Blocks to wait for a sent message to show up in the beacon state before sending it again. */
const RESEND_AFTER_BLOCKS = 3;

export interface BeaconDutyDeps {
  address: string;
  /** The hot key's private key: the beacon encryption key of this member. */
  privKey: Uint8Array;
  submit: (msgs: EncodedMsg[], what: string) => SubmitResult;
  /** Query/Beacon's state_json. */
  beaconState: () => Promise<string>;
  store: DealStore;
  random: BeaconRandomness;
  log: Logger;
  onMessage?: (kind: 'commit' | 'complaint' | 'reveal' | 'share') => void;
}

export class BeaconDuty {
  /** `${epoch}/${kind}/${dealer}` → height sent. */
  private readonly sent = new Map<string, number>();
  /** Dealers whose shares to us were checked: `${epoch}/${dealer}`. */
  private readonly checked = new Set<string>();
  private lastPhase = '';

  constructor(private readonly deps: BeaconDutyDeps) {}

  async onBlock(height: number, member: boolean): Promise<void> {
    if (!member) return;
    const json = await this.deps.beaconState();
    if (!json) return;
    let state: BeaconState;
    try {
      state = decodeBeaconState(json);
    } catch (e) {
      this.deps.log.warn({ err: (e as Error).message }, 'race: beacon state from the chain does not decode');
      return;
    }
    if (!state.group.some((m) => m.address === this.deps.address) || state.result) return;
    const next = height + 1;
    const phase = phaseAt(state.schedule, next);
    const tag = `${state.epoch}/${phase}`;
    if (tag !== this.lastPhase && phase !== 'before' && phase !== 'after') {
      this.lastPhase = tag;
      this.deps.log.info({ epoch: state.epoch, phase, height: next }, 'race: beacon phase');
    }
    this.prune(state.epoch);
    if (phase === 'commit') this.commit(state, height);
    if (phase === 'commit' || phase === 'complaint') this.complain(state, height);
    if (phase === 'reveal') this.reveal(state, height);
    if (phase === 'reconstruct') this.shares(state, height);
  }

  private commit(state: BeaconState, height: number): void {
    if (state.dealers.some((d) => d.dealer === this.deps.address)) return;
    let deal = this.deps.store.load();
    if (!deal || deal.epoch !== state.epoch) {
      const dealt = dealBeacon(state, this.deps.address, this.deps.random);
      deal = { epoch: state.epoch, commit: dealt.commit, reveal: dealt.reveal };
      this.deps.store.save(deal); // before sending: a commit on chain without its secret on disk could never be revealed
    }
    this.send(
      `${state.epoch}/commit/${this.deps.address}`,
      height,
      beaconCommitMsg(deal.commit),
      'commit',
      'beacon commit',
    );
  }

  private complain(state: BeaconState, height: number): void {
    for (const d of state.dealers) {
      const k = `${state.epoch}/${d.dealer}`;
      if (d.dealer === this.deps.address || d.status === 'excluded' || this.checked.has(k)) continue;
      this.checked.add(k);
      let ok: boolean;
      try {
        ok = openShares(state, d.dealer, this.deps.address, this.deps.privKey).ok;
      } catch (e) {
        // not_applicable: the dealer owed us no shares (we hold no points)
        this.deps.log.debug({ dealer: d.dealer, err: (e as Error).message }, 'race: beacon shares not checked');
        continue;
      }
      if (ok) continue;
      const msg = buildComplaint(state, d.dealer, this.deps.address, this.deps.privKey, this.deps.random);
      this.deps.log.warn(
        { epoch: state.epoch, dealer: d.dealer },
        'race: beacon dealer dealt us a bad share; complaining',
      );
      this.send(
        `${state.epoch}/complaint/${d.dealer}`,
        height,
        beaconComplaintMsg(msg),
        'complaint',
        `beacon complaint against ${d.dealer}`,
      );
    }
  }

  private reveal(state: BeaconState, height: number): void {
    const mine = state.dealers.find((d) => d.dealer === this.deps.address);
    if (!mine || mine.status !== 'committed') return;
    const deal = this.deps.store.load();
    if (!deal || deal.epoch !== state.epoch || deal.commit.commitment !== mine.commitment) {
      this.deps.log.warn(
        { epoch: state.epoch },
        'race: our beacon secret is not on disk; the members will reconstruct it',
      );
      return;
    }
    this.send(
      `${state.epoch}/reveal/${this.deps.address}`,
      height,
      beaconRevealMsg(deal.reveal),
      'reveal',
      'beacon reveal',
    );
  }

  private shares(state: BeaconState, height: number): void {
    for (const dealer of dealersAwaitingShares(state, this.deps.address)) {
      let msg;
      try {
        msg = buildShareMsg(state, dealer, this.deps.address, this.deps.privKey);
      } catch (e) {
        this.deps.log.debug({ dealer, err: (e as Error).message }, 'race: no beacon shares to publish for this dealer');
        continue;
      }
      this.send(`${state.epoch}/share/${dealer}`, height, beaconShareMsg(msg), 'share', `beacon shares of ${dealer}`);
    }
  }

  private send(
    k: string,
    height: number,
    msg: EncodedMsg,
    kind: 'commit' | 'complaint' | 'reveal' | 'share',
    what: string,
  ): void {
    const at = this.sent.get(k);
    if (at !== undefined && height - at < RESEND_AFTER_BLOCKS) return;
    const r = this.deps.submit([msg], what);
    if (r.ok) {
      this.sent.set(k, height);
      this.deps.onMessage?.(kind);
      this.deps.log.info({ what }, 'race: beacon message submitted');
    }
  }

  private prune(epoch: number): void {
    for (const k of this.sent.keys()) if (Number(k.split('/')[0]) < epoch) this.sent.delete(k);
    for (const k of this.checked) if (Number(k.split('/')[0]) < epoch) this.checked.delete(k);
  }
}
