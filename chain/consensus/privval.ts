import * as fs from 'node:fs';
import * as path from 'node:path';
import { equalBytes, fromBase64, fromHex, toBase64, toHexUpper } from '../types/bytes.js';
import { proposalSignBytes, signBytesTimestampNs, voteSignBytes } from './sign-bytes.js';
import type { Signer } from './signer.js';
import { syncDir } from './wal.js';
import { VoteType, type Proposal, type Vote } from '../types/vote.js';

/**
 * The double-sign guard (CometBFT privval/file.go FilePV). The last signed height/round/step, with its sign bytes
 * and signature, is persisted (write, fsync, rename, fsync dir) BEFORE a signature is released. It refuses any
 * regression and any different message at the same height/round/step; the identical message (or one that differs
 * only in its timestamp, as happens after a crash) gets the stored signature back.
 */
enum SignStep {
  None = 0,
  Propose = 1,
  Prevote = 2,
  Precommit = 3,
}

export interface LastSignState {
  height: number;
  round: number;
  step: SignStep;
  signature: Uint8Array | null;
  signBytes: Uint8Array | null;
}

export interface LastSignStateStore {
  load(): LastSignState;
  /** Must be durable when it returns. */
  save(s: LastSignState): void;
}

export class DoubleSignError extends Error {}

const INITIAL: LastSignState = { height: 0, round: 0, step: SignStep.None, signature: null, signBytes: null };

/** data/priv_validator_state.json in CometBFT's format. */
export class FileLastSignStateStore implements LastSignStateStore {
  constructor(private readonly file: string) {}

  load(): LastSignState {
    if (!fs.existsSync(this.file)) return { ...INITIAL };
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new Error(
        `cannot read ${this.file}: ${(e as Error).message}; refusing to sign without the double-sign guard`,
        { cause: e },
      );
    }
    const height = Number(j.height ?? 0);
    const round = Number(j.round ?? 0);
    const step = Number(j.step ?? 0);
    if (!Number.isSafeInteger(height) || height < 0 || !Number.isInteger(round) || round < 0 || !(step in SignStep)) {
      throw new Error(`${this.file} has invalid height/round/step; refusing to sign without the double-sign guard`);
    }
    return {
      height,
      round,
      step,
      signature: typeof j.signature === 'string' && j.signature ? fromBase64(j.signature) : null,
      signBytes: typeof j.signbytes === 'string' && j.signbytes ? fromHex(j.signbytes) : null,
    };
  }

  save(s: LastSignState): void {
    const body: Record<string, unknown> = { height: String(s.height), round: s.round, step: s.step };
    if (s.signature) body.signature = toBase64(s.signature);
    if (s.signBytes) body.signbytes = toHexUpper(s.signBytes);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    fs.writeSync(fd, JSON.stringify(body, null, 2) + '\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
  }
}

export class MemoryLastSignStateStore implements LastSignStateStore {
  constructor(private state: LastSignState = { ...INITIAL }) {}
  load(): LastSignState {
    return { ...this.state };
  }
  save(s: LastSignState): void {
    this.state = { ...s };
  }
}

function withTimestamp<T extends { timestampNs: bigint }>(m: T, ts: bigint): T {
  return { ...m, timestampNs: ts };
}

export class PrivValidator {
  private last: LastSignState;

  constructor(
    readonly signer: Signer,
    private readonly store: LastSignStateStore,
  ) {
    this.last = store.load();
  }

  get address(): Uint8Array {
    return this.signer.address;
  }

  get lastSignState(): LastSignState {
    return { ...this.last };
  }

  /** Returns the vote signed (its timestamp may be replaced by the one signed before, see the class comment). */
  signVote(chainId: string, vote: Vote): Vote {
    const step = vote.type === VoteType.Prevote ? SignStep.Prevote : SignStep.Precommit;
    const bytesOf = (v: Vote) => voteSignBytes(chainId, v);
    const r = this.sign(vote.height, vote.round, step, vote, bytesOf);
    return { ...r.msg, signature: r.signature };
  }

  signProposal(chainId: string, proposal: Proposal): Proposal {
    const bytesOf = (p: Proposal) => proposalSignBytes(chainId, p);
    const r = this.sign(proposal.height, proposal.round, SignStep.Propose, proposal, bytesOf);
    return { ...r.msg, signature: r.signature };
  }

  private sign<T extends { timestampNs: bigint }>(
    height: number,
    round: number,
    step: SignStep,
    msg: T,
    bytesOf: (m: T) => Uint8Array,
  ): { msg: T; signature: Uint8Array } {
    const l = this.last;
    const hrs = `${height}/${round}/${step}`;
    if (height < l.height)
      throw new DoubleSignError(
        `height regression: asked to sign ${hrs}, last signed ${l.height}/${l.round}/${l.step}`,
      );
    if (height === l.height) {
      if (round < l.round)
        throw new DoubleSignError(`round regression at height ${height}: asked ${round}, last signed round ${l.round}`);
      if (round === l.round) {
        if (step < l.step)
          throw new DoubleSignError(`step regression at ${height}/${round}: asked ${step}, last signed step ${l.step}`);
        if (step === l.step) {
          if (!l.signBytes || !l.signature) throw new DoubleSignError(`no stored signature for already-signed ${hrs}`);
          if (equalBytes(bytesOf(msg), l.signBytes)) return { msg, signature: l.signature };
          const lastTs = signBytesTimestampNs(l.signBytes);
          if (lastTs !== null) {
            const same = withTimestamp(msg, lastTs);
            if (equalBytes(bytesOf(same), l.signBytes)) return { msg: same, signature: l.signature };
          }
          throw new DoubleSignError(`conflicting data: refusing to sign a different message at ${hrs}`);
        }
      }
    }
    const signBytes = bytesOf(msg);
    const signature = this.signer.sign(signBytes);
    const next: LastSignState = { height, round, step, signature, signBytes };
    this.store.save(next);
    this.last = next;
    return { msg, signature };
  }
}
