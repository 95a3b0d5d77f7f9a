import { Calendar as ProtoCalendar, Params } from '../../proto/gen/race/issuance/v1/issuance.js';
import { validateCalendar, type Calendar } from './calendar.js';
import { IssuanceErrors } from './errors.js';
import { PAPER_PAYOUT_PARAMS, validatePayoutParams, type PayoutParams } from './inference-payout.js';

/** The governance-controlled params are exactly the payout's: the training share and the self-dealing guard. */
export type IssuanceParams = PayoutParams;

export const DEFAULT_ISSUANCE_PARAMS: IssuanceParams = PAPER_PAYOUT_PARAMS;

export function issuanceParamsFromProto(p: Params | undefined): IssuanceParams {
  if (!p) throw IssuanceErrors.InvalidParams.wrap('params are required');
  if (p.guardWeightDen === 0n) throw IssuanceErrors.InvalidParams.wrap('guard_weight_den must be positive');
  return validatePayoutParams({
    trainingShareBps: BigInt(p.trainingShareBps),
    guardWeight: { num: p.guardWeightNum, den: p.guardWeightDen },
  });
}

export function issuanceParamsToProto(p: IssuanceParams): Params {
  return {
    trainingShareBps: Number(p.trainingShareBps),
    guardWeightNum: p.guardWeight.num,
    guardWeightDen: p.guardWeight.den,
  };
}

export function calendarFromProto(c: ProtoCalendar): Calendar {
  return validateCalendar({ blocksPerDay: c.blocksPerDay, daysPerYear: c.daysPerYear });
}
