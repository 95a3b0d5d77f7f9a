/** cosmos.base.tendermint.v1beta1.Service (node info, syncing, blocks, validator sets) and cosmos.base.node (config). */
import { formatRfc3339Ns } from '../../../chain/types/time.js';
import { renderNodeInfo } from '../../rpc/render.js';
import type { RestContext } from '../context.js';
import { badRequest, notFound, RestError, Grpc } from '../errors.js';
import { renderBlockResponse, renderValidatorSet } from '../render-block.js';
import type { Route } from '../router.js';
import { toBase64 } from '../../../chain/types/bytes.js';

/** The Cosmos SDK release whose REST API this server follows. */
const COSMOS_SDK_COMPAT_VERSION = 'v0.50';

function height(text: string | undefined): number {
  if (!text || !/^[0-9]{1,15}$/.test(text))
    throw badRequest(`invalid height ${JSON.stringify(String(text).slice(0, 40))}: expected a positive integer`);
  const h = Number(text);
  if (h < 1) throw badRequest('height must be greater than 0');
  return h;
}

async function checkHeight(ctx: RestContext, h: number): Promise<void> {
  const latest = await ctx.backend.latestHeight();
  if (h > latest) throw badRequest(`requested block height ${h} is bigger than the chain length ${latest}`);
}

async function block(ctx: RestContext, h: number) {
  const stored = await ctx.backend.blockAt(h);
  if (!stored)
    throw notFound(`block ${h} is not available (earliest stored height is ${await ctx.backend.earliestHeight()})`);
  return renderBlockResponse(stored);
}

async function validatorSet(ctx: RestContext, h: number) {
  const vals = await ctx.backend.validators(h);
  if (!vals) throw notFound(`validator set at height ${h} is not available`);
  return renderValidatorSet(h, vals);
}

async function latest(ctx: RestContext): Promise<number> {
  const h = await ctx.backend.latestHeight();
  if (h < 1) throw new RestError(Grpc.Unavailable, 'no block has been committed yet');
  return h;
}

export function tendermintRestRoutes(): Route[] {
  const base = '/cosmos/base/tendermint/v1beta1';
  return [
    {
      method: 'GET',
      path: `${base}/node_info`,
      async handle(_req, ctx) {
        const { id, channels, ...info } = renderNodeInfo(await ctx.backend.nodeInfo());
        const app = await ctx.backend.abciInfo();
        return {
          default_node_info: {
            ...info,
            default_node_id: id,
            channels: Buffer.from(String(channels), 'hex').toString('base64'),
          },
          application_version: {
            name: app.data,
            app_name: `${app.data}d`,
            version: app.version,
            git_commit: '',
            build_tags: '',
            go_version: `node ${process.version}`,
            build_deps: [],
            cosmos_sdk_version: COSMOS_SDK_COMPAT_VERSION,
          },
        };
      },
    },
    {
      method: 'GET',
      path: `${base}/syncing`,
      async handle(_req, ctx) {
        return { syncing: (await ctx.backend.syncInfo()).catchingUp };
      },
    },
    { method: 'GET', path: `${base}/blocks/latest`, handle: async (_req, ctx) => block(ctx, await latest(ctx)) },
    {
      method: 'GET',
      path: `${base}/blocks/:height`,
      async handle(req, ctx) {
        const h = height(req.params.height);
        await checkHeight(ctx, h);
        return block(ctx, h);
      },
    },
    {
      method: 'GET',
      path: `${base}/validatorsets/latest`,
      handle: async (_req, ctx) => validatorSet(ctx, await latest(ctx)),
    },
    {
      method: 'GET',
      path: `${base}/validatorsets/:height`,
      async handle(req, ctx) {
        const h = height(req.params.height);
        await checkHeight(ctx, h);
        return validatorSet(ctx, h);
      },
    },
    {
      method: 'GET',
      path: '/cosmos/base/node/v1beta1/config',
      async handle(_req, ctx) {
        return {
          minimum_gas_price: ctx.minimumGasPrices(),
          pruning_keep_recent: '0',
          pruning_interval: '0',
          halt_height: '0',
        };
      },
    },
    {
      method: 'GET',
      path: '/cosmos/base/node/v1beta1/status',
      async handle(_req, ctx) {
        const s = await ctx.backend.syncInfo();
        const stored = s.latestBlockHeight > 0 ? await ctx.backend.blockAt(s.latestBlockHeight) : undefined;
        return {
          earliest_store_height: String(s.earliestBlockHeight),
          height: String(s.latestBlockHeight),
          timestamp: stored ? formatRfc3339Ns(stored.block.header.timeNs) : null,
          app_hash: toBase64(s.latestAppHash),
          validator_hash: stored ? toBase64(stored.block.header.nextValidatorsHash) : '',
        };
      },
    },
  ];
}
