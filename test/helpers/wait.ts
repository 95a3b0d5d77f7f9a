/** The tests' one sleep and one polling wait (every harness re-exports these rather than keeping its own). */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` (sync or async) until it returns something other than `undefined` or `false`, and returns that;
 * throws `timed out waiting for <what>` after `timeoutMs`. Wait for an event or a height this way, never for a
 * fixed time.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}
