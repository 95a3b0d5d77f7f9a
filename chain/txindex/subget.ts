import type { SubDb } from '../store/db.js';

/** A typed point read: the sublevel's overloaded `get` loses its value type under SubDb's intersection. */
export async function getBytes(sub: SubDb, key: Uint8Array): Promise<Uint8Array | undefined> {
  const v: unknown = await sub.get(key);
  return v instanceof Uint8Array ? v : undefined;
}
