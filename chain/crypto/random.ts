import { randomBytes as nobleRandomBytes } from '@noble/hashes/utils.js';

/** Randomness is injected (tests pass a fixed source); this is its type. */
export type RandomBytes = (length: number) => Uint8Array;

/** The default randomness source (crypto.getRandomValues); inject another in tests. */
export const secureRandomBytes: RandomBytes = (length) => nobleRandomBytes(length);
