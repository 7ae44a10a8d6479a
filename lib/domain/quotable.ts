/**
 * Safe to quote: whether a review may be shown to prospects as proof (the
 * badge's verify page, the testimonials listing). Only a review that is
 * genuine, positive, admits no incentive, carries no personal data in its text,
 * and comes from a source whose terms allow display.
 */
import { INCENTIVE_SIGNAL } from './aggregates.ts';
import type { Item, Source, SourceKind } from './model.ts';

/**
 * Kinds whose content the brand controls or collected itself (its own pages,
 * surveys, imports, pushes, feeds): quotable unless the tenant says otherwise.
 * Third-party platforms' terms mostly restrict re-display: off until the
 * tenant turns it on for the source (and states the attribution they require).
 */
const QUOTABLE_BY_DEFAULT: ReadonlySet<SourceKind> = new Set([
  'import',
  'webhook',
  'json-feed',
  'schema-org',
]);

export type QuoteRefusal =
  | 'source-terms'
  | 'not-analysed'
  | 'not-genuine'
  | 'incentivised'
  | 'not-positive'
  | 'personal-data';

export interface QuoteSafety {
  safe: boolean;
  reasons: QuoteRefusal[];
  /** What a quote must credit, when the source's terms ask for it. */
  attribution?: string;
}

export function sourceDisplay(source: Pick<Source, 'kind' | 'display'>): {
  quotable: boolean;
  attribution?: string;
} {
  return source.display ?? { quotable: QUOTABLE_BY_DEFAULT.has(source.kind) };
}

const EMAIL_LOCAL_END = /[\p{L}\p{N}._%+-]$/u;
const EMAIL_DOMAIN = /[\p{L}\p{N}.-]+\.\p{L}{2,}/uy;
/**
 * An e-mail address anywhere in the text: found from each `@` (a local part
 * just before it, a domain right after it, matched sticky at that one place),
 * since an unanchored address regex retries from every character of a long run.
 */
function hasEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    if (!EMAIL_LOCAL_END.test(text.slice(Math.max(0, at - 2), at))) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    if (EMAIL_DOMAIN.test(text)) return true;
  }
  return false;
}
// Seven or more digits, allowing spaces, dots, dashes and brackets between them: a phone number.
const PHONE = /(?:\+|\b)\d(?:[\s().-]*\d){6,}\b/u;
// "Anna Kowalska from support", "ask for Jan Novak": a capitalised first and last name next to a staff word.
// Every quantifier is bounded, so the work per start is bounded and the scan linear in a 50,000-character text.
const STAFF_NAME =
  /\b(?:\p{Lu}\p{Ll}{1,30}\s{1,3}\p{Lu}\p{Ll}{1,30})\b(?=[^.!?]{0,40}\b(?:support|staff|agent|manager|driver|courier|consultant|employee|obsługa|konsultant|kurier|Mitarbeiter|Fahrer|conseiller|livreur|empleado|repartidor|osebje|υπάλληλος)\b)|\b(?:agent|manager|driver|courier|consultant|employee|konsultant|kurier|Mitarbeiter|conseiller|empleado)\s{1,3}\p{Lu}\p{Ll}{1,30}\s{1,3}\p{Lu}\p{Ll}{1,30}/u;

/** Personal data a quote must not carry: e-mail addresses, phone numbers, staff's full names. */
export function personalDataIn(text: string): boolean {
  return hasEmail(text) || PHONE.test(text) || STAFF_NAME.test(text);
}

export function quoteSafety(
  item: Pick<Item, 'analysis' | 'text' | 'title'>,
  source: Pick<Source, 'kind' | 'display'>,
): QuoteSafety {
  const reasons: QuoteRefusal[] = [];
  const display = sourceDisplay(source);
  if (!display.quotable) reasons.push('source-terms');
  const analysis = item.analysis;
  if (analysis === undefined) reasons.push('not-analysed');
  else {
    if (analysis.authenticity.verdict !== 'genuine') reasons.push('not-genuine');
    if (analysis.authenticity.signals.some((s) => s.code === INCENTIVE_SIGNAL)) reasons.push('incentivised');
    if (analysis.sentiment.label !== 'positive') reasons.push('not-positive');
  }
  if (personalDataIn(`${item.title ?? ''}\n${item.text}`)) reasons.push('personal-data');
  return {
    safe: reasons.length === 0,
    reasons,
    ...(display.attribution === undefined ? {} : { attribution: display.attribution }),
  };
}
