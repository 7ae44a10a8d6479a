/**
 * The period's suspicious clusters and bursts, read from the signals already
 * stored on each item's analysis: reviews sharing one burst window, or naming
 * each other as near-duplicates, or written by one author on one day, are
 * joined into one cluster with its window and the reviews involved.
 */
import { weightClassOf } from '#lib/domain/aggregates.ts';
import type { Item } from '#lib/domain/model.ts';
import type { SuspiciousCluster } from './report.ts';

/** Cross-review signals that tie reviews together, and the cluster kind each makes. */
const CLUSTER_CODES: Record<string, SuspiciousCluster['kind']> = {
  burst: 'burst',
  'burst-new-accounts': 'burst',
  'duplicate-text': 'duplicates',
  'duplicate-text-cross-brand': 'duplicates',
  'templated-text': 'duplicates',
  'author-same-day': 'author',
};
const KIND_ORDER: SuspiciousCluster['kind'][] = ['burst', 'duplicates', 'author', 'other'];
const MAX_IDS = 50;

export function isFlagged(item: Pick<Item, 'analysis'>): boolean {
  const cls = weightClassOf(item);
  return cls !== 'genuine' && cls !== 'pending';
}

/** Clusters of two or more flagged reviews, largest first. */
export function suspiciousClusters(items: readonly Item[]): SuspiciousCluster[] {
  const flagged = items.filter(
    (item) =>
      item.stars !== undefined &&
      isFlagged(item) &&
      (item.analysis?.authenticity.signals ?? []).some((s) => s.code in CLUSTER_CODES),
  );
  const parent = flagged.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byEvidence = new Map<string, number>();
  const byId = new Map<string, number>();
  flagged.forEach((item, i) => {
    byId.set(item.id, i);
  });
  flagged.forEach((item, i) => {
    for (const s of item.analysis?.authenticity.signals ?? []) {
      if (!(s.code in CLUSTER_CODES)) continue;
      // One burst window (or one duplicate group) carries one evidence text.
      const key = `${s.code}\u0000${s.evidence}`;
      const first = byEvidence.get(key);
      if (first === undefined) byEvidence.set(key, i);
      else union(first, i);
      // Duplicates name the other reviews by id.
      for (const token of s.evidence.split(/[\s,:;()]+/)) {
        const other = byId.get(token);
        if (other !== undefined) union(i, other);
      }
    }
  });
  const groups = new Map<number, number[]>();
  flagged.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const clusters: SuspiciousCluster[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const rows = members.map((i) => flagged[i]).filter((x): x is Item => x !== undefined);
    const signals = rows
      .flatMap((r) => r.analysis?.authenticity.signals ?? [])
      .filter((s) => s.code in CLUSTER_CODES);
    const kinds = new Set(signals.map((s) => CLUSTER_CODES[s.code] ?? 'other'));
    const kind = KIND_ORDER.find((k) => kinds.has(k)) ?? 'other';
    const evidence = signals.find((s) => CLUSTER_CODES[s.code] === kind)?.evidence ?? '';
    const times = rows.map((r) => r.publishedAt).sort();
    const stars = rows.map((r) => r.stars).filter((s): s is number => s !== undefined);
    clusters.push({
      kind,
      from: times[0] ?? '',
      to: times.at(-1) ?? '',
      touchpoints: [...new Set(rows.map((r) => r.touchpointId))].sort(),
      reviewIds: rows
        .slice()
        .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
        .slice(0, MAX_IDS)
        .map((r) => r.id),
      count: rows.length,
      meanStars:
        stars.length === 0 ? null : Math.round((stars.reduce((a, b) => a + b, 0) / stars.length) * 100) / 100,
      evidence: evidence.length > 500 ? `${evidence.slice(0, 499)}…` : evidence,
    });
  }
  return clusters.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from));
}
