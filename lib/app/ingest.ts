/**
 * The ingest worker's use-cases, one per message kind. Each is safe to repeat:
 * a source's cursor moves only after every item is stored, upserts are
 * idempotent, analyses are applied by revision, and an import job resumes
 * from its checkpoint, so a crash or a redelivered message never loses or
 * double-counts an item.
 */
import type { Deps } from '#lib/app/deps.ts';
import { nextRunAfterFailure, nextRunAfterSuccess } from '#lib/app/schedule.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import { parseImportRows } from '#lib/domain/import-rows.ts';
import {
  IdentityFacts,
  type IngestionRun,
  type Item,
  MAX_RUN_REJECTIONS,
  type RunError,
  type Source,
} from '#lib/domain/model.ts';
import { newRun } from '#lib/domain/runs.ts';
import { safeErrorMessage } from '#lib/domain/sources/bounds.ts';
import { ImportParams } from '#lib/domain/sources/push-params.ts';
import type { IngestMessage } from '#lib/ports.ts';
import { PURGE_JOB_DELETES } from './brands.ts';
import { historyFor } from './history.ts';
import { MAX_UPLOAD_BYTES } from './push.ts';
import { credentialsForRun } from './source-credentials.ts';
import { createdItems, runRejections, storeItems } from './store.ts';
import { refreshSummary } from './summary.ts';

export class SourceParamsError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'SourceParamsError';
  }
}

/** What the ingest worker's use-cases need. */
export type WorkerDeps = Pick<
  Deps,
  | 'repo'
  | 'clock'
  | 'log'
  | 'http'
  | 'connectorFor'
  | 'operatorSecrets'
  | 'analyze'
  | 'blobs'
  | 'secretBox'
  | 'events'
  | 'badgeSigner'
  | 'badgeKeys'
>;

/** Rows of an import stored per step; the run's checkpoint moves after each. */
const IMPORT_CHUNK = 500;

export async function handleMessage(deps: WorkerDeps, message: IngestMessage): Promise<void> {
  switch (message.kind) {
    case 'run':
      await runSource(deps, message);
      return;
    case 'import':
      await runImport(deps, message);
      return;
    case 'analyse':
      await analysePushed(deps, message);
      return;
    case 'summary':
      await refreshSummary(deps, message.tenantId, message.brandId);
      return;
    case 'purge-brand':
      await purgeBrandJob(deps, message);
      return;
  }
}

/** One bounded step of deleting a brand; until nothing is left, the brand stays due and dispatch sends the next. */
async function purgeBrandJob(deps: WorkerDeps, message: Extract<IngestMessage, { kind: 'purge-brand' }>) {
  const now = deps.clock.now();
  const progress = await deps.repo.purgeBrand(message.tenantId, message.brandId, PURGE_JOB_DELETES, now);
  deps.log.info('ingest: brand purge step', { ...message, ...progress });
  if (!progress.done) await deps.repo.markPurgeDue(message.tenantId, message.brandId, now);
}

/** Reads the source, quarantining it when its stored record no longer parses. */
async function loadSource(deps: WorkerDeps, ref: { tenantId: string; brandId: string; sourceId: string }) {
  try {
    return await deps.repo.getSource(ref.tenantId, ref.brandId, ref.sourceId);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'CorruptRecordError')) throw error;
    await deps.repo.quarantineSource(ref, 'The stored source failed its schema', deps.clock.now());
    deps.log.warn('ingest: corrupt source quarantined', { ...ref });
    return undefined;
  }
}

/** Pulls one source with its connector. */
export async function runSource(
  deps: WorkerDeps,
  message: Extract<IngestMessage, { kind: 'run' }>,
): Promise<IngestionRun | undefined> {
  const source = await loadSource(deps, message);
  const brand = source === undefined ? undefined : await deps.repo.getBrand(source.tenantId, source.brandId);
  if (source === undefined || brand === undefined || !source.enabled) {
    deps.log.warn('ingest: source gone or disabled, message dropped', { ...message });
    if (message.runId !== undefined && source !== undefined) {
      // Someone is polling this run: say what became of it.
      const queued = await deps.repo.getRun(source.tenantId, source.brandId, source.id, message.runId);
      if (queued?.outcome === 'queued') {
        await deps.repo.putRun({
          ...queued,
          outcome: 'failed',
          finishedAt: deps.clock.now().toISOString(),
          error: { code: 'not-run', message: 'The source was paused or its brand deleted before it ran' },
        });
      }
    }
    return undefined;
  }
  const startedAt = deps.clock.now();
  const run = newRun(source, 'pull', 'running', startedAt, message.runId);
  await deps.repo.putRun(run);
  try {
    const fetched = await fetchItems(deps, source, startedAt);
    const touchpointIds = new Set([source.touchpointId]);
    const stored = await storeItems(
      deps,
      brand,
      source,
      fetched.items.map((value, row) => ({ row, value })),
      { now: startedAt, analyse: true, touchpointIds },
    );
    Object.assign(run, stored.counts, { rejections: runRejections(stored.outcomes) });
    run.outcome = 'ok';
    run.finishedAt = deps.clock.now().toISOString();
    await deps.repo.putRun(run);
    await deps.repo.updateSourceAfterRun(source, {
      nextRunAt: nextRunAfterSuccess(startedAt, source.intervalMinutes).toISOString(),
      cursor: fetched.cursor,
      ...(fetched.identity === undefined ? {} : { identity: fetched.identity }),
      health: {
        status: 'ok',
        lastRunAt: startedAt.toISOString(),
        lastSuccessAt: startedAt.toISOString(),
        consecutiveFailures: 0,
      },
    });
    if (stored.changed.length > 0) await refreshSummary(deps, brand.tenantId, brand.id);
    await deps.events?.afterBatch({
      tenantId: brand.tenantId,
      brandId: brand.id,
      created: createdItems(stored),
      firstAnalysed: [],
      rejudged: stored.rejudged,
    });
    deps.log.info('ingest: run finished', { ...run, rejections: run.rejections.length });
    return run;
  } catch (error) {
    // Connector failures are the source's problem: record and back off.
    // Anything else (the database, a bug) is ours: let the queue redeliver.
    if (!(error instanceof ConnectorError || error instanceof SourceParamsError)) throw error;
    const failures = source.health.consecutiveFailures + 1;
    const runError: RunError = {
      code: error instanceof ConnectorError ? error.code : 'invalid-params',
      message: safeErrorMessage(error.message),
    };
    run.outcome = 'failed';
    run.finishedAt = deps.clock.now().toISOString();
    run.error = runError;
    await deps.repo.putRun(run);
    const health: Source['health'] = {
      status: failures >= 3 ? 'backing-off' : 'failing',
      lastRunAt: startedAt.toISOString(),
      ...(source.health.lastSuccessAt === undefined ? {} : { lastSuccessAt: source.health.lastSuccessAt }),
      lastError: runError,
      consecutiveFailures: failures,
    };
    await deps.repo.updateSourceAfterRun(source, {
      nextRunAt: nextRunAfterFailure(
        startedAt,
        source.intervalMinutes,
        failures,
        error instanceof ConnectorError ? error.retryAfterMs : 0,
      ).toISOString(),
      health,
    });
    await deps.events?.afterBatch({
      tenantId: source.tenantId,
      brandId: source.brandId,
      created: [],
      firstAnalysed: [],
      rejudged: [],
      failedSource: { ...source, health },
    });
    deps.log.warn('ingest: run failed', { ...run, rejections: run.rejections.length });
    return run;
  }
}

async function fetchItems(deps: WorkerDeps, source: Source, now: Date) {
  const connector = deps.connectorFor(source.kind);
  if (connector === undefined)
    throw new SourceParamsError(`No connector pulls sources of kind ${source.kind}`);
  const params = connector.params.safeParse(source.params);
  if (!params.success) {
    const issue = params.error.issues[0];
    throw new SourceParamsError(
      `Source parameters are invalid: params.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      { cause: params.error },
    );
  }
  const result = await connector.fetch({
    params: params.data,
    cursor: source.cursor,
    http: deps.http,
    now,
    ...(await credentialsForRun(
      { secrets: deps.operatorSecrets, secretBox: deps.secretBox },
      source.tenantId,
      source,
      params.data,
    )),
  });
  const identity = result.identity === undefined ? undefined : IdentityFacts.safeParse(result.identity).data;
  return { items: result.items, cursor: result.cursor, identity };
}

/** Carries out an import job: reads the file, stores its rows a chunk at a time, checkpointing on the run. */
export async function runImport(deps: WorkerDeps, message: Extract<IngestMessage, { kind: 'import' }>) {
  const [source, brand, previous] = await Promise.all([
    loadSource(deps, message),
    deps.repo.getBrand(message.tenantId, message.brandId),
    deps.repo.getRun(message.tenantId, message.brandId, message.sourceId, message.runId),
  ]);
  if (source === undefined || brand === undefined || previous === undefined || previous.outcome === 'ok')
    return;
  const run: IngestionRun = { ...previous, outcome: 'running' };
  const fail = async (message: string) => {
    await deps.repo.putRun({
      ...run,
      outcome: 'failed',
      finishedAt: deps.clock.now().toISOString(),
      error: { code: 'invalid-file', message: message.slice(0, 500) },
    });
  };
  const size = await deps.blobs.size(message.blobKey);
  if (size === undefined) return fail('the uploaded file is gone');
  if (size > MAX_UPLOAD_BYTES) return fail(`the file is larger than ${MAX_UPLOAD_BYTES} bytes`);
  const body = await deps.blobs.get(message.blobKey);
  if (body === undefined) return fail('the uploaded file is gone');
  const params = ImportParams.safeParse(source.params);
  const startedAt = new Date(run.startedAt);
  const parsed = parseImportRows(body, message.format, params.success ? params.data.mapping : {}, startedAt);
  if (parsed.fatal !== undefined) return fail(parsed.fatal);
  const touchpointIds = new Set(
    (await deps.repo.listTouchpoints(brand.tenantId, brand.id)).map((tp) => tp.id),
  );
  const rows = parsed.rows;
  run.progress = { rows: rows.length, done: run.progress?.done ?? 0 };
  let changed = false;
  for (let start = run.progress.done; start < rows.length; start += IMPORT_CHUNK) {
    const chunk = rows.slice(start, start + IMPORT_CHUNK);
    const unreadable = chunk.flatMap((r) =>
      'error' in r
        ? [
            {
              row: r.row,
              ...(r.id === undefined ? {} : { id: r.id }),
              ...(r.field === undefined ? {} : { field: r.field }),
              message: r.error,
            },
          ]
        : [],
    );
    const stored = await storeItems(
      deps,
      brand,
      source,
      chunk.flatMap((r) => ('value' in r ? [{ row: r.row, value: r.value }] : [])),
      { now: startedAt, analyse: true, touchpointIds },
    );
    changed ||= stored.changed.length > 0;
    run.fetched += chunk.length;
    run.created += stored.counts.created;
    run.updated += stored.counts.updated;
    run.unchanged += stored.counts.unchanged;
    run.skipped += stored.counts.skipped + unreadable.length;
    run.rejections = [...run.rejections, ...unreadable, ...runRejections(stored.outcomes)]
      .sort((a, b) => a.row - b.row)
      .slice(0, MAX_RUN_REJECTIONS);
    run.progress = { rows: rows.length, done: Math.min(rows.length, start + IMPORT_CHUNK) };
    await deps.repo.putRun(run);
    await deps.events?.afterBatch({
      tenantId: brand.tenantId,
      brandId: brand.id,
      created: createdItems(stored),
      firstAnalysed: [],
      rejudged: stored.rejudged,
    });
  }
  await deps.repo.putRun({ ...run, outcome: 'ok', finishedAt: deps.clock.now().toISOString() });
  // A redelivered job that found everything done still refreshes: the crash may have come before it.
  await refreshSummary(deps, brand.tenantId, brand.id);
  if (!changed) deps.log.info('ingest: import changed nothing', { runId: run.runId });
}

/** Analyses pushed items that were stored without an analysis. */
export async function analysePushed(deps: WorkerDeps, message: Extract<IngestMessage, { kind: 'analyse' }>) {
  const brand = await deps.repo.getBrand(message.tenantId, message.brandId);
  if (brand === undefined) return;
  const pending = (await deps.repo.getItems(brand.tenantId, brand.id, message.itemIds)).filter(
    (item) => item.analysis === undefined,
  );
  const firstAnalysed: Item[] = [];
  const rejudged: Item[] = [];
  if (pending.length > 0) {
    await deps.repo.markSummaryDue(brand.tenantId, brand.id, new Date(deps.clock.now().getTime() + 120_000));
    const history = (await historyFor(deps, brand, pending)).filter(
      (h) => !pending.some((p) => p.id === h.id),
    );
    const judged = await deps.analyze(brand, pending, history);
    for (const item of pending) {
      const analysis = judged.results.get(item.id);
      // False when the item was edited meanwhile: the edit queued its own analysis.
      if (analysis !== undefined && (await deps.repo.applyAnalysis(item, analysis)))
        firstAnalysed.push({ ...item, analysis });
    }
    for (const h of history) {
      const analysis = judged.revised.get(h.id);
      if (analysis !== undefined && (await deps.repo.applyAnalysis(h, analysis)))
        rejudged.push({ ...h, analysis });
    }
  }
  await refreshSummary(deps, brand.tenantId, brand.id);
  await deps.events?.afterBatch({
    tenantId: brand.tenantId,
    brandId: brand.id,
    created: [],
    firstAnalysed,
    rejudged,
  });
}
