/** cosmos.tx.v1beta1 JSON: Tx (with "@type" messages) and TxResponse (sdk.TxResponse as the gateway prints it). */
import { sha256 } from '@noble/hashes/sha2.js';
import type { CheckTxResult } from '../../chain/abci.js';
import { formatRfc3339Ns } from '../../chain/types/time.js';
import type { AbciEvent } from '../../chain/types/events.js';
import type { IndexedTx } from '../rpc/backend.js';
import { toHexUpper } from '../../chain/types/bytes.js';
import type { JsonObject, RestJson } from './json.js';

const TX_TYPE_URL = '/cosmos.tx.v1beta1.Tx';

export function renderEvents(events: readonly AbciEvent[]): JsonObject[] {
  return events.map((e) => ({
    type: e.type,
    attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: a.index })),
  }));
}

/** The decoded tx (TxRaw is wire-compatible with Tx); null if the bytes are not a tx at all. */
export function renderTx(bytes: Uint8Array, json: RestJson): JsonObject | null {
  const any = json.any(TX_TYPE_URL, bytes);
  if ('value' in any && Object.keys(any).length === 2) return null;
  const { '@type': _t, ...tx } = any;
  return tx;
}

/** TxResponse of a committed tx; `timeNs` is its block's time. */
export function renderTxResponse(t: IndexedTx, timeNs: bigint | undefined, json: RestJson): JsonObject {
  const tx = renderTx(t.tx, json);
  return {
    height: String(t.height),
    txhash: toHexUpper(t.hash),
    codespace: t.result.codespace,
    code: t.result.code,
    data: toHexUpper(t.result.data),
    raw_log: t.result.log,
    logs: [],
    info: t.result.info,
    gas_wanted: t.result.gasWanted.toString(),
    gas_used: t.result.gasUsed.toString(),
    tx: tx ? { '@type': TX_TYPE_URL, ...tx } : null,
    timestamp: timeNs === undefined ? '' : formatRfc3339Ns(timeNs),
    events: renderEvents(t.result.events),
  };
}

/** The reply to a SYNC broadcast (CheckTx only) or, without `check`, an ASYNC one: no height, gas or events yet. */
export function renderBroadcastResponse(
  txBytes: Uint8Array,
  check?: Pick<CheckTxResult, 'code' | 'codespace' | 'log'>,
): JsonObject {
  return {
    height: '0',
    txhash: toHexUpper(sha256(txBytes)),
    codespace: check?.codespace ?? '',
    code: check?.code ?? 0,
    data: '',
    raw_log: check?.log ?? '',
    logs: [],
    info: '',
    gas_wanted: '0',
    gas_used: '0',
    tx: null,
    timestamp: '',
    events: [],
  };
}
