import type { ValidatorUpdate } from '../abci.js';
import type { Context } from './context.js';
import type { MsgServiceRouter, QueryRouter } from './router.js';

/** A broken invariant: the message says what and where. */
export interface Invariant {
  name: string;
  check(ctx: Context): string | undefined;
}

/**
 * A state machine module (the Cosmos SDK's AppModule): it owns a store key, registers its messages and queries,
 * imports and exports its genesis (exact inverses), may hook the block, and declares invariants that tests check.
 * Its client side (messages, Any types, REST, CLI) and keeper wiring are declared beside it in a ModuleDefinition
 * (module-definition.ts), the entry of the app's one module list.
 */
export interface AppModule {
  readonly name: string;
  /** Store key of its state prefix; undefined for stateless modules. */
  readonly storeKey?: string;
  registerServices(services: { msgs: MsgServiceRouter; queries: QueryRouter }): void;
  defaultGenesis(): unknown;
  /** Validates and writes the module's genesis; throws with a clear message on bad input. */
  initGenesis(ctx: Context, genesis: unknown): ValidatorUpdate[] | void;
  exportGenesis(ctx: Context): unknown;
  /**
   * Block hooks need no guard of their own: BaseApp runs each on its own branch, and a throw drops all of that hook's
   * writes, events and validator updates, is logged and reported by a `block_hook_error` event, and the block goes on.
   */
  beginBlock?(ctx: Context): void;
  endBlock?(ctx: Context): ValidatorUpdate[] | void;
  invariants?(): Invariant[];
}
