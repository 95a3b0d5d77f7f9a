import type { MsgRoute, MsgServiceRouter } from '../../chain/app/router.js';
import { assertGovAuthority } from '../../modules/gov/authority.js';
import { checkAddress } from '../../modules/gov/msg-server.js';
import { declaredCodec } from '../../chain/app/declared-route.js';
import type { MsgDecl } from '../../chain/client/module-client.js';
import {
  MsgBeaconCommitResponse,
  MsgBeaconComplaintResponse,
  MsgBeaconRevealResponse,
  MsgBeaconShareResponse,
  MsgRegisterParticipantResponse,
  MsgSubmitProofBatchResponse,
  MsgSubmitValidationResponse,
  MsgUpdateParamsResponse,
} from '../../proto/gen/race/race/v1/tx.js';
import { event } from '../../chain/types/events.js';
import { applyBeacon } from './beacon-driver.js';
import { RACE_MSGS } from './client/msgs.js';
import { RaceErrors } from './errors.js';
import { toHexLower } from '../../chain/types/bytes.js';
import type { RaceKeeper } from './keeper.js';
import { validateRaceParams } from './params.js';
import { assertNotOperator, nameOperatorAtRegistration } from './operator.js';
import { registerParticipant } from './participants.js';
import { submitProofBatch } from './proofs.js';
import { submitValidation } from './validation.js';

/** Hard caps checked before any state is read (the beacon library bounds the rest). */
const MAX_FINDINGS = 1024;
const MAX_BEACON_ITEMS = 1024;

interface ResponseCodec<R> {
  encode(m: R): { finish(): Uint8Array };
}

function route<T, R>(
  decl: MsgDecl<T>,
  response: ResponseCodec<R>,
  opts: {
    signer: (m: T) => string;
    validate?: (m: T) => void;
    duty: boolean;
    handle: (ctx: Parameters<MsgRoute<T>['handler']>[0], m: T) => R;
  },
): MsgRoute<T> {
  return {
    ...declaredCodec(decl),
    module: 'race',
    getSigners: (m) => [opts.signer(m)],
    validateBasic: (m) => {
      checkAddress(opts.signer(m), 'signer');
      opts.validate?.(m);
    },
    duty: opts.duty,
    handler: (ctx, m) => ({ typeUrl: `${decl.typeUrl}Response`, value: response.encode(opts.handle(ctx, m)).finish() }),
  };
}

function cap(n: number, max: number, what: string): void {
  if (n > max) throw RaceErrors.InvalidFindings.wrap(`${what} has more than ${max} entries`);
}

export function registerRaceMsgs(router: Pick<MsgServiceRouter, 'register'>, keeper: RaceKeeper): void {
  router.register(
    route(RACE_MSGS.registerParticipant, MsgRegisterParticipantResponse, {
      signer: (m) => m.participant,
      duty: true,
      handle: (ctx, m) => {
        assertNotOperator(ctx, keeper, m.participant);
        registerParticipant(ctx, keeper, m.participant, m.pubKey, m.consensusPubKey);
        if (m.operator !== '') nameOperatorAtRegistration(ctx, keeper, m.participant, m.operator);
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.submitProofBatch, MsgSubmitProofBatchResponse, {
      signer: (m) => m.participant,
      validate: (m) => {
        if (m.nonces.length === 0) throw RaceErrors.InvalidProof.wrap('a proof batch needs at least one nonce');
        if (m.nonces.length > 4096) throw RaceErrors.TooManyNonces.wrap('a proof batch holds at most 4096 nonces');
      },
      duty: true,
      handle: (ctx, m) => ({ total: submitProofBatch(ctx, keeper, m.participant, m.epoch, m.nonces) }),
    }),
  );
  router.register(
    route(RACE_MSGS.submitValidation, MsgSubmitValidationResponse, {
      signer: (m) => m.validator,
      validate: (m) => {
        checkAddress(m.participant, 'participant');
        cap(m.findings.length, MAX_FINDINGS, 'findings');
      },
      duty: true,
      handle: (ctx, m) => {
        submitValidation(ctx, keeper, m.validator, m.epoch, m.participant, m.findings);
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.beaconCommit, MsgBeaconCommitResponse, {
      signer: (m) => m.dealer,
      validate: (m) => {
        cap(m.feldman.length, MAX_BEACON_ITEMS, 'feldman');
        cap(m.shares.length, MAX_BEACON_ITEMS, 'shares');
      },
      duty: true,
      handle: (ctx, m) => {
        applyBeacon(ctx, keeper, {
          kind: 'commit',
          epoch: Number(m.epoch),
          dealer: m.dealer,
          commitment: toHexLower(m.commitment),
          feldman: m.feldman.map(toHexLower),
          shares: m.shares.map((s) => ({
            recipient: s.recipient,
            ephemeralPubKey: toHexLower(s.ephemeralPubKey),
            ciphertext: toHexLower(s.ciphertext),
          })),
        });
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.beaconComplaint, MsgBeaconComplaintResponse, {
      signer: (m) => m.complainer,
      duty: true,
      handle: (ctx, m) => {
        ctx.gasMeter.consume(200_000n, 'beacon complaint verification');
        applyBeacon(ctx, keeper, {
          kind: 'complaint',
          epoch: Number(m.epoch),
          complainer: m.complainer,
          dealer: m.dealer,
          sharedPoint: toHexLower(m.sharedPoint),
          proof: toHexLower(m.proof),
        });
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.beaconReveal, MsgBeaconRevealResponse, {
      signer: (m) => m.dealer,
      duty: true,
      handle: (ctx, m) => {
        applyBeacon(ctx, keeper, {
          kind: 'reveal',
          epoch: Number(m.epoch),
          dealer: m.dealer,
          secret: toHexLower(m.secret),
        });
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.beaconShare, MsgBeaconShareResponse, {
      signer: (m) => m.member,
      validate: (m) => cap(m.values.length, MAX_BEACON_ITEMS, 'values'),
      duty: true,
      handle: (ctx, m) => {
        ctx.gasMeter.consume(20_000n * BigInt(m.values.length), 'beacon share verification');
        applyBeacon(ctx, keeper, {
          kind: 'share',
          epoch: Number(m.epoch),
          member: m.member,
          dealer: m.dealer,
          values: m.values.map(toHexLower),
        });
        return {};
      },
    }),
  );
  router.register(
    route(RACE_MSGS.updateParams, MsgUpdateParamsResponse, {
      signer: (m) => m.authority,
      validate: (m) => {
        validateRaceParams(m.params);
      },
      duty: false,
      handle: (ctx, m) => {
        assertGovAuthority(m.authority);
        keeper.setPendingParams(ctx, validateRaceParams(m.params));
        ctx.events.emit(event('race_params_pending', [['authority', m.authority]]));
        return {};
      },
    }),
  );
}
