import { dayOfHeight, yearOfDay, type Calendar } from './calendar.js';
import { IssuanceErrors } from './errors.js';

/** Appendix K: the training share "may be adjusted … only … after Year 5". */
export const TRAINING_SHARE_LOCKED_YEARS = 5n;

/** The calendar year (from 1) of block `height`. */
export function yearOfHeight(c: Calendar, height: bigint): bigint {
  return height < 1n ? 1n : yearOfDay(c, dayOfHeight(c, height)).year;
}

/** Refuses a change of the training share in years 1 to 5 of the genesis calendar. */
export function assertTrainingShareChangeable(c: Calendar, height: bigint, from: bigint, to: bigint): void {
  if (from === to) return;
  const year = yearOfHeight(c, height);
  if (year <= TRAINING_SHARE_LOCKED_YEARS)
    throw IssuanceErrors.TrainingShareLocked.wrap(
      `the training share can change only after year ${TRAINING_SHARE_LOCKED_YEARS}; block ${height} is in year ${year}`,
    );
}
