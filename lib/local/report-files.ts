/**
 * The local server's stand-in for a presigned S3 GET: `GET /files/<key>?expires=&signature=`
 * serves a report file when its link verifies, with the headers a browser needs
 * to treat it safely.
 */
import { LOCAL_FILES_PATH, type LocalBlobLinks } from '#lib/adapters/local/report-links.ts';
import type { BlobStore } from '#lib/ports.ts';
import type { HttpApiResult } from '#lib/runtime/lambda/events.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const problem = (status: number, title: string, detail: string): HttpApiResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({ type: 'about:blank', title, status, detail }),
});

export async function serveLocalFile(
  store: BlobStore,
  links: LocalBlobLinks,
  request: { method: string; path: string; query: URLSearchParams },
): Promise<HttpApiResult> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return problem(405, 'Method Not Allowed', 'Only GET');
  let key: string;
  try {
    key = decodeURIComponent(request.path.slice(LOCAL_FILES_PATH.length));
  } catch {
    return problem(404, 'Not Found', 'No such file');
  }
  if (
    !links.verify(key, request.query.get('expires') ?? undefined, request.query.get('signature') ?? undefined)
  )
    return problem(403, 'Forbidden', 'The link is not valid, or has expired');
  const extension = key.split('.').pop() ?? '';
  const type = TYPES[extension];
  const body = type === undefined ? undefined : await store.get(key).catch(() => undefined);
  if (type === undefined || body === undefined) return problem(404, 'Not Found', 'No such file');
  return {
    statusCode: 200,
    headers: {
      'content-type': type,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(extension === 'html'
        ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" }
        : { 'content-disposition': `attachment; filename="report.${extension}"` }),
    },
    body: request.method === 'HEAD' ? '' : body,
  };
}
