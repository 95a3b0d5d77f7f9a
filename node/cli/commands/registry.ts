/**
 * `raced query registry models | model <id> | params`, and proposals that change the registry (its messages are
 * governance-only): `raced tx registry propose-model <model.json> --deposit 10icon --title … --summary …` and
 * `raced tx registry propose-deregister <model_id> …`, each a gov MsgSubmitProposal.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { modelFromJson, validateModel, type ModelJson } from '../../../modules/registry/model.js';
import { REGISTRY_QUERY_PREFIX } from '../../../modules/registry/query-server.js';
import {
  QueryModelRequest, QueryModelResponse, QueryModelsRequest, QueryModelsResponse, QueryParamsRequest, QueryParamsResponse,
} from '../../../proto/gen/race/registry/v1/query.js';
import { CliError } from '../output.js';
import { toSdkJson } from '../render.js';
import { signAndBroadcastMsgs, type TxFlags } from '../tx-client.js';
import { abciQuery, govCliRegistryTypes, output, queryCommand, submitProposalMsg, subcommand, txCommand, type QueryOpts } from './gov.js';
import { printTxResponse } from './tx.js';

interface ProposeFlags extends TxFlags {
  output?: string;
  from: string;
  deposit?: string;
  title?: string;
  summary?: string;
  metadata?: string;
}

function readModel(file: string): ModelJson {
  let j: ModelJson;
  try {
    j = JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
  } catch (e) {
    throw new CliError(`cannot read model file ${file}: ${(e as Error).message}`);
  }
  try {
    validateModel(modelFromJson(j));
  } catch (e) {
    throw new CliError(`invalid model in ${file}: ${(e as Error).message}`);
  }
  return j;
}

function proposalFlags(cmd: Command): Command {
  return cmd
    .option('--deposit <amount>', 'initial deposit, e.g. 10icon')
    .option('--title <text>', 'proposal title')
    .option('--summary <text>', 'proposal summary')
    .option('--metadata <text>', 'proposal metadata', '');
}

export function registerRegistryCommands(program: Command): void {
  const tx = subcommand(subcommand(program, 'tx', 'sign and broadcast transactions'), 'registry', 'model registry proposals (governance only)');
  proposalFlags(txCommand(tx, 'propose-model <model_file>', 'propose registering a model described in a JSON file (snake_case Model fields)'))
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as ProposeFlags;
      const model = readModel(file);
      const msg = { '@type': '/race.registry.v1.MsgRegisterModel', model };
      const res = await signAndBroadcastMsgs(opts, (sender) => [submitProposalMsg(sender, {
        messages: [msg as unknown as Record<string, unknown>], deposit: opts.deposit, title: opts.title ?? `Register model ${model.id}`, summary: opts.summary ?? `Register ${model.name} (${model.id})`, metadata: opts.metadata,
      })], govCliRegistryTypes);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });
  proposalFlags(txCommand(tx, 'propose-deregister <model_id>', 'propose removing a model from the registry'))
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as ProposeFlags;
      const res = await signAndBroadcastMsgs(opts, (sender) => [submitProposalMsg(sender, {
        messages: [{ '@type': '/race.registry.v1.MsgDeregisterModel', model_id: id }], deposit: opts.deposit, title: opts.title ?? `Deregister model ${id}`, summary: opts.summary ?? `Remove ${id} from the registry`, metadata: opts.metadata,
      })], govCliRegistryTypes);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });

  const q = subcommand(subcommand(program, 'query', 'query chain state from a node'), 'registry', 'model registry queries');
  const path = (m: string) => `${REGISTRY_QUERY_PREFIX}/${m}`;
  queryCommand(q, 'models', 'every registered model').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('Models'), QueryModelsRequest.encode({ pagination: { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false } }).finish(), QueryModelsResponse.decode);
    output(opts, toSdkJson(QueryModelsResponse.toJSON(r)));
  });
  queryCommand(q, 'model <model_id>', 'one registered model').action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('Model'), QueryModelRequest.encode({ modelId: id }).finish(), QueryModelResponse.decode);
    output(opts, toSdkJson(QueryModelResponse.toJSON(r)));
  });
  queryCommand(q, 'params', 'registry parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('Params'), QueryParamsRequest.encode({}).finish(), QueryParamsResponse.decode);
    output(opts, toSdkJson(QueryParamsResponse.toJSON(r)));
  });
}
