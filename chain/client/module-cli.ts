/**
 * What a module's CLI commands get from the `raced` program: command builders with the SDK's flags, an ABCI query,
 * signing and broadcasting with a keyring key, and output in the SDK's JSON. The program (node/cli) implements it,
 * so modules declare commands without importing node/, and heavy clients load only when a command runs.
 */
import type { Command } from 'commander';
import type { EncodeObject } from '@cosmjs/proto-signing';
import type { TypeRegistry } from './type-registry.js';

export interface QueryFlags {
  node?: string;
  output?: string;
}

/** The parsed flags of a `txCommand`: `--from` plus the SDK's tx flags, which the program reads. */
export interface TxCommandFlags extends QueryFlags {
  from: string;
}

export interface ModuleCli {
  /** The app's type registry (every module's messages and Any types). */
  readonly types: TypeRegistry;
  /** A query subcommand with `--node` and `-o text|json`. */
  queryCommand(parent: Command, spec: string, description: string): Command;
  /**
   * A tx subcommand with the SDK's tx flags and a required `--from <key>`; with `from: 'argument'` the spec names the
   * signer as its first argument instead (`send <from_key_or_address> …`), which the action passes on in `flags.from`.
   */
  txCommand(parent: Command, spec: string, description: string, from?: 'flag' | 'argument'): Command;
  /** An ABCI query; a failed query becomes a CliError with the node's message. */
  query<T>(flags: QueryFlags, path: string, request: Uint8Array, decode: (b: Uint8Array) => T): Promise<T>;
  /** Signs the messages with the `--from` key, broadcasts, prints the TxResponse (exit code 1 if the tx failed). */
  broadcast(flags: TxCommandFlags, msgs: (sender: string) => EncodeObject[]): Promise<void>;
  /** Prints a value as `-o` asks (YAML by default, as the SDK). */
  print(flags: QueryFlags, value: unknown): void;
  /** toJSON output or a decoded message as the SDK's JSON, every Any expanded through the type registry. */
  readonly json: (value: unknown) => unknown;
}
