/**
 * Reviews pushed to us rather than pulled: signed webhook calls from other
 * tools (stored at once, analysed by the worker moments later) and file
 * imports (stored as a blob and carried out by the worker as a job).
 */
import type { Deps } from '#lib/app/deps.ts';
import {
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '#lib/domain/errors.ts';
import { timeOrderedId } from '#lib/domain/ids.ts';
import type { ImportFormat } from '#lib/domain/import-rows.ts';
import type { Brand, IngestionRun } from '#lib/domain/model.ts';
import { newRun } from '#lib/domain/runs.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { PushEnvelope, verifyWebhook } from '#lib/domain/webhook-signature.ts';
import { getSource, openSecret } from './sources.ts';
import { type ItemOutcome, runRejections, type StoreCounts, storeItems } from './store.ts';

/** Largest import carried in the request itself (Lambda payloads stop at 6 MB). */
export const MAX_INLINE_IMPORT_BYTES = 5 * 1024 * 1024;
/** Largest import uploaded straight to the blob store. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** How long an upload ticket stays valid. */
export const UPLOAD_TICKET_SECONDS = 15 * 60;

const IMPORT_TYPES = { csv: 'text/csv', json: 'application/json', jsonl: 'application/x-ndjson' } as const;
/** Pushed items per analysis message. */
const ANALYSE_BATCH = 100;

export interface PushResult extends StoreCounts {
  runId: string;
  items: ItemOutcome[];
}

/** Every refusal of a push looks the same: unknown brand, unknown source, no or wrong signature. */
const refused = () => new UnauthorizedError('Webhook signature refused');

/** A signed webhook call: the signature is the only credential, checked before the body is parsed. */
export async function receivePush(
  deps: Pick<Deps, 'repo' | 'clock' | 'log' | 'queue' | 'secretBox'>,
  publicId: string,
  sourceId: string,
  headers: Record<string, string | undefined>,
  body: string,
): Promise<PushResult> {
  const ref = await deps.repo.resolvePublicId(publicId);
  const source =
    ref === undefined ? undefined : await deps.repo.getSource(ref.tenantId, ref.brandId, sourceId);
  const secret =
    source?.kind === 'webhook' ? await openSecret(deps, source, 'secret').catch(() => undefined) : undefined;
  const now = deps.clock.now();
  if (source === undefined || secret === undefined || !verifyWebhook(secret, headers, body, now).ok)
    throw refused();
  const brand = await deps.repo.getBrand(source.tenantId, source.brandId);
  if (brand === undefined) throw refused();
  if (!source.enabled) throw new ConflictError(`Source ${source.id} is paused; resume it to accept pushes`);
  let json: unknown;
  try {
    json = parseJsonSafe(body, 'The body');
  } catch (error) {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }], { cause: error });
  }
  const envelope = PushEnvelope.safeParse(json);
  if (!envelope.success) throw ValidationError.fromZod('body', envelope.error);
  const touchpointIds = new Set(
    (await deps.repo.listTouchpoints(brand.tenantId, brand.id)).map((tp) => tp.id),
  );
  const stored = await storeItems(
    deps,
    brand,
    source,
    envelope.data.items.map((value, row) => ({ row, value })),
    { now, analyse: false, touchpointIds },
  );
  // Unchanged items too: a retry of a push that failed half-way finds the items the first attempt stored
  // unchanged, and they may still wait for their analysis (the worker only analyses those without one).
  const storedIds = stored.outcomes.flatMap((o) =>
    o.status === 'rejected' || o.id === undefined ? [] : [o.id],
  );
  for (let k = 0; k < storedIds.length; k += ANALYSE_BATCH) {
    const itemIds = storedIds.slice(k, k + ANALYSE_BATCH);
    await deps.queue.send([{ kind: 'analyse', tenantId: brand.tenantId, brandId: brand.id, itemIds }]);
  }
  const run: IngestionRun = {
    tenantId: brand.tenantId,
    brandId: brand.id,
    sourceId: source.id,
    runId: timeOrderedId(now),
    kind: 'push',
    startedAt: now.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
    outcome: 'ok',
    ...stored.counts,
    rejections: runRejections(stored.outcomes),
  };
  await deps.repo.putRun(run);
  return { runId: run.runId, ...stored.counts, items: stored.outcomes };
}

/**
 * Accepts an import file as a job: the file goes to the blob store, a queued
 * run is recorded, and the worker reads and stores it. The caller polls the
 * run for its outcome and the rows it rejected.
 */
async function importSource(deps: Pick<Deps, 'repo'>, brand: Brand, sourceId: string) {
  const source = await getSource(deps, brand, sourceId);
  if (source.kind !== 'import') {
    throw new ConflictError(
      `Source ${sourceId} is a ${source.kind} source; files are uploaded to import sources`,
    );
  }
  return source;
}

/** Records `run` (queued) and sends the worker its import message: the file is at `blobKey`. */
async function recordAndSendImport(
  deps: Pick<Deps, 'repo' | 'queue'>,
  run: IngestionRun,
  blobKey: string,
  format: ImportFormat,
): Promise<IngestionRun> {
  await deps.repo.putRun(run);
  await deps.queue.send([
    {
      kind: 'import',
      tenantId: run.tenantId,
      brandId: run.brandId,
      sourceId: run.sourceId,
      runId: run.runId,
      blobKey,
      format,
    },
  ]);
  return run;
}

const importBlobKey = (brand: Brand, sourceId: string, runId: string, format: ImportFormat) =>
  `imports/${brand.tenantId}/${brand.id}/${sourceId}/${runId}.${format}`;

/**
 * Accepts an import file as a job: the file goes to the blob store, a queued
 * run is recorded, and the worker reads and stores it. The caller polls the
 * run for its outcome and the rows it rejected.
 */
export async function queueImport(
  deps: Pick<Deps, 'repo' | 'clock' | 'queue' | 'blobs'>,
  brand: Brand,
  sourceId: string,
  format: ImportFormat,
  body: string,
): Promise<IngestionRun> {
  const source = await importSource(deps, brand, sourceId);
  if (Buffer.byteLength(body) > MAX_INLINE_IMPORT_BYTES) {
    throw new PayloadTooLargeError(
      `An import file in the request may be at most ${MAX_INLINE_IMPORT_BYTES} bytes; upload a larger one with POST …/uploads`,
    );
  }
  if (body.trim() === '') throw ValidationError.field('body', 'the file is empty');
  const now = deps.clock.now();
  const run = newRun(source, 'import', 'queued', now);
  const blobKey = importBlobKey(brand, source.id, run.runId, format);
  await deps.blobs.put(blobKey, body, IMPORT_TYPES[format]);
  return recordAndSendImport(deps, run, blobKey, format);
}

/**
 * A larger file goes straight to the blob store (S3 in AWS), not through the
 * API: this records a run awaiting its upload and hands out a short-lived
 * upload ticket. `startUpload` then queues the job.
 */
export async function requestUpload(
  deps: Pick<Deps, 'repo' | 'clock' | 'blobs'>,
  brand: Brand,
  sourceId: string,
  format: ImportFormat,
) {
  const source = await importSource(deps, brand, sourceId);
  const now = deps.clock.now();
  const run = newRun(source, 'import', 'awaiting-upload', now);
  const ticket = await deps.blobs.presignUpload(
    importBlobKey(brand, source.id, run.runId, format),
    IMPORT_TYPES[format],
    UPLOAD_TICKET_SECONDS,
    now,
  );
  await deps.repo.putRun({ ...run, uploadFormat: format });
  return { run, upload: { ...ticket, maxBytes: MAX_UPLOAD_BYTES } };
}

/** Queues the import of an uploaded file; a 409 while nothing has been uploaded yet. */
export async function startUpload(
  deps: Pick<Deps, 'repo' | 'clock' | 'queue' | 'blobs'>,
  brand: Brand,
  sourceId: string,
  runId: string,
): Promise<IngestionRun> {
  const source = await importSource(deps, brand, sourceId);
  const run = await deps.repo.getRun(brand.tenantId, brand.id, source.id, runId);
  if (run === undefined || run.kind !== 'import') throw new NotFoundError(`Run ${runId} was not found`);
  if (run.outcome !== 'awaiting-upload' || run.uploadFormat === undefined) return run;
  const blobKey = importBlobKey(brand, source.id, runId, run.uploadFormat);
  const size = await deps.blobs.size(blobKey);
  if (size === undefined)
    throw new ConflictError(
      'Nothing has been uploaded for this run yet: PUT the file to its upload URL first',
    );
  if (size > MAX_UPLOAD_BYTES)
    throw new PayloadTooLargeError(`An uploaded import may be at most ${MAX_UPLOAD_BYTES} bytes`);
  return recordAndSendImport(deps, { ...run, outcome: 'queued' }, blobKey, run.uploadFormat);
}
