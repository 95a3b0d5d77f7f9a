/** chain.json and assetlist.json against the fields cosmos/chain-registry's schemas require, and the bank metadata. */
import { describe, expect, it } from '@jest/globals';
import { ICON_METADATA } from '../../../modules/bank/denoms.js';
import {
  chainRegistryAssetList,
  chainRegistryChain,
  gasPriceSteps,
  networkType,
  registryChainName,
  type ChainParams,
} from '../../../node/chain-info/index.js';

const params: ChainParams = {
  chainId: 'race-devnet',
  rpc: 'http://h:26657',
  rest: 'http://h:1317',
  gasPrices: gasPriceSteps('0.002nicoin'),
};

describe('chain.json', () => {
  const chain = chainRegistryChain(params);

  it('has the schema-required fields with the chain facts', () => {
    // chain.schema.json requires chain_name, chain_type, and for cosmos chains bech32_prefix, chain_id and slip44 are the keys clients read.
    expect(chain).toMatchObject({
      chain_name: 'racedevnet',
      chain_type: 'cosmos',
      chain_id: 'race-devnet',
      bech32_prefix: 'race',
      slip44: 118,
      status: 'live',
      network_type: 'devnet',
      daemon_name: 'raced',
      key_algos: ['secp256k1'],
    });
    expect(chain.chain_name).toMatch(/^[a-z0-9]+$/);
    expect(typeof chain.pretty_name).toBe('string');
  });

  it('fee tokens in nicoin with ordered gas prices, and the RPC/REST endpoints', () => {
    expect(chain.fees.fee_tokens).toEqual([
      {
        denom: 'nicoin',
        fixed_min_gas_price: 0.002,
        low_gas_price: 0.002,
        average_gas_price: 0.005,
        high_gas_price: 0.008,
      },
    ]);
    expect(chain.apis.rpc).toEqual([{ address: 'http://h:26657', provider: 'racedevnet' }]);
    expect(chain.apis.rest).toEqual([{ address: 'http://h:1317', provider: 'racedevnet' }]);
  });

  it('network type: test ids are testnets, nothing is called mainnet by guesswork', () => {
    expect(networkType('race-testnet-1')).toBe('testnet');
    expect(networkType('race-devnet')).toBe('devnet');
    expect(networkType('race-1')).toBe('devnet');
    expect(registryChainName('Race_Test-1')).toBe('racetest1');
    expect(registryChainName('---')).toBe('race');
  });
});

describe('assetlist.json', () => {
  const list = chainRegistryAssetList(params);

  it('lists icon with the four denominations and their exponents', () => {
    expect(list.chain_name).toBe('racedevnet');
    expect(list.assets).toHaveLength(1);
    const [a] = list.assets;
    expect(a).toMatchObject({
      base: 'nicoin',
      display: 'icon',
      name: 'Race icon',
      symbol: 'ICON',
      type_asset: 'sdk.coin',
    });
    expect(a!.denom_units.map((u) => [u.denom, u.exponent])).toEqual([
      ['nicoin', 0],
      ['uicon', 3],
      ['micoin', 6],
      ['icon', 9],
    ]);
    // assetlist.schema.json: base and display must each be one of the denom units, base with exponent 0.
    expect(a!.denom_units.find((u) => u.denom === a!.base)?.exponent).toBe(0);
    expect(a!.denom_units.some((u) => u.denom === a!.display)).toBe(true);
    expect(a!.denom_units.length).toBe(ICON_METADATA.denomUnits.length);
  });
});
