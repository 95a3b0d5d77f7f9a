/**
 * Keeps this node's dealt beacon secret (its commit and reveal messages) on disk from the commit window until the
 * reveal window, so a restart in between still reveals: data/race_beacon_secret.json, mode 0600.
 */
import fs from 'node:fs';
import { writeFileAtomic } from '../../chain/crypto/atomic-file.js';
import type { MsgBeaconCommit, MsgBeaconReveal } from '../../race/beacon/messages.js';

export interface StoredDeal {
  epoch: number;
  commit: MsgBeaconCommit;
  reveal: MsgBeaconReveal;
}

export interface DealStore {
  load(): StoredDeal | undefined;
  save(d: StoredDeal): void;
}

export class FileDealStore implements DealStore {
  constructor(private readonly file: string) {}

  load(): StoredDeal | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const d = JSON.parse(text) as StoredDeal;
      if (typeof d.epoch !== 'number' || d.commit?.kind !== 'commit' || d.reveal?.kind !== 'reveal') return undefined;
      return d;
    } catch {
      return undefined; // a torn or foreign file: the node deals afresh (or, past the commit window, is reconstructed)
    }
  }

  save(d: StoredDeal): void {
    writeFileAtomic(this.file, JSON.stringify(d) + '\n');
  }
}

export class MemoryDealStore implements DealStore {
  private d: StoredDeal | undefined;
  load(): StoredDeal | undefined {
    return this.d;
  }
  save(d: StoredDeal): void {
    this.d = structuredClone(d);
  }
}
