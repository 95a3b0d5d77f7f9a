import { concatBytes, toHexLower } from '../../chain/types/bytes.js';
import { parseHex } from './bytes.js';
import { sealShares } from './ecies.js';
import { fail } from './errors.js';
import { feldmanCommit } from './feldman.js';
import { pointIndices } from './group.js';
import type { MsgBeaconCommit, MsgBeaconReveal } from './messages.js';
import { decodePoint, encodePoint, randomScalar, scalarToBytes } from './scalar.js';
import { commitmentHash } from './seed.js';
import { randomPolynomial, sharesAt } from './shamir.js';
import { findMember, type BeaconState } from './state.js';

export interface BeaconRandomness {
  /** Cryptographically secure bytes (the node passes crypto.randomBytes; tests a seeded stream). */
  randomBytes(n: number): Uint8Array;
}

/** What a dealer keeps private until its reveal. */
export interface DealtSecret {
  secret: Uint8Array;
  commit: MsgBeaconCommit;
  reveal: MsgBeaconReveal;
}

/** Off-chain: a dealer's fresh secret, its commit message (escrow included) and the matching reveal. */
export function dealBeacon(state: BeaconState, dealer: string, deps: BeaconRandomness): DealtSecret {
  if (!findMember(state, dealer)) fail('not_member', `${dealer} is not in the beacon group of epoch ${state.epoch}`);
  const secretScalar = randomScalar(deps.randomBytes);
  const secret = scalarToBytes(secretScalar);
  const coeffs = randomPolynomial(secretScalar, state.thresholdPoints, deps.randomBytes);
  const shares = state.group
    .filter((m) => m.address !== dealer && m.points > 0)
    .map((m) => {
      const plaintext = concatBytes(...sharesAt(coeffs, pointIndices(m)).map((p) => scalarToBytes(p.value)));
      const sealed = sealShares(
        decodePoint(parseHex(m.pubKey, 'pubKey', 33), 'pubKey'),
        plaintext,
        { epoch: state.epoch, dealer, recipient: m.address },
        deps.randomBytes,
      );
      return {
        recipient: m.address,
        ephemeralPubKey: toHexLower(sealed.ephemeralPubKey),
        ciphertext: toHexLower(sealed.ciphertext),
      };
    });
  return {
    secret,
    commit: {
      kind: 'commit',
      epoch: state.epoch,
      dealer,
      commitment: toHexLower(commitmentHash(state.epoch, dealer, secret)),
      feldman: feldmanCommit(coeffs).map((c) => toHexLower(encodePoint(c))),
      shares,
    },
    reveal: { kind: 'reveal', epoch: state.epoch, dealer, secret: toHexLower(secret) },
  };
}
