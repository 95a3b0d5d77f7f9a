import type { Context } from '../../chain/app/context.js';
import type { MsgServiceRouter } from '../../chain/app/router.js';
import { addressBytesFromSecp256k1, fromBech32Checked, isValidAddress, toBech32 } from '../../chain/crypto/address.js';
import { compareBytes } from '../../chain/types/bytes.js';
import { fromUtf8, prefixEnd, utf8 } from '../../chain/store/kv.js';
import { event } from '../../chain/types/events.js';
import type { Participant } from '../../proto/gen/race/race/v1/types.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';
import { RacePrefix, operatedByKey, operatorOfKey, retiredHotKeyKey, single } from './keys.js';
import { checkParticipantKeys } from './participants.js';

/**
 * Operator (cold) addresses, like a Cosmos validator's operator address. A participant's account is its node's hot
 * key (config/race_key.json), which signs duties all the time; its operator is a separate key (keyring, Ledger) whose
 * governance votes, price votes and reward withdrawals count with the participant's weight. The hot key's own votes
 * count 0, so a stolen hot key can neither vote nor move rewards, nor replace an operator once one is set.
 * docs/race-module.md "Operator address" states the rules; this file is their one implementation.
 */
export interface OperatorLink {
  participant: string;
  operator: string;
}

const json = (l: OperatorLink) => utf8(JSON.stringify({ participant: l.participant, operator: l.operator }));
const parse = (raw: Uint8Array) => JSON.parse(fromUtf8(raw)) as OperatorLink;

function* links(ctx: Context, keeper: RaceKeeper, prefix: Uint8Array): Generator<OperatorLink> {
  for (const [, v] of keeper.kv(ctx).iterate(prefix, prefixEnd(prefix))) yield parse(v);
}

/** The operator a participant named (none until set; genesis may set it). */
export function storedOperator(ctx: Context, keeper: RaceKeeper, participant: string): string | undefined {
  if (!isValidAddress(participant)) return undefined;
  const raw = keeper.kv(ctx).get(operatorOfKey(participant));
  return raw ? parse(raw).operator : undefined;
}

/**
 * The address that votes and withdraws for `p`: its operator, or, for a keyless genesis weight holder (it never
 * signs duties, so its key is not a hot key), its own address. A racing participant without an operator has none:
 * its weight votes nowhere until the operator is set.
 */
export function voterOf(p: Participant, stored: string | undefined): string | undefined {
  return stored ?? (p.pubKey.length === 0 ? p.address : undefined);
}

/** The participants (hot keys, retired ones included) an operator runs, ordered by address bytes. */
export function operatedBy(ctx: Context, keeper: RaceKeeper, operator: string): string[] {
  if (!isValidAddress(operator)) return [];
  const prefix = operatedByKey(operator);
  return [...keeper.kv(ctx).iterate(prefix, prefixEnd(prefix))].map(([, v]) => fromUtf8(v));
}

export function isRetiredHotKey(ctx: Context, keeper: RaceKeeper, address: string): boolean {
  return isValidAddress(address) && keeper.kv(ctx).has(retiredHotKeyKey(address));
}

/** The Race weight in force that `address` votes with in gov and pricing: 0 for a hot key. */
export function votingWeightOf(ctx: Context, keeper: RaceKeeper, address: string): bigint {
  let w = 0n;
  for (const a of operatedBy(ctx, keeper, address)) w += keeper.getParticipant(ctx, a)?.weight ?? 0n;
  const own = keeper.getParticipant(ctx, address);
  if (own && voterOf(own, storedOperator(ctx, keeper, address)) === address) w += own.weight;
  return w;
}

/** Voters with positive weight (an operator of several nodes once, with their sum), ordered by address bytes. */
export function votingWeights(ctx: Context, keeper: RaceKeeper): Array<{ address: string; weight: bigint }> {
  const sums = new Map<string, bigint>();
  for (const p of keeper.participants(ctx)) {
    if (p.weight <= 0n) continue;
    const voter = voterOf(p, storedOperator(ctx, keeper, p.address));
    if (voter !== undefined) sums.set(voter, (sums.get(voter) ?? 0n) + p.weight);
  }
  return [...sums]
    .map(([address, weight]) => ({ address, weight }))
    .sort((a, b) => compareBytes(fromBech32Checked(a.address), fromBech32Checked(b.address)));
}

/**
 * Who may withdraw a participant's rewards: its operator only (a keyless genesis holder: itself), never the hot key.
 * The rewards code calls this and nothing else; a retired hot key's record still pays its operator.
 */
export function mayWithdrawRewards(ctx: Context, keeper: RaceKeeper, participant: string, signer: string): boolean {
  const p = keeper.getParticipant(ctx, participant);
  if (!p) return false;
  return voterOf(p, storedOperator(ctx, keeper, participant)) === signer;
}

/** Refuses a duty signed by a retired hot key (every duty message runs this first). */
export function assertMaySignDuty(ctx: Context, keeper: RaceKeeper, signer: string): void {
  if (isRetiredHotKey(ctx, keeper, signer))
    throw RaceErrors.RetiredHotKey.wrap(`${signer} was rotated away by its operator and signs no duty`);
}

/** An operator never races: its key would then sign duties, which is what the operator is kept apart from. */
export function assertNotOperator(ctx: Context, keeper: RaceKeeper, address: string): void {
  if (operatedBy(ctx, keeper, address).length > 0)
    throw RaceErrors.InvalidKey.wrap(`${address} is an operator; a hot key must be a key of its own`);
}

/**
 * Drops a participant's operator link (for whatever removes participant records, e.g. pruning); a retired mark stays,
 * so a retired hot key can never come back.
 */
export function forgetOperatorLink(ctx: Context, keeper: RaceKeeper, participant: string): void {
  const op = storedOperator(ctx, keeper, participant);
  if (op === undefined) return;
  keeper.kv(ctx).delete(operatedByKey(op, participant));
  keeper.kv(ctx).delete(operatorOfKey(participant));
}

/** A router that runs assertMaySignDuty before each duty message's handler. */
export function guardRetiredHotKeys(
  router: Pick<MsgServiceRouter, 'register'>,
  keeper: RaceKeeper,
): Pick<MsgServiceRouter, 'register'> {
  return {
    register: (route) =>
      router.register(
        route.duty
          ? {
              ...route,
              handler: (ctx, m) => {
                for (const s of route.getSigners(m)) assertMaySignDuty(ctx, keeper, s);
                return route.handler(ctx, m);
              },
            }
          : route,
      ),
  };
}

/** An operator is a plain account: never a participant (hot key), never a retired hot key, never the node itself. */
function checkOperatorAddress(ctx: Context, keeper: RaceKeeper, participant: string, operator: string): void {
  if (!isValidAddress(operator)) throw RaceErrors.InvalidOperator.wrap(`${JSON.stringify(operator)} is not an address`);
  if (operator === participant) throw RaceErrors.InvalidOperator.wrap('the operator must not be the hot key itself');
  if (keeper.getParticipant(ctx, operator))
    throw RaceErrors.InvalidOperator.wrap(`${operator} is a participant (a hot key); an operator must not race`);
  if (isRetiredHotKey(ctx, keeper, operator)) throw RaceErrors.InvalidOperator.wrap(`${operator} is a retired hot key`);
}

function link(ctx: Context, keeper: RaceKeeper, participant: string, operator: string): void {
  const kv = keeper.kv(ctx);
  const old = storedOperator(ctx, keeper, participant);
  if (old !== undefined) kv.delete(operatedByKey(old, participant));
  kv.set(operatorOfKey(participant), json({ participant, operator }));
  kv.set(operatedByKey(operator, participant), utf8(participant));
}

/**
 * MsgSetOperator: the current operator may hand the participant to another operator; while none is set, the
 * participant's own key may name one, once. So a stolen hot key cannot replace an operator that is already set.
 */
export function setOperator(
  ctx: Context,
  keeper: RaceKeeper,
  signer: string,
  participant: string,
  operator: string,
): void {
  if (!keeper.getParticipant(ctx, participant))
    throw RaceErrors.NotParticipant.wrap(`${participant} is not a race participant`);
  if (isRetiredHotKey(ctx, keeper, participant))
    throw RaceErrors.RetiredHotKey.wrap(`${participant} is retired; its operator stays the one that retired it`);
  const current = storedOperator(ctx, keeper, participant);
  if (current !== undefined && signer !== current)
    throw RaceErrors.NotOperator.wrap(`the operator of ${participant} is ${current}; only it may change it`);
  if (current === undefined && signer !== participant)
    throw RaceErrors.NotOperator.wrap(`${participant} has no operator yet; only ${participant} may name one`);
  checkOperatorAddress(ctx, keeper, participant, operator);
  link(ctx, keeper, participant, operator);
  ctx.events.emit(
    event('race_operator_set', [
      ['participant', participant],
      ['operator', operator],
      ['previous', current ?? ''],
    ]),
  );
}

/** MsgRegisterParticipant's operator: the hot key's one naming (a repeat of the same operator changes nothing). */
export function nameOperatorAtRegistration(ctx: Context, keeper: RaceKeeper, participant: string, operator: string) {
  if (storedOperator(ctx, keeper, participant) === operator) return;
  setOperator(ctx, keeper, participant, participant, operator);
}

/**
 * MsgRotateHotKey, signed by the operator: the old hot key is retired (no duty from it is accepted again) and a fresh
 * participant for the new key takes over its weight in force and consensus key, under the same operator. The old
 * record keeps its in-flight proofs and convictions (checked and applied as usual; weight it earns later still
 * counts for the operator); the new one starts with reputation 0, so rotating never launders a record.
 */
export function rotateHotKey(
  ctx: Context,
  keeper: RaceKeeper,
  signer: string,
  participant: string,
  newPubKey: Uint8Array,
): string {
  const p = keeper.getParticipant(ctx, participant);
  if (!p) throw RaceErrors.NotParticipant.wrap(`${participant} is not a race participant`);
  if (isRetiredHotKey(ctx, keeper, participant))
    throw RaceErrors.RetiredHotKey.wrap(`${participant} is already retired`);
  const operator = storedOperator(ctx, keeper, participant);
  if (operator === undefined || signer !== operator)
    throw RaceErrors.NotOperator.wrap(
      operator === undefined
        ? `${participant} has no operator; set one first (MsgSetOperator)`
        : `only the operator ${operator} may rotate the hot key of ${participant}`,
    );
  if (p.pubKey.length === 0)
    throw RaceErrors.InvalidKey.wrap(`${participant} has no hot key to rotate; it registers one instead`);
  if (newPubKey.length !== 33)
    throw RaceErrors.InvalidKey.wrap(`new_pub_key must be a 33-byte compressed secp256k1 key, got ${newPubKey.length}`);
  const next = toBech32(addressBytesFromSecp256k1(newPubKey));
  checkParticipantKeys(next, newPubKey, p.consensusPubKey, p.consensusPubKey.length === 0);
  if (keeper.getParticipant(ctx, next) || isRetiredHotKey(ctx, keeper, next))
    throw RaceErrors.InvalidKey.wrap(`${next} is already a participant or a retired hot key`);
  if (next === operator) throw RaceErrors.InvalidKey.wrap('the new hot key must not be the operator');
  assertNotOperator(ctx, keeper, next);
  const epoch = keeper.getEpoch(ctx)?.epoch ?? 0n;
  // A conviction still to run out would not follow a fresh record: refuse rather than let rotation escape it.
  const pending = keeper.convictions(ctx, participant).find((c) => c.epoch + c.exclusionEpochs >= epoch);
  if (pending)
    throw RaceErrors.NotOperator.wrap(
      `${participant} is convicted (${pending.kind}, epoch ${pending.epoch}); its hot key rotates after epoch ${pending.epoch + pending.exclusionEpochs}`,
    );
  const max = keeper.getParams(ctx).maxParticipants;
  if (keeper.participantCount(ctx) >= max)
    throw RaceErrors.TooManyParticipants.wrap(`${max} participants are registered`);

  // Old record first, so the consensus index moves to the new one.
  keeper.setParticipant(ctx, { ...p, weight: 0n, consensusPubKey: new Uint8Array(0) });
  keeper.setParticipant(ctx, {
    ...p,
    address: next,
    pubKey: Uint8Array.from(newPubKey),
    reputation: 0n,
    registeredHeight: BigInt(ctx.block.height),
    missedValidations: 0n,
    failedEpochs: 0n,
    doubleSignCount: 0n,
  });
  link(ctx, keeper, next, operator);
  keeper.kv(ctx).set(retiredHotKeyKey(participant), json({ participant, operator }));
  ctx.events.emit(
    event('race_hot_key_rotated', [
      ['operator', operator],
      ['retired', participant],
      ['participant', next],
      ['weight', p.weight.toString()],
    ]),
  );
  return next;
}

/** Genesis JSON of the operator state (import and export are exact inverses). */
export interface OperatorGenesis {
  operators?: OperatorLink[];
  retired_hot_keys?: OperatorLink[];
}

export function exportOperators(ctx: Context, keeper: RaceKeeper): Required<OperatorGenesis> {
  return {
    operators: [...links(ctx, keeper, operatorOfKey())],
    retired_hot_keys: [...links(ctx, keeper, retiredHotKeyKey())],
  };
}

/** Imports after the participants; the same rules as the messages, so a genesis cannot hold what a tx could not make. */
export function importOperators(ctx: Context, keeper: RaceKeeper, g: OperatorGenesis): void {
  const seen = new Set<string>();
  for (const l of g.operators ?? []) {
    const where = `race genesis operators: ${JSON.stringify(l)}`;
    if (!l || typeof l.participant !== 'string' || typeof l.operator !== 'string')
      throw new Error(`${where}: needs participant and operator`);
    if (!keeper.getParticipant(ctx, l.participant)) throw new Error(`${where}: unknown participant`);
    if (seen.has(l.participant)) throw new Error(`${where}: participant listed twice`);
    seen.add(l.participant);
    try {
      checkOperatorAddress(ctx, keeper, l.participant, l.operator);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
    }
    link(ctx, keeper, l.participant, l.operator);
  }
  for (const l of g.retired_hot_keys ?? []) {
    const where = `race genesis retired_hot_keys: ${JSON.stringify(l)}`;
    if (!l || !isValidAddress(l.participant) || !isValidAddress(l.operator))
      throw new Error(`${where}: needs participant and operator addresses`);
    keeper.kv(ctx).set(retiredHotKeyKey(l.participant), json(l));
  }
}

/** Invariant: the two operator indexes agree, and no operator is a participant. */
export function operatorIndexError(ctx: Context, keeper: RaceKeeper): string | undefined {
  const forward = [...links(ctx, keeper, operatorOfKey())];
  let reverse = 0;
  for (const l of forward) {
    if (!operatedBy(ctx, keeper, l.operator).includes(l.participant))
      return `${l.participant} names operator ${l.operator}, which does not list it`;
    if (keeper.getParticipant(ctx, l.operator)) return `operator ${l.operator} is a participant`;
  }
  const prefix = single(RacePrefix.OperatedBy);
  for (const _ of keeper.kv(ctx).iterate(prefix, prefixEnd(prefix))) reverse++;
  if (reverse !== forward.length) return `${reverse} operated-by entries for ${forward.length} operator links`;
  return undefined;
}

/** What QueryOperator shows for `address`: the participant it is (if any) and the participants it operates. */
export function operatorView(
  ctx: Context,
  keeper: RaceKeeper,
  address: string,
): { links: Array<OperatorLink & { retired: boolean; weight: bigint }>; votingWeight: bigint } {
  const names = new Set<string>(operatedBy(ctx, keeper, address));
  if (keeper.getParticipant(ctx, address)) names.add(address);
  const links = [...names].map((participant) => {
    const p = keeper.getParticipant(ctx, participant);
    return {
      participant,
      operator: (p ? voterOf(p, storedOperator(ctx, keeper, participant)) : undefined) ?? '',
      retired: isRetiredHotKey(ctx, keeper, participant),
      weight: p?.weight ?? 0n,
    };
  });
  return { links, votingWeight: votingWeightOf(ctx, keeper, address) };
}
