/**
 * The cosmos/chain-registry files for a Race chain: chain.json (what explorers and Cosmos Kit read to connect) and
 * assetlist.json (the coin and its units, straight from the bank metadata). Field names follow the registry's
 * chain.schema.json and assetlist.schema.json.
 */
import { ACCOUNT_PREFIX } from '../../chain/crypto/address.js';
import { BASE_DENOM, ICON_METADATA } from '../../modules/bank/denoms.js';
import { COIN_TYPE, networkType, PRETTY_NAME, type ChainParams } from './chain-params.js';

/** The registry's chain_name: lower-case letters and digits only (race-devnet → racedevnet). */
export function registryChainName(chainId: string): string {
  const name = chainId.toLowerCase().replace(/[^a-z0-9]/g, '');
  return name === '' ? 'race' : name;
}

export function chainRegistryChain(p: ChainParams) {
  const chainName = registryChainName(p.chainId);
  return {
    $schema: '../chain.schema.json',
    chain_name: chainName,
    chain_type: 'cosmos',
    status: 'live',
    network_type: networkType(p.chainId),
    pretty_name: `${PRETTY_NAME} (${p.chainId})`,
    chain_id: p.chainId,
    bech32_prefix: ACCOUNT_PREFIX,
    daemon_name: 'raced',
    node_home: '$HOME/.raced',
    key_algos: ['secp256k1'],
    slip44: COIN_TYPE,
    fees: {
      fee_tokens: [
        {
          denom: BASE_DENOM,
          fixed_min_gas_price: Number(p.gasPrices.low),
          low_gas_price: Number(p.gasPrices.low),
          average_gas_price: Number(p.gasPrices.average),
          high_gas_price: Number(p.gasPrices.high),
        },
      ],
    },
    apis: {
      rpc: [{ address: p.rpc, provider: chainName }],
      rest: [{ address: p.rest, provider: chainName }],
    },
  };
}

export function chainRegistryAssetList(p: ChainParams) {
  const m = ICON_METADATA;
  return {
    $schema: '../assetlist.schema.json',
    chain_name: registryChainName(p.chainId),
    assets: [
      {
        description: m.description,
        denom_units: m.denomUnits.map((u) => ({
          denom: u.denom,
          exponent: u.exponent,
          ...(u.aliases.length > 0 ? { aliases: [...u.aliases] } : {}),
        })),
        type_asset: 'sdk.coin',
        base: m.base,
        name: m.name,
        display: m.display,
        symbol: m.symbol,
      },
    ],
  };
}
