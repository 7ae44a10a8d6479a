/**
 * Alert evaluation after each stored batch: the rules read the brand's hourly
 * counters (last 8 days), its summary's TrustScore, its sources' health and
 * the identity facts their pages show. A condition that turns on raises one
 * alert for its episode; it is not raised again until it has turned off. The
 * state and the new alerts are written in one transaction, conditioned on the
 * state's version, so concurrent workers never raise an episode twice.
 */
import type { Deps } from '#lib/app/deps.ts';
import { timeOrderedId } from '#lib/domain/ids.ts';
import type { Brand, Source } from '#lib/domain/model.ts';
import type { Alert, AlertRule, AlertState } from '#lib/domain/reports/alert.ts';
import {
  alertHours,
  type Condition,
  negativeSpike,
  suspiciousBurst,
  trustScoreDrop,
} from '#lib/domain/reports/alert-rules.ts';
import { isFlagged } from '#lib/domain/reports/authenticity.ts';
import { compareIdentity, mismatchKey, type SeenIdentity } from '#lib/domain/reports/identity.ts';
import { DEFAULT_ALERT_SETTINGS } from '#lib/domain/reports/settings.ts';

type AlertDeps = Pick<Deps, 'repo' | 'reports' | 'clock' | 'log'>;

const MAX_REVIEW_IDS = 50;
/** Days of TrustScores the state keeps (the drop rule looks back 7). */
const SCORE_DAYS = 9;

export interface Evaluation {
  raised: Alert[];
  /** Set when the published TrustScore changed since the last batch. */
  scoreChange?: { previous: number | null; current: number | null; reviewCount: number };
}

/** Where a source's page is, for "where it was seen". */
export function sourcePage(source: Source): string | undefined {
  const url = source.params.url;
  if (typeof url === 'string') return url;
  const { domain, baseUrl } = source.params;
  if (source.kind === 'trustpilot' && typeof domain === 'string')
    return `${typeof baseUrl === 'string' ? baseUrl : 'https://www.trustpilot.com'}/review/${domain}`;
  return undefined;
}

/** Each source whose page shows identity facts, with its touchpoint's name. */
export async function seenIdentities(deps: Pick<Deps, 'repo'>, brand: Brand, sources?: Source[]) {
  const [all, touchpoints] = await Promise.all([
    sources === undefined ? deps.repo.listSources(brand.tenantId, brand.id) : Promise.resolve(sources),
    deps.repo.listTouchpoints(brand.tenantId, brand.id),
  ]);
  const names = new Map(touchpoints.map((t) => [t.id, t.name]));
  return all.flatMap((source): SeenIdentity[] => {
    if (source.identity === undefined) return [];
    const seenOn = sourcePage(source);
    const seenAt = source.health.lastSuccessAt;
    return [
      {
        touchpointId: source.touchpointId,
        touchpointName: names.get(source.touchpointId) ?? source.touchpointId,
        sourceId: source.id,
        ...(seenOn === undefined ? {} : { seenOn }),
        ...(seenAt === undefined ? {} : { seenAt }),
        facts: source.identity,
      },
    ];
  });
}

interface Firing {
  key: string;
  rule: AlertRule;
  severity: Alert['severity'];
  condition: Condition;
  touchpointId?: string;
  sourceId?: string;
  reviewIds?: string[];
  details?: string[];
}

export async function evaluateAlerts(deps: AlertDeps, brand: Brand): Promise<Evaluation> {
  for (let attempt = 0; ; attempt++) {
    const result = await evaluateOnce(deps, brand);
    if (result !== undefined) return result;
    // Another worker committed a newer state meanwhile: read it and judge again.
    if (attempt >= 4) {
      deps.log.warn('alerts: state kept changing; evaluation left to the next batch', { brandId: brand.id });
      return { raised: [] };
    }
  }
}

async function evaluateOnce(deps: AlertDeps, brand: Brand): Promise<Evaluation | undefined> {
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const window = alertHours(now);
  const [stored, hours, state, summary, sources] = await Promise.all([
    deps.reports.getReportSettings(brand.tenantId, brand.id),
    deps.repo.listHourlyCounts(brand.tenantId, brand.id, window.from, window.to),
    deps.reports.getAlertState(brand.tenantId, brand.id),
    deps.repo.getSummaryState(brand.tenantId, brand.id),
    deps.repo.listSources(brand.tenantId, brand.id),
  ]);
  const settings = stored?.alerts ?? DEFAULT_ALERT_SETTINGS;
  const currentScore = summary.summary?.overall.score ?? null;
  const conditions: Firing[] = [];

  if (settings.negativeSpike.enabled) {
    conditions.push({
      key: 'negative-spike',
      rule: 'negative-spike',
      severity: 'warning',
      condition: negativeSpike(hours, now, settings.negativeSpike),
    });
  }
  if (settings.suspiciousBurst.enabled) {
    conditions.push({
      key: 'suspicious-burst',
      rule: 'suspicious-burst',
      severity: 'warning',
      condition: suspiciousBurst(hours, now, settings.suspiciousBurst),
    });
  }
  if (settings.trustScoreDrop.enabled && summary.summary !== undefined) {
    const history = state.scores.filter((s) => s.day !== today);
    const condition = trustScoreDrop(history, currentScore, today, settings.trustScoreDrop);
    const drop = typeof condition.figures.drop === 'number' ? condition.figures.drop : 0;
    conditions.push({
      key: 'trustscore-drop',
      rule: 'trustscore-drop',
      severity: drop >= 2 * settings.trustScoreDrop.stars ? 'critical' : 'warning',
      condition,
    });
  }
  if (settings.sourceFailing.enabled) {
    for (const source of sources) {
      const failures = source.health.consecutiveFailures;
      conditions.push({
        key: `source-failing:${source.id}`,
        rule: 'source-failing',
        severity: 'warning',
        sourceId: source.id,
        touchpointId: source.touchpointId,
        condition: {
          active: source.enabled && failures >= settings.sourceFailing.failures,
          summary: `Source ${source.id} failed ${failures} times in a row: ${source.health.lastError?.message ?? 'no error recorded'}`,
          figures: {
            source: source.id,
            failures,
            threshold: settings.sourceFailing.failures,
            error: source.health.lastError?.code ?? null,
          },
          window: { from: source.health.lastSuccessAt ?? source.createdAt, to: now.toISOString() },
        },
      });
    }
  }

  // Identity: every mismatch not seen before is news; one alert lists them all.
  const mismatches = compareIdentity(brand.profile, await seenIdentities(deps, brand, sources)).mismatches;
  const currentKeys = mismatches.map(mismatchKey);
  const known = new Set(state.mismatchKeys);
  const fresh = mismatches.filter((m) => !known.has(mismatchKey(m)));

  const next: AlertState = {
    ...state,
    active: { ...state.active },
    scores: [...state.scores.filter((s) => s.day !== today), { day: today, score: currentScore }]
      .sort((a, b) => a.day.localeCompare(b.day))
      .slice(-SCORE_DAYS),
    lastScore: currentScore,
    mismatchKeys: settings.identityMismatch.enabled
      ? [...new Set(currentKeys)].slice(0, 500)
      : state.mismatchKeys,
  };
  const raised: Alert[] = [];
  const raise = async (firing: Firing) => {
    const episode = `${firing.key}@${now.toISOString().slice(0, 13)}`;
    next.active[firing.key] = { episode, since: now.toISOString() };
    raised.push({
      id: timeOrderedId(now),
      brandId: brand.id,
      rule: firing.rule,
      severity: firing.severity,
      raisedAt: now.toISOString(),
      episode,
      window: firing.condition.window,
      ...(firing.touchpointId === undefined ? {} : { touchpointId: firing.touchpointId }),
      ...(firing.sourceId === undefined ? {} : { sourceId: firing.sourceId }),
      summary: firing.condition.summary.slice(0, 1000),
      figures: firing.condition.figures,
      reviewIds: (firing.reviewIds ?? []).slice(0, MAX_REVIEW_IDS),
      details: (firing.details ?? []).slice(0, 50),
    });
  };
  for (const firing of conditions) {
    const wasActive = state.active[firing.key] !== undefined;
    if (!firing.condition.active) {
      delete next.active[firing.key];
      continue;
    }
    if (wasActive) continue;
    if (firing.rule === 'suspicious-burst')
      Object.assign(firing, await burstReviews(deps, brand, firing.condition));
    await raise(firing);
  }
  // Rules whose subject is gone (a deleted source) stop being active.
  for (const key of Object.keys(next.active)) {
    if (key.startsWith('source-failing:') && !conditions.some((c) => c.key === key)) delete next.active[key];
  }
  if (settings.identityMismatch.enabled && fresh.length > 0) {
    const first = fresh[0];
    await raise({
      key: `identity-mismatch:${now.toISOString()}`,
      rule: 'identity-mismatch',
      severity: 'warning',
      ...(first !== undefined && fresh.every((m) => m.touchpointId === first.touchpointId)
        ? { touchpointId: first.touchpointId }
        : {}),
      details: fresh.map(
        (m) =>
          `${m.field} at ${m.touchpointName} (${m.sourceId}): page shows "${m.seen}", profile says "${m.expected}" — ${m.detail}`,
      ),
      condition: {
        active: true,
        summary: `${fresh.length} new mismatches between pages and the profile: ${fresh
          .map((m) => `${m.field} at ${m.touchpointName}`)
          .join(', ')}`,
        figures: { count: fresh.length },
        window: { from: now.toISOString(), to: now.toISOString() },
      },
    });
    // An identity alert is one event, not an ongoing episode.
    for (const key of Object.keys(next.active))
      if (key.startsWith('identity-mismatch:')) delete next.active[key];
  }

  const scoreChanged = summary.summary !== undefined && state.lastScore !== currentScore;
  const unchanged =
    raised.length === 0 &&
    !scoreChanged &&
    JSON.stringify({ ...next, version: 0 }) === JSON.stringify({ ...state, version: 0 });
  if (!unchanged && !(await deps.reports.commitAlerts(brand.tenantId, brand.id, state.version, next, raised)))
    return undefined;
  for (const alert of raised)
    deps.log.info('alert raised', { brandId: brand.id, rule: alert.rule, id: alert.id });
  return {
    raised,
    ...(scoreChanged
      ? {
          scoreChange: {
            previous: state.lastScore,
            current: currentScore,
            reviewCount: summary.summary?.overall.reviewCount ?? 0,
          },
        }
      : {}),
  };
}

/** The flagged reviews of a burst's window (a bounded read of the brand's newest items in it). */
async function burstReviews(deps: AlertDeps, brand: Brand, condition: Condition) {
  const page = await deps.repo.listItems(brand.tenantId, brand.id, {
    limit: 100,
    from: new Date(condition.window.from),
    to: new Date(condition.window.to),
  });
  const flagged = page.items.filter((i) => i.stars !== undefined && isFlagged(i));
  const touchpoints = new Set(flagged.map((i) => i.touchpointId));
  const [only] = touchpoints;
  return {
    reviewIds: flagged.map((i) => i.id),
    ...(touchpoints.size === 1 && only !== undefined ? { touchpointId: only } : {}),
  };
}
