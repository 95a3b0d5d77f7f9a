import type { CheckReports, ClaimPlan, ItemStatus } from './types.js';

/**
 * Which sampled items stand and which go to re-verification. An item stands only when every checker assigned to it
 * passed it; a single fail (a checker against the claimant, and against its co-checker when that one passed) or a
 * missing check sends it to the majority. So a lying checker cannot hide a forged item its honest co-checker saw,
 * and a checker that stays silent helps nobody.
 */
export function itemStatuses(plan: ClaimPlan, reports: CheckReports): ItemStatus[] {
  return plan.items.map((item, i) => {
    const checkers = plan.checkers[i]!;
    const verdicts = checkers.map((c) => reports.get(c)?.get(item));
    if (verdicts.some((v) => v === 'fail')) return { item, checkers, disputed: true, reason: 'failed' as const };
    if (checkers.length === 0 || verdicts.some((v) => v === undefined))
      return { item, checkers, disputed: true, reason: 'unchecked' as const };
    return { item, checkers, disputed: false };
  });
}

export function disputedItems(statuses: readonly ItemStatus[]): string[] {
  return statuses.filter((s) => s.disputed).map((s) => s.item);
}
