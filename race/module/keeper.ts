import type { Context } from '../../chain/app/context.js';
import { toBech32 } from '../../chain/crypto/address.js';
import { fromUtf8, prefixEnd, readU64Key, utf8, type KVStore } from '../../chain/store/kv.js';
import { decodeBeaconState, encodeBeaconState, type BeaconState } from '../beacon/index.js';
import {
  Assignment,
  Params,
  Participant,
  ProofSummary,
  ValidationOutcome,
} from '../../proto/gen/race/race/v1/types.js';
import type { Conviction, Verdict } from './dispute/types.js';
import {
  RACE_STORE_KEY,
  RacePrefix,
  assignmentKey,
  checkReportKey,
  claimPlanKey,
  convictionKey,
  reverifyVoteKey,
  assignmentPrefix,
  consensusIndexKey,
  nonceKey,
  noncePrefix,
  outcomeKey,
  participantKey,
  proofSummaryKey,
  proofSummaryPrefix,
  single,
  validatorSetKey,
} from './keys.js';
import { DEV_RACE_PARAMS, type RaceParams } from './params.js';
import type { EpochRecord } from './timeline.js';
import { consensusAddress } from './keys-crypto.js';
import type { FeeBank } from './registration-fee.js';

function* scan(kv: KVStore, prefix: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  yield* kv.iterate(prefix, prefixEnd(prefix));
}

/** A claim's committee as stored: sampled nonces (decimal), their checkers, and (after the check window) the disputed ones. */
export interface StoredPlan {
  epoch: bigint;
  claimant: string;
  value: bigint;
  items: string[];
  checkers: string[][];
  disputed: string[] | null;
}

/** A party's verdicts on one claim's nonces (decimal nonce → pass/fail). */
export type StoredVerdicts = Record<string, Verdict>;

function json(v: unknown): Uint8Array {
  return utf8(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

function decodePlan(raw: Uint8Array): StoredPlan {
  const j = JSON.parse(fromUtf8(raw)) as Omit<StoredPlan, 'epoch' | 'value'> & { epoch: string; value: string };
  return { ...j, epoch: BigInt(j.epoch), value: BigInt(j.value) };
}

function u64(n: bigint): Uint8Array {
  return utf8(n.toString());
}

/** Typed access to the Race module's state; every method is a plain read or write (the logic lives elsewhere). */
export class RaceKeeper {
  /** Bank, for the registration fee (registration-fee.ts); absent in a keeper built without one (fee must be 0). */
  constructor(readonly bank?: FeeBank) {}

  kv(ctx: Context): KVStore {
    return ctx.kv(RACE_STORE_KEY);
  }

  // params
  getParams(ctx: Context): RaceParams {
    const raw = this.kv(ctx).get(single(RacePrefix.Params));
    return raw ? Params.decode(raw) : { ...DEV_RACE_PARAMS };
  }
  setParams(ctx: Context, p: RaceParams): void {
    this.kv(ctx).set(single(RacePrefix.Params), Params.encode(p).finish());
  }
  getPendingParams(ctx: Context): RaceParams | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.PendingParams));
    return raw ? Params.decode(raw) : undefined;
  }
  setPendingParams(ctx: Context, p: RaceParams | undefined): void {
    if (p) this.kv(ctx).set(single(RacePrefix.PendingParams), Params.encode(p).finish());
    else this.kv(ctx).delete(single(RacePrefix.PendingParams));
  }

  // epoch
  getEpoch(ctx: Context): EpochRecord | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.Epoch));
    if (!raw) return undefined;
    const j = JSON.parse(fromUtf8(raw)) as {
      epoch: string;
      start_height: string;
      seed: string;
      seed_fallback: boolean;
    };
    return { epoch: BigInt(j.epoch), startHeight: BigInt(j.start_height), seed: j.seed, seedFallback: j.seed_fallback };
  }
  setEpoch(ctx: Context, e: EpochRecord): void {
    const j = {
      epoch: e.epoch.toString(),
      start_height: e.startHeight.toString(),
      seed: e.seed,
      seed_fallback: e.seedFallback,
    };
    this.kv(ctx).set(single(RacePrefix.Epoch), utf8(JSON.stringify(j)));
  }

  // participants
  getParticipant(ctx: Context, address: string): Participant | undefined {
    let key: Uint8Array;
    try {
      key = participantKey(address);
    } catch {
      return undefined;
    }
    const raw = this.kv(ctx).get(key);
    return raw ? Participant.decode(raw) : undefined;
  }
  setParticipant(ctx: Context, p: Participant): void {
    const old = this.getParticipant(ctx, p.address);
    if (old && old.consensusPubKey.length === 32)
      this.kv(ctx).delete(consensusIndexKey(consensusAddress(old.consensusPubKey)));
    this.kv(ctx).set(participantKey(p.address), Participant.encode(p).finish());
    if (p.consensusPubKey.length === 32)
      this.kv(ctx).set(consensusIndexKey(consensusAddress(p.consensusPubKey)), utf8(p.address));
  }
  /** Removes a participant and its consensus-key index (pruning, prune.ts). */
  deleteParticipant(ctx: Context, address: string): void {
    const old = this.getParticipant(ctx, address);
    if (!old) return;
    if (old.consensusPubKey.length === 32)
      this.kv(ctx).delete(consensusIndexKey(consensusAddress(old.consensusPubKey)));
    this.kv(ctx).delete(participantKey(address));
  }
  /** All participants, ordered by address bytes. */
  participants(ctx: Context): Participant[] {
    return [...scan(this.kv(ctx), single(RacePrefix.Participant))].map(([, v]) => Participant.decode(v));
  }
  participantCount(ctx: Context): number {
    let n = 0;
    for (const _ of scan(this.kv(ctx), single(RacePrefix.Participant))) n++;
    return n;
  }
  participantByConsensusAddress(ctx: Context, consAddr: Uint8Array): string | undefined {
    const raw = this.kv(ctx).get(consensusIndexKey(consAddr));
    return raw ? fromUtf8(raw) : undefined;
  }

  // proofs
  hasNonce(ctx: Context, epoch: bigint, address: string, nonce: bigint): boolean {
    return this.kv(ctx).has(nonceKey(epoch, address, nonce));
  }
  addNonce(ctx: Context, epoch: bigint, address: string, nonce: bigint): void {
    this.kv(ctx).set(nonceKey(epoch, address, nonce), new Uint8Array(0));
  }
  nonces(ctx: Context, epoch: bigint, address: string): bigint[] {
    const prefix = noncePrefix(epoch, address);
    return [...scan(this.kv(ctx), prefix)].map(([k]) => readU64Key(k, k.length - 8));
  }
  getProofSummary(ctx: Context, epoch: bigint, address: string): ProofSummary | undefined {
    const raw = this.kv(ctx).get(proofSummaryKey(epoch, address));
    return raw ? ProofSummary.decode(raw) : undefined;
  }
  setProofSummary(ctx: Context, s: ProofSummary): void {
    this.kv(ctx).set(proofSummaryKey(s.epoch, s.participant), ProofSummary.encode(s).finish());
  }
  proofSummaries(ctx: Context, epoch: bigint): ProofSummary[] {
    return [...scan(this.kv(ctx), proofSummaryPrefix(epoch))].map(([, v]) => ProofSummary.decode(v));
  }
  /** Epochs that still hold proof data (for pruning and export). */
  proofEpochs(ctx: Context): bigint[] {
    const out = new Set<bigint>();
    for (const [k] of scan(this.kv(ctx), single(RacePrefix.ProofSummary))) out.add(readU64Key(k, 1));
    return [...out].sort((a, b) => (a < b ? -1 : 1));
  }
  pruneProofs(ctx: Context, epoch: bigint): void {
    const kv = this.kv(ctx);
    for (const prefix of [
      noncePrefix(epoch),
      proofSummaryPrefix(epoch),
      assignmentPrefix(epoch),
      claimPlanKey(epoch),
      checkReportKey(epoch),
      reverifyVoteKey(epoch),
    ]) {
      const keys = [...scan(kv, prefix)].map(([k]) => k);
      for (const k of keys) kv.delete(k);
    }
  }

  // assignments
  getAssignment(ctx: Context, epoch: bigint, participant: string, validator: string): Assignment | undefined {
    let key: Uint8Array;
    try {
      key = assignmentKey(epoch, participant, validator);
    } catch {
      return undefined;
    }
    const raw = this.kv(ctx).get(key);
    return raw ? Assignment.decode(raw) : undefined;
  }
  setAssignment(ctx: Context, a: Assignment): void {
    this.kv(ctx).set(assignmentKey(a.epoch, a.participant, a.validator), Assignment.encode(a).finish());
  }
  assignments(ctx: Context, epoch: bigint, participant?: string): Assignment[] {
    return [...scan(this.kv(ctx), assignmentPrefix(epoch, participant))].map(([, v]) => Assignment.decode(v));
  }

  // disputes (docs/race-security.md): plans, committee reports, re-verification votes, convictions
  setPlan(ctx: Context, p: StoredPlan): void {
    this.kv(ctx).set(claimPlanKey(p.epoch, p.claimant), json(p));
  }
  plans(ctx: Context, epoch: bigint): StoredPlan[] {
    return [...scan(this.kv(ctx), claimPlanKey(epoch))].map(([, v]) => decodePlan(v));
  }
  getPlan(ctx: Context, epoch: bigint, claimant: string): StoredPlan | undefined {
    let key: Uint8Array;
    try {
      key = claimPlanKey(epoch, claimant);
    } catch {
      return undefined;
    }
    const raw = this.kv(ctx).get(key);
    return raw ? decodePlan(raw) : undefined;
  }
  setVerdicts(
    ctx: Context,
    kind: 'check' | 'vote',
    epoch: bigint,
    claimant: string,
    party: string,
    v: StoredVerdicts,
  ): void {
    this.kv(ctx).set((kind === 'check' ? checkReportKey : reverifyVoteKey)(epoch, claimant, party), json(v));
  }
  getVerdicts(
    ctx: Context,
    kind: 'check' | 'vote',
    epoch: bigint,
    claimant: string,
    party: string,
  ): StoredVerdicts | undefined {
    const raw = this.kv(ctx).get((kind === 'check' ? checkReportKey : reverifyVoteKey)(epoch, claimant, party));
    return raw ? (JSON.parse(fromUtf8(raw)) as StoredVerdicts) : undefined;
  }
  /** party → verdicts, for one claim. */
  verdicts(ctx: Context, kind: 'check' | 'vote', epoch: bigint, claimant: string): Map<string, Map<string, Verdict>> {
    const prefix = (kind === 'check' ? checkReportKey : reverifyVoteKey)(epoch, claimant);
    const out = new Map<string, Map<string, Verdict>>();
    for (const [k, v] of scan(this.kv(ctx), prefix)) {
      const party = toBech32(k.subarray(prefix.length + 1, prefix.length + 1 + k[prefix.length]!));
      out.set(party, new Map(Object.entries(JSON.parse(fromUtf8(v)) as StoredVerdicts)));
    }
    return out;
  }
  addConviction(ctx: Context, c: Conviction): void {
    this.kv(ctx).set(convictionKey(c.participant, c.epoch, c.kind), json(c));
  }
  convictions(ctx: Context, participant?: string): Conviction[] {
    const prefix = participant ? convictionKey(participant) : single(RacePrefix.Conviction);
    return [...scan(this.kv(ctx), prefix)].map(([, v]) => {
      const j = JSON.parse(fromUtf8(v)) as Omit<Conviction, 'epoch' | 'exclusionEpochs'> & {
        epoch: string;
        exclusionEpochs: string;
      };
      return { ...j, epoch: BigInt(j.epoch), exclusionEpochs: BigInt(j.exclusionEpochs) };
    });
  }
  deleteConviction(ctx: Context, c: Conviction): void {
    this.kv(ctx).delete(convictionKey(c.participant, c.epoch, c.kind));
  }
  /** Raw dispute entries (prefixes 0x0d..0x11), for genesis export/import: keys hex, values the stored JSON. */
  disputeEntries(ctx: Context): Array<{ key: string; value: string }> {
    const out: Array<{ key: string; value: string }> = [];
    for (const p of [
      RacePrefix.DisputeBeacon,
      RacePrefix.ClaimPlan,
      RacePrefix.CheckReport,
      RacePrefix.ReverifyVote,
      RacePrefix.Conviction,
    ]) {
      for (const [k, v] of scan(this.kv(ctx), single(p)))
        out.push({ key: Buffer.from(k).toString('hex'), value: fromUtf8(v) });
    }
    return out;
  }
  setDisputeEntry(ctx: Context, e: { key: string; value: string }): void {
    const k = Uint8Array.from(Buffer.from(e.key, 'hex'));
    if (k.length === 0 || k[0]! < RacePrefix.DisputeBeacon || k[0]! > RacePrefix.Conviction)
      throw new Error(`dispute entry key ${e.key} is outside the dispute prefixes`);
    JSON.parse(e.value); // refuses malformed values before anything is written
    this.kv(ctx).set(k, utf8(e.value));
  }

  // outcomes
  setOutcome(ctx: Context, o: ValidationOutcome): void {
    this.kv(ctx).set(outcomeKey(o.participant), ValidationOutcome.encode(o).finish());
  }
  getOutcome(ctx: Context, address: string): ValidationOutcome | undefined {
    const raw = this.kv(ctx).get(outcomeKey(address));
    return raw ? ValidationOutcome.decode(raw) : undefined;
  }
  outcomes(ctx: Context): ValidationOutcome[] {
    return [...scan(this.kv(ctx), single(RacePrefix.Outcome))].map(([, v]) => ValidationOutcome.decode(v));
  }
  clearOutcomes(ctx: Context): void {
    const kv = this.kv(ctx);
    const keys = [...scan(kv, single(RacePrefix.Outcome))].map(([k]) => k);
    for (const k of keys) kv.delete(k);
  }

  // beacon
  getBeacon(ctx: Context): BeaconState | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.Beacon));
    return raw ? decodeBeaconState(fromUtf8(raw)) : undefined;
  }
  getBeaconJson(ctx: Context): string | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.Beacon));
    return raw ? fromUtf8(raw) : undefined;
  }
  setBeacon(ctx: Context, s: BeaconState | undefined): void {
    if (s) this.kv(ctx).set(single(RacePrefix.Beacon), utf8(encodeBeaconState(s)));
    else this.kv(ctx).delete(single(RacePrefix.Beacon));
  }

  getDisputeBeacon(ctx: Context): BeaconState | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.DisputeBeacon));
    return raw ? decodeBeaconState(fromUtf8(raw)) : undefined;
  }
  getDisputeBeaconJson(ctx: Context): string | undefined {
    const raw = this.kv(ctx).get(single(RacePrefix.DisputeBeacon));
    return raw ? fromUtf8(raw) : undefined;
  }
  setDisputeBeacon(ctx: Context, s: BeaconState | undefined): void {
    if (s) this.kv(ctx).set(single(RacePrefix.DisputeBeacon), utf8(encodeBeaconState(s)));
    else this.kv(ctx).delete(single(RacePrefix.DisputeBeacon));
  }

  // validator set last sent to consensus
  validatorSet(ctx: Context): Array<{ consensusPubKey: Uint8Array; power: bigint }> {
    return [...scan(this.kv(ctx), single(RacePrefix.ValidatorSet))].map(([k, v]) => ({
      consensusPubKey: k.slice(1),
      power: BigInt(fromUtf8(v)),
    }));
  }
  setValidatorPower(ctx: Context, consensusPubKey: Uint8Array, power: bigint): void {
    if (power === 0n) this.kv(ctx).delete(validatorSetKey(consensusPubKey));
    else this.kv(ctx).set(validatorSetKey(consensusPubKey), u64(power));
  }
}
