/**
 * Reviews pushed to us rather than pulled: signed webhook calls from other
 * tools (stored at once, analysed by the worker moments later) and file
 * imports (stored as a blob and carried out by the worker as a job).
 */
import type { Deps } from '#lib/app/deps.ts';
import {
  ConflictError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '#lib/domain/errors.ts';
import { timeOrderedId } from '#lib/domain/ids.ts';
import type { ImportFormat } from '#lib/domain/import-rows.ts';
import type { Brand, IngestionRun } from '#lib/domain/model.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import { PushEnvelope, verifyWebhook } from '#lib/domain/webhook-signature.ts';
import { getSource, openSecret } from './sources.ts';
import { type ItemOutcome, runRejections, type StoreCounts, storeItems } from './store.ts';

/** Largest import carried in the request itself (Lambda payloads stop at 6 MB). */
export const MAX_INLINE_IMPORT_BYTES = 5 * 1024 * 1024;
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
  for (let k = 0; k < stored.changed.length; k += ANALYSE_BATCH) {
    const itemIds = stored.changed.slice(k, k + ANALYSE_BATCH).map((i) => i.id);
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
export async function queueImport(
  deps: Pick<Deps, 'repo' | 'clock' | 'queue' | 'blobs'>,
  brand: Brand,
  sourceId: string,
  format: ImportFormat,
  body: string,
): Promise<IngestionRun> {
  const source = await getSource(deps, brand, sourceId);
  if (source.kind !== 'import') {
    throw new ConflictError(
      `Source ${sourceId} is a ${source.kind} source; files are uploaded to import sources`,
    );
  }
  if (Buffer.byteLength(body) > MAX_INLINE_IMPORT_BYTES) {
    throw new PayloadTooLargeError(`An import file may be at most ${MAX_INLINE_IMPORT_BYTES} bytes`);
  }
  if (body.trim() === '') throw ValidationError.field('body', 'the file is empty');
  const now = deps.clock.now();
  const runId = timeOrderedId(now);
  const blobKey = `imports/${brand.tenantId}/${brand.id}/${source.id}/${runId}.${format}`;
  await deps.blobs.put(blobKey, body, format === 'csv' ? 'text/csv' : 'application/json');
  const run: IngestionRun = {
    tenantId: brand.tenantId,
    brandId: brand.id,
    sourceId: source.id,
    runId,
    kind: 'import',
    startedAt: now.toISOString(),
    outcome: 'queued',
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejections: [],
  };
  await deps.repo.putRun(run);
  await deps.queue.send([
    {
      kind: 'import',
      tenantId: brand.tenantId,
      brandId: brand.id,
      sourceId: source.id,
      runId,
      blobKey,
      format,
    },
  ]);
  return run;
}
