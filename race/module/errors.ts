import { SdkError } from '../../chain/types/errors.js';

const race = (code: number, description: string) => new SdkError('race', code, description);

/** The Race module's error codes (codespace "race"); numbers are never reused. */
export const RaceErrors = {
  InvalidParams: race(2, 'invalid race params'),
  NotParticipant: race(3, 'not a registered race participant'),
  OutOfWindow: race(4, 'outside the window for this message'),
  WrongEpoch: race(5, 'wrong epoch'),
  InvalidProof: race(6, 'invalid proof batch'),
  DuplicateNonce: race(7, 'duplicate nonce'),
  TooManyNonces: race(8, 'too many nonces'),
  NotAssigned: race(9, 'no validation assigned'),
  InvalidFindings: race(10, 'invalid validation findings'),
  Beacon: race(11, 'beacon message refused'),
  InvalidKey: race(12, 'invalid key'),
  TooManyParticipants: race(13, 'participant limit reached'),
  // 30+: operator addresses (race/module/operator.ts)
  NotOperator: race(30, 'not the participant operator'),
  RetiredHotKey: race(31, 'hot key retired by its operator'),
  InvalidOperator: race(32, 'invalid operator address'),
  InsufficientFee: race(14, 'registration fee not paid'),
  BlockFull: race(15, 'block proof intake full'),
} as const;
