/**
 * What a review can be filtered by, and the search index entries ("postings")
 * that serve those filters without reading every review. Pure.
 *
 * Each stored review gets one posting per facet value it has (its source,
 * sentiment, verdict, stars, language, each pain-point category, whether it
 * is quotable) and one per indexed word of its title and text. A posting's
 * partition is one facet value of one brand; its sort key is the review's
 * timeline key (`{publishedAt}#{itemId}`), so a facet value's reviews read
 * newest first, in any time window. Facet postings carry the review's
 * signature (touchpoint, source, sentiment, verdict, stars, language, pain
 * points, quotable), so a filter on several facets reads one facet's postings
 * and checks the others on them; word postings carry nothing.
 *
 * Words are folded before they are indexed or searched: lower case, NFKD with
 * the combining marks dropped (ą→a, č→c, ά→α), the letters that have no
 * decomposition mapped by hand (ł→l, đ→d, ß→ss, ø→o, final ς→σ). So Polish,
 * Slovenian and Greek reviews are found with or without their diacritics.
 */
import { INCENTIVE_SIGNAL, languageKey } from './aggregates.ts';
import type { Item, PainCategory, Sentiment, Verdict } from './model.ts';
import { personalDataIn } from './quotable.ts';

/** Words indexed per review at most: the first distinct ones of its title, then its text. */
export const MAX_INDEXED_WORDS = 30;
export const MIN_WORD_LENGTH = 3;
export const MAX_WORD_LENGTH = 40;
/** Words a search may name. */
export const MAX_QUERY_WORDS = 5;

/** Facet names as they appear in posting keys. */
export const FACET = {
  source: 'src',
  sentiment: 'sen',
  verdict: 'ver',
  stars: 'st',
  language: 'lang',
  pain: 'pain',
  quotable: 'quote',
  word: 'w',
} as const;
export type FacetName = (typeof FACET)[keyof typeof FACET];

const FOLD: Record<string, string> = {
  ł: 'l',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ς: 'σ',
};
const UNDECOMPOSED = /[łđðøæœßþıħŧŋς]/gu;

/** A word as it is indexed and searched: lower case, diacritics folded away. */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED, (c) => FOLD[c] ?? c);
}

/**
 * Words too common to be worth a posting, in the languages the analysis
 * supports (English, Polish, German, French, Spanish, Slovenian, Greek),
 * already folded.
 */
const STOP_WORDS = new Set(
  [
    // English
    'the and for was with that this but are have had not you our your its has were they them from',
    'all very just been will would can could there their what when which who out about also than',
    // Polish
    'nie jest jak ale czy tak juz sie ich jego jej ten tego tym dla przez bez jestem bylo byl mnie',
    // German
    'der die das und ist nicht ein eine einen mit von fur auf auch sich den dem des war ich sie wir',
    // French
    'les des une est pas que qui pour dans sur avec tres par mais ete sont cette vous nous',
    // Spanish
    'los las una por con para que del muy pero como mas fue esta este son sin',
    // Slovenian
    'pri sem smo ker kot tudi ali bil bila bilo zelo tega',
    // Greek
    'και του της την των στο στη στην για που απο ειναι με τα το τη ηταν πολυ δεν',
  ]
    .join(' ')
    .split(' '),
);

/** The distinct words of a text that are worth indexing or searching, in order of first appearance. */
export function wordsOf(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[^\p{L}\p{N}]+/u)) {
    if (out.size >= max) break;
    const word = foldWord(raw);
    if (word.length < MIN_WORD_LENGTH || word.length > MAX_WORD_LENGTH || STOP_WORDS.has(word)) continue;
    out.add(word);
  }
  return [...out];
}

/** The words a review is found by: its title's, then its text's, at most MAX_INDEXED_WORDS. */
export function indexedWords(item: Pick<Item, 'title' | 'text'>): string[] {
  return wordsOf(`${item.title ?? ''}\n${item.text}`, MAX_INDEXED_WORDS);
}

/** What a search for `q` looks for (every word must be in the review), or why it cannot. */
export function queryWords(q: string): { words: string[] } | { problem: string } {
  const words = wordsOf(q);
  if (words.length === 0) {
    return {
      problem: `names no searchable word: words of at least ${MIN_WORD_LENGTH} letters, other than the most common ones`,
    };
  }
  if (words.length > MAX_QUERY_WORDS) return { problem: `names more than ${MAX_QUERY_WORDS} words` };
  return { words };
}

/** Whether a review may be quoted as far as the review itself goes (its source's terms are checked apart). */
export function quotableAsReview(item: Pick<Item, 'analysis' | 'title' | 'text'>): boolean {
  const analysis = item.analysis;
  return (
    analysis !== undefined &&
    analysis.authenticity.verdict === 'genuine' &&
    analysis.sentiment.label === 'positive' &&
    !analysis.authenticity.signals.some((s) => s.code === INCENTIVE_SIGNAL) &&
    !personalDataIn(`${item.title ?? ''}\n${item.text}`)
  );
}

/** What every facet posting of a review carries, so other filters are checked without reading it. */
export interface Signature {
  tp: string;
  src: string;
  sen?: Sentiment['label'];
  ver?: Verdict;
  st?: number;
  lang: string;
  pain?: PainCategory[];
  q: boolean;
}

export function signatureOf(item: Item): Signature {
  const analysis = item.analysis;
  const pain = [...new Set(analysis?.painPoints.map((p) => p.category) ?? [])];
  return {
    tp: item.touchpointId,
    src: item.sourceId,
    ...(analysis === undefined ? {} : { sen: analysis.sentiment.label, ver: analysis.authenticity.verdict }),
    ...(item.stars === undefined ? {} : { st: item.stars }),
    lang: languageKey(analysis?.language ?? item.language),
    ...(pain.length === 0 ? {} : { pain }),
    q: quotableAsReview(item),
  };
}

export interface FacetValue {
  facet: FacetName;
  value: string;
}

/** The facet values a review is posted under (words apart). */
export function facetValuesOf(signature: Signature): FacetValue[] {
  const out: FacetValue[] = [
    { facet: FACET.source, value: signature.src },
    { facet: FACET.language, value: signature.lang },
  ];
  if (signature.sen !== undefined) out.push({ facet: FACET.sentiment, value: signature.sen });
  if (signature.ver !== undefined) out.push({ facet: FACET.verdict, value: signature.ver });
  if (signature.st !== undefined) out.push({ facet: FACET.stars, value: String(signature.st) });
  for (const category of signature.pain ?? []) out.push({ facet: FACET.pain, value: category });
  if (signature.q) out.push({ facet: FACET.quotable, value: 'yes' });
  return out;
}

/** A filter on a brand's reviews, as the API parsed it (touchpoint and stage already resolved to touchpoints). */
export interface ReviewFilter {
  /** Any of these touchpoints (the `touchpoint` filter, or the touchpoints at a `stage`). */
  touchpoints?: readonly string[];
  /** Any of these sources. */
  sources?: readonly string[];
  sentiment?: Sentiment['label'];
  verdict?: Verdict;
  /** Stars range, 1..5, both ends included. */
  minStars?: number;
  maxStars?: number;
  language?: string;
  pain?: PainCategory;
  /** Every word, folded. */
  words?: readonly string[];
  /** Only reviews quotable as far as the review itself goes. */
  quotable?: boolean;
  from?: Date;
  to?: Date;
}

/** Whether a signature passes every filter except words and the window (a posting holds no text). */
export function signatureMatches(signature: Signature, filter: ReviewFilter): boolean {
  if (filter.touchpoints !== undefined && !filter.touchpoints.includes(signature.tp)) return false;
  if (filter.sources !== undefined && !filter.sources.includes(signature.src)) return false;
  if (filter.sentiment !== undefined && signature.sen !== filter.sentiment) return false;
  if (filter.verdict !== undefined && signature.ver !== filter.verdict) return false;
  if (filter.minStars !== undefined || filter.maxStars !== undefined) {
    if (signature.st === undefined) return false;
    if (signature.st < (filter.minStars ?? 1) || signature.st > (filter.maxStars ?? 5)) return false;
  }
  if (filter.language !== undefined && signature.lang !== filter.language) return false;
  if (filter.pain !== undefined && !(signature.pain ?? []).includes(filter.pain)) return false;
  if (filter.quotable === true && !signature.q) return false;
  return true;
}

/** The final word on a review: checked on the stored review itself, so a stale index entry never shows. */
export function itemMatches(item: Item, filter: ReviewFilter): boolean {
  if (!signatureMatches(signatureOf(item), filter)) return false;
  const published = Date.parse(item.publishedAt);
  if (filter.from !== undefined && published < filter.from.getTime()) return false;
  if (filter.to !== undefined && published > filter.to.getTime()) return false;
  if (filter.words !== undefined && filter.words.length > 0) {
    const words = new Set(wordsOf(`${item.title ?? ''}\n${item.text}`));
    if (!filter.words.every((w) => words.has(w))) return false;
  }
  return true;
}

/** Which postings a search reads: one facet's values (their union), checked for the rest. */
export type SearchPlan =
  | { kind: 'postings'; facet: FacetName; values: string[] }
  | { kind: 'touchpoints'; touchpoints: string[] }
  | { kind: 'brand' };

/**
 * Chooses the postings to read: a word when there is one (the longest: long
 * words are rare), else the facet likely to hold fewest reviews. Touchpoint
 * timelines hold whole reviews, so they drive only when nothing else does.
 */
export function planSearch(filter: ReviewFilter): SearchPlan {
  const words = filter.words ?? [];
  if (words.length > 0) {
    const longest = [...words].sort((a, b) => b.length - a.length || a.localeCompare(b))[0] ?? '';
    return { kind: 'postings', facet: FACET.word, values: [longest] };
  }
  if (filter.quotable === true) return { kind: 'postings', facet: FACET.quotable, values: ['yes'] };
  if (filter.pain !== undefined) return { kind: 'postings', facet: FACET.pain, values: [filter.pain] };
  if (filter.sources !== undefined)
    return { kind: 'postings', facet: FACET.source, values: [...filter.sources] };
  if (filter.verdict !== undefined && filter.verdict !== 'genuine')
    return { kind: 'postings', facet: FACET.verdict, values: [filter.verdict] };
  if (filter.language !== undefined)
    return { kind: 'postings', facet: FACET.language, values: [filter.language] };
  if (filter.minStars !== undefined || filter.maxStars !== undefined) {
    const values: string[] = [];
    for (let s = filter.minStars ?? 1; s <= (filter.maxStars ?? 5); s++) values.push(String(s));
    return { kind: 'postings', facet: FACET.stars, values };
  }
  if (filter.sentiment !== undefined)
    return { kind: 'postings', facet: FACET.sentiment, values: [filter.sentiment] };
  if (filter.verdict !== undefined)
    return { kind: 'postings', facet: FACET.verdict, values: [filter.verdict] };
  if (filter.touchpoints !== undefined) return { kind: 'touchpoints', touchpoints: [...filter.touchpoints] };
  return { kind: 'brand' };
}
