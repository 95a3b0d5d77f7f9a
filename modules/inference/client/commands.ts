/**
 * `raced tx inference register-executor --models a,b --device cuda --gpu "NVIDIA H200:141000000000"` and
 * `raced query inference params | inference <id> | inferences <requester> | participant <address>`. Starting and
 * finishing requests is the relay's and executor's job (node/inference), not a user's command.
 */
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import {
  QueryInferenceRequest,
  QueryInferenceResponse,
  QueryInferencesRequest,
  QueryInferencesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
} from '../../../proto/gen/race/inference/v1/query.js';
import type { Gpu } from '../../../proto/gen/race/inference/v1/types.js';
import { INFERENCE_QUERY_PREFIX } from '../query-server.js';
import { INFERENCE_URLS } from './msgs.js';

const ALL = { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false };

interface RegisterFlags extends TxCommandFlags {
  models: string;
  device: string;
  gpu: string[];
}

/** "NVIDIA H200:141000000000" → {name, memory_bytes}. */
export function parseGpu(text: string): Gpu {
  const m = /^(.+?)\s*:\s*([0-9]{1,20})$/.exec(text.trim());
  if (!m) throw new CliError(`invalid --gpu "${text}": expected "<name as the driver reports it>:<memory bytes>"`);
  if (m[1]!.trim() === '') throw new CliError(`invalid --gpu "${text}": the GPU name is empty`);
  return { name: m[1]!.trim(), memoryBytes: BigInt(m[2]!) };
}

export function inferenceTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(
      tx,
      'register-executor',
      'declare the registered models you serve and your hardware (no --models withdraws)',
    )
    .option('--models <ids>', 'comma-separated model ids', '')
    .option('--device <kind>', 'cuda or cpu', 'cuda')
    .option(
      '--gpu <name:bytes>',
      'a GPU as the driver reports it (repeat per GPU)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as RegisterFlags;
      if (opts.device !== 'cuda' && opts.device !== 'cpu')
        throw new CliError(`--device must be cuda or cpu, got "${opts.device}"`);
      const models = opts.models
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const hardware = { deviceKind: opts.device, gpus: opts.gpu.map(parseGpu) };
      await cli.broadcast(opts, (sender) => [
        { typeUrl: INFERENCE_URLS.registerExecutor, value: { executor: sender, models, hardware } },
      ]);
    });
}

export function inferenceQueryCommands(q: Command, cli: ModuleCli): void {
  const path = (m: string) => `${INFERENCE_QUERY_PREFIX}/${m}`;
  const address = (a: string) => {
    if (!isValidAddress(a)) throw new CliError(`invalid address "${a}"`);
    return a;
  };
  cli.queryCommand(q, 'params', 'inference parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(opts, path('Params'), QueryParamsRequest.encode({}).finish(), QueryParamsResponse.decode);
    cli.print(opts, cli.json(QueryParamsResponse.toJSON(r)));
  });
  cli
    .queryCommand(q, 'inference <id>', 'one inference record (id: 64 hex characters)')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!/^[0-9a-fA-F]{64}$/.test(id)) throw new CliError(`invalid id "${id}": 64 hex characters`);
      const r = await cli.query(
        opts,
        path('Inference'),
        QueryInferenceRequest.encode({ id }).finish(),
        QueryInferenceResponse.decode,
      );
      cli.print(opts, cli.json(QueryInferenceResponse.toJSON(r)));
    });
  cli
    .queryCommand(q, 'inferences [requester]', "a requester's recorded inferences (its usage history), oldest first")
    .option('--requester <address>', 'the requester (instead of the argument)')
    .action(async (arg: string | undefined, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags & { requester?: string };
      const requester = arg ?? opts.requester;
      if (requester === undefined)
        throw new CliError('give the requester: raced query inference inferences --requester <address>');
      const req = QueryInferencesRequest.encode({ requester: address(requester), pagination: ALL }).finish();
      const r = await cli.query(opts, path('Inferences'), req, QueryInferencesResponse.decode);
      cli.print(opts, cli.json(QueryInferencesResponse.toJSON(r)));
    });
  cli
    .queryCommand(
      q,
      'participant <address>',
      "a participant's served models, hardware, epoch stats and pending rewards",
    )
    .action(async (a: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        path('Participant'),
        QueryParticipantRequest.encode({ address: address(a) }).finish(),
        QueryParticipantResponse.decode,
      );
      cli.print(opts, cli.json(QueryParticipantResponse.toJSON(r)));
    });
}
