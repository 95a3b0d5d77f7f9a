import type { Context } from './context.js';
import { Errors, SdkError } from '../types/errors.js';
import type { MsgRegistry } from '../tx/registry.js';

/** What a message's handler returns: its typed response, already encoded. */
export interface MsgResult {
  typeUrl: string;
  value: Uint8Array;
}

export interface MsgRoute<T = any> {
  typeUrl: string;
  /** The module name for the `message.module` event attribute. */
  module: string;
  decode(bytes: Uint8Array): T;
  encode(msg: T): Uint8Array;
  /** Bech32 addresses that must sign, in order. */
  getSigners(msg: T): string[];
  /** Stateless checks (the SDK's ValidateBasic); throw an SdkError. */
  validateBasic?(msg: T): void;
  /** Legacy amino name (e.g. "cosmos-sdk/MsgSend") and JSON, for SIGN_MODE_LEGACY_AMINO_JSON. */
  aminoName?: string;
  toAminoJson?(msg: T): unknown;
  handler(ctx: Context, msg: T): MsgResult;
  /**
   * A protocol duty (race proofs, validations, beacon messages): exempt from the node's minimum gas price, so a tx of
   * only duty messages may carry a zero fee. The handler must accept it only from the party that owes it.
   */
  duty?: boolean;
}

/** Routes messages by type URL; one registration per message type, made by its module. */
export class MsgServiceRouter {
  private readonly routes = new Map<string, MsgRoute>();

  /** Each route's codec also goes into the tx decoder's registry, so decoding and routing can never disagree. */
  constructor(private readonly registry: MsgRegistry) {}

  register<T>(route: MsgRoute<T>): void {
    if (this.routes.has(route.typeUrl)) throw new Error(`message ${route.typeUrl} registered twice`);
    this.registry.register(route);
    this.routes.set(route.typeUrl, route as MsgRoute);
  }

  route(typeUrl: string): MsgRoute | undefined {
    return this.routes.get(typeUrl);
  }

  typeUrls(): string[] {
    return [...this.routes.keys()].sort();
  }
}

/** gRPC status codes, as queries fail in the SDK. */
enum GrpcCode {
  Unknown = 2,
  InvalidArgument = 3,
  NotFound = 5,
  FailedPrecondition = 9,
  Unimplemented = 12,
  Internal = 13,
  Unauthenticated = 16,
}

const GRPC_NAMES: Record<number, string> = {
  2: 'Unknown',
  3: 'InvalidArgument',
  5: 'NotFound',
  9: 'FailedPrecondition',
  12: 'Unimplemented',
  13: 'Internal',
  16: 'Unauthenticated',
};

/** A failed query, rendered over ABCI the way baseapp's gRPCErrorToSDKError does. */
export class QueryError extends Error {
  constructor(
    readonly grpcCode: GrpcCode,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }

  toSdk(): SdkError {
    const base =
      this.grpcCode === GrpcCode.NotFound
        ? Errors.KeyNotFound
        : this.grpcCode === GrpcCode.InvalidArgument || this.grpcCode === GrpcCode.FailedPrecondition
          ? Errors.InvalidRequest
          : this.grpcCode === GrpcCode.Unauthenticated
            ? Errors.Unauthorized
            : Errors.UnknownRequest;
    return base.wrap(`rpc error: code = ${GRPC_NAMES[this.grpcCode] ?? 'Unknown'} desc = ${this.message}`);
  }
}

export const notFound = (msg: string) => new QueryError(GrpcCode.NotFound, msg);
export const invalidArgument = (msg: string) => new QueryError(GrpcCode.InvalidArgument, msg);

export type QueryHandler = (ctx: Context, request: Uint8Array) => Uint8Array;

/** Routes ABCI query paths ("/cosmos.bank.v1beta1.Query/Balance") to module handlers. */
export class QueryRouter {
  private readonly routes = new Map<string, QueryHandler>();

  register(path: string, handler: QueryHandler): void {
    if (this.routes.has(path)) throw new Error(`query ${path} registered twice`);
    this.routes.set(path, handler);
  }

  /** Registers each method of a service: `service('/cosmos.bank.v1beta1.Query', { Balance: h, ... })`. */
  service(prefix: string, methods: Record<string, QueryHandler>): void {
    for (const [name, h] of Object.entries(methods)) this.register(`${prefix}/${name}`, h);
  }

  route(path: string): QueryHandler | undefined {
    return this.routes.get(path);
  }

  paths(): string[] {
    return [...this.routes.keys()].sort();
  }
}
