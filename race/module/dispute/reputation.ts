/**
 * The meaning of `Participant.reputation`, defined once: the number of consecutive epochs whose claim was accepted
 * since the participant's last conviction (or registration). Any conviction — forgery, false validation, false
 * re-verification, double signing — resets it to 0; an unresolved epoch or an epoch without a claim leaves it as it
 * is. Later issues read it (scrutiny, rewards) and add conviction kinds; they do not keep a second score.
 */
export type EpochStanding = 'accepted' | 'convicted' | 'unresolved' | 'absent';

export function nextReputation(previous: bigint, standing: EpochStanding): bigint {
  if (standing === 'convicted') return 0n;
  if (standing === 'accepted') return previous + 1n;
  return previous;
}
