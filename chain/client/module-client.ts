/**
 * The client side of a module: what it adds to the chain's surface without any state. From these declarations the
 * REST server, the CLI, gov's proposal parsing and CosmJS signers are all derived (see type-registry.ts).
 */
import type { Command } from 'commander';
import type { RestRoute } from '../app/rest-route.js';
import type { ModuleCli } from './module-cli.js';

/** A ts-proto message codec (cosmjs-types or proto/gen). */
export interface ProtoCodec<T = any> {
  encode(m: T): { finish(): Uint8Array };
  decode(b: Uint8Array): T;
  fromJSON(o: unknown): T;
  toJSON(m: T): unknown;
  fromPartial(o: any): T;
}

/** A generated file (`import * as tx from '…/tx.js'`): every exported message is a type that may sit in an Any. */
export type GeneratedFile = Record<string, unknown> & { protobufPackage?: unknown };

/** One message type, declared once: the msg server, the amino sign mode and every client read it from here. */
export interface MsgDecl<T = any> {
  typeUrl: string;
  codec: ProtoCodec<T>;
  /** Legacy amino name ("cosmos-sdk/MsgSend"); without it the msg cannot be signed with SIGN_MODE_LEGACY_AMINO_JSON. */
  aminoName?: string;
  /** The amino JSON value; default: toJSON with snake_case keys. */
  toAmino?(m: T): unknown;
  /** The inverse of toAmino, for CosmJS; default: camelCase keys, then fromJSON. */
  fromAmino?(j: any): T;
  /** Governance may carry it in a proposal; if the msg has an `authority` field it is then gov's. */
  gov?: boolean;
}

/** Unset fields the gateway prints as null where toJSON leaves them out, per type URL. */
export type JsonFixup = (rendered: Record<string, unknown>) => void;

export interface ModuleClient {
  /** The module's name: its genesis section and its `raced tx|query <name>` group. */
  readonly name: string;
  /** Help text of its `raced tx|query <name>` groups. */
  readonly summary: string;
  readonly msgs: readonly MsgDecl[];
  /** Generated files whose messages may be printed inside an Any (accounts, proposal contents, …). */
  readonly anyTypes?: readonly GeneratedFile[];
  readonly jsonFixups?: Readonly<Record<string, JsonFixup>>;
  /** Its REST (grpc-gateway style) routes, answered through ABCI queries. */
  restRoutes?(): RestRoute[];
  /** Adds `raced tx <name> …` subcommands. */
  txCommands?(group: Command, cli: ModuleCli): void;
  /** Adds `raced query <name> …` subcommands. */
  queryCommands?(group: Command, cli: ModuleCli): void;
}

/** Declares a message table; `as const satisfies` would lose the codec's type per row, so this keeps T per msg. */
export function msgDecl<T>(decl: MsgDecl<T>): MsgDecl<T> {
  return decl;
}

/** The declaration of `typeUrl` in a table; a missing one is a wiring bug, so it throws. */
export function declOf(msgs: readonly MsgDecl[], typeUrl: string): MsgDecl {
  const d = msgs.find((m) => m.typeUrl === typeUrl);
  if (!d) throw new Error(`no message declaration for ${typeUrl}`);
  return d;
}
