/**
 * The badge's words in the languages it speaks. Shared by the server's SVG
 * and HTML and by the browser widget (which bundles this module), so both
 * say the same thing. Plural forms follow CLDR through Intl.PluralRules.
 */

export const BADGE_LANGS = ['en', 'pl', 'sl', 'el', 'de', 'fr', 'es'] as const;
export type BadgeLang = (typeof BADGE_LANGS)[number];

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface BadgeWords {
  /** The score's name; a product term, kept in every language. */
  score: string;
  reviews: PluralForms;
  notEnough: string;
  verified: string;
  /** Said by screen readers before the score: "TrustScore 4.3 out of 5". */
  outOf5: string;
}

export const WORDS: Record<BadgeLang, BadgeWords> = {
  en: {
    score: 'TrustScore',
    reviews: { one: 'review', other: 'reviews' },
    notEnough: 'not enough reviews',
    verified: 'Verified by Touchstone',
    outOf5: 'out of 5',
  },
  pl: {
    score: 'TrustScore',
    reviews: { one: 'opinia', few: 'opinie', many: 'opinii', other: 'opinii' },
    notEnough: 'za mało opinii',
    verified: 'Zweryfikowane przez Touchstone',
    outOf5: 'na 5',
  },
  sl: {
    score: 'TrustScore',
    reviews: { one: 'ocena', two: 'oceni', few: 'ocene', other: 'ocen' },
    notEnough: 'premalo ocen',
    verified: 'Preveril Touchstone',
    outOf5: 'od 5',
  },
  el: {
    score: 'TrustScore',
    reviews: { one: 'κριτική', other: 'κριτικές' },
    notEnough: 'ανεπαρκείς κριτικές',
    verified: 'Επαληθεύτηκε από το Touchstone',
    outOf5: 'στα 5',
  },
  de: {
    score: 'TrustScore',
    reviews: { one: 'Bewertung', other: 'Bewertungen' },
    notEnough: 'zu wenige Bewertungen',
    verified: 'Geprüft von Touchstone',
    outOf5: 'von 5',
  },
  fr: {
    score: 'TrustScore',
    reviews: { one: 'avis', other: 'avis' },
    notEnough: 'pas assez d’avis',
    verified: 'Vérifié par Touchstone',
    outOf5: 'sur 5',
  },
  es: {
    score: 'TrustScore',
    reviews: { one: 'reseña', other: 'reseñas' },
    notEnough: 'reseñas insuficientes',
    verified: 'Verificado por Touchstone',
    outOf5: 'de 5',
  },
};

export function isBadgeLang(value: string): value is BadgeLang {
  return (BADGE_LANGS as readonly string[]).includes(value);
}

const plurals = new Map<BadgeLang, Intl.PluralRules>();
const decimals = new Map<BadgeLang, Intl.NumberFormat>();
const integers = new Map<BadgeLang, Intl.NumberFormat>();

function cached<T>(map: Map<BadgeLang, T>, lang: BadgeLang, make: () => T): T {
  let value = map.get(lang);
  if (value === undefined) {
    value = make();
    map.set(lang, value);
  }
  return value;
}

/** A score with one decimal in the language's style: 4.3, 4,3. */
export function formatScore(score: number, lang: BadgeLang): string {
  return cached(
    decimals,
    lang,
    () => new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  ).format(score);
}

/** "1,234 reviews", "1234 opinii", "3 ocene": the count with its plural form. */
export function formatCount(count: number, lang: BadgeLang): string {
  const forms = WORDS[lang].reviews;
  const rule = cached(plurals, lang, () => new Intl.PluralRules(lang)).select(count);
  const number = cached(integers, lang, () => new Intl.NumberFormat(lang)).format(count);
  return `${number}\u00a0${forms[rule] ?? forms.other}`;
}
