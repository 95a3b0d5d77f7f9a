import { moduleAddress } from '../auth/types.js';
import { Errors } from '../../chain/types/errors.js';

/** The gov module account: it escrows deposits and is the authority of every MsgUpdateParams and registry message. */
export const GOV_MODULE_NAME = 'gov';

let cached: string | undefined;

export function govAddress(): string {
  cached ??= moduleAddress(GOV_MODULE_NAME);
  return cached;
}

/** The SDK's authority check for governance-only messages (code 24 "invalid signer" wording of x/gov). */
export function assertGovAuthority(authority: string): void {
  if (authority !== govAddress()) {
    throw Errors.InvalidSigner.wrap(`invalid authority; expected ${govAddress()}, got ${authority}`);
  }
}
