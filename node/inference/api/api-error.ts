/** An error the API answers with OpenAI's JSON shape `{error: {message, type, param, code}}` and an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new ApiError(400, message, 'invalid_request_error', code, param);
export const unauthorized = (message: string) => new ApiError(401, message, 'authentication_error', 'invalid_api_key');
export const notFound = (message: string, code = 'not_found') =>
  new ApiError(404, message, 'invalid_request_error', code);
export const paymentRequired = (message: string) =>
  new ApiError(402, message, 'insufficient_quota', 'insufficient_quota');
export const rateLimited = (message: string) => new ApiError(429, message, 'rate_limit_error', 'rate_limit_exceeded');
export const unavailable = (message: string) => new ApiError(503, message, 'server_error', 'unavailable');

/** Any thrown value as an ApiError: ours pass through, anything else is a 500 that names no internals beyond its message. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(500, (e as Error)?.message ?? String(e), 'server_error', 'internal_error');
}
