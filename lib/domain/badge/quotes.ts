/**
 * The excerpts a verify page quotes: recent reviews that are safe to quote
 * (genuine, positive, no admitted incentive, no personal data, from a source
 * whose terms allow display), cut to a readable length. Chosen when the badge
 * record is written, so serving the page reads nothing more.
 */
import type { BadgeQuote } from '../badge-data.ts';
import type { Item, Source } from '../model.ts';
import { quoteSafety } from '../quotable.ts';
import { showable } from './markup.ts';

/** Quotes kept on a badge record. */
export const MAX_QUOTES = 3;
/** Fewest stars a quoted review has. */
export const MIN_QUOTE_STARS = 4;
/** Longest excerpt, in characters; longer texts are cut at a word boundary. */
export const MAX_EXCERPT = 280;

/** Drops trailing blanks and punctuation, char by char (a `[…]+$` regex retries from every one of a long run). */
function trimTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s,;:.!?-]/u.test(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  const clean = showable(text, Number.MAX_SAFE_INTEGER);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${trimTrailingPunctuation(space > max / 2 ? cut.slice(0, space) : cut)}…`;
}

/**
 * The newest quotable reviews among `items` (newest first), at most MAX_QUOTES.
 * `sources` gives each item's source (its display setting); `touchpointName` its touchpoint's name.
 */
export function chooseQuotes(
  items: readonly Item[],
  sources: ReadonlyMap<string, Pick<Source, 'kind' | 'display'>>,
  touchpointName: (id: string) => string,
): BadgeQuote[] {
  const quotes: BadgeQuote[] = [];
  for (const item of items) {
    if (quotes.length >= MAX_QUOTES) break;
    const source = sources.get(item.sourceId);
    // Positive in words and in stars: a 3-star "fine, but…" is not proof to show a prospect.
    if (item.kind !== 'review' || item.stars === undefined || item.stars < MIN_QUOTE_STARS) continue;
    if (source === undefined) continue;
    const safety = quoteSafety(item, source);
    if (!safety.safe) continue;
    const text = excerpt(item.text);
    if (text === '') continue;
    quotes.push({
      text,
      stars: item.stars,
      day: item.publishedAt.slice(0, 10),
      touchpoint: touchpointName(item.touchpointId),
      ...(safety.attribution === undefined ? {} : { attribution: safety.attribution }),
    });
  }
  return quotes;
}
