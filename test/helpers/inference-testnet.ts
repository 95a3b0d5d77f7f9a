/**
 * A Testnet (test/helpers/testnet.ts) where every node serves inference: each node's Race key is an executor of the
 * default model (weight 1) funded for its relay gas, one developer account is funded, and each node's OpenAI API
 * listens on its own port. Used by the e2e relay test and bench:inference.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import OpenAI from 'openai';
import { addressBytesFromSecp256k1, toBech32 } from '../../chain/crypto/address.js';
import { secp256k1PubkeyFromPrivkey } from '../../chain/crypto/secp256k1.js';
import { homePaths } from '../../node/cli/home.js';
import { addGenesisAccount, addGenesisExecutor, readGenesis, writeGenesis } from '../../node/genesis-file.js';
import { RELAY_FUNDS } from '../../node/inference/api/single-node-setup.js';
import { signingFetch } from '../../node/inference/api/signing-fetch.js';
import { defaultModelRegistryJson } from '../../node/inference/model/default-registration.js';
import { loadOrCreateRaceKey } from '../../node/race/race-key.js';
import { freePortBlock, Testnet } from './testnet.js';

export const DEV_KEY = sha256(new TextEncoder().encode('e2e inference developer'));
export const DEV = toBech32(addressBytesFromSecp256k1(secp256k1PubkeyFromPrivkey(DEV_KEY)));

export interface InferenceTestnet {
  net: Testnet;
  /** Each node's Race address (relay and executor identity), by node index. */
  race: string[];
  model: string;
  /** The OpenAI base URL of node i. */
  base(i: number): string;
  /** The official openai client on node i, signing as DEV for that node's relay. */
  client(i: number): Promise<OpenAI>;
}

export async function inferenceTestnet(validators: number, chainId: string): Promise<InferenceTestnet> {
  const apiPorts = await freePortBlock(validators);
  const net = await Testnet.create({
    validators,
    chainId,
    timeoutCommit: '300ms',
    configure: (cfg, node) => {
      cfg.inference.enable = true;
      cfg.inference.address = `tcp://127.0.0.1:${apiPorts + Number(node.name.replace('node', ''))}`;
    },
  });
  const model = defaultModelRegistryJson().id;
  const race: string[] = [];
  // One genesis for all nodes.
  let g = readGenesis(homePaths(net.node(0).home).genesis);
  for (let i = 0; i < validators; i++) {
    const k = loadOrCreateRaceKey(homePaths(net.node(i).home).raceKey);
    race.push(k.address);
    g = addGenesisExecutor(g, { address: k.address, pubKey: k.pubKey, models: [model] });
    g = addGenesisAccount(g, k.address, [{ denom: 'nicoin', amount: RELAY_FUNDS }]);
  }
  g = addGenesisAccount(g, DEV, [{ denom: 'nicoin', amount: 10n ** 15n }]);
  for (let i = 0; i < validators; i++) writeGenesis(homePaths(net.node(i).home).genesis, g);
  const base = (i: number) => `http://127.0.0.1:${apiPorts + i}/v1`;
  return {
    net,
    race,
    model,
    base,
    client: async (i) => {
      const relay = ((await (await fetch(`${base(i)}/relay`)).json()) as { relay: string }).relay;
      return new OpenAI({
        baseURL: base(i),
        apiKey: 'signed',
        fetch: signingFetch({ privateKey: DEV_KEY, chainId, relay }),
      });
    },
  };
}
