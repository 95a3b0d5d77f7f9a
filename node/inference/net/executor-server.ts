/**
 * The executor's side of EXEC_PROTOCOL: a relay hands over a request the chain started and drew this node for; the
 * node checks it is authorised, runs it on its local runner while streaming each token back, stops at the first
 * token after a cancel (or a reset stream), keeps the tokens and logprobs for verifiers, and answers with its signed
 * usage. It also serves OUTPUT_PROTOCOL: a stored response by inference id.
 *
 * Authorised means: the chain holds a started record of this id naming this node as executor and the frame's relay
 * as relay; the relay signed the frame for this executor (its key gives the recorded address); the prompt has the
 * recorded number of tokens and max_tokens stays within the recorded budget (the escrow covers no more); the id was
 * not run here before. Anything else costs a refusal frame and no forward pass.
 */
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { verifySecp256k1 } from '../../../chain/crypto/secp256k1.js';
import type { FramedSession, StreamProtocolLimits } from '../../../chain/p2p/stream-protocols.js';
import { fromHex, toHexLower } from '../../../chain/types/bytes.js';
import type { Logger } from '../../../chain/util/log.js';
import { InferenceStatus, type Inference } from '../../../proto/gen/race/inference/v1/types.js';
import type { Executor } from '../api/executor.js';
import type { GeneratedToken } from '../runner/generation.js';
import type { InferenceP2P } from './inference-p2p.js';
import type { ResponseStore } from './response-store.js';
import {
  decodeToExecutor,
  encodeToRelay,
  EXEC_PROTOCOL,
  execSignBytes,
  OUTPUT_PROTOCOL,
  type ExecFrame,
} from './wire.js';

export const EXEC_LIMITS: StreamProtocolLimits = {
  maxFrameBytes: 4 << 20,
  rateLimit: { messagesPerSec: 5000, bytesPerSec: 32 << 20 },
  maxInboundStreams: 64,
};

export const OUTPUT_LIMITS = {
  maxRequestBytes: 64,
  maxResponseBytes: 16 << 20,
  rateLimit: { messagesPerSec: 50, bytesPerSec: 64 << 10 },
};

export interface ExecutorServerOpts {
  /** Blocks to wait for the start record to reach this node's state (the relay saw it first). */
  waitBlocks?: number;
}

export interface ExecutorServerDeps {
  p2p: InferenceP2P;
  chainId: string;
  address: string;
  local: Executor;
  getInference: (id: Uint8Array) => Inference | undefined;
  serves: (modelId: string) => boolean;
  nextBlock: () => Promise<void>;
  store: ResponseStore;
  log: Logger;
}

export class ExecutorServer {
  private readonly running = new Set<string>();

  constructor(
    private readonly opts: ExecutorServerOpts,
    private readonly deps: ExecutorServerDeps,
  ) {}

  async start(): Promise<void> {
    await this.deps.p2p.handleStream(EXEC_PROTOCOL, (s) => this.serve(s), EXEC_LIMITS);
    await this.deps.p2p.handle(
      OUTPUT_PROTOCOL,
      (req) => {
        if (req.length !== 32) throw new Error('request must be a 32-byte inference id');
        const r = this.deps.store.get(req);
        if (!r) throw new Error(`no stored response for ${toHexLower(req)}`);
        return new TextEncoder().encode(JSON.stringify(r));
      },
      OUTPUT_LIMITS,
    );
  }

  private async serve(s: FramedSession): Promise<void> {
    const frames = s.frames()[Symbol.asyncIterator]();
    const refuse = async (message: string) => {
      this.deps.log.info({ peer: s.peer, reason: message }, 'inference exec refused');
      await s.send(encodeToRelay({ t: 'error', message })).catch(() => {});
      await s.closeWrite();
    };
    const first = await frames.next();
    if (first.done) return;
    let exec: ExecFrame;
    try {
      const f = decodeToExecutor(first.value);
      if (f.t !== 'exec') return await refuse('the first frame must be exec');
      exec = f;
    } catch (e) {
      return refuse((e as Error).message);
    }
    if (this.running.has(exec.id) || this.deps.store.has(fromHex(exec.id)))
      return refuse(`inference ${exec.id} was already run by this executor`);
    this.running.add(exec.id);
    try {
      const denied = await this.authorize(exec);
      if (denied) return await refuse(denied);
      await this.run(exec, s, frames);
    } finally {
      this.running.delete(exec.id);
    }
  }

  /** Why this frame may not run here, or undefined when it may. */
  private async authorize(f: ExecFrame): Promise<string | undefined> {
    const pub = fromHex(f.relayPubKey);
    if (toBech32(addressBytesFromSecp256k1(pub)) !== f.relay) return `relayPubKey does not give ${f.relay}`;
    if (!verifySecp256k1(fromHex(f.sig), execSignBytes(this.deps.chainId, this.deps.address, f), pub))
      return 'the relay signature does not verify for this executor';
    const id = fromHex(f.id);
    let rec = this.deps.getInference(id);
    for (let i = 0; !rec && i < (this.opts.waitBlocks ?? 3); i++) {
      await this.deps.nextBlock();
      rec = this.deps.getInference(id);
    }
    if (!rec) return `the chain holds no inference ${f.id}`;
    if (rec.status !== InferenceStatus.INFERENCE_STATUS_STARTED) return `inference ${f.id} is not open`;
    if (rec.executor !== this.deps.address) return `the chain drew ${rec.executor} for ${f.id}, not this node`;
    if (rec.relay !== f.relay) return `inference ${f.id} was started by ${rec.relay}, not ${f.relay}`;
    if (!this.deps.serves(rec.modelId)) return `this node does not serve ${rec.modelId}`;
    if (BigInt(f.generate.promptIds.length) !== rec.promptTokens)
      return `the prompt has ${f.generate.promptIds.length} tokens; the chain recorded ${rec.promptTokens}`;
    if (BigInt(f.generate.maxTokens) > rec.maxOutputTokens)
      return `max_tokens ${f.generate.maxTokens} exceeds the escrowed ${rec.maxOutputTokens}`;
    return undefined;
  }

  private async run(f: ExecFrame, s: FramedSession, frames: AsyncIterator<Uint8Array>): Promise<void> {
    let cancelled = false;
    // The relay's later frames (a cancel), read while the model runs; a reset stream is a cancel too.
    void (async () => {
      try {
        for (let n = await frames.next(); !n.done; n = await frames.next())
          if (decodeToExecutor(n.value).t === 'cancel') {
            this.deps.log.debug({ id: f.id }, 'inference cancel received');
            break;
          }
      } catch {
        // reset or garbage: either way the relay is gone
      }
      cancelled = true;
    })();
    const tokens: GeneratedToken[] = [];
    let sending = Promise.resolve();
    const id = fromHex(f.id);
    try {
      const result = await this.deps.local.execute({
        id,
        // authorize() checked this node serves the chain record's model; each model has its own runner.
        model: this.deps.getInference(id)?.modelId,
        generate: { ...f.generate },
        onToken: (t) => {
          tokens.push(t);
          // Every computed token goes out, the one that noticed a cancel too: the usage must match what the relay saw.
          sending = sending
            .then(() => s.send(encodeToRelay({ t: 'token', ...t })))
            .catch(() => {
              cancelled = true;
            });
          return !cancelled;
        },
      });
      this.deps.store.put({
        id: f.id,
        promptTokens: result.promptTokens,
        tokens,
        finishReason: result.finishReason,
        responseHash: toHexLower(result.responseHash),
      });
      await sending;
      await s.send(
        encodeToRelay({
          t: 'done',
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
          outputIds: result.outputIds,
          responseHash: toHexLower(result.responseHash),
          executorSignature: toHexLower(result.executorSignature),
          finishReason: result.finishReason,
        }),
      );
      await s.closeWrite();
      this.deps.log.info({ id: f.id, relay: f.relay, tokens: result.completionTokens }, 'inference executed');
    } catch (e) {
      await sending;
      await s.send(encodeToRelay({ t: 'error', message: (e as Error).message })).catch(() => {});
      await s.closeWrite();
    }
  }
}
