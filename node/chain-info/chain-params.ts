/** What every wallet/explorer description of a Race chain is built from: one chain id, its URLs and its fee floor. */
import type { GasPriceSteps } from './gas-price-steps.js';
import type { PublicUrls } from './public-urls.js';

export interface ChainParams extends PublicUrls {
  chainId: string;
  gasPrices: GasPriceSteps;
}

/** SLIP-44 coin type: Cosmos' 118, so a wallet derives the same race1… address as `raced keys` (m/44'/118'/0'/0/0). */
export const COIN_TYPE = 118;
export const PRETTY_NAME = 'Race';

/**
 * Registry network type from the chain id: there is no mainnet yet, so nothing is called one by guesswork; ids with
 * "test" are testnets, everything else (race-devnet, localnets) a devnet.
 */
export function networkType(chainId: string): 'testnet' | 'devnet' {
  return /test/i.test(chainId) ? 'testnet' : 'devnet';
}
