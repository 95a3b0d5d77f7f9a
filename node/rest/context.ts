/** What every REST handler gets: the node's RPC backend (the same reads and tx path as JSON-RPC) and the JSON printer. */
import type { Logger } from '../../chain/util/log.js';
import type { RpcBackend } from '../rpc/backend.js';
import { errorFromQuery } from './errors.js';
import type { RestJson } from './json.js';

export interface RestContext {
  backend: RpcBackend;
  json: RestJson;
  log: Logger;
  /** app.toml's minimum-gas-prices, as the node applies it now. */
  minimumGasPrices(): string;
  /** ABCI query at the latest height through the app (as RPC's abci_query); the response value, or a RestError. */
  query(path: string, data: Uint8Array): Promise<Uint8Array>;
}

export function makeContext(deps: Omit<RestContext, 'query'>): RestContext {
  return {
    ...deps,
    async query(path, data) {
      const res = await deps.backend.abciQuery({ path, data, height: 0, prove: false });
      if (res.code !== 0) throw errorFromQuery(res);
      return res.value ?? new Uint8Array();
    },
  };
}
