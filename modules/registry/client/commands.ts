/**
 * `raced query registry models | model <id> | params`, and proposals that change the registry (its messages are
 * governance-only): `raced tx registry propose-model <model.json> --deposit 10icon --title … --summary …` and
 * `raced tx registry propose-deregister <model_id> …`, each a gov MsgSubmitProposal.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import {
  QueryModelRequest,
  QueryModelResponse,
  QueryModelsRequest,
  QueryModelsResponse,
  QueryParamsRequest,
  QueryParamsResponse,
} from '../../../proto/gen/race/registry/v1/query.js';
import { submitProposalMsg } from '../../gov/client/proposal.js';
import { modelFromJson, validateModel, type ModelJson } from '../model.js';
import { REGISTRY_QUERY_PREFIX } from '../query-server.js';

interface ProposeFlags extends TxCommandFlags {
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

export function registryTxCommands(tx: Command, cli: ModuleCli): void {
  proposalFlags(
    cli.txCommand(
      tx,
      'propose-model <model_file>',
      'propose registering a model described in a JSON file (snake_case Model fields)',
    ),
  ).action(async (file: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as ProposeFlags;
    const model = readModel(file);
    const msg = { '@type': '/race.registry.v1.MsgRegisterModel', model };
    await cli.broadcast(opts, (sender) => [
      submitProposalMsg(cli.types, sender, {
        messages: [msg as unknown as Record<string, unknown>],
        deposit: opts.deposit,
        title: opts.title ?? `Register model ${model.id}`,
        summary: opts.summary ?? `Register ${model.name} (${model.id})`,
        metadata: opts.metadata,
      }),
    ]);
  });
  proposalFlags(
    cli.txCommand(tx, 'propose-deregister <model_id>', 'propose removing a model from the registry'),
  ).action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as ProposeFlags;
    await cli.broadcast(opts, (sender) => [
      submitProposalMsg(cli.types, sender, {
        messages: [{ '@type': '/race.registry.v1.MsgDeregisterModel', model_id: id }],
        deposit: opts.deposit,
        title: opts.title ?? `Deregister model ${id}`,
        summary: opts.summary ?? `Remove ${id} from the registry`,
        metadata: opts.metadata,
      }),
    ]);
  });
}

export function registryQueryCommands(q: Command, cli: ModuleCli): void {
  const path = (m: string) => `${REGISTRY_QUERY_PREFIX}/${m}`;
  cli.queryCommand(q, 'models', 'every registered model').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(
      opts,
      path('Models'),
      QueryModelsRequest.encode({
        pagination: { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false },
      }).finish(),
      QueryModelsResponse.decode,
    );
    cli.print(opts, cli.json(QueryModelsResponse.toJSON(r)));
  });
  cli
    .queryCommand(q, 'model <model_id>', 'one registered model')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        path('Model'),
        QueryModelRequest.encode({ modelId: id }).finish(),
        QueryModelResponse.decode,
      );
      cli.print(opts, cli.json(QueryModelResponse.toJSON(r)));
    });
  cli.queryCommand(q, 'params', 'registry parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(opts, path('Params'), QueryParamsRequest.encode({}).finish(), QueryParamsResponse.decode);
    cli.print(opts, cli.json(QueryParamsResponse.toJSON(r)));
  });
}
