import { Calendar as ProtoCalendar, Params } from '../../proto/gen/race/issuance/v1/issuance.js';
import { isValidAddress } from '../../chain/crypto/address.js';
import { BASE_DENOM } from '../bank/denoms.js';
import { validateCalendar, type Calendar } from './calendar.js';
import { IssuanceErrors } from './errors.js';
import { PAPER_PAYOUT_PARAMS, validatePayoutParams, type PayoutParams } from './inference-payout.js';
import { PAPER_POOL_SCHEDULE, validatePoolSchedule, type PoolTranche } from './liquidity-pool.js';

/** The governance-controlled params: the payout's (training share, self-dealing guard) and the liquidity pool's. */
export interface IssuanceParams extends PayoutParams {
  /** The governance-appointed account that mints `quoteDenom` on bridge deposits; "" = none yet. */
  bridge: string;
  quoteDenom: string;
  poolSchedule: readonly PoolTranche[];
  /** Race weight that stands for "at least 1,000 A100 GPUs"; 0 = nobody eligible yet. */
  hardwareRewardMinWeight: bigint;
  hardwareRewardSlots: bigint;
}

/** A bridged USD stable coin in micro-units (the pool's prices are micro-USD per icon); the devnet's test coin. */
export const DEFAULT_QUOTE_DENOM = 'ubusd';

export const DEFAULT_ISSUANCE_PARAMS: IssuanceParams = {
  ...PAPER_PAYOUT_PARAMS,
  bridge: '',
  quoteDenom: DEFAULT_QUOTE_DENOM,
  poolSchedule: PAPER_POOL_SCHEDULE,
  hardwareRewardMinWeight: 0n,
  hardwareRewardSlots: 10n,
};

const denomRe = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const uintRe = /^(0|[1-9][0-9]{0,76})$/;

function uint(v: string, what: string): bigint {
  if (!uintRe.test(v))
    throw IssuanceErrors.InvalidParams.wrap(`${what} must be an unsigned integer, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

export function validateIssuanceParams(p: IssuanceParams): IssuanceParams {
  validatePayoutParams(p);
  if (p.bridge !== '' && !isValidAddress(p.bridge))
    throw IssuanceErrors.InvalidParams.wrap(`bridge must be "" or an address, got ${JSON.stringify(p.bridge)}`);
  if (!denomRe.test(p.quoteDenom) || p.quoteDenom === BASE_DENOM)
    throw IssuanceErrors.InvalidParams.wrap(
      `quote_denom must be a denom other than ${BASE_DENOM}, got ${JSON.stringify(p.quoteDenom)}`,
    );
  validatePoolSchedule(p.poolSchedule);
  if (p.hardwareRewardSlots < 1n || p.hardwareRewardSlots > 1000n)
    throw IssuanceErrors.InvalidParams.wrap(
      `hardware_reward_slots must be within [1, 1000], got ${p.hardwareRewardSlots}`,
    );
  return p;
}

export function issuanceParamsFromProto(p: Params | undefined): IssuanceParams {
  if (!p) throw IssuanceErrors.InvalidParams.wrap('params are required');
  if (p.guardWeightDen === 0n) throw IssuanceErrors.InvalidParams.wrap('guard_weight_den must be positive');
  return validateIssuanceParams({
    trainingShareBps: BigInt(p.trainingShareBps),
    guardWeight: { num: p.guardWeightNum, den: p.guardWeightDen },
    bridge: p.bridge,
    quoteDenom: p.quoteDenom,
    poolSchedule: p.poolSchedule.map((t, i) => ({
      size: uint(t.size, `tranche ${i + 1} size`),
      price: uint(t.price, `tranche ${i + 1} price`),
    })),
    hardwareRewardMinWeight: uint(p.hardwareRewardMinWeight || '0', 'hardware_reward_min_weight'),
    hardwareRewardSlots: BigInt(p.hardwareRewardSlots),
  });
}

export function issuanceParamsToProto(p: IssuanceParams): Params {
  return {
    trainingShareBps: Number(p.trainingShareBps),
    guardWeightNum: p.guardWeight.num,
    guardWeightDen: p.guardWeight.den,
    bridge: p.bridge,
    quoteDenom: p.quoteDenom,
    poolSchedule: p.poolSchedule.map((t) => ({ size: t.size.toString(), price: t.price.toString() })),
    hardwareRewardMinWeight: p.hardwareRewardMinWeight.toString(),
    hardwareRewardSlots: Number(p.hardwareRewardSlots),
  };
}

export function calendarFromProto(c: ProtoCalendar): Calendar {
  return validateCalendar({ blocksPerDay: c.blocksPerDay, daysPerYear: c.daysPerYear });
}
