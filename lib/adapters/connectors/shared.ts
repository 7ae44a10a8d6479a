/** Small helpers every connector shares: HTML text, cursors; the field helpers and bounds live in the domain. */
import { load } from 'cheerio';
import type { z } from 'zod';
import { boundCursor } from '#lib/domain/sources/bounds.ts';

export {
  author,
  clip,
  maxIso,
  stableId,
  toIso,
  toNumber,
  toRawItem,
  validItems,
} from '#lib/domain/raw-fields.ts';
export { boundValidator } from '#lib/domain/sources/bounds.ts';

/** Plain text from an HTML fragment (cheerio, htmlparser2 backend); block elements become line breaks. */
export function htmlToText(html: string): string {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  $('script, style').remove();
  $('br').replaceWith('\n');
  $('p, div, li, blockquote, h1, h2, h3, h4, h5, h6').each((_i, el) => {
    $(el).prepend('\n').append('\n');
  });
  return (
    $.root()
      .text()
      .replace(/[ \t\f\v\u00a0]+/g, ' ')
      // Spaces around line breaks go and each group of line breaks becomes one, in one linear pass (no backtracking).
      .replace(/[ \n]+/g, (run) =>
        run.includes('\n') ? '\n'.repeat(run.split(' ').filter((p) => p !== '').length) : run,
      )
      .trim()
  );
}

/** Cursors are JSON; one that does not parse is ignored and the source starts over (dedupe absorbs it). */
export function readCursor<T>(schema: z.ZodType<T>, cursor: string | undefined): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(cursor));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cursor state as JSON, guaranteed to fit `Source.cursor` (4,000 characters):
 * validators (`etag`, `lastModified`) are dropped first, else the source starts over.
 */
export function writeCursor(value: Record<string, unknown>): string {
  return boundCursor(value);
}
