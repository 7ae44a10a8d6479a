/**
 * One source run: fetch what is new since the cursor, normalise, judge, store.
 * Safe to repeat: the cursor moves only after every item is stored, and the
 * upsert is idempotent, so a crash or a redelivered message never loses or
 * double-counts an item.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '#lib/app/deps.ts';
import { normalise } from '#lib/app/normalise.ts';
import { nextRunAfterFailure, nextRunAfterSuccess } from '#lib/app/schedule.ts';
import { type CredentialDeps, credentialsForRun } from '#lib/app/source-credentials.ts';
import { refreshSummary } from '#lib/app/summary.ts';
import { ConnectorError } from '#lib/domain/errors.ts';
import {
  type Brand,
  IdentityFacts,
  type IngestionRun,
  type Item,
  RawItem,
  type Source,
} from '#lib/domain/model.ts';
import { safeErrorMessage, storableCursor } from '#lib/domain/sources/bounds.ts';
import type { IngestMessage } from '#lib/ports.ts';

/** How many stored items cross-item signals (duplicates, bursts) see as context. */
const HISTORY_LIMIT = 500;
/** Reviewer-behaviour context: each author's latest reviews on the platform, for this many authors. */
const AUTHOR_HISTORY_AUTHORS = 50;
const AUTHOR_HISTORY_ITEMS = 20;

export class SourceParamsError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'SourceParamsError';
  }
}

export async function runSource(
  deps: Deps & Pick<CredentialDeps, 'secretBox'>,
  message: IngestMessage,
): Promise<IngestionRun | undefined> {
  const source = await deps.repo.getSource(message.brandId, message.sourceId);
  const brand = await deps.repo.getBrand(message.brandId);
  if (source === undefined || brand === undefined || !source.enabled) {
    deps.log.warn('ingest: source gone or disabled, message dropped', { ...message });
    return undefined;
  }
  const startedAt = deps.clock.now();
  const run: IngestionRun = {
    brandId: source.brandId,
    sourceId: source.id,
    runId: randomUUID(),
    startedAt: startedAt.toISOString(),
    outcome: 'running',
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
  };
  await deps.repo.putRun(run);
  try {
    const fetched = await fetchItems(deps, brand, source, startedAt);
    const { cursor, identity } = fetched;
    Object.assign(run, await storeRawItems(deps, brand, source, fetched.items, startedAt));
    run.outcome = 'ok';
    run.finishedAt = deps.clock.now().toISOString();
    await deps.repo.putRun(run);
    await deps.repo.updateSourceAfterRun(source.brandId, source.id, {
      nextRunAt: nextRunAfterSuccess(startedAt, source.intervalMinutes).toISOString(),
      cursor,
      ...(identity === undefined ? {} : { identity }),
      health: {
        status: 'ok',
        lastRunAt: startedAt.toISOString(),
        lastSuccessAt: startedAt.toISOString(),
        consecutiveFailures: 0,
      },
    });
    deps.log.info('ingest: run finished', { ...run });
    return run;
  } catch (error) {
    // Connector failures are the source's problem: record and back off.
    // Anything else (the database, a bug) is ours: let the queue redeliver.
    if (!(error instanceof ConnectorError || error instanceof SourceParamsError)) throw error;
    const failures = source.health.consecutiveFailures + 1;
    const code = error instanceof ConnectorError ? error.code : 'invalid-params';
    run.outcome = 'failed';
    run.finishedAt = deps.clock.now().toISOString();
    // Third-party text, bounded and free of IP addresses before it is stored (issue 7 §2).
    run.error = { code, message: safeErrorMessage(error.message) };
    await deps.repo.putRun(run);
    await deps.repo.updateSourceAfterRun(source.brandId, source.id, {
      nextRunAt: nextRunAfterFailure(
        startedAt,
        source.intervalMinutes,
        failures,
        error instanceof ConnectorError ? error.retryAfterMs : 0,
      ).toISOString(),
      health: {
        status: failures >= 3 ? 'backing-off' : 'failing',
        lastRunAt: startedAt.toISOString(),
        ...(source.health.lastSuccessAt === undefined ? {} : { lastSuccessAt: source.health.lastSuccessAt }),
        lastError: run.error,
        consecutiveFailures: failures,
      },
    });
    deps.log.warn('ingest: run failed', { ...run });
    return run;
  }
}

async function fetchItems(
  deps: Deps & Pick<CredentialDeps, 'secretBox'>,
  brand: Brand,
  source: Source,
  now: Date,
) {
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
    // Only the credentials this source may use, never the operator's whole set (issue 7 §1).
    ...(await credentialsForRun(deps, brand.tenantId, source, params.data)),
  });
  const identity = result.identity === undefined ? undefined : IdentityFacts.safeParse(result.identity).data;
  // A cursor that would fail the source's schema is not stored; the previous one is kept (issue 7 §2).
  return { items: result.items, cursor: storableCursor(result.cursor), identity };
}

/**
 * What the cross-item signals compare new items against: the brand's newest
 * items, plus each new author's other reviews on the same platform, any brand.
 */
async function historyFor(deps: Deps, brand: Brand, items: readonly Item[]): Promise<Item[]> {
  const brandItems = (await deps.repo.listItems(brand.id, { limit: HISTORY_LIMIT })).items;
  const authors = new Map<string, { kind: Item['sourceKind']; id: string }>();
  for (const item of items) {
    if (item.author.id === undefined || authors.size >= AUTHOR_HISTORY_AUTHORS) continue;
    authors.set(`${item.sourceKind}/${item.author.id}`, { kind: item.sourceKind, id: item.author.id });
  }
  const byId = new Map(brandItems.map((item) => [item.id, item]));
  for (const author of authors.values()) {
    for (const item of await deps.repo.listAuthorItems(author.kind, author.id, AUTHOR_HISTORY_ITEMS)) {
      byId.set(item.id, item);
    }
  }
  return [...byId.values()];
}

export interface StoreCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/**
 * Validates, normalises, analyses and upserts a batch from one source, pulled
 * or pushed. A malformed item is skipped and counted; the rest are kept.
 */
export async function storeRawItems(
  deps: Deps,
  brand: Brand,
  source: Source,
  raws: readonly unknown[],
  now: Date,
): Promise<StoreCounts> {
  const counts: StoreCounts = { fetched: raws.length, created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const items: Item[] = [];
  for (const raw of raws) {
    const parsed = RawItem.safeParse(raw);
    if (parsed.success) items.push(normalise(parsed.data, source, now));
    else {
      counts.skipped++;
      deps.log.warn('ingest: malformed item skipped', {
        sourceId: source.id,
        issues: parsed.error.issues.length,
      });
    }
  }
  if (items.length === 0) return counts;
  const history = await historyFor(deps, brand, items);
  const analyses = await deps.analyze(brand, items, history);
  for (const item of items) {
    const analysis = analyses.get(item.id);
    counts[await deps.repo.upsertItem(analysis === undefined ? item : { ...item, analysis })]++;
  }
  if (counts.created + counts.updated > 0) await refreshSummary(deps, brand);
  return counts;
}
