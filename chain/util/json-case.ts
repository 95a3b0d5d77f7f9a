/**
 * The one camelCase ⇄ snake_case key converter: ts-proto's toJSON/fromJSON use camelCase, the SDK's JSON (REST,
 * amino, proposal files, CLI output) uses the proto field names.
 */
export const snakeCase = (k: string): string => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
export const camelCase = (k: string): string => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function mapKeys(v: unknown, key: (k: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => mapKeys(x, key));
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [key(k), mapKeys(x, key)]));
}

/** Every key of a JSON tree in snake_case (ts-proto toJSON → what grpc-gateway prints with OrigName). */
export const snakeKeys = (v: unknown): unknown => mapKeys(v, snakeCase);
/** Every key of a JSON tree in camelCase (SDK JSON → what ts-proto's fromJSON reads). */
export const camelKeys = (v: unknown): unknown => mapKeys(v, camelCase);
