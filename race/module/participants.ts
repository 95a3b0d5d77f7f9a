import type { Context } from '../../chain/app/context.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../chain/crypto/address.js';
import { event } from '../../chain/types/events.js';
import { nodeSeedFromPublicKey } from '../engine/seeds.js';
import type { Participant } from '../../proto/gen/race/race/v1/types.js';
import { RaceErrors } from './errors.js';
import type { RaceKeeper } from './keeper.js';
import { consensusAddress } from './keys-crypto.js';
import { chargeRegistrationFee } from './registration-fee.js';
import { toHexLower } from '../../chain/types/bytes.js';

/**
 * Checks a participant's keys: a valid 33-byte secp256k1 point whose address is `address`, and a 32-byte ed25519 key.
 * Genesis may leave either out (`optional`): a weight holder without keys votes in gov and pricing but neither races
 * nor validates nor joins the beacon group nor the consensus set until it registers.
 */
export function checkParticipantKeys(
  address: string,
  pubKey: Uint8Array,
  consensusPubKey: Uint8Array,
  optional = false,
): void {
  if (optional && pubKey.length === 0) {
    if (consensusPubKey.length !== 0 && consensusPubKey.length !== 32)
      throw RaceErrors.InvalidKey.wrap('consensus_pub_key must be empty or a 32-byte ed25519 key');
    return;
  }
  if (pubKey.length !== 33)
    throw RaceErrors.InvalidKey.wrap(`pub_key must be a 33-byte compressed secp256k1 key, got ${pubKey.length} bytes`);
  try {
    nodeSeedFromPublicKey(pubKey);
  } catch (e) {
    throw RaceErrors.InvalidKey.wrap(`pub_key is not a secp256k1 point: ${(e as Error).message}`);
  }
  const derived = toBech32(addressBytesFromSecp256k1(pubKey));
  if (derived !== address) throw RaceErrors.InvalidKey.wrap(`pub_key belongs to ${derived}, not ${address}`);
  if (optional && consensusPubKey.length === 0) return;
  if (consensusPubKey.length !== 32)
    throw RaceErrors.InvalidKey.wrap(
      `consensus_pub_key must be a 32-byte ed25519 key, got ${consensusPubKey.length} bytes`,
    );
}

function newParticipant(
  address: string,
  pubKey: Uint8Array,
  consensusPubKey: Uint8Array,
  height: bigint,
  weight = 0n,
): Participant {
  return {
    address,
    pubKey,
    consensusPubKey,
    weight,
    reputation: 0n,
    registeredHeight: height,
    missedValidations: 0n,
    failedEpochs: 0n,
    doubleSignCount: 0n,
  };
}

/** Registers a participant, or updates the consensus key of a registered one. */
export function registerParticipant(
  ctx: Context,
  keeper: RaceKeeper,
  address: string,
  pubKey: Uint8Array,
  consensusPubKey: Uint8Array,
): Participant {
  checkParticipantKeys(address, pubKey, consensusPubKey);
  const owner = keeper.participantByConsensusAddress(ctx, consensusAddress(consensusPubKey));
  if (owner !== undefined && owner !== address)
    throw RaceErrors.InvalidKey.wrap(`consensus_pub_key is already used by participant ${owner}`);
  const existing = keeper.getParticipant(ctx, address);
  let p: Participant;
  if (existing) {
    p = { ...existing, pubKey: Uint8Array.from(pubKey), consensusPubKey: Uint8Array.from(consensusPubKey) };
  } else {
    const params = keeper.getParams(ctx);
    const max = params.maxParticipants;
    if (keeper.participantCount(ctx) >= max)
      throw RaceErrors.TooManyParticipants.wrap(`${max} participants are registered`);
    chargeRegistrationFee(ctx, keeper, address, params.registrationFee);
    p = newParticipant(address, Uint8Array.from(pubKey), Uint8Array.from(consensusPubKey), BigInt(ctx.block.height));
  }
  keeper.setParticipant(ctx, p);
  ctx.events.emit(
    event('race_participant_registered', [
      ['participant', address],
      ['consensus_pub_key', toHexLower(consensusPubKey)],
      ['new', String(!existing)],
    ]),
  );
  return p;
}
