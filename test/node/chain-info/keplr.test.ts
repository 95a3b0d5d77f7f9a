/**
 * The Keplr chain info against the shape Keplr documents for `experimentalSuggestChain` (@keplr-wallet/types
 * ChainInfo, Currency, FeeCurrency, Bech32Config, BIP44): Keplr itself cannot run here, so the documented field names
 * and types are written out below and every produced field is checked against them.
 */
import { describe, expect, it } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { addressBytesFromSecp256k1, toBech32, VALCONS_PREFIX } from '../../../chain/crypto/address.js';
import { DENOM_EXPONENTS } from '../../../modules/bank/denoms.js';
import { gasPriceSteps, keplrChainInfo, type ChainParams } from '../../../node/chain-info/index.js';

const params: ChainParams = {
  chainId: 'race-devnet',
  rpc: 'http://127.0.0.1:26657',
  rest: 'http://127.0.0.1:1317',
  gasPrices: gasPriceSteps('0.001nicoin'),
};

/** ChainInfo's fields as Keplr documents them (required ones marked); anything else would be a typo Keplr ignores or rejects. */
const CHAIN_INFO_FIELDS: Record<string, boolean> = {
  chainId: true,
  chainName: true,
  rpc: true,
  rest: true,
  bip44: true,
  bech32Config: true,
  currencies: true,
  feeCurrencies: true,
  rpcConfig: false,
  restConfig: false,
  nodeProvider: false,
  alternativeBIP44s: false,
  stakeCurrency: false,
  walletUrl: false,
  walletUrlForStaking: false,
  chainSymbolImageUrl: false,
  coinType: false,
  features: false,
  beta: false,
  hideInUI: false,
  evm: false,
};
const BECH32_FIELDS = [
  'bech32PrefixAccAddr',
  'bech32PrefixAccPub',
  'bech32PrefixValAddr',
  'bech32PrefixValPub',
  'bech32PrefixConsAddr',
  'bech32PrefixConsPub',
];
const CURRENCY_FIELDS = ['coinDenom', 'coinMinimalDenom', 'coinDecimals', 'coinGeckoId', 'coinImageUrl'];
/** Keplr's feature flags known at the time of writing. */
const KNOWN_FEATURES = [
  'cosmwasm',
  'secretwasm',
  'ibc-transfer',
  'ibc-go',
  'ibc-pfm',
  'eth-address-gen',
  'eth-key-sign',
  'no-legacy-stdTx',
  'query:/cosmos/bank/v1beta1/spendable_balances',
  'authz-msg-revoke-fixed',
  'axelar-evm-bridge',
  'osmosis-txfees',
];

function expectCurrency(c: Record<string, unknown>): void {
  for (const k of Object.keys(c)) expect(CURRENCY_FIELDS.concat('gasPriceStep')).toContain(k);
  expect(typeof c.coinDenom).toBe('string');
  expect(typeof c.coinMinimalDenom).toBe('string');
  expect(Number.isInteger(c.coinDecimals)).toBe(true);
  // Keplr's schema caps coinDecimals at 18.
  expect(c.coinDecimals as number).toBeGreaterThanOrEqual(0);
  expect(c.coinDecimals as number).toBeLessThanOrEqual(18);
}

describe('keplrChainInfo', () => {
  const info = keplrChainInfo(params) as unknown as Record<string, unknown>;

  it('has every required ChainInfo field and only documented ones, with their types', () => {
    for (const [k, required] of Object.entries(CHAIN_INFO_FIELDS)) if (required) expect(info).toHaveProperty(k);
    for (const k of Object.keys(info)) expect(Object.keys(CHAIN_INFO_FIELDS)).toContain(k);
    for (const k of ['chainId', 'chainName', 'rpc', 'rest']) expect(typeof info[k]).toBe('string');
    expect(info.chainId).toBe('race-devnet');
    expect(info.rpc).toBe(params.rpc);
    expect(info.rest).toBe(params.rest);
    expect(info.bip44).toEqual({ coinType: 118 });
    expect(Object.keys(info.bech32Config as object).sort()).toEqual([...BECH32_FIELDS].sort());
    expect((info.features as string[]).every((f) => KNOWN_FEATURES.includes(f))).toBe(true);
  });

  it('currencies: icon shown as ICON, held in nicoin, 9 decimals (1 icon = 10^9 nicoin)', () => {
    const currencies = info.currencies as Record<string, unknown>[];
    expect(currencies).toEqual([{ coinDenom: 'ICON', coinMinimalDenom: 'nicoin', coinDecimals: 9 }]);
    expect(currencies[0]!.coinDecimals).toBe(DENOM_EXPONENTS.icon);
    for (const c of currencies) expectCurrency(c);
    expectCurrency(info.stakeCurrency as Record<string, unknown>);
  });

  it('fee currency: nicoin with ordered numeric gas price steps from the node floor', () => {
    const [fee] = info.feeCurrencies as Record<string, unknown>[];
    expectCurrency(fee!);
    expect(fee!.coinMinimalDenom).toBe('nicoin');
    expect(fee!.gasPriceStep).toEqual({ low: 0.001, average: 0.0025, high: 0.004 });
  });

  it('bech32 prefixes are the ones raced addresses use', () => {
    const cfg = info.bech32Config as Record<string, string>;
    const pub = secp256k1.getPublicKey(new Uint8Array(32).fill(3), true);
    const addr = toBech32(addressBytesFromSecp256k1(pub));
    expect(addr.startsWith(`${cfg.bech32PrefixAccAddr}1`)).toBe(true);
    expect(cfg).toMatchObject({
      bech32PrefixAccAddr: 'race',
      bech32PrefixAccPub: 'racepub',
      bech32PrefixValAddr: 'racevaloper',
      bech32PrefixConsAddr: VALCONS_PREFIX,
      bech32PrefixConsPub: 'racevalconspub',
    });
  });
});
