/** Wallet and explorer descriptions of a Race chain (Keplr chain info, chain-registry chain.json and assetlist.json). */
export { chainRegistryAssetList, chainRegistryChain, registryChainName } from './chain-registry.js';
export { COIN_TYPE, networkType, type ChainParams } from './chain-params.js';
export { DEFAULT_MIN_GAS_PRICE, gasPriceSteps, type GasPriceSteps } from './gas-price-steps.js';
export { iconCurrency, keplrChainInfo, type KeplrChainInfo } from './keplr.js';
export {
  checkPublicUrl,
  listenAddressUrl,
  publicUrlsForRequest,
  type PublicUrls,
  type RequestView,
} from './public-urls.js';

import { chainRegistryAssetList, chainRegistryChain } from './chain-registry.js';
import type { ChainParams } from './chain-params.js';
import { keplrChainInfo } from './keplr.js';

/** The three documents by the names the REST routes and `raced config chain-info --format` use. */
export const CHAIN_INFO_FORMATS = {
  keplr: keplrChainInfo,
  'chain.json': chainRegistryChain,
  'assetlist.json': chainRegistryAssetList,
} as const satisfies Record<string, (p: ChainParams) => unknown>;

export type ChainInfoFormat = keyof typeof CHAIN_INFO_FORMATS;
