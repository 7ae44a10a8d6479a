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
  listBrandIngestions,
  listIngestions,
  listSources,
  runBrandNow,
  runSourceNow,
  sourceEtag,
  updateSource,
} from '#lib/app/sources.ts';
import { DEFAULT_MAPPING, type ImportFormat, SURVEY_SCALES } from '#lib/domain/import-rows.ts';
import { IngestionRun, Slug, SourceKind } from '#lib/domain/model.ts';
import { safeText } from '#lib/domain/text-safety.ts';
import { presentSource, SourceView } from './present.ts';
import { type ApiDeps, BrandParams, ifMatchOf, ok, requestOrigin, SourceParams } from './shared.ts';

const Display = z.object({ quotable: z.boolean(), attribution: safeText(200).optional() });

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
  display: Display.optional().describe(
    "whether the source's terms allow quoting its reviews (testimonials, verify page), and the attribution they require; default: own data yes, third-party platforms no",
  ),
});
const PatchSourceBody = z
  .object({
    enabled: z.boolean(),
    intervalMinutes: z.number().int().min(5).max(10080),
    touchpointId: Slug,
    params: z.record(z.string(), z.unknown()).describe('replaces the parameters; vetted as at creation'),
    credentials: z
      .record(z.string().max(64), z.unknown())
      .describe("replaces the source's own connector keys"),
    display: Display.nullable().describe("null: back to the kind's default"),
  })
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
    summary:
      'Add a source (an id the brand has is a 409); a pulled source runs on the next dispatch, then on its interval',
    tags: ['sources'],
    params: BrandParams,
    body: CreateSourceBody,
    successStatus: 201,
    response: SourceView,
    handle: async ({ deps, brand, body, request }) => {
      const source = await addSource(deps, brand, body);
      return ok(presentSource(source, brand, request), 201, {
        etag: sourceEtag(source),
        location: `/v1/brands/${brand.id}/sources/${source.id}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'read',
    summary: 'Get a source, with its cursor and health (last run, next run, error)',
    tags: ['sources'],
    params: SourceParams,
    response: SourceView,
    etag: true,
    handle: async ({ deps, brand, params, request }) => {
      const source = await getSource(deps, brand, params.sourceId);
      return ok(presentSource(source, brand, request), 200, { etag: sourceEtag(source) });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>, undefined, z.infer<typeof PatchSourceBody>>({
    method: 'PATCH',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'write',
    summary:
      'Change a source: pause, resume (also releases a quarantined one), reschedule, move to another touchpoint, new parameters or credentials, display terms. If-Match honoured; a run since the ETag was read changes it.',
    tags: ['sources'],
    params: SourceParams,
    body: PatchSourceBody,
    response: SourceView,
    etag: true,
    handle: async ({ deps, brand, params, body, request }) => {
      const source = await updateSource(deps, brand, params.sourceId, body, ifMatchOf(request));
      return ok(presentSource(source, brand, request), 200, { etag: sourceEtag(source) });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'DELETE',
    path: '/v1/brands/{brandId}/sources/{sourceId}',
    scope: 'write',
    summary: 'Delete a source (its stored reviews stay); If-Match honoured',
    tags: ['sources'],
    params: SourceParams,
    successStatus: 204,
    etag: true,
    handle: async ({ deps, brand, params, request }) => {
      await deleteSource(deps, brand, params.sourceId, ifMatchOf(request));
      return { status: 204 };
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof SourceParams>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/sources/{sourceId}/run',
    scope: 'write',
    summary:
      'Queue a run of this source now and answer the queued run (poll its Location). Import and webhook sources run when a file or a push arrives: 409.',
    tags: ['ingestions'],
    params: SourceParams,
    successStatus: 202,
    response: IngestionRun,
    handle: async ({ deps, brand, params }) => {
      const run = await runSourceNow(deps, brand, params.sourceId);
      return ok(run, 202, {
        location: `/v1/brands/${brand.id}/sources/${run.sourceId}/ingestions/${run.runId}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/ingestions',
    scope: 'write',
    summary:
      'Run every pulled, enabled source of the brand now: answers the queued runs, and the sources skipped with the reason (import and webhook sources, paused ones)',
    tags: ['ingestions'],
    params: BrandParams,
    successStatus: 202,
    response: z.object({
      queued: z.array(IngestionRun),
      skipped: z.array(z.object({ sourceId: Slug, reason: z.string() })),
    }),
    handle: async ({ deps, brand }) => ok(await runBrandNow(deps, brand), 202),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, { limit: number }>({
    method: 'GET',
    path: '/v1/brands/{brandId}/ingestions',
    scope: 'read',
    summary: "The brand's latest runs over all its sources (pulls, imports, pushes), newest first",
    tags: ['ingestions'],
    params: BrandParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.object({ items: z.array(IngestionRun) }),
    handle: async ({ deps, brand, query }) =>
      ok({ items: await listBrandIngestions(deps, brand, query.limit) }),
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
    tags: ['ingestions'],
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
    summary: 'One run, with its status, counts and the rows it rejected',
    tags: ['ingestions'],
    params: RunParams,
    response: IngestionRun,
    handle: async ({ deps, brand, params }) =>
      ok(await getIngestion(deps, brand, params.sourceId, params.runId)),
  }),
];
