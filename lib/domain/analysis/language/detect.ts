import { franc } from 'franc';
import * as z from 'zod';
import ngramData from './data/ngrams.json' with { type: 'json' };
import { NGRAM_BITS, NGRAM_BUCKETS, NGRAM_LANGUAGES, visitNgrams } from './ngrams.ts';

/** ISO 639-3 (franc) to ISO 639-1 for the languages Touchstone scores or routes. */
const ISO3_TO_1: Record<string, string> = {
  eng: 'en',
  pol: 'pl',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  slv: 'sl',
  ell: 'el',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  rus: 'ru',
  arb: 'ar',
  hin: 'hi',
  jpn: 'ja',
  kor: 'ko',
  cmn: 'zh',
};
// Close relatives (hr, cs, sk) are left out on purpose: they mostly steal Slovenian and Polish.
const ONLY = Object.keys(ISO3_TO_1);

/**
 * Common function words of the Latin-script languages we score: the most frequent
 * words of each language (general knowledge). A word may belong to several.
 */
const STOPWORDS: Record<string, string> = {
  en: "the and is are was were it it's this that for with my of to you your i i'm i've we they have has had not but very be been would will just so at from an or our me all there their what when if which one can do does did don't didn't it's",
  pl: 'i w z na nie się to jest że do jak ale o co po tak za od jestem był była było są bardzo mi mnie już przez dla tylko też czy',
  de: 'der die das und ist nicht ich es sie mit den dem zu ein eine einen auf für von auch war sehr aber noch wie wir haben hat bei nach aus kein keine nur schon wurde',
  fr: "le la les et est un une des du de pas je il elle nous vous ce cette pour avec sur très mais au aux qui que ne était sont ont j'ai c'est n'est plus en",
  es: 'el la los las y es un una de del que no en por con para muy pero lo se su al fue está son tiene me mi como más',
  sl: 'je in da se na so ni z za bil bila bilo sem smo pa tudi zelo ki kot ne še vse ali',
  it: 'il lo la gli le e è di che non per con una un del della sono molto ma ho ha anche come questo questa',
  pt: 'o os as e é de do da dos das que não em um uma para com muito mas foi está são eu meu minha',
  nl: 'de het een en is van ik niet dat die op te zijn met voor maar ook heel erg was er geen wel',
};
const LATIN = Object.keys(STOPWORDS);
/** Word -> bit mask of the languages (index in LATIN) that use it. */
const STOP_MASK = new Map<string, number>();
LATIN.forEach((language, bit) => {
  for (const w of (STOPWORDS[language] ?? '').split(' ')) {
    if (w !== '') STOP_MASK.set(w, (STOP_MASK.get(w) ?? 0) | (1 << bit));
  }
});

const SAMPLE = 400;
const WORD = /[\p{L}']+/gu;

interface Scripts {
  latin: number;
  greek: number;
  cyrillic: number;
  han: number;
  kana: number;
  hangul: number;
  arabic: number;
  devanagari: number;
}

/** One pass over char codes: letters per script, no regex, no allocation. */
function countScripts(text: string, end: number): Scripts {
  const s: Scripts = {
    latin: 0,
    greek: 0,
    cyrillic: 0,
    han: 0,
    kana: 0,
    hangul: 0,
    arabic: 0,
    devanagari: 0,
  };
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) s.latin++;
    } else if (c < 0x250 || (c >= 0x1e00 && c <= 0x1eff)) {
      if (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) s.latin++;
    } else if ((c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff)) s.greek++;
    else if (c >= 0x400 && c <= 0x4ff) s.cyrillic++;
    else if (c >= 0x600 && c <= 0x6ff) s.arabic++;
    else if (c >= 0x900 && c <= 0x97f) s.devanagari++;
    else if (c >= 0x3040 && c <= 0x30ff) s.kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) s.han++;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f))
      s.hangul++;
  }
  return s;
}

/** The script-identified language, when a non-Latin script carries the text. */
function byScript(s: Scripts): string | undefined {
  if (s.hangul > 0 && s.hangul >= s.latin) return 'ko';
  if (s.kana > 0 && s.kana + s.han >= s.latin) return 'ja';
  if (s.han > 0 && s.han >= s.latin) return 'zh';
  const others: Array<[string, number]> = [
    ['el', s.greek],
    ['ru', s.cyrillic],
    ['ar', s.arabic],
    ['hi', s.devanagari],
  ];
  for (const [language, n] of others) if (n >= 3 && n >= s.latin) return language;
  return undefined;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

/** Stopword votes per Latin-script language, and how many words were read. */
function stopwordVotes(sample: string): { votes: number[]; words: number } {
  const votes = new Array<number>(LATIN.length).fill(0);
  let count = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(sample); m !== null; m = WORD.exec(sample)) {
    count++;
    const mask = STOP_MASK.get(m[0]) ?? 0;
    if (mask === 0) continue;
    for (let bit = 0; bit < LATIN.length; bit++) if (mask & (1 << bit)) votes[bit] = (votes[bit] ?? 0) + 1;
  }
  return { votes, words: count };
}

/** ISO 639-1 codes: a hint is honoured only when it is one of them. */
const ISO_639_1 = new Set(
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'.split(
    ' ',
  ),
);

/** The language of a hint such as "pl", "pl-PL" or "PL_pl", when it names a real ISO 639-1 language. */
export function validHint(hint: string | undefined): string | undefined {
  const h = hint?.trim().toLowerCase().split(/[-_]/)[0];
  return h !== undefined && ISO_639_1.has(h) ? h : undefined;
}

const NgramFile = z.object({
  bits: z.literal(NGRAM_BITS),
  languages: z.array(z.string()),
  offsets: z.array(z.number()),
  steps: z.array(z.number()),
  table: z.string(),
});

interface NgramTable {
  table: Uint8Array;
  offsets: number[];
  steps: number[];
}

let ngrams: NgramTable | undefined;

/** The n-gram table (lib/train/language.ts), decoded on first use. */
function ngramTable(): NgramTable {
  if (ngrams !== undefined) return ngrams;
  const file = NgramFile.parse(ngramData);
  if (file.languages.join(',') !== NGRAM_LANGUAGES.join(','))
    throw new Error('language n-gram table does not match the code');
  ngrams = {
    table: new Uint8Array(Buffer.from(file.table, 'base64')),
    offsets: file.offsets,
    steps: file.steps,
  };
  return ngrams;
}

/**
 * Mean log-likelihood lead, per n-gram, that the n-gram guess needs over the
 * runner-up: a clear lead, set by reasoning, not tuned on any test set.
 */
const NGRAM_MARGIN = 0.1;

/** The n-gram naive Bayes guess among NGRAM_LANGUAGES, when its lead is clear enough. */
function byNgrams(sample: string): string | undefined {
  const { table, offsets, steps } = ngramTable();
  const sums = new Array<number>(NGRAM_LANGUAGES.length).fill(0);
  let count = 0;
  visitNgrams(sample, (bucket) => {
    count++;
    for (let k = 0; k < sums.length; k++) sums[k] = (sums[k] ?? 0) + (table[k * NGRAM_BUCKETS + bucket] ?? 0);
  });
  if (count === 0) return undefined;
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < sums.length; k++) {
    const score = ((sums[k] ?? 0) * (steps[k] ?? 0) + count * (offsets[k] ?? 0)) / count;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = k;
    } else if (score > second) second = score;
  }
  return bestScore - second >= NGRAM_MARGIN ? NGRAM_LANGUAGES[best] : undefined;
}

/**
 * Detects the language of a text as an ISO 639-1 code. A valid `hint` from the
 * source wins; then the script (Greek, Cyrillic, CJK, Arabic, Devanagari);
 * then letters unique to one supported language; then counts of common
 * function words, which settle most reviews cheaply. Only texts those leave
 * ambiguous go to franc's trigrams; short ambiguous texts, where trigrams are
 * unreliable, take `fallback`.
 */
export function detectLanguage(text: string, hint?: string, fallback = 'en'): string {
  const h = validHint(hint);
  if (h !== undefined) return h;
  const end = Math.min(text.length, SAMPLE);
  const scripts = countScripts(text, end);
  const script = byScript(scripts);
  if (script !== undefined) return script;
  const sample = text.slice(0, end).toLowerCase().replace(/’/g, "'");
  const { votes, words } = stopwordVotes(sample);
  let best = 0;
  let second = -1;
  for (let k = 1; k < votes.length; k++) {
    if ((votes[k] ?? 0) > (votes[best] ?? 0)) {
      second = best;
      best = k;
    } else if (second < 0 || (votes[k] ?? 0) > (votes[second] ?? 0)) second = k;
  }
  const top = votes[best] ?? 0;
  const runnerUp = votes[second] ?? 0;
  const english = votes[0] ?? 0;
  const otherLatin = Math.max(...votes.slice(1));
  // Letters only one supported language uses settle texts, unless English clearly carries them.
  if (english < 2 || english <= 2 * otherLatin) {
    if (/[ąęłńśźż]/u.test(sample)) return 'pl';
    if (/[čšž]/u.test(sample) && !/[ěřůćđťďňľĺŕ]/u.test(sample)) return 'sl';
    if (/[ñ¿¡]/u.test(sample)) return 'es';
  }
  // Function words: a clear lead (twice the runner-up), or the only one in a short text.
  if (top >= 2 && top >= 2 * runnerUp) return LATIN[best] ?? fallback;
  if (top === 1 && runnerUp === 0 && words <= 6) return LATIN[best] ?? fallback;
  // English is the only language here that writes without diacritics as a rule (Dutch aside,
  // which has its own function words): plain ASCII that leans English is English.
  if (english >= 1 && english >= otherLatin && isAscii(sample)) return 'en';
  // One or two words with no function word: too little for any guess.
  if (top === 0 && words <= 2) return fallback;
  const guess = byNgrams(sample);
  if (guess !== undefined) return guess;
  if (top === 0 && words <= 6) return fallback;
  const code = franc(sample, { only: ONLY, minLength: 12 });
  return ISO3_TO_1[code] ?? fallback;
}
