import type { Context } from '../../chain/app/context.js';
import { invalidArgument, notFound, type QueryRouter } from '../../chain/app/router.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import {
  QueryBeaconResponse,
  QueryConvictionsRequest,
  QueryConvictionsResponse,
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryEpochResponse,
  QueryOperatorRequest,
  QueryOperatorResponse,
  QueryOutcomesResponse,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryParticipantsResponse,
  QueryProofRequest,
  QueryProofResponse,
  QueryWeightsResponse,
} from '../../proto/gen/race/race/v1/query.js';
import type { EpochInfo } from '../../proto/gen/race/race/v1/types.js';
import { activeBeacon } from './beacon-driver.js';
import { convictionRecords } from './conviction-query.js';
import { beaconPhase, findMemberOf } from './beacon-view.js';
import { fromHex, toHexLower } from '../../chain/types/bytes.js';
import { reverifyDuties } from './validation.js';
import type { RaceKeeper } from './keeper.js';
import { operatorView } from './operator.js';
import { phaseAt, windowsOf } from './timeline.js';
import { RACE_QUERY_PREFIX } from './query-path.js';

/** The epoch as the node sees it after the latest committed block (the phase is that of the next height). */
export function epochInfo(ctx: Context, keeper: RaceKeeper): EpochInfo {
  const rec = keeper.getEpoch(ctx);
  const params = keeper.getParams(ctx);
  if (!rec) throw notFound('the race module has no epoch yet');
  const w = windowsOf(rec, params);
  const next = BigInt(ctx.block.height) + 1n;
  return {
    epoch: rec.epoch,
    startHeight: rec.startHeight,
    raceEndHeight: w.raceEnd,
    validationEndHeight: w.validationEnd,
    beaconCommitHeight: w.beaconStart,
    nextEpochHeight: w.nextStart,
    seed: fromHex(rec.seed),
    phase: phaseAt(w, next < rec.startHeight ? rec.startHeight : next),
    height: BigInt(ctx.block.height),
    seedFallback: rec.seedFallback,
    modelConfig: params.modelConfig,
  };
}

function address(a: string, what: string): string {
  if (!isValidAddress(a)) throw invalidArgument(`invalid ${what} address ${JSON.stringify(a)}`);
  return a;
}

export function registerRaceQueries(q: QueryRouter, keeper: RaceKeeper): void {
  q.service(RACE_QUERY_PREFIX, {
    Params: (ctx) => {
      const pending = keeper.getPendingParams(ctx);
      return QueryParamsResponse.encode({
        params: keeper.getParams(ctx),
        pendingParams: pending,
        hasPending: pending !== undefined,
      }).finish();
    },
    Epoch: (ctx) => QueryEpochResponse.encode({ epoch: epochInfo(ctx, keeper) }).finish(),
    Weights: (ctx) => {
      const power = new Map(keeper.validatorSet(ctx).map((v) => [toHexLower(v.consensusPubKey), v.power]));
      const weights = keeper
        .participants(ctx)
        .filter((p) => p.weight > 0n)
        .map((p) => ({
          address: p.address,
          weight: p.weight,
          consensusPubKey: p.consensusPubKey,
          power: power.get(toHexLower(p.consensusPubKey)) ?? 0n,
        }));
      return QueryWeightsResponse.encode({
        epoch: keeper.getEpoch(ctx)?.epoch ?? 0n,
        weights,
        totalWeight: weights.reduce((s, w) => s + w.weight, 0n),
      }).finish();
    },
    Participant: (ctx, raw) => {
      const req = QueryParticipantRequest.decode(raw);
      const p = keeper.getParticipant(ctx, address(req.address, 'participant'));
      if (!p) throw notFound(`${req.address} is not a race participant`);
      const epoch = keeper.getEpoch(ctx)?.epoch ?? 0n;
      const proof = keeper.getProofSummary(ctx, epoch, p.address) ?? {
        participant: p.address,
        epoch,
        nonceCount: 0n,
        lastHeight: 0n,
      };
      return QueryParticipantResponse.encode({ participant: p, proof }).finish();
    },
    Participants: (ctx) => QueryParticipantsResponse.encode({ participants: keeper.participants(ctx) }).finish(),
    Beacon: (ctx) => {
      const active = activeBeacon(ctx, keeper);
      const json = active?.json;
      const state = active?.state;
      if (!state || !json)
        return QueryBeaconResponse.encode({
          epoch: 0n,
          phase: 'none',
          final: false,
          seed: new Uint8Array(0),
          fallback: false,
          dealers: [],
          stateJson: '',
        }).finish();
      return QueryBeaconResponse.encode({
        epoch: BigInt(state.epoch),
        phase: beaconPhase(state, ctx.block.height + 1),
        final: state.result !== null,
        seed: state.result ? fromHex(state.result.seed) : new Uint8Array(0),
        fallback: state.result?.fallback ?? false,
        dealers: state.result?.dealers ?? state.dealers.map((d) => d.dealer),
        stateJson: json,
      }).finish();
    },
    Duties: (ctx, raw) => {
      const req = QueryDutiesRequest.decode(raw);
      const who = address(req.address, 'participant');
      const info = epochInfo(ctx, keeper);
      const p = keeper.getParticipant(ctx, who);
      const submitted = keeper.getProofSummary(ctx, info.epoch, who)?.nonceCount ?? 0n;
      const validations =
        info.phase === 'validation'
          ? keeper.assignments(ctx, info.epoch).filter((a) => a.validator === who && !a.done)
          : info.phase === 'reverification'
            ? reverifyDuties(ctx, keeper, info.epoch, who)
            : [];
      const beacon = activeBeacon(ctx, keeper)?.state;
      return QueryDutiesResponse.encode({
        epoch: info,
        registered: p !== undefined,
        racing: p !== undefined && info.phase === 'race',
        submitted,
        validations,
        beaconMember: beacon !== undefined && findMemberOf(beacon, who),
        beaconEpoch: beacon ? BigInt(beacon.epoch) : 0n,
        beaconPhase: beacon ? beaconPhase(beacon, ctx.block.height + 1) : 'none',
      }).finish();
    },
    Proof: (ctx, raw) => {
      const req = QueryProofRequest.decode(raw);
      const who = address(req.participant, 'participant');
      // No proof (not submitted, or pruned: only the current and previous epochs are kept) is an empty proof.
      const summary = keeper.getProofSummary(ctx, req.epoch, who) ?? {
        participant: who,
        epoch: req.epoch,
        nonceCount: 0n,
        lastHeight: 0n,
      };
      return QueryProofResponse.encode({ summary, nonces: keeper.nonces(ctx, req.epoch, who) }).finish();
    },
    Outcomes: (ctx) => {
      const epoch = keeper.getEpoch(ctx)?.epoch ?? 0n;
      return QueryOutcomesResponse.encode({
        outcomes: keeper.outcomes(ctx),
        assignments: keeper.assignments(ctx, epoch),
      }).finish();
    },
    Operator: (ctx, raw) => {
      const req = QueryOperatorRequest.decode(raw);
      return QueryOperatorResponse.encode(operatorView(ctx, keeper, address(req.address, 'address'))).finish();
    },
    Convictions: (ctx, raw) => {
      const req = QueryConvictionsRequest.decode(raw);
      const who = req.participant === '' ? undefined : address(req.participant, 'participant');
      return QueryConvictionsResponse.encode({ convictions: convictionRecords(ctx, keeper, who) }).finish();
    },
  });
}
