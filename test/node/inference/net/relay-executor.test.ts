/**
 * Relay → executor over two real libp2p hosts: the relay's RemoteExecutor against the executor's ExecutorServer, with
 * the chain's records faked as a map (the chain side is test/modules/inference). Every way a request can be
 * unauthorised is refused before a forward pass; a cancel stops the executor at the next token; a dead executor is a
 * clear ExecutorFailed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import type { P2PHost } from '../../../../chain/p2p/host.js';
import type { Logger } from '../../../../chain/util/log.js';
import { verifySecp256k1 } from '../../../../chain/crypto/secp256k1.js';
import { toHexLower } from '../../../../chain/types/bytes.js';
import { createLogger, silentLogger } from '../../../../chain/util/log.js';
import { PassThrough } from 'node:stream';
import { finishSignBytes } from '../../../../modules/inference/sign-bytes.js';
import { InferenceStatus, type Inference } from '../../../../proto/gen/race/inference/v1/types.js';
import { LocalExecutor, type ExecutionJob } from '../../../../node/inference/api/executor.js';
import { ExecutorServer, OUTPUT_LIMITS } from '../../../../node/inference/net/executor-server.js';
import { PeerDirectory, verifyWhoami, WHOAMI_LIMITS } from '../../../../node/inference/net/peer-directory.js';
import { ExecutorFailed, RemoteExecutor } from '../../../../node/inference/net/remote-executor.js';
import { ResponseStore, type StoredResponse } from '../../../../node/inference/net/response-store.js';
import { OUTPUT_PROTOCOL, WHOAMI_PROTOCOL } from '../../../../node/inference/net/wire.js';
import type { Generation } from '../../../../node/inference/runner/generation.js';
import type { GenerateRequest } from '../../../../node/inference/runner/requests.js';
import { raceKeyFromPrivKey, type RaceKey } from '../../../../node/race/race-key.js';
import { CHAIN, cometAddr, connected, makeHost, waitFor } from '../../../chain/p2p/harness.js';

const key = (s: string): RaceKey => raceKeyFromPrivKey(sha256(new TextEncoder().encode(s)));
const RELAY = key('relay');
const EXEC = key('executor');
const OTHER = key('someone else');
const ID = sha256(new TextEncoder().encode('request 1'));

/**
 * Yields token i+10 for i < n, each after the consumer took the previous one; `hold` makes it wait before token
 * `hold.at` until released, so a test can act mid-stream.
 */
function scriptedRunner(n: number, hold?: { at: number; until: Promise<void> }) {
  const state = { forwardPasses: 0, cancelled: false };
  return {
    state,
    generate(r: GenerateRequest): Generation {
      const g = {
        finishReason: null as string | null,
        cancel: () => {
          state.cancelled = true;
        },
        async *[Symbol.asyncIterator]() {
          for (let i = 0; i < Math.min(n, r.maxTokens); i++) {
            if (hold && i === hold.at) await hold.until;
            if (state.cancelled) {
              g.finishReason = 'cancelled';
              return;
            }
            state.forwardPasses++;
            yield { id: 10 + i, logprob: -0.5 - i, top: [{ id: 10 + i, logprob: -0.5 - i }] };
          }
          g.finishReason = n < r.maxTokens ? 'stop' : 'length';
        },
      };
      return g as unknown as Generation;
    },
  };
}

function record(over: Partial<Inference> = {}): Inference {
  return {
    id: ID,
    executor: EXEC.address,
    relay: RELAY.address,
    status: InferenceStatus.INFERENCE_STATUS_STARTED,
    modelId: 'm',
    promptTokens: 3n,
    maxOutputTokens: 8n,
    attempts: 1n,
    ...over,
  } as Inference;
}

const job = (onToken: ExecutionJob['onToken'] = () => true, maxTokens = 8): ExecutionJob => ({
  id: ID,
  generate: { promptIds: [1, 2, 3], maxTokens, topLogprobs: 1 },
  onToken,
});

describe('relay → executor over libp2p', () => {
  const hosts: P2PHost[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function network(
    o: { records?: Map<string, Inference>; runner?: ReturnType<typeof scriptedRunner>; execLog?: Logger } = {},
  ) {
    const records = o.records ?? new Map([[toHexLower(ID), record()]]);
    const runner = o.runner ?? scriptedRunner(5);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-responses-'));
    dirs.push(dir);
    const store = new ResponseStore({ dir }, { nowMs: () => 0, onChain: () => true });
    const execHost = makeHost(21);
    hosts.push(execHost);
    const log = silentLogger();
    const getInference = (id: Uint8Array) => records.get(toHexLower(id));
    await new PeerDirectory({ p2p: execHost, chainId: CHAIN, key: EXEC, log }).start();
    await new ExecutorServer(
      { waitBlocks: 1 },
      {
        p2p: execHost,
        chainId: CHAIN,
        address: EXEC.address,
        local: new LocalExecutor({ key: EXEC, runner }),
        getInference,
        serves: (m) => m === 'm',
        nextBlock: async () => undefined,
        store,
        log: o.execLog ?? log,
      },
    ).start();
    await execHost.start();
    const relayHost = makeHost(22, { persistentPeers: cometAddr(execHost) });
    hosts.push(relayHost);
    const directory = new PeerDirectory({ p2p: relayHost, chainId: CHAIN, key: RELAY, log });
    await directory.start();
    await relayHost.start();
    await waitFor(() => connected(execHost, relayHost), 'relay and executor to connect');
    const remote = (relayKey = RELAY, idleTimeoutMs?: number) =>
      new RemoteExecutor(EXEC.address, { idleTimeoutMs }, { p2p: relayHost, directory, chainId: CHAIN, relayKey });
    return { records, runner, store, execHost, relayHost, remote };
  }

  it('streams tokens as they are produced and returns the executor-signed usage; the executor keeps and serves the output', async () => {
    const { remote, store, relayHost, execHost } = await network();
    const seen: number[] = [];
    const r = await remote().execute(job((t) => seen.push(t.id) > 0));
    expect(seen).toEqual([10, 11, 12, 13, 14]);
    expect(r).toMatchObject({ promptTokens: 3, completionTokens: 5, outputIds: seen, finishReason: 'stop' });
    const signBytes = finishSignBytes(ID, 3n, 5n, r.responseHash);
    expect(verifySecp256k1(r.executorSignature, signBytes, EXEC.pubKey)).toBe(true);

    expect(store.has(ID)).toBe(true);
    const fetched = JSON.parse(
      new TextDecoder().decode(
        await relayHost.request(execHost.peerId, OUTPUT_PROTOCOL, ID, {
          maxResponseBytes: OUTPUT_LIMITS.maxResponseBytes,
        }),
      ),
    ) as StoredResponse;
    expect(fetched.tokens.map((t) => t.id)).toEqual(seen);
    expect(fetched.tokens[1]!.top).toEqual([{ id: 11, logprob: -1.5 }]);
    expect(fetched.responseHash).toBe(toHexLower(r.responseHash));
    await expect(relayHost.request(execHost.peerId, OUTPUT_PROTOCOL, new Uint8Array(32))).rejects.toThrow(
      /no stored response/,
    );
  });

  it('a cancel (the client went away) stops the executor at the next token; the usage counts only what was produced', async () => {
    // The runner holds before its 4th token until the executor has logged the cancel, so the run is the same every time.
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (b: Buffer) => lines.push(b.toString()));
    const execLog = createLogger({ destination, pretty: false, level: 'debug' });
    const noticed = waitFor(() => lines.some((l) => l.includes('inference cancel received')), 'the cancel');
    const runner = scriptedRunner(50, { at: 3, until: noticed.then(() => undefined) });
    const { remote } = await network({
      runner,
      execLog,
      records: new Map([[toHexLower(ID), record({ maxOutputTokens: 64n })]]),
    });
    const delivered: number[] = [];
    const r = await remote().execute(job((t) => delivered.push(t.id) < 2, 50));
    // Tokens 0-2 ran before the cancel arrived; token 3 is the step in flight when the executor noticed; no more.
    expect(r).toMatchObject({ finishReason: 'cancelled', completionTokens: 4, outputIds: [10, 11, 12, 13] });
    expect(runner.state.forwardPasses).toBe(4);
    expect(runner.state.cancelled).toBe(true);
  });

  it('refuses, before any forward pass, a request the chain did not draw it for, started by another relay, signed by another key, or off budget', async () => {
    const cases: Array<[string, Partial<Inference>, RaceKey, number, RegExp]> = [
      ['another executor drawn', { executor: OTHER.address }, RELAY, 8, /drew .* not this node/],
      ['another relay recorded', { relay: OTHER.address }, RELAY, 8, /started by/],
      ['settled already', { status: InferenceStatus.INFERENCE_STATUS_FINISHED }, RELAY, 8, /not open/],
      ['wrong prompt size', { promptTokens: 4n }, RELAY, 8, /chain recorded 4/],
      ['over the escrowed budget', { maxOutputTokens: 4n }, RELAY, 8, /exceeds the escrowed 4/],
      ['a node posing as the relay', {}, OTHER, 8, /started by/],
    ];
    for (const [what, over, relayKey, maxTokens, err] of cases) {
      const runner = scriptedRunner(5);
      const { remote } = await network({ runner, records: new Map([[toHexLower(ID), record(over)]]) });
      await expect(remote(relayKey).execute(job(() => true, maxTokens))).rejects.toThrow(err);
      expect({ what, passes: runner.state.forwardPasses }).toEqual({ what, passes: 0 });
      await Promise.all(hosts.splice(0).map((h) => h.stop()));
    }
  });

  it('refuses an id the chain does not hold, and runs an id only once', async () => {
    const { remote, runner } = await network({ records: new Map() });
    await expect(remote().execute(job())).rejects.toThrow(/holds no inference/);
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    const second = await network({ runner });
    await second.remote().execute(job());
    await expect(second.remote().execute(job())).rejects.toThrow(/already run/);
    expect(runner.state.forwardPasses).toBe(5);
  });

  it('an executor that dies mid-stream is an ExecutorFailed with the tokens received so far', async () => {
    let release!: () => void;
    const runner = scriptedRunner(50, { at: 2, until: new Promise<void>((r) => (release = r)) });
    const { remote, execHost } = await network({
      runner,
      records: new Map([[toHexLower(ID), record({ maxOutputTokens: 64n })]]),
    });
    let got = 0;
    const run = remote().execute(
      job(() => {
        if (++got === 2) void execHost.stop().then(release);
        return true;
      }, 50),
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutorFailed);
    expect((err as ExecutorFailed).tokensReceived).toBe(2);
  });

  it('whoami binds an address to the answering peer: the same answer is worthless from another peer', async () => {
    const { relayHost, execHost } = await network();
    const reply = await relayHost.request(execHost.peerId, WHOAMI_PROTOCOL, new Uint8Array(0), {
      maxResponseBytes: WHOAMI_LIMITS.maxResponseBytes,
    });
    expect(verifyWhoami(reply, CHAIN, execHost.peerId)).toBe(EXEC.address);
    expect(() => verifyWhoami(reply, CHAIN, relayHost.peerId)).toThrow(/signature does not verify/);
    expect(() => verifyWhoami(reply, 'other-chain', execHost.peerId)).toThrow(/signature does not verify/);
  });
});
