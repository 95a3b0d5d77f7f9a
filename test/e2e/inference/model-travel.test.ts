/**
 * Models travel by hash (issue 13 item 11) between two real `raced` processes: a model registered in the registry
 * (at genesis here) and declared by both nodes' executor records is in node 0's models_dir only; node 1 fetches its
 * files from node 0 over libp2p (the `model` request protocol), checks them against the registered hashes and
 * serves it, with no outside download.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { homePaths } from '../../../node/cli/home.js';
import { addGenesisExecutor, addGenesisModel, readGenesis, writeGenesis } from '../../../node/genesis-file.js';
import { loadOrCreateRaceKey } from '../../../node/race/race-key.js';
import { freePort } from '../../helpers/node-process.js';
import { Testnet } from '../../helpers/testnet.js';
import { waitFor } from '../../helpers/wait.js';
import { writeHfModel, type WrittenModel } from '../../node/inference/models/hf-fixture.js';

const ID = 'test/tiny-hf';
let net: Testnet;
let model: WrittenModel;
const apiPorts: number[] = [];

async function withLogs<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    (e as Error).message += `\n${net?.logTails(15) ?? ''}`;
    throw e;
  }
}

/** The ids node i's API lists; none while its API is not answering. */
async function servedModels(i: number): Promise<string[]> {
  try {
    const res = await fetch(`http://127.0.0.1:${apiPorts[i]}/v1/models`, { signal: AbortSignal.timeout(5_000) });
    return ((await res.json()) as { data: { id: string }[] }).data.map((m) => m.id);
  } catch {
    return [];
  }
}

beforeAll(async () => {
  apiPorts.push(await freePort(), await freePort());
  let n = 0;
  net = await Testnet.create({
    validators: 2,
    chainId: 'race-models',
    timeoutCommit: '500ms',
    configure: (cfg) => {
      cfg.inference.enable = true;
      cfg.inference.address = `tcp://127.0.0.1:${apiPorts[n++]}`;
    },
  });
  const homes = net.nodes.map((node) => node.home);
  model = writeHfModel(path.join(homes[0], 'models'), ID);
  const keys = homes.map((h) => loadOrCreateRaceKey(homePaths(h).raceKey));
  for (const h of homes) {
    let g = readGenesis(homePaths(h).genesis);
    g = addGenesisModel(g, {
      id: ID,
      name: 'tiny test model with a Hugging Face tokenizer',
      onnx_sha256: model.onnxSha256,
      tokenizer_sha256: model.tokenizerSha256,
      units_per_input_token: '1',
      units_per_output_token: '2',
      context_length: model.contextLength.toString(),
      validation_threshold: '0.9',
    });
    for (const k of keys) g = addGenesisExecutor(g, { address: k.address, pubKey: k.pubKey, models: [ID] });
    writeGenesis(homePaths(h).genesis, g);
  }
  net.startAll();
  await withLogs(() => net.waitForHeight(2, [0, 1], 120_000));
}, 180_000);

afterAll(async () => {
  await net?.cleanup();
});

describe('a registered model reaches an executor that lacks it', () => {
  it('node 0 serves it from its models_dir', async () => {
    await withLogs(() =>
      waitFor(async () => (await servedModels(0)).includes(ID), 'node 0 to serve the model', 60_000),
    );
  });

  it('node 1 fetches it from node 0 by hash, verified, and serves it', async () => {
    await withLogs(() =>
      waitFor(async () => (await servedModels(1)).includes(ID), 'node 1 to fetch and serve the model', 90_000),
    );
    const dir = path.join(net.node(1).home, 'models', 'test', 'tiny-hf');
    for (const [name, bytes] of Object.entries(model.files))
      expect(readFileSync(path.join(dir, name)).equals(Buffer.from(bytes))).toBe(true);
    expect(net.log(1)).toMatch(/model file fetched and verified/);
  });
});
