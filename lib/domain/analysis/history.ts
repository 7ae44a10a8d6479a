/**
 * The history contract: what the product must pass to `analyzeBatch` when it
 * judges a brand's new reviews, so that signals spanning weeks (surges,
 * polarised pairs) and copies of old reviews fire as they do over a whole
 * input. Pure: it says what to fetch; the ingest fetches it.
 * docs/authenticity.md ("Product mode") describes each query.
 */

import { toStars } from '../rating.ts';
import type { AnalysisInput } from './analyze.ts';
import { featuresOf } from './analyze.ts';
import { bandKeys } from './authenticity/signals/duplicates.ts';
import { POLARISED } from './authenticity/signals/polarised.ts';
import { SURGE } from './authenticity/signals/surge.ts';

const DAY = 86_400_000;

export const HISTORY = {
  /**
   * The brand's own reviews published from this many days before the batch's
   * earliest review: a surge window plus the baseline before it, and a day.
   */
  brandDays: SURGE.windowDays + SURGE.baselineDays + 1,
  /** Newest first, at most this many. */
  brandLimit: 5000,
  /** Each followed author's reviews on the same platform, from this many days before the earliest review. */
  authorDays: SURGE.windowDays + SURGE.baselineDays + 1 + POLARISED.pairDays,
  /** Newest first, at most this many per author. */
  authorLimit: 20,
  /** At most this many authors: the batch's first, then the brand window's, newest first. */
  maxAuthors: 400,
  /** Near-duplicate candidates per band key, newest first. */
  perKeyLimit: 20,
} as const;

/** A platform-issued author id. */
export interface AuthorRef {
  platform: string;
  authorId: string;
}

/** The publication window of the brand's own reviews to pass. */
export function brandWindow(
  targets: readonly Pick<AnalysisInput, 'publishedAt'>[],
  now: Date,
): { from: Date; to: Date } {
  return { from: new Date(earliest(targets, now) - HISTORY.brandDays * DAY), to: now };
}

/** The publication window of followed authors' reviews to pass. */
export function authorWindow(
  targets: readonly Pick<AnalysisInput, 'publishedAt'>[],
  now: Date,
): { from: Date; to: Date } {
  return { from: new Date(earliest(targets, now) - HISTORY.authorDays * DAY), to: now };
}

function earliest(targets: readonly Pick<AnalysisInput, 'publishedAt'>[], now: Date): number {
  let min = now.getTime();
  for (const t of targets) {
    const at = t.publishedAt === undefined ? Number.NaN : Date.parse(t.publishedAt);
    if (!Number.isNaN(at) && at < min) min = at;
  }
  return min;
}

/**
 * The authors whose reviews on their platform to pass: every author of the
 * batch, then the authors of the brand window's reviews rated 1-2★ or 5★
 * (polarised pairs need the other reviews of accounts that rated the brand
 * at an extreme), newest first, at most `HISTORY.maxAuthors`. Only ids a
 * platform issued: a display name identifies no one.
 */
export function authorsToFollow(
  targets: readonly AnalysisInput[],
  brandRows: readonly AnalysisInput[],
): AuthorRef[] {
  const out = new Map<string, AuthorRef>();
  const follow = (row: AnalysisInput) => {
    if (row.authorId === undefined || row.platform === undefined || out.size >= HISTORY.maxAuthors) return;
    out.set(`${row.platform}\u0000${row.authorId}`, { platform: row.platform, authorId: row.authorId });
  };
  for (const row of targets) follow(row);
  const extreme = brandRows
    .filter((row) => {
      const stars = toStars(row.rating, row.ratingScale, row.ratingMin);
      return stars !== undefined && (stars <= POLARISED.lowMax || stars === 5);
    })
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  for (const row of extreme) follow(row);
  return [...out.values()];
}

/**
 * Keys under which to store a review and look up its near-duplicates: the
 * LSH bands of its text's MinHash (none for texts under ten words). Stored
 * with each review and queried for each new one, they find a copy of a
 * review of any business, however old, without a scan.
 */
export function similarityKeys(input: AnalysisInput, brandNames: readonly string[] = []): string[] {
  const f = featuresOf(input, false, brandNames);
  return bandKeys(f.minhash, f.wordCount);
}
