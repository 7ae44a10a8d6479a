import { franc } from 'franc';

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

// Function words that almost only English uses; a cheap, reliable fast path for short texts.
const ENGLISH_FUNCTION_WORDS = new Set(
  'the and is are was were it this that for with my of to you your i we they have has had not but very'.split(
    ' ',
  ),
);

function looksEnglish(text: string): boolean {
  const tokens = text.toLowerCase().match(/[a-z']+/g) ?? [];
  if (tokens.length === 0) return false;
  let hits = 0;
  for (const t of tokens) if (ENGLISH_FUNCTION_WORDS.has(t)) hits++;
  return hits / tokens.length >= 0.2 || (tokens.length <= 4 && hits >= 1);
}

/**
 * Detects the language of a text as an ISO 639-1 code. A valid `hint` from the
 * source wins; scripts that identify a language win next; franc decides the
 * rest. Too little text falls back to `fallback`.
 */
export function detectLanguage(text: string, hint?: string, fallback = 'en'): string {
  const h = hint?.trim().toLowerCase().split(/[-_]/)[0];
  if (h !== undefined && /^[a-z]{2}$/.test(h)) return h;
  if (/\p{Script=Greek}{3}/u.test(text)) return 'el';
  if (/\p{Script=Hangul}/u.test(text)) return 'ko';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}{3}/u.test(text)) return 'ar';
  if (/\p{Script=Devanagari}{3}/u.test(text)) return 'hi';
  if (/^[\p{ASCII}]*$/u.test(text) && looksEnglish(text)) return 'en';
  // Letters only one of the supported languages uses settle short texts that trigrams cannot.
  if (/[ąęłńśźż]/iu.test(text)) return 'pl';
  if (/[čšž]/iu.test(text) && !/[ěřůćđťďňľĺŕ]/iu.test(text)) return 'sl';
  if (/[ñ¿¡]/iu.test(text)) return 'es';
  // franc reads trigrams; a long review says no more than its first 400 chars.
  const code = franc(text.slice(0, 400), { only: ONLY, minLength: 12 });
  return ISO3_TO_1[code] ?? fallback;
}
