/**
 * The executor's record of what it produced: each response's tokens and top-k logprobs, kept on disk for as long as
 * validation may ask for them (issue 14 fetches them by inference id over OUTPUT_PROTOCOL). One file per response,
 * written to a temp name and renamed so a crash never leaves half a record. Bounded: an entry goes once the chain no
 * longer holds its inference record (pruned a governable number of epochs after it settled) and at least
 * minRetentionMs has passed, and the oldest go first past maxEntries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toHexLower } from '../../../chain/types/bytes.js';
import type { GeneratedToken } from '../runner/generation.js';

export interface StoredResponse {
  /** Inference id, hex. */
  id: string;
  promptTokens: number;
  tokens: GeneratedToken[];
  finishReason: string;
  /** sha256 of the output ids (outputHash), hex: what the executor signed. */
  responseHash: string;
  storedAtMs: number;
}

export interface ResponseStoreOpts {
  dir: string;
  /** Kept at least this long whatever the chain says (default 1 hour). */
  minRetentionMs?: number;
  /** The oldest entries go past this count (default 100 000). */
  maxEntries?: number;
  /** Chain check every this many puts (default 256). */
  pruneEvery?: number;
}

export interface ResponseStoreDeps {
  nowMs: () => number;
  /** Whether the chain still holds the inference record (so a verifier may still ask). */
  onChain: (id: Uint8Array) => boolean;
}

const ID_FILE = /^([0-9a-f]{64})\.json$/;

export class ResponseStore {
  /** id hex → stored time, oldest first (insertion order). */
  private readonly index = new Map<string, number>();
  private puts = 0;

  constructor(
    private readonly opts: ResponseStoreOpts,
    private readonly deps: ResponseStoreDeps,
  ) {
    fs.mkdirSync(opts.dir, { recursive: true });
    const found: Array<[string, number]> = [];
    for (const name of fs.readdirSync(opts.dir)) {
      const m = ID_FILE.exec(name);
      if (m) found.push([m[1], fs.statSync(path.join(opts.dir, name)).mtimeMs]);
      else if (name.endsWith('.tmp')) fs.rmSync(path.join(opts.dir, name), { force: true });
    }
    for (const [id, at] of found.sort((a, b) => a[1] - b[1])) this.index.set(id, at);
  }

  get size(): number {
    return this.index.size;
  }

  has(id: Uint8Array): boolean {
    return this.index.has(toHexLower(id));
  }

  put(r: Omit<StoredResponse, 'storedAtMs'>): void {
    const at = this.deps.nowMs();
    const file = this.file(r.id);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...r, storedAtMs: at }));
    fs.renameSync(`${file}.tmp`, file);
    this.index.delete(r.id);
    this.index.set(r.id, at);
    if (++this.puts % (this.opts.pruneEvery ?? 256) === 0) this.prune();
    this.trim();
  }

  get(id: Uint8Array): StoredResponse | undefined {
    const hex = toHexLower(id);
    if (!this.index.has(hex)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.file(hex), 'utf8')) as StoredResponse;
    } catch {
      this.index.delete(hex);
      return undefined;
    }
  }

  /** Drops entries the chain no longer holds and that are past the minimum retention. */
  prune(): number {
    const cutoff = this.deps.nowMs() - (this.opts.minRetentionMs ?? 3_600_000);
    let dropped = 0;
    for (const [hex, at] of [...this.index]) {
      if (at > cutoff) break;
      if (this.deps.onChain(Buffer.from(hex, 'hex'))) continue;
      this.drop(hex);
      dropped++;
    }
    return dropped;
  }

  private trim(): void {
    const max = this.opts.maxEntries ?? 100_000;
    for (const hex of this.index.keys()) {
      if (this.index.size <= max) break;
      this.drop(hex);
    }
  }

  private drop(hex: string): void {
    this.index.delete(hex);
    fs.rmSync(this.file(hex), { force: true });
  }

  private file(hex: string): string {
    return path.join(this.opts.dir, `${hex}.json`);
  }
}
