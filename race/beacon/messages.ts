import { parseHex } from './bytes.js';
import { DLEQ_PROOF_BYTES } from './dleq.js';
import { AEAD_TAG_BYTES } from './ecies.js';
import { fail } from './errors.js';
import { validateAddress } from './group.js';
import { MAX_GROUP_MEMBERS, MAX_SHARE_POINTS } from './params.js';

/** Byte fields are lowercase hex, so messages, state and events stay JSON-safe. */
export type Hex = string;

/** One member's share points of the dealer's secret, encrypted to that member's key. */
export interface EncryptedShares {
  recipient: string;
  /** 33-byte compressed ephemeral public key R = k·G. */
  ephemeralPubKey: Hex;
  /** ChaCha20-Poly1305 of the recipient's share values (32 bytes each, in index order) + 16-byte tag. */
  ciphertext: Hex;
}

export interface MsgBeaconCommit {
  kind: 'commit';
  epoch: number;
  dealer: string;
  /** H(commit-domain ‖ epoch ‖ dealer ‖ secret), 32 bytes. */
  commitment: Hex;
  /** Feldman commitments a_j·G (33-byte compressed), exactly thresholdPoints of them; [0] = secret·G. */
  feldman: Hex[];
  /** One entry per other member holding at least one point. */
  shares: EncryptedShares[];
}

export interface MsgBeaconReveal {
  kind: 'reveal';
  epoch: number;
  dealer: string;
  /** The 32-byte secret, a scalar in [1, n). */
  secret: Hex;
}

export interface MsgBeaconShare {
  kind: 'share';
  epoch: number;
  member: string;
  dealer: string;
  /** The member's decrypted share values (32 bytes each) for all its points, in index order. */
  values: Hex[];
}

export interface MsgBeaconComplaint {
  kind: 'complaint';
  epoch: number;
  complainer: string;
  dealer: string;
  /** sk·R for the complainer's ciphertext (33 bytes): anyone can re-derive the key and decrypt. */
  sharedPoint: Hex;
  /** 64-byte Chaum–Pedersen proof (c ‖ z) that sharedPoint uses the complainer's registered key. */
  proof: Hex;
}

export type BeaconMsg = MsgBeaconCommit | MsgBeaconReveal | MsgBeaconShare | MsgBeaconComplaint;

function record(raw: unknown, what: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('malformed', `${what} must be an object`);
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail('malformed', `${what} has unknown field ${k}`);
  return obj;
}

function epochOf(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail('malformed', 'epoch must be a non-negative integer');
  return v;
}

function hexField(v: unknown, what: string, length: number): Hex {
  parseHex(v, what, length);
  return v as Hex;
}

function list(v: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail('malformed', `${what} must be an array`);
  if (v.length > max) fail('malformed', `${what} has more than ${max} entries`);
  return v;
}

function ciphertextField(v: unknown, what: string): Hex {
  const bytes = parseHex(v, what);
  const body = bytes.length - AEAD_TAG_BYTES;
  if (body < 32 || body % 32 !== 0 || body > 32 * MAX_SHARE_POINTS) {
    fail('malformed', `${what} must be a whole number of 32-byte shares plus a ${AEAD_TAG_BYTES}-byte tag`);
  }
  return v as Hex;
}

/** Structural validation of an untrusted message; returns a fresh copy holding only known fields. */
export function parseBeaconMsg(raw: unknown): BeaconMsg {
  if (typeof raw !== 'object' || raw === null) fail('malformed', 'beacon message must be an object');
  const kind = (raw as { kind?: unknown }).kind;
  switch (kind) {
    case 'commit': {
      const m = record(raw, 'MsgBeaconCommit', ['kind', 'epoch', 'dealer', 'commitment', 'feldman', 'shares']);
      return {
        kind,
        epoch: epochOf(m.epoch),
        dealer: validateAddress(m.dealer, 'dealer'),
        commitment: hexField(m.commitment, 'commitment', 32),
        feldman: list(m.feldman, 'feldman', MAX_SHARE_POINTS).map((c, i) => hexField(c, `feldman[${i}]`, 33)),
        shares: list(m.shares, 'shares', MAX_GROUP_MEMBERS).map((s, i) => {
          const e = record(s, `shares[${i}]`, ['recipient', 'ephemeralPubKey', 'ciphertext']);
          return {
            recipient: validateAddress(e.recipient, `shares[${i}].recipient`),
            ephemeralPubKey: hexField(e.ephemeralPubKey, `shares[${i}].ephemeralPubKey`, 33),
            ciphertext: ciphertextField(e.ciphertext, `shares[${i}].ciphertext`),
          };
        }),
      };
    }
    case 'reveal': {
      const m = record(raw, 'MsgBeaconReveal', ['kind', 'epoch', 'dealer', 'secret']);
      return {
        kind,
        epoch: epochOf(m.epoch),
        dealer: validateAddress(m.dealer, 'dealer'),
        secret: hexField(m.secret, 'secret', 32),
      };
    }
    case 'share': {
      const m = record(raw, 'MsgBeaconShare', ['kind', 'epoch', 'member', 'dealer', 'values']);
      return {
        kind,
        epoch: epochOf(m.epoch),
        member: validateAddress(m.member, 'member'),
        dealer: validateAddress(m.dealer, 'dealer'),
        values: list(m.values, 'values', MAX_SHARE_POINTS).map((v, i) => hexField(v, `values[${i}]`, 32)),
      };
    }
    case 'complaint': {
      const m = record(raw, 'MsgBeaconComplaint', ['kind', 'epoch', 'complainer', 'dealer', 'sharedPoint', 'proof']);
      return {
        kind,
        epoch: epochOf(m.epoch),
        complainer: validateAddress(m.complainer, 'complainer'),
        dealer: validateAddress(m.dealer, 'dealer'),
        sharedPoint: hexField(m.sharedPoint, 'sharedPoint', 33),
        proof: hexField(m.proof, 'proof', DLEQ_PROOF_BYTES),
      };
    }
    default:
      fail('malformed', `unknown beacon message kind ${JSON.stringify(kind)}`);
  }
}
