import type { Signal } from '#lib/domain/model.ts';

/** Signals found across reviews, keyed by the review's index in the feature list. */
export type CrossSignals = Map<number, Signal[]>;

export function add(into: CrossSignals, index: number, s: Signal): void {
  const list = into.get(index);
  if (list === undefined) into.set(index, [s]);
  else if (!list.some((x) => x.code === s.code)) list.push(s);
}

/** Lists at most `max` ids for evidence text. */
export function idList(ids: readonly string[], max = 6): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/** Human duration for evidence text. */
export function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 72) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** Groups indices by a key. */
export function groupBy<T>(
  items: readonly T[],
  key: (item: T, index: number) => string | undefined,
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item, i);
    if (k === undefined) return;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [i]);
    else g.push(i);
  });
  return groups;
}
