/**
 * `raced tx pricing vote <amount><denom>` and `raced query pricing price | vote <addr> | votes | models | model <id> | params`.
 * A vote may be typed in icon, micoin, uicon or nicoin; fractions ("1.5uicon") are sent in nicoin.
 */
import type { Command } from 'commander';
import { CliError } from '../../../chain/client/cli-error.js';
import type { ModuleCli, QueryFlags, TxCommandFlags } from '../../../chain/client/module-cli.js';
import { isValidAddress } from '../../../chain/crypto/address.js';
import {
  QueryModelPriceRequest,
  QueryModelPriceResponse,
  QueryModelPricesRequest,
  QueryModelPricesResponse,
  QueryParamsRequest,
  QueryParamsResponse,
  QueryPriceVoteRequest,
  QueryPriceVoteResponse,
  QueryPriceVotesRequest,
  QueryPriceVotesResponse,
  QueryUnitPriceRequest,
  QueryUnitPriceResponse,
} from '../../../proto/gen/race/pricing/v1/query.js';
import { DENOM_EXPONENTS, toBaseAmount } from '../../bank/denoms.js';
import { PRICING_QUERY_PREFIX } from '../query-server.js';
import { PRICING_URLS } from './msgs.js';

const ALL = { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false };

/** "2uicon" → {2, uicon}; "1.5uicon" → {1500, nicoin}. */
export function parseVotePrice(text: string): { denom: string; amount: string } {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)$/.exec(text.trim());
  if (!m || DENOM_EXPONENTS[m[2]!] === undefined)
    throw new CliError(`invalid price "${text}": e.g. 2uicon, 1500nicoin (denoms: icon, micoin, uicon, nicoin)`);
  const [, amount, denom] = m as unknown as [string, string, string];
  if (!amount.includes('.')) {
    if (/^0+$/.test(amount)) throw new CliError('the price must be positive');
    return { denom, amount: BigInt(amount).toString() };
  }
  let nicoin: bigint;
  try {
    nicoin = toBaseAmount(amount, denom);
  } catch (e) {
    throw new CliError(`invalid price "${text}": ${(e as Error).message}`);
  }
  if (nicoin === 0n) throw new CliError('the price must be positive');
  return { denom: 'nicoin', amount: nicoin.toString() };
}

export function pricingTxCommands(tx: Command, cli: ModuleCli): void {
  cli
    .txCommand(tx, 'vote <price>', 'vote on the price of one unit of compute (hardware providers only), e.g. 2uicon')
    .action(async (price: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxCommandFlags;
      const coin = parseVotePrice(price);
      await cli.broadcast(opts, (sender) => [
        { typeUrl: PRICING_URLS.submitUnitPriceVote, value: { provider: sender, price: coin } },
      ]);
    });
}

export function pricingQueryCommands(q: Command, cli: ModuleCli): void {
  const path = (m: string) => `${PRICING_QUERY_PREFIX}/${m}`;
  cli
    .queryCommand(q, 'price', 'the unit-of-compute price in force (nicoin) and its epoch')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        path('UnitPrice'),
        QueryUnitPriceRequest.encode({}).finish(),
        QueryUnitPriceResponse.decode,
      );
      cli.print(opts, cli.json(QueryUnitPriceResponse.toJSON(r)));
    });
  cli
    .queryCommand(q, 'vote <provider>', "a provider's standing vote and what it counts with")
    .action(async (provider: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      if (!isValidAddress(provider)) throw new CliError(`invalid address "${provider}"`);
      const r = await cli.query(
        opts,
        path('PriceVote'),
        QueryPriceVoteRequest.encode({ provider }).finish(),
        QueryPriceVoteResponse.decode,
      );
      cli.print(opts, cli.json(QueryPriceVoteResponse.toJSON(r)));
    });
  cli.queryCommand(q, 'votes', 'every standing price vote').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(
      opts,
      path('PriceVotes'),
      QueryPriceVotesRequest.encode({ pagination: ALL }).finish(),
      QueryPriceVotesResponse.decode,
    );
    cli.print(opts, cli.json(QueryPriceVotesResponse.toJSON(r)));
  });
  cli
    .queryCommand(q, 'models', "each registered model's price per input and output token")
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        path('ModelPrices'),
        QueryModelPricesRequest.encode({ pagination: ALL }).finish(),
        QueryModelPricesResponse.decode,
      );
      cli.print(opts, cli.json(QueryModelPricesResponse.toJSON(r)));
    });
  cli
    .queryCommand(q, 'model <model_id>', "one model's price per token")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as QueryFlags;
      const r = await cli.query(
        opts,
        path('ModelPrice'),
        QueryModelPriceRequest.encode({ modelId: id }).finish(),
        QueryModelPriceResponse.decode,
      );
      cli.print(opts, cli.json(QueryModelPriceResponse.toJSON(r)));
    });
  cli.queryCommand(q, 'params', 'pricing parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryFlags;
    const r = await cli.query(opts, path('Params'), QueryParamsRequest.encode({}).finish(), QueryParamsResponse.decode);
    cli.print(opts, cli.json(QueryParamsResponse.toJSON(r)));
  });
}
