/**
 * The models this node serves, each with its own runner and tokenizer: the registered models its executor record
 * declares (and the built-in default). On every sync it opens what is missing: a model built in (the default, by
 * its pinned hash), else the files in models_dir checked against the registry, else fetched from peers by hash and
 * then checked. A model whose files are bad, missing everywhere or do not open is not served; the error is logged
 * once per attempt and the attempt repeated after a backoff, so the node keeps running and heals when a peer or
 * the operator supplies good files. A model whose registered hashes change is closed and opened anew.
 */
import type { Logger } from '../../../chain/util/log.js';
import type { RaceDevice } from '../../../race/engine/session.js';
import type { ModelRunnerDeps } from '../runner/model-runner.js';
import type { HeldFileLookup } from './model-file-server.js';
import {
  checkModelFiles,
  ModelFilesError,
  type CheckedModelFiles,
  type ModelFileKind,
  type RegisteredHashes,
} from './model-files.js';
import { openRegisteredModel, type OpenedModel } from './open-model.js';

export interface RegisteredModelEntry extends RegisteredHashes {
  contextLength: bigint;
}

export interface ModelLibraryOpts {
  modelsDir: string;
  maxModelBytes: number;
  device?: RaceDevice;
  threads?: number;
  /** Wait before retrying a model that failed (default 30 s). */
  retryMs?: number;
}

export interface ModelLibraryDeps {
  /** The registered models this node should serve, as the registry records them now. */
  wanted: () => RegisteredModelEntry[];
  /** Models built in-repo, by onnx_sha256: opened without files or peers. */
  builtIns?: ReadonlyMap<string, (entry: RegisteredModelEntry) => Promise<OpenedModel>>;
  fetcher?: { fetch(model: RegisteredHashes, modelsDir: string, signal?: AbortSignal): Promise<void> };
  runnerDeps: ModelRunnerDeps;
  nowMs: () => number;
  log: Logger;
}

interface Loaded {
  entry: RegisteredModelEntry;
  model: OpenedModel;
  files?: CheckedModelFiles;
}

export class ModelLibrary {
  private readonly loaded = new Map<string, Loaded>();
  private readonly failures = new Map<string, { message: string; retryAtMs: number }>();
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly aborter = new AbortController();

  constructor(
    private readonly opts: ModelLibraryOpts,
    private readonly deps: ModelLibraryDeps,
  ) {}

  get(id: string): OpenedModel | undefined {
    return this.loaded.get(id)?.model;
  }

  ids(): string[] {
    return [...this.loaded.keys()];
  }

  /** Why a wanted model is not served (the last attempt's error), if it is not. */
  problem(id: string): string | undefined {
    return this.failures.get(id)?.message;
  }

  /** For ModelFileServer: only files that were checked against the registry are ever served. */
  readonly lookupHeld: HeldFileLookup = (kind: ModelFileKind, sha256: string) => {
    for (const { entry, files } of this.loaded.values()) {
      if (!files) continue;
      if (kind === 'onnx' && entry.onnxSha256 === sha256) return files.onnx;
      if (kind !== 'onnx' && entry.tokenizerSha256 === sha256 && files.tokenizer)
        return kind === 'tokenizer' ? files.tokenizer : (files.tokenizerConfig ?? 'absent');
    }
    return undefined;
  };

  /** Opens what is wanted and missing, closes what is no longer wanted; one sync at a time (a second call joins it). */
  sync(): Promise<void> {
    this.running ??= this.doSync().finally(() => (this.running = null));
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A fetch of a large model stops at its next chunk instead of holding the shutdown up.
    this.aborter.abort();
    await this.running?.catch(() => {});
    const all = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(all.map((l) => l.model.runner.close()));
  }

  private async doSync(): Promise<void> {
    const wanted = new Map(this.deps.wanted().map((e) => [e.id, e]));
    for (const [id, l] of this.loaded) {
      const w = wanted.get(id);
      if (w && w.onnxSha256 === l.entry.onnxSha256 && w.tokenizerSha256 === l.entry.tokenizerSha256) continue;
      this.loaded.delete(id);
      this.deps.log.info({ model: id }, 'model no longer served as registered; closed');
      await l.model.runner.close();
    }
    for (const entry of wanted.values()) {
      if (this.closed) return;
      if (this.loaded.has(entry.id)) continue;
      const failed = this.failures.get(entry.id);
      if (failed && this.deps.nowMs() < failed.retryAtMs) continue;
      try {
        const l = await this.load(entry);
        if (this.closed) {
          await l.model.runner.close();
          return;
        }
        this.loaded.set(entry.id, l);
        this.failures.delete(entry.id);
        this.deps.log.info(
          { model: entry.id, device: l.model.runner.device, contextLength: l.model.contextLength },
          'model served',
        );
      } catch (e) {
        const message = (e as Error).message;
        this.failures.set(entry.id, { message, retryAtMs: this.deps.nowMs() + (this.opts.retryMs ?? 30_000) });
        this.deps.log.error({ model: entry.id, err: message }, 'model not served');
      }
    }
  }

  private async load(entry: RegisteredModelEntry): Promise<Loaded> {
    const builtIn = this.deps.builtIns?.get(entry.onnxSha256);
    if (builtIn) return { entry, model: await builtIn(entry) };
    const limits = { maxModelBytes: this.opts.maxModelBytes };
    let files: CheckedModelFiles;
    try {
      files = await checkModelFiles(this.opts.modelsDir, entry, limits);
    } catch (e) {
      // Only absent files are fetched; a present file that does not match is the operator's to fix.
      if (!this.deps.fetcher || !(e instanceof ModelFilesError) || !e.missing) throw e;
      this.deps.log.info({ model: entry.id, reason: (e as Error).message }, 'fetching model from peers');
      await this.deps.fetcher.fetch(entry, this.opts.modelsDir, this.aborter.signal);
      files = await checkModelFiles(this.opts.modelsDir, entry, limits);
    }
    const model = await openRegisteredModel(
      files,
      entry,
      { device: this.opts.device, threads: this.opts.threads },
      { ...this.deps.runnerDeps, logger: this.deps.log },
    );
    return { entry, model, files };
  }
}
