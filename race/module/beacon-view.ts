import { beaconPhase as phase, type BeaconState } from '../beacon/index.js';

export function beaconPhase(state: BeaconState, height: number): string {
  return state.result !== null ? 'final' : phase(state, height);
}

export function findMemberOf(state: BeaconState, address: string): boolean {
  return state.group.some((m) => m.address === address);
}
