/**
 * What a fuzz target is and what counts as a finding. A target generates an input from the run's Rng and executes
 * it: it returns when the code under test accepted the input or rejected it with its own typed error, and throws a
 * FuzzFinding otherwise (an engine error such as a TypeError or a stack overflow, or a state change on a rejected
 * input). The loop (run.ts) treats anything thrown out of exec as a finding.
 */
import type { Rng } from './rng.js';

export interface FuzzTarget<I = unknown> {
  name: string;
  /** Where the inputs go in the node (for the report). */
  surface: string;
  generate(rng: Rng): I;
  exec(input: I): void | Promise<void>;
  /** The input as the runner prints it on a finding: hex for bytes, JSON for values. */
  show(input: I): string;
  close?(): Promise<void>;
}

/** A target's setup (an app, a backend) is built once per run. */
export type TargetFactory = () => Promise<FuzzTarget>;

export class FuzzFinding extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzFinding';
  }
}

/** Errors from cosmjs-types' BinaryReader on truncated input: its own way of saying "malformed", not a crash. */
const READER_RANGE_ERRORS = /^(premature EOF|index out of range: )/;

/** Messages of JavaScript engine errors; decoders that wrap every error (decodeTx) keep only the message. */
const ENGINE_MESSAGES =
  /Cannot read properties|Cannot set properties|is not a function|is not iterable|is not defined|Maximum call stack|Invalid (typed )?array length|Array buffer allocation failed|Invalid string length|out of memory|Cannot convert .* to a BigInt|Cannot mix BigInt|Do not know how to serialize a BigInt/;

/** The first engine error in an error's cause chain, or undefined when every link is a deliberate rejection. */
export function engineFault(err: unknown): Error | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 16; e = (e as { cause?: unknown }).cause, depth++) {
    if (!(e instanceof Error)) return e === undefined ? undefined : new Error(`non-Error thrown: ${String(e)}`);
    if (e instanceof TypeError || e instanceof ReferenceError) return e;
    if (e instanceof RangeError && !READER_RANGE_ERRORS.test(e.message)) return e;
    if (ENGINE_MESSAGES.test(e.message)) return e;
  }
  return undefined;
}

/** Runs a decoder; returns normally on success or a rejection of the expected class, throws a FuzzFinding otherwise. */
export function expectRejectionOnly(run: () => unknown, isRejection: (e: unknown) => boolean): void {
  try {
    run();
  } catch (e) {
    if (e instanceof FuzzFinding) throw e;
    const fault = engineFault(e);
    if (fault) throw new FuzzFinding(`engine error: ${fault.name}: ${fault.message}`, { cause: e });
    if (!isRejection(e))
      throw new FuzzFinding(`unexpected error type: ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
  }
}

export const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** JSON that survives the values JSON.stringify drops or refuses (undefined, bigint). */
export function showValue(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x === undefined ? '<undefined>' : x)) ??
    String(v)
  );
}
