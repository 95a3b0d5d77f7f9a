import { SdkError } from '../../chain/types/errors.js';

const inf = (code: number, description: string) => new SdkError('inference', code, description);

export const InferenceErrors = {
  InvalidParams: inf(2, 'invalid inference params'),
  InvalidHardware: inf(3, 'hardware not eligible'),
  ModelNotFound: inf(4, 'model not registered'),
  NotAProvider: inf(5, 'not a hardware provider'),
  InvalidRequest: inf(6, 'invalid inference request'),
  BadSignature: inf(7, 'signature does not verify'),
  Duplicate: inf(8, 'inference already recorded'),
  Stale: inf(9, 'request time outside the replay window'),
  NoExecutor: inf(10, 'no eligible executor'),
  NotFound: inf(11, 'inference not found'),
  NotOpen: inf(12, 'inference is not open'),
  WrongRelay: inf(13, 'not the relay of this inference'),
  BatchTooLarge: inf(14, 'batch too large'),
} as const;
