/**
 * Well-formed but hostile messages for the ante target: the Race duty messages and a bank send built field by field
 * with fast-check (edge bigints, odd sizes of keys and ciphertexts, unsorted or duplicate nonces, addresses that are
 * someone else's or not addresses at all). Encoded and signed properly, they reach the message handlers themselves.
 */
import type { EncodeObject } from '@cosmjs/proto-signing';
import fc from 'fast-check';
import { MsgSend } from 'cosmjs-types/cosmos/bank/v1beta1/tx';
import { RACE_URLS } from '../../../race/module/client/msgs.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
  MsgRegisterParticipant,
  MsgSubmitProofBatch,
  MsgSubmitValidation,
} from '../../../proto/gen/race/race/v1/tx.js';
import { TRICKY_STRINGS } from './text-input.js';

const U64_MAX = 2n ** 64n - 1n;
const u64 = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 3n, 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, U64_MAX),
  fc.bigInt({ min: 0n, max: U64_MAX }),
);
const epoch = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0n, 1n, 2n) }, { weight: 1, arbitrary: u64 });
const bytes = fc.oneof(
  fc.constantFrom(0, 1, 31, 32, 33, 48, 64, 65, 200).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
  fc.uint8Array({ maxLength: 80 }),
);
const numberText = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS.filter((s) => s.length < 40)),
  fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }).map(String),
);

/** Message arbitraries whose signer is `signer` (so the signature checks pass) and which name `other` where a second party goes. */
export function dutyMsgArb(signer: string, other: string): fc.Arbitrary<EncodeObject> {
  const party = fc.oneof(
    { weight: 4, arbitrary: fc.constant(other) },
    { weight: 2, arbitrary: fc.constant(signer) },
    { weight: 1, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  );
  const msg = <T>(typeUrl: string, codec: { fromPartial(v: object): T }, fields: fc.Arbitrary<object>) =>
    fields.map((v): EncodeObject => ({ typeUrl, value: codec.fromPartial(v) }));
  return fc.oneof(
    msg(
      RACE_URLS.registerParticipant,
      MsgRegisterParticipant,
      fc.record({ participant: fc.constant(signer), pubKey: bytes, consensusPubKey: bytes }),
    ),
    msg(
      RACE_URLS.submitProofBatch,
      MsgSubmitProofBatch,
      fc.record({ participant: fc.constant(signer), epoch, nonces: fc.array(u64, { maxLength: 12 }) }),
    ),
    msg(
      RACE_URLS.submitValidation,
      MsgSubmitValidation,
      fc.record({
        validator: fc.constant(signer),
        epoch,
        participant: party,
        findings: fc.array(fc.record({ nonce: u64, pass: fc.boolean(), distance: numberText }), { maxLength: 6 }),
      }),
    ),
    msg(
      RACE_URLS.beaconCommit,
      MsgBeaconCommit,
      fc.record({
        dealer: fc.constant(signer),
        epoch,
        commitment: bytes,
        feldman: fc.array(bytes, { maxLength: 5 }),
        shares: fc.array(fc.record({ recipient: party, ephemeralPubKey: bytes, ciphertext: bytes }), { maxLength: 4 }),
      }),
    ),
    msg(
      RACE_URLS.beaconComplaint,
      MsgBeaconComplaint,
      fc.record({ complainer: fc.constant(signer), epoch, dealer: party, sharedPoint: bytes, proof: bytes }),
    ),
    msg(RACE_URLS.beaconReveal, MsgBeaconReveal, fc.record({ dealer: fc.constant(signer), epoch, secret: bytes })),
    msg(
      RACE_URLS.beaconShare,
      MsgBeaconShare,
      fc.record({ member: fc.constant(signer), epoch, dealer: party, values: fc.array(bytes, { maxLength: 5 }) }),
    ),
    msg(
      '/cosmos.bank.v1beta1.MsgSend',
      MsgSend,
      fc.record({
        fromAddress: fc.constant(signer),
        toAddress: party,
        amount: fc.array(
          fc.record({ denom: fc.oneof(fc.constant('nicoin'), fc.string({ maxLength: 130 })), amount: numberText }),
          { maxLength: 3 },
        ),
      }),
    ),
  );
}
