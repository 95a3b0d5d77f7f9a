/**
 * GET /chain-info/keplr, /chain-info/chain.json, /chain-info/assetlist.json: what a wallet or explorer needs to add
 * this chain (docs/wallets.md). URLs use the host name the client reached this server by (Host header, and
 * X-Forwarded-Proto for https) with the REST and RPC ports; `?rpc=URL&rest=URL` override them.
 */
import {
  CHAIN_INFO_FORMATS,
  gasPriceSteps,
  publicUrlsForRequest,
  type ChainInfoFormat,
} from '../../chain-info/index.js';
import { badRequest } from '../errors.js';
import type { RestRequest, Route } from '../router.js';

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function route(format: ChainInfoFormat): Route {
  return {
    method: 'GET',
    path: `/chain-info/${format}`,
    async handle(req: RestRequest, ctx) {
      const node = await ctx.backend.nodeInfo();
      let params;
      try {
        const urls = publicUrlsForRequest(
          {
            host: one(req.headers?.host),
            forwardedProto: one(req.headers?.['x-forwarded-proto']),
            rpc: req.query.get('rpc') ?? undefined,
            rest: req.query.get('rest') ?? undefined,
          },
          node.rpcAddress,
        );
        params = { chainId: node.network, ...urls, gasPrices: gasPriceSteps(ctx.minimumGasPrices()) };
      } catch (e) {
        throw badRequest((e as Error).message);
      }
      return CHAIN_INFO_FORMATS[format](params);
    },
  };
}

export function chainInfoRestRoutes(): Route[] {
  return (Object.keys(CHAIN_INFO_FORMATS) as ChainInfoFormat[]).map(route);
}
