/** Schemas and helpers every route file shares. */
import * as z from 'zod';
import type { HttpRequestIn, HttpResult } from '#lib/api/router.ts';
import type { Deps } from '#lib/app/deps.ts';
import { PublicId, Slug } from '#lib/domain/model.ts';

/** Caches the API function keeps per instance; a change made through this instance evicts its entry at once. */
export interface ApiCaches {
  /** Forgets a key (by hash) after it is revoked. */
  forgetKey(hash: string): void;
  /** Forgets a tenant's settings (CORS origins) after they change. */
  forgetTenant(tenantId: string): void;
}

/** What the API function's routes may use: no connector, no analysis engine, no fetcher. */
export type ApiDeps = Pick<
  Deps,
  | 'repo'
  | 'clock'
  | 'log'
  | 'settings'
  | 'queue'
  | 'blobs'
  | 'secretBox'
  | 'reports'
  | 'reportJobs'
  | 'reportBlobs'
  | 'reportLinks'
> & {
  caches?: ApiCaches;
};

export const ok = (json: unknown, status = 200, headers?: Record<string, string>): HttpResult => ({
  status,
  json,
  ...(headers === undefined ? {} : { headers }),
});

/** The `If-Match` of a request (for a conditional change), when it sent one. */
export const ifMatchOf = (request: HttpRequestIn): string | undefined => request.headers['if-match'];

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export const BrandParams = z.object({ brandId: Slug });
export const SourceParams = z.object({ brandId: Slug, sourceId: Slug });
export const PublicParams = z.object({ publicId: PublicId });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.string().optional() });

export { requestOrigin } from '#lib/api/request-origin.ts';
