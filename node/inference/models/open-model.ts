/**
 * Opens a registered model whose files checkModelFiles accepted: its decoder shape read from the ONNX graph, its
 * tokenizer and chat template, and a runner on the Race's device choice (CUDA when its provider loads, else CPU
 * with a log line). Every way the files can be wrong is an error before the model is served.
 */
import { readFileSync } from 'node:fs';
import type { EngineLog, RaceDevice } from '../../../race/engine/session.js';
import { ModelRunner, type ModelRunnerDeps } from '../runner/model-runner.js';
import type { CheckedModelFiles } from './model-files.js';
import { byteModelText, hfModelText, type ModelText } from './model-text.js';
import { ModelInterfaceError, readDecoderConfig } from './onnx-interface.js';

export interface OpenedModel {
  id: string;
  runner: ModelRunner;
  text: ModelText;
  /** The smaller of the registry's context length and the graph's position table. */
  contextLength: number;
}

export async function openRegisteredModel(
  files: CheckedModelFiles,
  registry: { contextLength: bigint },
  opts: { device?: RaceDevice; threads?: number },
  deps: ModelRunnerDeps & { logger: EngineLog },
): Promise<OpenedModel> {
  const config = readDecoderConfig(readFileSync(files.onnx), files.id);
  const text = files.tokenizer
    ? hfModelText(
        readFileSync(files.tokenizer, 'utf8'),
        files.tokenizerConfig ? readFileSync(files.tokenizerConfig, 'utf8') : undefined,
      )
    : byteModelText;
  if (text.tokenizer.vocab > config.vocab)
    throw new ModelInterfaceError(
      `model ${files.id}: the tokenizer has ${text.tokenizer.vocab} ids but the graph's vocabulary only ${config.vocab}`,
    );
  const contextLength = Math.min(config.contextLength, Number(registry.contextLength));
  const runner = await ModelRunner.open(
    { model: { path: files.onnx, config: { ...config, contextLength } }, eosId: text.tokenizer.eosId, ...opts },
    deps,
  );
  return { id: files.id, runner, text, contextLength };
}
