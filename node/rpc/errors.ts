/** JSON-RPC 2.0 errors with CometBFT's codes, messages and `data` texts. */

export const RpcCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ServerError: -32000,
} as const;

const MESSAGES: Record<number, string> = {
  [RpcCode.ParseError]: 'Parse error',
  [RpcCode.InvalidRequest]: 'Invalid Request',
  [RpcCode.MethodNotFound]: 'Method not found',
  [RpcCode.InvalidParams]: 'Invalid params',
  [RpcCode.InternalError]: 'Internal error',
  [RpcCode.ServerError]: 'Server error',
};

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: string;
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly data: string,
  ) {
    super(data);
    this.name = 'RpcError';
  }

  toJSON(): RpcErrorObject {
    return { code: this.code, message: MESSAGES[this.code] ?? 'Server error', data: this.data };
  }
}

/** A parameter that cannot be converted: -32602, with CometBFT's prefix so the text says what went wrong. */
export function invalidParams(detail: string): RpcError {
  return new RpcError(RpcCode.InvalidParams, `error converting json params to arguments: ${detail}`);
}

/** What a method handler reports (bad height, tx not found, backend refusal): -32603 with the reason in data. */
export function internalError(detail: string): RpcError {
  return new RpcError(RpcCode.InternalError, detail);
}

/** Anything thrown in a handler becomes a JSON-RPC error object; never a crash. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  return internalError(err instanceof Error ? err.message : String(err));
}
