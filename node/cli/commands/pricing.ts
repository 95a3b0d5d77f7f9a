/**
 * `raced tx pricing vote <amount><denom>` and `raced query pricing price | vote <addr> | votes | models | model <id> | params`.
 * A vote may be typed in icon, micoin, uicon or nicoin; fractions ("1.5uicon") are sent in nicoin.
 */
import type { Command } from 'commander';
import { isValidAddress } from '../../../chain/crypto/address.js';
import { DENOM_EXPONENTS, toBaseAmount } from '../../../modules/bank/denoms.js';
import { pricingTypes } from '../../../modules/pricing/client.js';
import { PRICING_QUERY_PREFIX } from '../../../modules/pricing/query-server.js';
import {
  QueryModelPriceRequest, QueryModelPriceResponse, QueryModelPricesRequest, QueryModelPricesResponse, QueryParamsRequest, QueryParamsResponse,
  QueryPriceVoteRequest, QueryPriceVoteResponse, QueryPriceVotesRequest, QueryPriceVotesResponse, QueryUnitPriceRequest, QueryUnitPriceResponse,
} from '../../../proto/gen/race/pricing/v1/query.js';
import { CliError } from '../output.js';
import { toSdkJson } from '../render.js';
import { signAndBroadcastMsgs, type TxFlags } from '../tx-client.js';
import { abciQuery, output, queryCommand, subcommand, txCommand, type QueryOpts } from './gov.js';
import { printTxResponse } from './tx.js';

const ALL = { key: new Uint8Array(), offset: 0n, limit: 1000n, countTotal: true, reverse: false };

/** "2uicon" → {2, uicon}; "1.5uicon" → {1500, nicoin}. */
export function parseVotePrice(text: string): { denom: string; amount: string } {
  const m = /^([0-9]+(?:\.[0-9]+)?)([a-z]+)$/.exec(text.trim());
  if (!m || DENOM_EXPONENTS[m[2]!] === undefined) throw new CliError(`invalid price "${text}": e.g. 2uicon, 1500nicoin (denoms: icon, micoin, uicon, nicoin)`);
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

const json = (v: unknown) => toSdkJson(v);

export function registerPricingCommands(program: Command): void {
  const tx = subcommand(subcommand(program, 'tx', 'sign and broadcast transactions'), 'pricing', 'unit-of-compute pricing transactions');
  txCommand(tx, 'vote <price>', 'vote on the price of one unit of compute (hardware providers only), e.g. 2uicon')
    .action(async (price: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as TxFlags & { output?: string; from: string };
      const coin = parseVotePrice(price);
      const res = await signAndBroadcastMsgs(opts, (sender) => [{ typeUrl: '/race.pricing.v1.MsgSubmitUnitPriceVote', value: { provider: sender, price: coin } }], [...pricingTypes]);
      printTxResponse(opts, res as unknown as Record<string, unknown>);
    });

  const q = subcommand(subcommand(program, 'query', 'query chain state from a node'), 'pricing', 'unit-of-compute price queries');
  const path = (m: string) => `${PRICING_QUERY_PREFIX}/${m}`;
  queryCommand(q, 'price', 'the unit-of-compute price in force (nicoin) and its epoch').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('UnitPrice'), QueryUnitPriceRequest.encode({}).finish(), QueryUnitPriceResponse.decode);
    output(opts, json(QueryUnitPriceResponse.toJSON(r)));
  });
  queryCommand(q, 'vote <provider>', "a provider's standing vote and what it counts with").action(async (provider: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    if (!isValidAddress(provider)) throw new CliError(`invalid address "${provider}"`);
    const r = await abciQuery(opts.node, path('PriceVote'), QueryPriceVoteRequest.encode({ provider }).finish(), QueryPriceVoteResponse.decode);
    output(opts, json(QueryPriceVoteResponse.toJSON(r)));
  });
  queryCommand(q, 'votes', 'every standing price vote').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('PriceVotes'), QueryPriceVotesRequest.encode({ pagination: ALL }).finish(), QueryPriceVotesResponse.decode);
    output(opts, json(QueryPriceVotesResponse.toJSON(r)));
  });
  queryCommand(q, 'models', 'each registered model\'s price per input and output token').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('ModelPrices'), QueryModelPricesRequest.encode({ pagination: ALL }).finish(), QueryModelPricesResponse.decode);
    output(opts, json(QueryModelPricesResponse.toJSON(r)));
  });
  queryCommand(q, 'model <model_id>', "one model's price per token").action(async (id: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('ModelPrice'), QueryModelPriceRequest.encode({ modelId: id }).finish(), QueryModelPriceResponse.decode);
    output(opts, json(QueryModelPriceResponse.toJSON(r)));
  });
  queryCommand(q, 'params', 'pricing parameters').action(async (_o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals() as QueryOpts;
    const r = await abciQuery(opts.node, path('Params'), QueryParamsRequest.encode({}).finish(), QueryParamsResponse.decode);
    output(opts, json(QueryParamsResponse.toJSON(r)));
  });
}
