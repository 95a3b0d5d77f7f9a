import { afterEach, describe, expect, it } from '@jest/globals';
import {
  QueryModelPriceRequest,
  QueryModelPriceResponse,
  QueryModelPricesRequest,
  QueryModelPricesResponse,
  QueryPriceVoteRequest,
  QueryPriceVoteResponse,
  QueryUnitPriceRequest,
  QueryUnitPriceResponse,
} from '../../../proto/gen/race/pricing/v1/query.js';
import { MsgSubmitUnitPriceVoteResponse } from '../../../proto/gen/race/pricing/v1/tx.js';
import { hex64, msgResponses, TestChain, testAccount } from '../gov/harness.js';

const alice = testAccount('alice');
const bob = testAccount('bob');
const carol = testAccount('carol');
const dave = testAccount('dave'); // not a provider
const ICON = 1_000_000_000n;

const priceVote = (provider: string, amount: string, denom: string) => ({
  typeUrl: '/race.pricing.v1.MsgSubmitUnitPriceVote',
  value: { provider, price: { denom, amount } },
});

let chain: TestChain | undefined;
afterEach(async () => {
  await chain?.stop();
  chain = undefined;
});

async function newChain() {
  chain = await new TestChain({
    accounts: [
      { account: alice, balance: ICON, weight: 40n },
      { account: bob, balance: ICON, weight: 35n },
      { account: carol, balance: ICON, weight: 25n },
      { account: dave, balance: ICON, weight: 0n },
    ],
    epochLength: 12n,
    pricingParams: { genesis_unit_price: '1000', min_unit_price: '1', max_unit_price: '0' },
    genesis: {
      registry: {
        params: { max_models: '10' },
        models: [
          {
            model: {
              id: 'tiny',
              name: 'Tiny',
              onnx_sha256: hex64('c'),
              tokenizer_sha256: hex64('d'),
              units_per_input_token: '3',
              units_per_output_token: '7',
              context_length: '512',
              validation_threshold: '0.9',
            },
            registered_height: '0',
          },
        ],
      },
    },
  }).start();
  return chain;
}

async function unitPrice(c: TestChain) {
  return QueryUnitPriceResponse.decode(
    await c.query('/race.pricing.v1.Query/UnitPrice', QueryUnitPriceRequest.encode({}).finish()),
  ).unitPrice!;
}

async function untilHeight(c: TestChain, h: number) {
  while (c.height < h) await c.block();
}

describe('pricing: unit-of-compute price by weighted median at epoch ends', () => {
  it("sets the weighted median of the providers' votes (non-voters count with the last price) at each epoch end", async () => {
    const c = await newChain();
    expect(await unitPrice(c)).toEqual({ price: '1000', epoch: 0n, setHeight: 0n });

    // 2 uicon = 2000 nicoin, 3000 nicoin; carol never votes and counts with 1000.
    const r = await c.exec(alice, [priceVote(alice.address, '2', 'uicon')]);
    expect(MsgSubmitUnitPriceVoteResponse.decode(msgResponses(r)[0]!.value).priceNicoin).toBe('2000');
    await c.exec(bob, [priceVote(bob.address, '3000', 'nicoin')]);
    const v = QueryPriceVoteResponse.decode(
      await c.query(
        '/race.pricing.v1.Query/PriceVote',
        QueryPriceVoteRequest.encode({ provider: carol.address }).finish(),
      ),
    );
    expect(v).toMatchObject({ hasVote: false, effectivePrice: '1000' });

    await untilHeight(c, 11);
    expect((await unitPrice(c)).price).toBe('1000');
    await untilHeight(c, 12);
    // 1000 (25) | 2000 (40) | 3000 (35): the cumulative weight reaches half at 2000.
    expect(await unitPrice(c)).toEqual({ price: '2000', epoch: 1n, setHeight: 12n });

    // Votes stand across epochs; carol now votes 1 micoin, bob moves to 5000.
    await c.exec(carol, [priceVote(carol.address, '1', 'micoin')]);
    await c.exec(bob, [priceVote(bob.address, '5000', 'nicoin')]);
    await untilHeight(c, 24);
    // 2000 (40) | 5000 (35) | 1000000 (25): 40 < 50, 75 ≥ 50 → 5000.
    expect(await unitPrice(c)).toEqual({ price: '5000', epoch: 2n, setHeight: 24n });

    const models = QueryModelPricesResponse.decode(
      await c.query(
        '/race.pricing.v1.Query/ModelPrices',
        QueryModelPricesRequest.encode({ pagination: undefined }).finish(),
      ),
    );
    expect(models.models).toEqual([
      {
        modelId: 'tiny',
        unitsPerInputToken: 3n,
        unitsPerOutputToken: 7n,
        pricePerInputToken: '15000',
        pricePerOutputToken: '35000',
      },
    ]);
    const one = QueryModelPriceResponse.decode(
      await c.query('/race.pricing.v1.Query/ModelPrice', QueryModelPriceRequest.encode({ modelId: 'tiny' }).finish()),
    );
    expect(one.model!.pricePerOutputToken).toBe('35000');
  });

  it('refuses votes from accounts without Race weight and in unknown denominations', async () => {
    const c = await newChain();
    const r = await c.exec(dave, [priceVote(dave.address, '5', 'nicoin')], { expectFailure: true });
    expect(r.codespace).toBe('pricing');
    expect(r.log).toMatch(/no Race weight/);
    const r2 = await c.exec(alice, [priceVote(alice.address, '5', 'uatom')], { expectFailure: true });
    expect(r2.log).toMatch(/not one of icon, micoin, uicon, nicoin/);
    const r3 = await c.exec(alice, [priceVote(alice.address, '0', 'nicoin')], { expectFailure: true });
    expect(r3.log).toMatch(/positive integer/);
  });

  it('lets no minority vote move the price alone, and round-trips its genesis', async () => {
    const c = await newChain();
    await c.exec(alice, [priceVote(alice.address, '7', 'icon')]);
    await untilHeight(c, 12);
    const exported = c.app.exportGenesis().pricing as {
      unit_price: { price: string };
      votes: Array<{ price: string }>;
    };
    expect(exported.unit_price.price).toBe('1000');
    expect(exported.votes[0]!.price).toBe((7n * ICON).toString());
    const { initPricingGenesis, exportPricingGenesis } = await import('../../../modules/pricing/genesis.js');
    const branch = c.app.queryContext().branch();
    initPricingGenesis(branch.ctx, c.pricing, exported);
    expect(exportPricingGenesis(branch.ctx, c.pricing)).toEqual(exported);
  });
});
