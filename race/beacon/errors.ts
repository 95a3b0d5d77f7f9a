/** Why a beacon message or call was refused. The module maps these to tx failure codes. */
export type BeaconErrorCode =
  | 'malformed'
  | 'bad_params'
  | 'bad_state'
  | 'wrong_epoch'
  | 'not_member'
  | 'duplicate'
  | 'out_of_window'
  | 'unknown_dealer'
  | 'not_applicable'
  | 'bad_reveal'
  | 'bad_share'
  | 'bad_proof'
  | 'complaint_unfounded'
  | 'not_final'
  | 'already_final';

export class BeaconError extends Error {
  override readonly name = 'BeaconError';
  constructor(
    readonly code: BeaconErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export function fail(code: BeaconErrorCode, message: string): never {
  throw new BeaconError(code, message);
}
