/** Sources: create, read, pause/resume/reschedule, delete, run now, runs, and file imports. */
import * as z from 'zod';
import { brandRoute } from '#lib/api/router.ts';
import {
  MAX_INLINE_IMPORT_BYTES,
  MAX_UPLOAD_BYTES,
  queueImport,
  requestUpload,
  startUpload,
} from '#lib/app/push.ts';
import {
  addSource,
  deleteSource,
  getIngestion,
  getSource,
  listIngestions,
  listSources,
  runSourceNow,
  updateSource,
} from '#lib/app/sources.ts';
import { DEFAULT_MAPPING, type ImportFormat, SURVEY_SCALES } from '#lib/domain/import-rows.ts';
import { IngestionRun, Slug, SourceKind } from '#lib/domain/model.ts';
import { presentSource, SourceView } from './present.ts';
import { type ApiDeps, BrandParams, ok, requestOrigin, SourceParams } from './shared.ts';

const CreateSourceBody = z.object({
  id: Slug,
  touchpointId: Slug,
  kind: SourceKind,
  params: z.record(z.string(), z.unknown()).default({}),
  credentials: z
    .record(z.string().max(64), z.unknown())
    .optional()
    .describe(
      "the source's own connector keys, for a source that does not read the provider's official host: reddit {clientId, clientSecret}, yelp and google-places {apiKey}, mastodon and bluesky {accessToken}; stored encrypted, never shown back",
    ),
  intervalMinutes: z.number().int().min(5).max(10080).default(60),
  enabled: z.boolean().default(true),
});
const PatchSourceBody = z
  .object({ enabled: z.boolean(), intervalMinutes: z.number().int().min(5).max(10080) })
  .partial();
const RunParams = SourceParams.extend({ runId: z.string().min(1).max(60) });
const ImportQuery = z.object({ format: z.enum(['csv', 'json', 'jsonl']) });
const UploadTicketView = z.object({
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
  maxBytes: z.number(),
});

/** What one import row may hold (the column names are the defaults; a source's mapping renames them). */
const ImportRowDoc = z
  .object(Object.fromEntries(Object.values(DEFAULT_MAPPING).map((column) => [column, z.string().optional()])))
  .describe(
    `One row. Columns (default names): ${Object.values(DEFAULT_MAPPING).join(', ')}. ` +
      `A survey score column maps to a rating on its scale: ${Object.entries(SURVEY_SCALES)
        .map(([kind, s]) => `${kind} ${s.min}-${s.max}`)
        .join(', ')}.`,
  );

export const sourceRoutes = [
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources',
    scope: 'read',
    summary: "List a brand's sources with their health",
    tags: ['sources'],
    params: BrandParams,
    response: z.object({ items: z.array(SourceView) }),
    handle: async ({ deps, brand, request }) =>
      ok({ items: (await listSources(deps, brand)).map((s) => presentSource(s, brand, request)) }),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof CreateSourceBody>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources',
    scope: 'write',
    summary: 'Add or replace a source; it runs on the next dispatch, then on its interval',
    tags: ['sources'],
    params: BrandParams,
    body: CreateSourceBody,
    successStatus: 201,
    response: SourceView,
    handle: async ({ deps, brand, body, request }) =>
      ok(presentSource(await addSource(deps, brand, body), brand, request), 201),
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'read',
    summary: 'Get a source, with its cursor and health',
    tags: ['sources'],
    params: SourceParams,
    response: SourceView,
    handle: async ({ deps, brand, params, request }) =>
      ok(presentSource(await getSource(deps, brand, params.sourceId), brand, request)),
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>, undefined, z.infer<typeof PatchSourceBody>>({
    method: 'PATCH',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'write',
    summary: 'Pause, resume or reschedule a source (resuming also releases a quarantined one)',
    tags: ['sources'],
    params: SourceParams,
    body: PatchSourceBody,
    response: SourceView,
    handle: async ({ deps, brand, params, body, request }) =>
      ok(presentSource(await updateSource(deps, brand, params.sourceId, body), brand, request)),
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'DELETE',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'write',
    summary: 'Delete a source (its stored reviews stay)',
    tags: ['sources'],
    params: SourceParams,
    successStatus: 204,
    handle: async ({ deps, brand, params }) => {
      await deleteSource(deps, brand, params.sourceId);
      return { status: 204 };
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/run',
    scope: 'write',
    summary: 'Queue a run of this source now (pulled sources; push sources run when something arrives)',
    tags: ['sources'],
    params: SourceParams,
    successStatus: 202,
    response: z.object({ queued: z.boolean(), leasedAt: z.string() }),
    handle: async ({ deps, brand, params }) => ok(await runSourceNow(deps, brand, params.sourceId), 202),
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>, z.infer<typeof ImportQuery>, string>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/import',
    scope: 'write',
    summary: `Upload reviews or survey verbatims (CSV, JSON array or JSONL, up to ${MAX_INLINE_IMPORT_BYTES / 1024 / 1024} MB) to an import source. Accepted as a job: poll the returned run; bad rows are named there and skipped, good rows are kept.`,
    tags: ['sources'],
    params: SourceParams,
    query: ImportQuery,
    rawBody: true,
    maxBodyBytes: MAX_INLINE_IMPORT_BYTES,
    documentedBody: [
      { contentType: 'text/csv', schema: ImportRowDoc },
      { contentType: 'application/json', schema: z.array(ImportRowDoc) },
      { contentType: 'application/x-ndjson', schema: ImportRowDoc },
    ],
    successStatus: 202,
    response: IngestionRun,
    handle: async ({ deps, brand, params, query, body }) => {
      const run = await queueImport(deps, brand, params.sourceId, query.format as ImportFormat, body);
      return ok(run, 202, {
        location: `/v1/brands/${brand.id}/sources/${params.sourceId}/ingestions/${run.runId}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>, z.infer<typeof ImportQuery>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/uploads',
    scope: 'write',
    summary: `Start a large import (up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB): returns a run awaiting its file and a short-lived upload URL; PUT the file there with the given headers, then POST …/uploads/{runId}/start`,
    tags: ['sources'],
    params: SourceParams,
    query: ImportQuery,
    successStatus: 201,
    response: z.object({ run: IngestionRun, upload: UploadTicketView }),
    handle: async ({ deps, brand, params, query, request }) => {
      const { run, upload } = await requestUpload(deps, brand, params.sourceId, query.format as ImportFormat);
      // A laptop's blob store answers on this server: make its path absolute.
      const url = upload.url.startsWith('/') ? `${requestOrigin(request)}${upload.url}` : upload.url;
      return ok({ run, upload: { ...upload, url } }, 201);
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof RunParams>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/uploads/{runId}/start',
    scope: 'write',
    summary: 'Queue the import of an uploaded file; poll the run for its outcome and the rows it rejected',
    tags: ['sources'],
    params: RunParams,
    successStatus: 202,
    response: IngestionRun,
    handle: async ({ deps, brand, params }) =>
      ok(await startUpload(deps, brand, params.sourceId, params.runId), 202),
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>, { limit: number }>({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}/ingestions',
    scope: 'read',
    summary: 'Recent runs of a source (pulls, imports, pushes), newest first',
    tags: ['sources'],
    params: SourceParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ items: z.array(IngestionRun) }),
    handle: async ({ deps, brand, params, query }) =>
      ok({ items: await listIngestions(deps, brand, params.sourceId, query.limit) }),
  }),
  brandRoute<ApiDeps, z.infer<typeof RunParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}/ingestions/{runId}',
    scope: 'read',
    summary: 'One run, with its counts and the rows it rejected',
    tags: ['sources'],
    params: RunParams,
    response: IngestionRun,
    handle: async ({ deps, brand, params }) =>
      ok(await getIngestion(deps, brand, params.sourceId, params.runId)),
  }),
];
