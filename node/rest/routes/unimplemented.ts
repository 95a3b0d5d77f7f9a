/**
 * Endpoints of SDK modules this chain does not have (staking, distribution, slashing, mint). Wallets such as Keplr
 * poll some of them; they get a clear 501 (gRPC code 12) instead of a bare 404, so a client can tell "not on this
 * chain" from "wrong path". Race validators are weighted by the Race module, not by staked tokens.
 */
import { Grpc, RestError } from '../errors.js';

const ABSENT_MODULES: Record<string, string> = {
  '/cosmos/staking/': 'staking',
  '/cosmos/distribution/': 'distribution',
  '/cosmos/slashing/': 'slashing',
  '/cosmos/mint/': 'mint',
};

/** The 501 error for a path under an absent module, or undefined for any other path. */
export function absentModuleError(pathname: string): RestError | undefined {
  const prefix = Object.keys(ABSENT_MODULES).find((p) => pathname.startsWith(p));
  if (!prefix) return undefined;
  return new RestError(
    Grpc.Unimplemented,
    `this chain has no ${ABSENT_MODULES[prefix]} module (validator weights come from the Race module, not from staked tokens): ${pathname} is not implemented`,
  );
}
