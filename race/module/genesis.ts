import { sha256 } from '@noble/hashes/sha2.js';
import type { ValidatorUpdate } from '../../chain/abci.js';
import type { Context } from '../../chain/app/context.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { utf8 } from '../../chain/store/kv.js';
import { concatBytes, toBase64, toHexLower } from '../../chain/types/bytes.js';
import { snakeKeys } from '../../chain/util/json-case.js';
import { decodeBeaconState } from '../beacon/index.js';
import { Assignment, Params, Participant, ValidationOutcome } from '../../proto/gen/race/race/v1/types.js';
import type { RaceKeeper } from './keeper.js';
import { DEV_RACE_PARAMS, validateRaceParams } from './params.js';
import { checkParticipantKeys } from './participants.js';
import { exportOperators, importOperators, type OperatorGenesis } from './operator.js';
import { checkBatchShape } from './proofs.js';
import { exportSpamEntries, importSpamEntry } from './spam-genesis.js';
import { selectValidatorSet, validatorSetDiff } from './validator-set.js';

/**
 * The genesis JSON (snake_case as the SDK writes it; 64-bit integers as strings, keys base64, seeds hex). A fresh
 * genesis needs only params, participants (epoch-0 weights) and optionally seed; the rest is runtime state that
 * export writes so that import is its exact inverse.
 */
export interface RaceGenesis extends OperatorGenesis {
  params: Record<string, unknown>;
  participants: Array<Record<string, unknown>>;
  /** 32-byte hex seed of epoch 0; "" = sha256("race/v1/genesis-seed" ‖ 0x00 ‖ chain id). */
  seed: string;
  epoch?: { epoch: string; start_height: string; seed: string; seed_fallback: boolean } | null;
  pending_params?: Record<string, unknown> | null;
  proofs?: Array<{ epoch: string; participant: string; last_height: string; nonces: string[] }>;
  assignments?: Array<Record<string, unknown>>;
  outcomes?: Array<Record<string, unknown>>;
  /** race/beacon's canonical BeaconState JSON text. */
  beacon?: string | null;
  validator_set?: Array<{ consensus_pub_key: string; power: string }>;
  /** Dispute state as stored (dispute beacon, plans, reports, votes, convictions): hex key → JSON text, exact. */
  disputes?: Array<{ key: string; value: string }>;
  /** Idle marks (pruning) and the block intake counter as stored: hex key → value, exact (spam-genesis.ts). */
  spam?: Array<{ key: string; value: string }>;
}

export function defaultRaceGenesis(): RaceGenesis {
  return { params: snakeKeys(Params.toJSON(DEV_RACE_PARAMS)) as Record<string, unknown>, participants: [], seed: '' };
}

function genesisSeed(chainId: string): string {
  return toHexLower(sha256(concatBytes(utf8('race/v1/genesis-seed'), Uint8Array.of(0), utf8(chainId))));
}

const HEX32 = /^[0-9a-f]{64}$/;
const UINT = /^(0|[1-9][0-9]{0,19})$/;

function uint(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !UINT.test(v))
    throw new Error(`${what} must be an unsigned integer string, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

function b64(v: string): Uint8Array {
  return Uint8Array.from(Buffer.from(v, 'base64'));
}

export function initRaceGenesis(ctx: Context, keeper: RaceKeeper, raw: unknown): ValidatorUpdate[] {
  const g = raw as RaceGenesis;
  if (!g || typeof g !== 'object' || !g.params) throw new Error('race genesis must be an object with params');
  // Older exports carry `excluded` (always [] unless a double sign was pending): refuse to drop a pending one silently.
  const legacy = (g as { excluded?: unknown }).excluded;
  if (Array.isArray(legacy) && legacy.length > 0)
    throw new Error('race genesis: `excluded` is retired; double-sign exclusions are convictions under `disputes`');
  const params = validateRaceParams(Params.fromJSON(g.params));
  keeper.setParams(ctx, params);
  if (g.pending_params) keeper.setPendingParams(ctx, validateRaceParams(Params.fromJSON(g.pending_params)));
  const seen = new Set<string>();
  for (const raw of g.participants ?? []) {
    const p = Participant.fromJSON(raw);
    if (!isValidAddress(p.address)) throw new Error(`invalid participant address ${JSON.stringify(p.address)}`);
    if (seen.has(p.address)) throw new Error(`duplicate participant ${p.address}`);
    seen.add(p.address);
    try {
      checkParticipantKeys(p.address, p.pubKey, p.consensusPubKey, true);
    } catch (e) {
      throw new Error(`participant ${p.address}: ${(e as Error).message}`, { cause: e });
    }
    keeper.setParticipant(ctx, p);
  }
  if (seen.size > params.maxParticipants)
    throw new Error(`${seen.size} participants exceed max_participants ${params.maxParticipants}`);
  const seed = g.seed === '' || g.seed === undefined ? genesisSeed(ctx.block.chainId) : g.seed;
  if (!HEX32.test(seed)) throw new Error('seed must be 32 bytes of lowercase hex (or "")');
  if (g.epoch) {
    if (!HEX32.test(g.epoch.seed)) throw new Error('epoch.seed must be 32 bytes of lowercase hex');
    keeper.setEpoch(ctx, {
      epoch: uint(g.epoch.epoch, 'epoch.epoch'),
      startHeight: uint(g.epoch.start_height, 'epoch.start_height'),
      seed: g.epoch.seed,
      seedFallback: g.epoch.seed_fallback === true,
    });
  } else {
    keeper.setEpoch(ctx, { epoch: 0n, startHeight: BigInt(ctx.block.height), seed, seedFallback: false });
  }
  for (const pr of g.proofs ?? []) {
    const epoch = uint(pr.epoch, 'proof epoch');
    const nonces = pr.nonces.map((n) => uint(n, 'nonce'));
    if (!seen.has(pr.participant)) throw new Error(`proof of unknown participant ${pr.participant}`);
    if (nonces.length > 0) checkBatchShape(nonces, nonces.length);
    for (const n of nonces) keeper.addNonce(ctx, epoch, pr.participant, n);
    keeper.setProofSummary(ctx, {
      participant: pr.participant,
      epoch,
      nonceCount: BigInt(nonces.length),
      lastHeight: uint(pr.last_height, 'proof last_height'),
    });
  }
  for (const a of g.assignments ?? []) keeper.setAssignment(ctx, Assignment.fromJSON(a));
  for (const o of g.outcomes ?? []) keeper.setOutcome(ctx, ValidationOutcome.fromJSON(o));
  if (g.beacon) keeper.setBeacon(ctx, decodeBeaconState(g.beacon));
  for (const d of g.disputes ?? []) keeper.setDisputeEntry(ctx, d);
  importOperators(ctx, keeper, g);
  for (const e of g.spam ?? []) importSpamEntry(ctx, keeper, e);
  if (g.validator_set) {
    // Exported chain: consensus already runs this set; nothing to update.
    for (const v of g.validator_set)
      keeper.setValidatorPower(ctx, b64(v.consensus_pub_key), uint(v.power, 'validator power'));
    return [];
  }
  const set = selectValidatorSet(
    keeper
      .participants(ctx)
      .map((p) => ({ address: p.address, weight: p.weight, consensusPubKey: p.consensusPubKey, excluded: false })),
    params.maxValidators,
  );
  const updates = validatorSetDiff([], set);
  for (const u of updates) keeper.setValidatorPower(ctx, u.consensusPubKey, u.power);
  return updates.map((u) => ({ pubKey: u.consensusPubKey, power: u.power }));
}

export function exportRaceGenesis(ctx: Context, keeper: RaceKeeper): RaceGenesis {
  const rec = keeper.getEpoch(ctx);
  const pending = keeper.getPendingParams(ctx);
  const proofs: NonNullable<RaceGenesis['proofs']> = [];
  const assignments: Array<Record<string, unknown>> = [];
  for (const epoch of keeper.proofEpochs(ctx)) {
    for (const s of keeper.proofSummaries(ctx, epoch)) {
      proofs.push({
        epoch: epoch.toString(),
        participant: s.participant,
        last_height: s.lastHeight.toString(),
        nonces: keeper.nonces(ctx, epoch, s.participant).map(String),
      });
    }
    for (const a of keeper.assignments(ctx, epoch))
      assignments.push(snakeKeys(Assignment.toJSON(a)) as Record<string, unknown>);
  }
  return {
    params: snakeKeys(Params.toJSON(keeper.getParams(ctx))) as Record<string, unknown>,
    participants: keeper.participants(ctx).map((p) => snakeKeys(Participant.toJSON(p)) as Record<string, unknown>),
    seed: rec?.seed ?? '',
    epoch: rec
      ? {
          epoch: rec.epoch.toString(),
          start_height: rec.startHeight.toString(),
          seed: rec.seed,
          seed_fallback: rec.seedFallback,
        }
      : null,
    pending_params: pending ? (snakeKeys(Params.toJSON(pending)) as Record<string, unknown>) : null,
    proofs,
    assignments,
    outcomes: keeper.outcomes(ctx).map((o) => snakeKeys(ValidationOutcome.toJSON(o)) as Record<string, unknown>),
    beacon: keeper.getBeaconJson(ctx) ?? null,
    validator_set: keeper
      .validatorSet(ctx)
      .map((v) => ({ consensus_pub_key: toBase64(v.consensusPubKey), power: v.power.toString() })),
    disputes: keeper.disputeEntries(ctx),
    ...exportOperators(ctx, keeper),
    spam: exportSpamEntries(ctx, keeper),
  };
}
