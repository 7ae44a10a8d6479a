/**
 * RFC 9457 problem details. The one place where an error becomes an HTTP
 * answer: typed, exposed errors keep their message; anything else is a bare
 * 500 whose detail stays in the log.
 */
import { TouchstoneError, ValidationError } from '#lib/domain/errors.ts';
import type { HttpResult } from './router.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

export function toProblem(error: unknown): Problem {
  if (error instanceof TouchstoneError && error.expose) {
    return {
      type: `https://touchstone.dev/problems/${error.type}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      ...(error instanceof ValidationError ? { errors: error.issues } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: TITLES[500] ?? 'Internal Server Error',
    status: 500,
    detail: 'The server could not complete the request.',
  };
}

export function problemResult(error: unknown): HttpResult {
  const problem = toProblem(error);
  return {
    status: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      ...(problem.status === 401 ? { 'www-authenticate': 'Bearer realm="touchstone"' } : {}),
      ...(error instanceof TouchstoneError && error.expose ? error.headers : {}),
    },
    raw: JSON.stringify(problem),
  };
}
