import { toHex } from '@cosmjs/encoding';
import type { IndexedTx } from '@cosmjs/stargate';

/** The SDK's TxResponse JSON for an indexed tx. */
export function txResponseJson(json: (v: unknown) => unknown, tx: IndexedTx, timestamp = ''): Record<string, unknown> {
  return {
    height: String(tx.height),
    txhash: tx.hash,
    codespace: '',
    code: tx.code,
    data: '',
    raw_log: tx.rawLog,
    logs: [],
    info: '',
    gas_wanted: tx.gasWanted.toString(),
    gas_used: tx.gasUsed.toString(),
    // Every message decoded through the app's type registry, as REST prints it.
    tx: json({ typeUrl: '/cosmos.tx.v1beta1.Tx', value: tx.tx }),
    timestamp,
    events: tx.events.map((e) => ({
      type: e.type,
      attributes: e.attributes.map((a) => ({ key: a.key, value: a.value, index: true })),
    })),
    msg_responses: tx.msgResponses.map((m) => ({ '@type': m.typeUrl, value: toHex(m.value) })),
  };
}

/** A small YAML rendering for `-o text` (the SDK prints YAML by default). */
export function toYaml(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object')
    return typeof value === 'string' && (/^[\s]|[:#\n"']|\s$/.test(value) || value === '')
      ? JSON.stringify(value)
      : String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => `\n${indent}- ${toYaml(v, indent + '  ').replace(/^\n\s*/, '')}`).join('');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return entries
    .map(([k, v]) => {
      const rendered = toYaml(v, indent + '  ');
      const nested =
        typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
      return `\n${indent}${k}:${nested ? '' : ' '}${nested && !Array.isArray(v) ? rendered : rendered}`;
    })
    .join('');
}

export function yamlDocument(value: unknown): string {
  return toYaml(value).replace(/^\n/, '') + '\n';
}
