import type { PainCategory, PainPoint, Stage } from '#lib/domain/model.ts';
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import { scoreSentiment } from '../sentiment/scorer.ts';
import { sentences } from '../text.ts';
import { type CategoryTerms, DEFAULT_STAGE, STAGE_CUES, TAXONOMY } from './taxonomy.ts';

const MAX_PHRASE = 160;
const matchers = new Map<string, RegExp>();

function escapeRegExp(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]");
}

/** English terms are whole words (with common inflections); other languages match by stem. */
function matcher(term: string, language: string): RegExp {
  const key = `${language}\u0000${term}`;
  let re = matchers.get(key);
  if (re === undefined) {
    const tail = language === 'en' ? '(?:s|es|ed|d|ing)?(?![\\p{L}\\p{N}])' : '';
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.toLowerCase())}${tail}`, 'u');
    matchers.set(key, re);
  }
  return re;
}

function clauses(text: string): string[] {
  return sentences(text).flatMap((s) =>
    // Whitespace runs collapsed first: `\s+` before the conjunction would retry from every blank of a long run.
    s
      .replace(/\s+/gu, ' ')
      .split(/,? (?:but|however|ale|jednak|aber|jedoch|mais|pero|ampak|vendar|αλλά|όμως) /iu),
  );
}

function stageOf(clause: string, category: PainCategory): Stage {
  for (const cue of STAGE_CUES) {
    if (cue.stems.some((stem) => clause.includes(stem))) return cue.stage;
  }
  return DEFAULT_STAGE[category];
}

function phraseOf(clause: string): string {
  return clause.length <= MAX_PHRASE ? clause : `${clause.slice(0, MAX_PHRASE - 1)}…`;
}

/** Extra keywords per category (a brand's `painTaxonomy`, or part of one). */
export type PainTaxonomyExtension = Partial<Record<PainCategory, readonly string[]>>;

/**
 * Finds pain points: category, journey stage and the clause that shows it.
 * Built-in terms for the review's language (and English, which reviews mix
 * in) plus the brand's own extra keywords, which count as complaint terms.
 */
export function detectPainPoints(text: string, language: string, extra?: PainTaxonomyExtension): PainPoint[] {
  const own = TAXONOMY[language];
  const english = TAXONOMY.en;
  const found = new Map<PainCategory, PainPoint>();
  for (const clause of clauses(text)) {
    const lower = clause.toLowerCase();
    let negative: boolean | undefined;
    const isNegative = () => {
      negative ??= scoreSentiment(clause, language).score < -0.05;
      return negative;
    };
    for (const category of PAIN_CATEGORIES) {
      if (found.has(category)) continue;
      const sets: Array<[CategoryTerms | undefined, string]> = [
        [own?.[category], language],
        [language === 'en' ? undefined : english?.[category], 'en'],
      ];
      const custom = extra?.[category] ?? [];
      let hit = custom.some((term) => matcher(term, language).test(lower));
      for (const [terms, lang] of sets) {
        if (hit || terms === undefined) continue;
        if (terms.complaint.some((term) => matcher(term, lang).test(lower))) hit = true;
        else if (terms.topic.some((term) => matcher(term, lang).test(lower)) && isNegative()) hit = true;
      }
      if (hit) found.set(category, { category, stage: stageOf(lower, category), phrase: phraseOf(clause) });
    }
  }
  return [...found.values()];
}
