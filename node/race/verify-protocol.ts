/** Messages between the validator duty (main thread) and its verification worker. Structured clone carries bigint and Uint8Array. */
import type { RaceConfig } from '../../race/engine/config.js';
import type { RaceDevice } from '../../race/engine/session.js';

export interface VerifyJobParticipant {
  address: string;
  /** 33-byte compressed secp256k1 key: its node seed is derived from it (race-spec §2). */
  publicKey: Uint8Array;
  nonces: bigint[];
}

export interface VerifyJob {
  config: RaceConfig;
  epochSeed: Uint8Array;
  device: RaceDevice;
  threads: number;
  participants: VerifyJobParticipant[];
}

export interface VerifiedNonce {
  nonce: bigint;
  /** Recomputed distance; null when the nonce was not run (duplicate or invalid). */
  distance: number | null;
  pass: boolean;
}

export interface VerifiedParticipant {
  address: string;
  results: VerifiedNonce[];
  /** Set when this participant could not be verified at all (e.g. its key is not a curve point). */
  error?: string;
}

export type FromVerifyWorker =
  { type: 'done'; participants: VerifiedParticipant[] } | { type: 'error'; message: string };
