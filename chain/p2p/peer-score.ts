/**
 * Peer scores and bans (pure; the clock is passed in). Every peer starts at 0; offences subtract a penalty; the
 * score drifts back towards 0 at `recoveryPerSec`, so an honest peer that once relayed a bad message recovers while a
 * peer that keeps misbehaving crosses `banThreshold` and is banned for `banMs`.
 */

/** Why a peer is reported. Higher layers use 'invalid' (a bad vote, a bad block) or 'spam'. */
export type PeerOffence = 'invalid' | 'oversize' | 'spam' | 'protocol' | 'timeout' | 'wrong-network';

export interface PeerScoreParams {
  penalties: Record<PeerOffence, number>;
  /** Ban when the score falls to or below this (negative). */
  banThreshold: number;
  banMs: number;
  /** Points per second a negative score regains. */
  recoveryPerSec: number;
}

export const DEFAULT_PEER_SCORE_PARAMS: PeerScoreParams = {
  penalties: {
    invalid: 20,
    oversize: 25,
    spam: 10,
    protocol: 40,
    timeout: 5,
    // A node of another chain is never useful: one strike bans it.
    'wrong-network': 1000,
  },
  banThreshold: -100,
  banMs: 10 * 60_000,
  recoveryPerSec: 1,
};

export interface ReportOutcome {
  score: number;
  /** True when this report caused the ban. */
  banned: boolean;
  bannedUntilMs?: number;
}

interface Entry {
  score: number;
  atMs: number;
  bannedUntilMs?: number;
}

export class PeerScoreBook {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly params: PeerScoreParams = DEFAULT_PEER_SCORE_PARAMS) {}

  private current(peer: string, nowMs: number): Entry {
    let e = this.entries.get(peer);
    if (!e) {
      e = { score: 0, atMs: nowMs };
      this.entries.set(peer, e);
      return e;
    }
    const elapsedSec = Math.max(0, nowMs - e.atMs) / 1000;
    if (e.score < 0) e.score = Math.min(0, e.score + elapsedSec * this.params.recoveryPerSec);
    e.atMs = Math.max(e.atMs, nowMs);
    return e;
  }

  score(peer: string, nowMs: number): number {
    return this.entries.has(peer) ? this.current(peer, nowMs).score : 0;
  }

  report(peer: string, offence: PeerOffence, nowMs: number): ReportOutcome {
    const e = this.current(peer, nowMs);
    e.score -= this.params.penalties[offence];
    if (this.isBanned(peer, nowMs)) return { score: e.score, banned: false, bannedUntilMs: e.bannedUntilMs };
    if (e.score <= this.params.banThreshold) {
      e.bannedUntilMs = nowMs + this.params.banMs;
      return { score: e.score, banned: true, bannedUntilMs: e.bannedUntilMs };
    }
    return { score: e.score, banned: false };
  }

  /** Bans now regardless of score (an operator action, or a peer that is plainly hostile). */
  ban(peer: string, nowMs: number, ms = this.params.banMs): number {
    const e = this.current(peer, nowMs);
    e.bannedUntilMs = nowMs + ms;
    return e.bannedUntilMs;
  }

  isBanned(peer: string, nowMs: number): boolean {
    const until = this.entries.get(peer)?.bannedUntilMs;
    return until !== undefined && nowMs < until;
  }

  bannedUntil(peer: string, nowMs: number): number | undefined {
    return this.isBanned(peer, nowMs) ? this.entries.get(peer)!.bannedUntilMs : undefined;
  }

  /** When a ban ends the peer starts over from a clean score (it served its time). */
  expire(nowMs: number): void {
    for (const [peer, e] of this.entries) {
      if (e.bannedUntilMs !== undefined && nowMs >= e.bannedUntilMs) this.entries.delete(peer);
      else if (e.bannedUntilMs === undefined && this.current(peer, nowMs).score === 0) this.entries.delete(peer);
    }
  }
}
