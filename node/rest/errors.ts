/**
 * REST errors as grpc-gateway writes them: `{"code":<grpc code>,"message":"...","details":[]}` with the HTTP status
 * the gateway derives from the gRPC code (runtime.HTTPStatusFromCode).
 */
import type { QueryResponse } from '../../chain/abci.js';

export const Grpc = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;

const HTTP_OF_GRPC: Record<number, number> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

export function httpStatusOf(grpcCode: number): number {
  return HTTP_OF_GRPC[grpcCode] ?? 500;
}

export interface RestErrorBody {
  code: number;
  message: string;
  details: unknown[];
}

export class RestError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly grpcCode: number,
    message: string,
    httpStatus?: number,
  ) {
    super(message);
    this.name = 'RestError';
    this.httpStatus = httpStatus ?? httpStatusOf(grpcCode);
  }

  toJSON(): RestErrorBody {
    return { code: this.grpcCode, message: this.message, details: [] };
  }
}

export const badRequest = (message: string) => new RestError(Grpc.InvalidArgument, message);
export const notFound = (message: string) => new RestError(Grpc.NotFound, message);

/** SDK error descriptions that baseapp appends when it wraps a gRPC error into an ABCI query log. */
const WRAP_SUFFIX = /: (key not found|invalid request|unknown request|unauthorized)$/;

/** SDK (codespace "sdk") codes a query can fail with, back to the gRPC code the SDK's gRPC server would give. */
const GRPC_OF_SDK: Record<number, number> = {
  4: Grpc.Unauthenticated,
  6: Grpc.Unknown,
  18: Grpc.InvalidArgument,
  22: Grpc.NotFound,
  26: Grpc.InvalidArgument,
  38: Grpc.NotFound,
};

/**
 * A failed ABCI query back to the gRPC status the SDK's own gRPC service would have returned: the query log reads
 * "rpc error: code = NotFound desc = account race1… not found: key not found" → code 5, "account race1… not found".
 */
export function errorFromQuery(res: Pick<QueryResponse, 'code' | 'codespace' | 'log'>): RestError {
  const m = /^rpc error: code = (\w+) desc = ([\s\S]*)$/.exec(res.log);
  if (m) {
    const code = (Grpc as Record<string, number>)[m[1]!] ?? Grpc.Unknown;
    return new RestError(code, m[2]!.replace(WRAP_SUFFIX, ''));
  }
  if (res.codespace === 'sdk' && res.code === 6 && res.log.startsWith('unknown query path'))
    return new RestError(Grpc.Unimplemented, res.log);
  const code = res.codespace === 'sdk' ? (GRPC_OF_SDK[res.code] ?? Grpc.Unknown) : Grpc.Unknown;
  return new RestError(code, res.log);
}

/** Anything thrown by a handler: RestErrors pass through; anything else is an internal error (never a crash). */
export function toRestError(err: unknown): RestError {
  if (err instanceof RestError) return err;
  return new RestError(Grpc.Internal, err instanceof Error ? err.message : String(err));
}
