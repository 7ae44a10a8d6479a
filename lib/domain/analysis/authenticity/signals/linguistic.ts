import type { Signal } from '#lib/domain/model.ts';
import { words } from '../../text.ts';
import { signal } from '../score.ts';

/**
 * Linguistic cues of invented experience (Ott et al. 2011, 2013): fabricated
 * reviews carry fewer concrete, spatial details, lean on first-person
 * singular, superlatives and exclamation, name the brand often, and praise
 * generically. Each cue is weak; thresholds are set by reasoning about rates
 * per word, never fitted to a labelled corpus.
 */

const FIRST_PERSON: Record<string, ReadonlySet<string>> = {
  en: new Set(['i', 'me', 'my', 'mine', 'myself', "i'm", "i've", "i'd", "i'll"]),
  pl: new Set(['ja', 'mnie', 'mi', 'mój', 'moja', 'moje', 'mojego', 'mną', 'jestem', 'byłem', 'byłam']),
  de: new Set(['ich', 'mich', 'mir', 'mein', 'meine', 'meinen', 'meinem', 'meiner']),
  fr: new Set(['je', "j'", 'moi', 'mon', 'ma', 'mes', 'me']),
  es: new Set(['yo', 'me', 'mi', 'mis', 'mío', 'mía', 'conmigo']),
  sl: new Set(['jaz', 'mene', 'meni', 'moj', 'moja', 'moje', 'sem']),
  el: new Set(['εγώ', 'μου', 'με', 'εμένα']),
};

const SUPERLATIVES = new Set(
  'best greatest finest perfect amazing awesome incredible unbelievable outstanding fantastic phenomenal extraordinary flawless ever absolutely exceptional superb wonderful worst terrible horrible awful najlepszy najlepsza najlepsze idealny niesamowity beste perfekt unglaublich fantastisch meilleur parfait incroyable génial mejor perfecto increíble najboljši popoln odličen καλύτερο τέλειο απίστευτο'.split(
    ' ',
  ),
);

const UNITS = new Set(
  'minute minutes min hour hours hr hrs day days night nights week weeks month months year years floor floors block blocks mile miles km meter meters metres feet ft dollar dollars usd eur euro euros pound pounds am pm percent zł zl złotych minut godzin dni noc nocy minuten stunden tage nacht nächte heures jours nuit nuits minutos horas días noche noches minut ur dni noči λεπτά ώρες μέρες'.split(
    ' ',
  ),
);

const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve twenty thirty hundred first second third fourth fifth half dozen'.split(
    ' ',
  ),
);

const GENERIC_PRAISE = [
  /\bgreat (?:service|product|experience|company|place|job|value)\b/i,
  /\b(?:highly|would|definitely) recommend\b/i,
  /\bbest (?:ever|in town|service|product|company)\b/i,
  /\b(?:amazing|excellent|awesome|wonderful|fantastic) (?:service|product|experience|company|staff)\b/i,
  /\b(?:five|5) stars?\b/i,
  /\blove (?:it|this|them)\b/i,
  /\bexceeded (?:my|all) expectations\b/i,
  /\bwill (?:definitely )?(?:be back|come back|buy again|order again)\b/i,
  /\b(?:polecam|gorąco polecam|super obsługa)\b/i,
  /\b(?:sehr empfehlenswert|top service|super service)\b/i,
  /\b(?:je recommande|service impeccable|au top)\b/i,
  /\b(?:lo recomiendo|excelente servicio|muy recomendable)\b/i,
  /\b(?:priporočam|odlična storitev)\b/iu,
];

const GENERIC_PRAISE_ALL = GENERIC_PRAISE.map((re) => new RegExp(re.source, `${re.flags}g`));

/** A negator one or two words before a match: "nie polecam", "no lo recomiendo", "would not recommend". */
const NEGATED_BEFORE =
  /(?:^|[^\p{L}'’])(?:not|no|never|don['’]t|doesn['’]t|didn['’]t|won['’]t|wouldn['’]t|can['’]t|cannot|nie|nigdy|ne|ni|nikoli|δεν|μην|ποτέ|nicht|kein|keine|nie|pas|jamais|nunca|non)\s+(?:[\p{L}'’]+\s+)?$/iu;

/** Praise phrases in the text that no negator turns around. */
function praiseFound(text: string): string[] {
  const found: string[] = [];
  for (const re of GENERIC_PRAISE_ALL) {
    for (const m of text.matchAll(re)) {
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      if (!NEGATED_BEFORE.test(before)) {
        found.push(m[0]);
        break;
      }
    }
  }
  return found;
}

/** Share of concrete markers: numbers, units, currency, times. */
export function concreteDetailRate(text: string): number {
  const tokens = words(text);
  if (tokens.length === 0) return 0;
  let concrete = (text.match(/\d+(?:[.,:]\d+)?|[$€£¥]/g) ?? []).length;
  for (const t of tokens) if (UNITS.has(t) || NUMBER_WORDS.has(t)) concrete++;
  return concrete / tokens.length;
}

/** Long-enough text with almost no numbers, units, prices or times. */
export function fewConcreteDetails(text: string): Signal | undefined {
  const n = words(text).length;
  if (n < 40) return undefined;
  const rate = concreteDetailRate(text);
  if (rate >= 0.015) return undefined;
  return signal(
    'few-concrete-details',
    `${n} words with ${(rate * 100).toFixed(1)}% concrete details (numbers, times, prices, units)`,
  );
}

/** First-person singular at a rate well above ordinary narrative. */
export function firstPersonHeavy(text: string, language: string): Signal | undefined {
  const pronouns = FIRST_PERSON[language];
  if (pronouns === undefined) return undefined;
  const tokens = words(text);
  if (tokens.length < 20) return undefined;
  const count = tokens.filter((t) => pronouns.has(t)).length;
  const rate = count / tokens.length;
  if (rate < 0.08) return undefined;
  return signal(
    'first-person-heavy',
    `${count} first-person singular words in ${tokens.length} (${(rate * 100).toFixed(1)}%)`,
  );
}

/** Superlatives and exclamation marks at a high rate. */
export function superlativesExclamations(text: string): Signal | undefined {
  const tokens = words(text);
  if (tokens.length === 0) return undefined;
  const superlatives = tokens.filter((t) => SUPERLATIVES.has(t)).length;
  const exclamations = (text.match(/!/g) ?? []).length;
  const rate = (superlatives + exclamations) / Math.max(tokens.length, 10);
  if (superlatives + exclamations < 3 || rate < 0.06) return undefined;
  return signal(
    'superlatives-exclamations',
    `${superlatives} superlatives and ${exclamations} exclamation marks in ${tokens.length} words`,
  );
}

/** The brand named again and again, as in marketing copy. */
export function brandNameRepeated(text: string, brandNames: readonly string[]): Signal | undefined {
  const lower = text.toLowerCase();
  for (const name of brandNames) {
    const needle = name.trim().toLowerCase();
    if (needle.length < 3) continue;
    let count = 0;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) count++;
    const n = words(text).length;
    if (count >= 3 || (count >= 2 && n < 40)) {
      return signal('brand-name-repeated', `brand name "${name}" appears ${count} times in ${n} words`);
    }
  }
  return undefined;
}

/** Stock praise with nothing specific around it; negated praise ("nie polecam") is no praise. */
export function genericPraise(text: string): Signal | undefined {
  const found = praiseFound(text);
  const n = words(text).length;
  if (found.length === 0 || (found.length < 2 && n > 25) || concreteDetailRate(text) >= 0.03)
    return undefined;
  return signal('generic-praise', `generic praise with no specifics: "${found.join('", "')}"`);
}

/** Too short to describe an experience. */
export function veryShort(text: string): Signal | undefined {
  const n = words(text).length;
  if (n >= 4) return undefined;
  return signal('very-short', `only ${n} word${n === 1 ? '' : 's'}`);
}
