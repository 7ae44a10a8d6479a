/**
 * Representative verbatims for a pain point: only reviews judged genuine, no
 * personal data, each clipped around the phrase that shows the pain point.
 * "Representative": the reviews whose sentiment sits closest to the median of
 * the reviews naming that pain point, newest first on a tie.
 */
import { weightClassOf } from '#lib/domain/aggregates.ts';
import type { Item, PainCategory } from '#lib/domain/model.ts';
import { personalDataIn } from '#lib/domain/quotable.ts';
import type { Verbatim } from './report.ts';

export const VERBATIMS_PER_PAIN_POINT = 3;
const CLIP = 240;

/** The text around `phrase` (or its start), at most CLIP characters, with ellipses where cut. */
export function clipAround(text: string, phrase: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= CLIP) return flat;
  const at = Math.max(0, flat.toLowerCase().indexOf(phrase.toLowerCase()));
  const start = Math.max(0, Math.min(at - Math.floor((CLIP - phrase.length) / 2), flat.length - CLIP));
  const body = flat.slice(start, start + CLIP).trim();
  return `${start > 0 ? '…' : ''}${body}${start + CLIP < flat.length ? '…' : ''}`;
}

export function verbatimsFor(
  items: readonly Item[],
  touchpointId: string | undefined,
  category: PainCategory,
  max = VERBATIMS_PER_PAIN_POINT,
): Verbatim[] {
  const candidates = items.flatMap((item) => {
    if (touchpointId !== undefined && item.touchpointId !== touchpointId) return [];
    if (weightClassOf(item) !== 'genuine' || item.text.trim() === '') return [];
    const pain = item.analysis?.painPoints.find((p) => p.category === category);
    if (pain === undefined || personalDataIn(`${item.title ?? ''}\n${item.text}`)) return [];
    return [{ item, phrase: pain.phrase, score: item.analysis?.sentiment.score ?? 0 }];
  });
  const scores = candidates.map((c) => c.score).sort((a, b) => a - b);
  const median = scores.length === 0 ? 0 : (scores[Math.floor((scores.length - 1) / 2)] ?? 0);
  const seen = new Set<string>();
  return candidates
    .sort(
      (a, b) =>
        Math.abs(a.score - median) - Math.abs(b.score - median) ||
        b.item.publishedAt.localeCompare(a.item.publishedAt),
    )
    .filter((c) => {
      const key = c.item.text.trim().toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, max)
    .map(({ item, phrase }) => ({
      itemId: item.id,
      text: clipAround(item.text, phrase),
      phrase,
      stars: item.stars ?? null,
      publishedAt: item.publishedAt,
      ...(item.url === undefined ? {} : { url: item.url }),
    }));
}
