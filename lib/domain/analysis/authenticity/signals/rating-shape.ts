import { brandLabel, CrossSignals, groupAt, groupRows } from '../cross.ts';
import type { FeatureTable } from '../features.ts';
import { signal } from '../score.ts';

const MIN_REVIEWS = 30;

/** Share of each star value 1..5 (index 0 = 1★). */
export function distribution(stars: readonly number[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const s of stars) counts[s - 1] = (counts[s - 1] ?? 0) + 1;
  return counts.map((c) => c / Math.max(1, stars.length));
}

/**
 * Organic ratings form a J: many 5★, some 1★, few in between (Hu, Pavlou &
 * Zhang 2009). A shape with almost no criticism at all, or a middle that
 * outweighs both ends, departs from it.
 */
export function departsFromJShape(shares: readonly number[]): string | undefined {
  const [one = 0, two = 0, three = 0, four = 0, five = 0] = shares;
  if (five >= 0.9 && one + two <= 0.02)
    return `${Math.round(five * 100)}% 5★ and ${Math.round((one + two) * 100)}% 1-2★`;
  if (three + four > 0.8 && five < 0.1) return `${Math.round((three + four) * 100)}% 3-4★ and few 5★`;
  return undefined;
}

/**
 * Brand-level rating shape: an implausible distribution, or one source rating
 * the brand far above its other sources. Flags the reviews that make the gap.
 */
export function ratingShape(t: FeatureTable, out = new CrossSignals()): CrossSignals {
  const byBrand = groupRows(t.length, t.keyCount, (i) => (t.stars(i) === undefined ? -1 : t.brand(i)));
  for (let g = 0; g < byBrand.count; g++) {
    const members = groupAt(byBrand, g);
    if (members.length < MIN_REVIEWS) continue;
    const brand = brandLabel(t, members[0] ?? 0);
    const shape = departsFromJShape(distribution(Array.from(members, (i) => t.stars(i) ?? 0)));
    if (shape !== undefined) {
      for (const i of members) {
        const stars = t.stars(i);
        if (t.target(i) && (stars === 5 || stars === 4)) {
          out.add(
            i,
            signal(
              'rating-shape-anomaly',
              `${brand}'s ${members.length} ratings depart from the usual J-shape: ${shape}`,
            ),
          );
        }
      }
    }
    // Sources in order of first appearance, as the means' stable sort breaks ties by it.
    const bySource = new Map<number, number[]>();
    for (const i of members) {
      const list = bySource.get(t.source(i));
      if (list === undefined) bySource.set(t.source(i), [i]);
      else list.push(i);
    }
    const means = [...bySource]
      .filter(([, m]) => m.length >= 10)
      .map(([source, m]) => ({
        source,
        m,
        mean: m.reduce((a, i) => a + (t.stars(i) ?? 0), 0) / m.length,
      }));
    if (means.length < 2) continue;
    means.sort((a, b) => b.mean - a.mean);
    const top = means[0];
    const rest = means.slice(1);
    if (top === undefined) continue;
    const others =
      rest.reduce((a, x) => a + x.mean * x.m.length, 0) / rest.reduce((a, x) => a + x.m.length, 0);
    if (top.mean - others < 1.5) continue;
    for (const i of top.m) {
      if (t.target(i) && (t.stars(i) ?? 0) >= 4) {
        out.add(
          i,
          signal(
            'source-divergence',
            `${t.name(top.source)} rates ${brand} ${top.mean.toFixed(1)}★ against ${others.toFixed(1)}★ elsewhere`,
          ),
        );
      }
    }
  }
  return out;
}
