/**
 * Keplr's `ChainInfo` (the argument of `window.keplr.experimentalSuggestChain`, @keplr-wallet/types) for a Race chain.
 *
 * stakeCurrency: Race has no staking module (validator power comes from the Race), but Keplr versions before the
 * field became optional reject a chain without one, so it names icon; Keplr's staking pages then get the REST
 * server's clear 501 for /cosmos/staking/* and show no validators. No `features`: txs are plain SDK txs (direct and
 * amino-JSON signing of bank messages), with no CosmWasm, IBC or Ethermint key handling.
 */
import { ACCOUNT_PREFIX, VALCONS_PREFIX, VALOPER_PREFIX } from '../../chain/crypto/address.js';
import { BASE_DENOM, DENOM_EXPONENTS, DISPLAY_DENOM, ICON_METADATA } from '../../modules/bank/denoms.js';
import { COIN_TYPE, PRETTY_NAME, type ChainParams } from './chain-params.js';

export interface KeplrCurrency {
  coinDenom: string;
  coinMinimalDenom: string;
  coinDecimals: number;
  coinGeckoId?: string;
  coinImageUrl?: string;
}

export interface KeplrFeeCurrency extends KeplrCurrency {
  gasPriceStep?: { low: number; average: number; high: number };
}

export interface KeplrBech32Config {
  bech32PrefixAccAddr: string;
  bech32PrefixAccPub: string;
  bech32PrefixValAddr: string;
  bech32PrefixValPub: string;
  bech32PrefixConsAddr: string;
  bech32PrefixConsPub: string;
}

export interface KeplrChainInfo {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  bip44: { coinType: number };
  bech32Config: KeplrBech32Config;
  currencies: KeplrCurrency[];
  feeCurrencies: KeplrFeeCurrency[];
  stakeCurrency?: KeplrCurrency;
  features?: string[];
}

/** icon as Keplr counts it: shown as ICON, held in nicoin, 9 decimals between the two. */
export function iconCurrency(): KeplrCurrency {
  return {
    coinDenom: ICON_METADATA.symbol,
    coinMinimalDenom: BASE_DENOM,
    coinDecimals: DENOM_EXPONENTS[DISPLAY_DENOM]!,
  };
}

export function keplrChainInfo(p: ChainParams): KeplrChainInfo {
  const icon = iconCurrency();
  return {
    chainId: p.chainId,
    chainName: `${PRETTY_NAME} (${p.chainId})`,
    rpc: p.rpc,
    rest: p.rest,
    bip44: { coinType: COIN_TYPE },
    bech32Config: {
      bech32PrefixAccAddr: ACCOUNT_PREFIX,
      bech32PrefixAccPub: `${ACCOUNT_PREFIX}pub`,
      bech32PrefixValAddr: VALOPER_PREFIX,
      bech32PrefixValPub: `${VALOPER_PREFIX}pub`,
      bech32PrefixConsAddr: VALCONS_PREFIX,
      bech32PrefixConsPub: `${VALCONS_PREFIX}pub`,
    },
    currencies: [icon],
    feeCurrencies: [
      {
        ...icon,
        gasPriceStep: {
          low: Number(p.gasPrices.low),
          average: Number(p.gasPrices.average),
          high: Number(p.gasPrices.high),
        },
      },
    ],
    stakeCurrency: icon,
    features: [],
  };
}
