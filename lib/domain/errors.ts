/**
 * Typed errors. Domain and app code throw these; one middleware maps them to
 * `application/problem+json`. Only errors marked `expose` show their message to
 * a client: anything else becomes a generic 500 with no detail.
 */
export interface ErrorOptions {
  cause?: unknown;
}

export abstract class TouchstoneError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly expose: boolean = true;
  /** Response headers the answer must carry (Allow, Retry-After). */
  readonly headers: Record<string, string> = {};
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad input: names every field that is wrong. */
export class ValidationError extends TouchstoneError {
  readonly status = 400;
  readonly type = 'validation';
  constructor(
    readonly issues: FieldIssue[],
    options: ErrorOptions = {},
  ) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; ') || 'invalid input', options);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }

  /** The same issues, each field under `where` (`credentials.apiKey` → `body.credentials.apiKey`). */
  static prefixed(where: string, error: ValidationError): ValidationError {
    return new ValidationError(
      error.issues.map((i) => ({ ...i, field: `${where}.${i.field}` })),
      { cause: error },
    );
  }

  /** One issue per zod issue, each field named from `where`, e.g. `query.limit`, `params.url`. */
  static fromZod(where: string, error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
    return new ValidationError(
      error.issues.map((issue) => ({
        field: [where, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
      { cause: error },
    );
  }
}

export class UnauthorizedError extends TouchstoneError {
  readonly status = 401;
  readonly type = 'unauthorized';
}

export class ForbiddenError extends TouchstoneError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class NotFoundError extends TouchstoneError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class MethodNotAllowedError extends TouchstoneError {
  readonly status = 405;
  readonly type = 'method-not-allowed';
  constructor(message: string, options: ErrorOptions & { allow: readonly string[] }) {
    super(message, options);
    this.headers.allow = options.allow.join(', ');
  }
}

export class ConflictError extends TouchstoneError {
  readonly status = 409;
  readonly type = 'conflict';
}

/** `If-Match` named another version than the stored one. */
export class PreconditionFailedError extends TouchstoneError {
  readonly status = 412;
  readonly type = 'precondition-failed';
}

/** Understood, but cannot be done: e.g. an `Idempotency-Key` reused with another body. */
export class UnprocessableError extends TouchstoneError {
  readonly status = 422;
  readonly type = 'unprocessable';
}

export class TooManyRequestsError extends TouchstoneError {
  readonly status = 429;
  readonly type = 'rate-limited';
  constructor(message: string, options: ErrorOptions & { retryAfterSeconds: number }) {
    super(message, options);
    this.headers['retry-after'] = String(Math.max(1, Math.ceil(options.retryAfterSeconds)));
  }
}

export class HeadersTooLargeError extends TouchstoneError {
  readonly status = 431;
  readonly type = 'headers-too-large';
}

export class PayloadTooLargeError extends TouchstoneError {
  readonly status = 413;
  readonly type = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends TouchstoneError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}

/** A configuration value is missing or malformed: fail fast at cold start. */
export class ConfigError extends Error {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfigError';
  }
}

export const CONNECTOR_ERROR_CODES = [
  'not-found',
  'unauthorized',
  'rate-limited',
  'invalid-response',
  'blocked-by-policy',
  'network',
] as const;
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

/** A connector or the safe HTTP client could not fetch; recorded on the source's health. */
export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options: ErrorOptions & { retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}
