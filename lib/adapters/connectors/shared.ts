/** Small helpers every connector shares: HTML text, cursors, base URLs; the field helpers live in the domain. */
import { load } from 'cheerio';
import type { z } from 'zod';

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

/** Plain text from an HTML fragment (cheerio, htmlparser2 backend); block elements become line breaks. */
export function htmlToText(html: string): string {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  $('script, style').remove();
  $('br').replaceWith('\n');
  $('p, div, li, blockquote, h1, h2, h3, h4, h5, h6').each((_i, el) => {
    $(el).prepend('\n').append('\n');
  });
  return $.root()
    .text()
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n+ */g, '\n')
    .trim();
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

export function writeCursor(value: unknown): string {
  return JSON.stringify(value);
}
