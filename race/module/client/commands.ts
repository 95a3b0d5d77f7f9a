/** `raced query race params | epoch | weights | participant <addr> | participants | beacon | duties <addr> | outcomes | operator <addr> | convictions [addr]` (all with -o json). */
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import {
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryConvictionsRequest,
  QueryConvictionsResponse,
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryEpochRequest,
  QueryEpochResponse,
  QueryOperatorRequest,
  QueryOperatorResponse,
  QueryOutcomesRequest,
  QueryOutcomesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryParticipantsRequest,
  QueryParticipantsResponse,
  QueryWeightsRequest,
  QueryWeightsResponse,
} from '../../../proto/gen/race/race/v1/query.js';
import { RACE_QUERY_PREFIX } from '../query-path.js';

interface Codec<T> {
  encode(m: T): { finish(): Uint8Array };
  decode(b: Uint8Array): T;
  toJSON(m: T): unknown;
}

function address(a: string): string {
  if (!isValidAddress(a)) throw new CliError(`invalid address "${a}"`);
  return a;
}

export function raceQueryCommands(q: Command, cli: ModuleCli): void {
  const simple = <Req, Res>(name: string, method: string, help: string, req: Codec<Req>, empty: Req, res: Codec<Res>) =>
    cli.queryCommand(q, name, help).action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(opts, `${RACE_QUERY_PREFIX}/${method}`, req.encode(empty).finish(), (b) =>
        res.decode(b),
      );
      cli.print(opts, cli.json(res.toJSON(r)));
    });
  const byAddress = <Req, Res>(
    name: string,
    method: string,
    help: string,
    req: Codec<Req>,
    make: (a: string) => Req,
    res: Codec<Res>,
  ) =>
    cli.queryCommand(q, `${name} <address>`, help).action(async (a: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(opts, `${RACE_QUERY_PREFIX}/${method}`, req.encode(make(address(a))).finish(), (b) =>
        res.decode(b),
      );
      cli.print(opts, cli.json(res.toJSON(r)));
    });
  simple(
    'params',
    'Params',
    'the Race params in force (and those pending for the next epoch)',
    QueryParamsRequest,
    {},
    QueryParamsResponse,
  );
  simple(
    'epoch',
    'Epoch',
    'the current epoch: number, seed, window heights and phase',
    QueryEpochRequest,
    {},
    QueryEpochResponse,
  );
  simple(
    'weights',
    'Weights',
    'voting weights and consensus power in force',
    QueryWeightsRequest,
    {},
    QueryWeightsResponse,
  );
  byAddress(
    'participant',
    'Participant',
    "a participant's keys, weight, reputation and this epoch's proof",
    QueryParticipantRequest,
    (address) => ({ address }),
    QueryParticipantResponse,
  );
  simple(
    'participants',
    'Participants',
    'every registered participant',
    QueryParticipantsRequest,
    {},
    QueryParticipantsResponse,
  );
  simple('beacon', 'Beacon', "the beacon for the next epoch's seed", QueryBeaconRequest, {}, QueryBeaconResponse);
  byAddress(
    'duties',
    'Duties',
    'what an address owes now: racing, validations, beacon',
    QueryDutiesRequest,
    (address) => ({ address }),
    QueryDutiesResponse,
  );
  simple(
    'outcomes',
    'Outcomes',
    'the last validation tally and the current assignments',
    QueryOutcomesRequest,
    {},
    QueryOutcomesResponse,
  );
  byAddress(
    'operator',
    'Operator',
    'the operator of a participant, or the participants an operator runs, and the weight its votes count with',
    QueryOperatorRequest,
    (address) => ({ address }),
    QueryOperatorResponse,
  );
  cli
    .queryCommand(
      q,
      'convictions [address]',
      "convictions (forgery, false checks, double signing): everyone's or one address's",
    )
    .action(async (a: string | undefined, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const req = QueryConvictionsRequest.encode({ participant: a === undefined ? '' : address(a) }).finish();
      const r = await cli.query(opts, `${RACE_QUERY_PREFIX}/Convictions`, req, (b) =>
        QueryConvictionsResponse.decode(b),
      );
      cli.print(opts, cli.json(QueryConvictionsResponse.toJSON(r)));
    });
}
