// One error type for everything the product refuses on purpose. Each code maps to one HTTP
// status in one place (httpStatus); anything else is an internal error, answered generically.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Safe to show the caller: which field or parameter was wrong, and how. */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function httpStatus(error: AppError): number {
  return ERROR_STATUS[error.code];
}

export function notFound(what = 'not found'): AppError {
  return new AppError('not_found', what);
}
