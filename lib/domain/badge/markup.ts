/**
 * Markup for the public badge (SVG and HTML), built from escaped pieces only.
 * A `Markup` value is text we produced; anything else that reaches an element
 * (a brand's name, a touchpoint's label, a review's words) is a plain string
 * and is escaped on the way in. Element and attribute names are literals in
 * our own code, never data.
 */

/** Text that is already markup (ours), as opposed to a string that still needs escaping. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Escapes text for XML and HTML, in element content and in double- or single-quoted attributes alike. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? c) : text;
}

// Not allowed in XML 1.0 (C0 except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF), C1 controls,
// bidirectional embeddings, overrides and isolates (they reorder what a reader sees), and the
// line/paragraph separators. Names are shown on one line, so tab, LF and CR go too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this pattern's job.
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// White space runs become one space; a no-break space is kept (it holds a number to its word).
const SPACES = /(?:(?!\u00a0)\s)+/gu;

/**
 * A brand-controlled string made fit to show on one line: characters that XML
 * forbids or that reorder text are removed, runs of white space become one
 * space, and it is cut to `maxChars` code points (with an ellipsis). Still to
 * be escaped: this makes text showable, escaping makes it safe.
 */
export function showable(text: string, maxChars: number): string {
  const clean = text.replace(LONE_SURROGATE, '').replace(UNSHOWABLE, ' ').replace(SPACES, ' ').trim();
  if (clean.length <= maxChars) return clean;
  const points = Array.from(clean);
  return points.length <= maxChars
    ? clean
    : `${points
        .slice(0, maxChars - 1)
        .join('')
        .trimEnd()}…`;
}

type AttributeValue = string | number | undefined;

/** Attributes: names are our literals; values are escaped; undefined ones are left out. */
function attributes(attrs: Readonly<Record<string, AttributeValue>>): string {
  let out = '';
  for (const name in attrs) {
    const value = attrs[name];
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? formatNumber(value) : escapeXml(value)}"`;
  }
  return out;
}

/** Coordinates to at most two decimals, without trailing zeros: small and stable output. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  return String(Math.round(value * 100) / 100);
}

export type Child = Markup | string | undefined | false;

function content(children: readonly Child[]): string {
  let out = '';
  for (const child of children) {
    if (child === undefined || child === false) continue;
    out += child instanceof Markup ? child.text : escapeXml(child);
  }
  return out;
}

/** An element with escaped attributes and children (strings escaped, Markup kept). */
export function el(
  tag: string,
  attrs: Readonly<Record<string, AttributeValue>> = {},
  ...children: readonly Child[]
): Markup {
  return new Markup(`<${tag}${attributes(attrs)}>${content(children)}</${tag}>`);
}

/** A self-closing element (XML); for SVG shapes. */
export function empty(tag: string, attrs: Readonly<Record<string, AttributeValue>> = {}): Markup {
  return new Markup(`<${tag}${attributes(attrs)}/>`);
}

/** Several pieces as one. */
export function join(children: readonly Child[]): Markup {
  return new Markup(content(children));
}
