/**
 * Text width in Verdana 11px, the font badges are laid out for (as shields.io
 * does), from a table generated out of `anafanafo`'s measurements. Scripts the
 * table leaves out are measured wide rather than narrow, so text may get a
 * little air but never overflows its box.
 */
import { VERDANA_11_RANGES } from './widths.generated.ts';

/** Code points below this are looked up in a flat array; the rest by range. */
const DIRECT = 0x2800;
const direct = new Float64Array(DIRECT).fill(Number.NaN);
for (let k = 0; k + 2 < VERDANA_11_RANGES.length; k += 3) {
  const first = VERDANA_11_RANGES[k] ?? 0;
  const last = first + (VERDANA_11_RANGES[k + 1] ?? 0);
  const width = (VERDANA_11_RANGES[k + 2] ?? 0) / 100;
  for (let cp = first; cp <= last && cp < DIRECT; cp++) direct[cp] = width;
}

/** Width of a character the table does not cover: an em for wide (CJK, emoji) ones, else a wide letter. */
function fallback(cp: number): number {
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 11 : 8.5;
}

/** Width in px of `text` in Verdana at `size` px (the table is for 11px; other sizes scale). */
export function textWidth(text: string, size = 11): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    const known = cp < DIRECT ? (direct[cp] ?? Number.NaN) : Number.NaN;
    // Combining marks and other zero-width characters are in the table as 0.
    width += Number.isNaN(known) ? fallback(cp) : known;
  }
  return size === 11 ? width : (width * size) / 11;
}

/** `text` cut (with an ellipsis) so that it is at most `maxWidth` px wide at `size` px. */
export function fitText(text: string, maxWidth: number, size = 11): string {
  if (textWidth(text, size) <= maxWidth) return text;
  const points = Array.from(text);
  const ellipsis = textWidth('…', size);
  let width = 0;
  let kept = 0;
  for (const point of points) {
    const w = textWidth(point, size);
    if (width + w + ellipsis > maxWidth) break;
    width += w;
    kept++;
  }
  return `${points.slice(0, kept).join('').trimEnd()}…`;
}
