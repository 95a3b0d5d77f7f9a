/**
 * The relay's side of EXEC_PROTOCOL: the Executor seam (api/executor.ts) for an executor on another node. It finds
 * the executor's peer (PeerDirectory), sends the signed request, hands each token to the job as it arrives, sends a
 * cancel when the job says the client is gone (and still waits for the executor's signed usage: the request pays for
 * what was produced until the executor noticed), and fails with ExecutorFailed when the executor refuses, errs,
 * goes quiet for idleTimeoutMs or drops the stream before its usage.
 */
import { signSecp256k1 } from '../../../chain/crypto/secp256k1.js';
import type { FramedSession } from '../../../chain/p2p/stream-protocols.js';
import { fromHex, toHexLower } from '../../../chain/types/bytes.js';
import type { ExecutionJob, ExecutionResult, Executor } from '../api/executor.js';
import { EXEC_LIMITS } from './executor-server.js';
import type { InferenceP2P } from './inference-p2p.js';
import type { PeerDirectory } from './peer-directory.js';
import { decodeToRelay, encodeToExecutor, EXEC_PROTOCOL, execSignBytes, type ExecFrame } from './wire.js';

export class ExecutorFailed extends Error {
  constructor(
    message: string,
    /** Tokens the job received before the failure. */
    readonly tokensReceived: number,
  ) {
    super(message);
    this.name = 'ExecutorFailed';
  }
}

export interface RemoteExecutorOpts {
  /** Longest silence between two frames before the executor counts as dead (default 30 s). */
  idleTimeoutMs?: number;
}

export interface RemoteExecutorDeps {
  p2p: InferenceP2P;
  directory: Pick<PeerDirectory, 'peerOf'>;
  chainId: string;
  /** This node's Race key: the relay the chain recorded. */
  relayKey: { address: string; pubKey: Uint8Array; privKey: Uint8Array };
}

export class RemoteExecutor implements Executor {
  constructor(
    readonly address: string,
    private readonly opts: RemoteExecutorOpts,
    private readonly deps: RemoteExecutorDeps,
  ) {}

  async execute(job: ExecutionJob): Promise<ExecutionResult> {
    const d = this.deps;
    const peer = await d.directory.peerOf(this.address);
    if (!peer) throw new ExecutorFailed(`executor ${this.address} is not connected to this node`, 0);
    let s: FramedSession;
    try {
      s = await d.p2p.openStream(peer, EXEC_PROTOCOL, EXEC_LIMITS);
    } catch (e) {
      throw new ExecutorFailed(`could not reach executor ${this.address}: ${(e as Error).message}`, 0);
    }
    const g = job.generate;
    const unsigned: Omit<ExecFrame, 'sig' | 't'> = {
      id: toHexLower(job.id),
      relay: d.relayKey.address,
      relayPubKey: toHexLower(d.relayKey.pubKey),
      generate: {
        promptIds: [...g.promptIds],
        maxTokens: g.maxTokens,
        ...(g.temperature !== undefined && { temperature: g.temperature }),
        ...(g.topP !== undefined && { topP: g.topP }),
        ...(g.seed !== undefined && { seed: g.seed }),
        stop: (g.stop ?? []).map((x) => [...x]),
        topLogprobs: g.topLogprobs ?? 0,
      },
    };
    const sig = signSecp256k1(execSignBytes(d.chainId, this.address, unsigned), d.relayKey.privKey);
    const ids: number[] = [];
    let timer: NodeJS.Timeout | undefined;
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => s.abort('executor idle'), this.opts.idleTimeoutMs ?? 30_000);
    };
    try {
      await s.send(encodeToExecutor({ t: 'exec', ...unsigned, sig: toHexLower(sig) }));
      idle();
      let cancelSent = false;
      for await (const raw of s.frames()) {
        idle();
        const f = decodeToRelay(raw);
        if (f.t === 'token') {
          ids.push(f.id);
          if (!job.onToken({ id: f.id, logprob: f.logprob, top: f.top }) && !cancelSent) {
            cancelSent = true;
            await s.send(encodeToExecutor({ t: 'cancel' })).catch(() => {});
          }
        } else if (f.t === 'error') {
          throw new ExecutorFailed(`executor ${this.address} failed: ${f.message}`, ids.length);
        } else {
          if (f.outputIds.length !== ids.length || f.outputIds.some((id, i) => id !== ids[i]))
            throw new ExecutorFailed(`executor ${this.address} reported output it did not stream`, ids.length);
          await s.closeWrite();
          return {
            promptTokens: f.promptTokens,
            completionTokens: f.completionTokens,
            outputIds: f.outputIds,
            responseHash: fromHex(f.responseHash),
            executorSignature: fromHex(f.executorSignature),
            finishReason: f.finishReason,
          };
        }
      }
      throw new ExecutorFailed(`executor ${this.address} closed the stream before reporting its usage`, ids.length);
    } catch (e) {
      s.abort('relay gave up');
      if (e instanceof ExecutorFailed) throw e;
      throw new ExecutorFailed(`executor ${this.address}: ${(e as Error).message}`, ids.length);
    } finally {
      clearTimeout(timer);
    }
  }
}
