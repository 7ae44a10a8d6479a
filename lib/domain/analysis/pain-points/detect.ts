import type { PainCategory, PainPoint, Stage } from '#lib/domain/model.ts';
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import { Automaton, type Boundary, type Pattern } from '../automaton.ts';
import { scoreSentiment } from '../sentiment/scorer.ts';
import { DEFAULT_STAGE, STAGE_CUES, TAXONOMY } from './taxonomy.ts';

const MAX_PHRASE = 160;

/** What a matched term says: its language, category, and whether it is a complaint or only a topic. */
interface Term {
  language: string;
  category: PainCategory;
  complaint: boolean;
}

/** English terms are whole words (with common inflections); other languages match by stem. */
function boundaryFor(language: string): Boundary {
  return language === 'en' ? 'english' : 'prefix';
}

function builtInPatterns(): Array<Pattern<Term>> {
  const patterns: Array<Pattern<Term>> = [];
  for (const [language, categories] of Object.entries(TAXONOMY)) {
    for (const category of PAIN_CATEGORIES) {
      const terms = categories[category];
      for (const text of terms.complaint)
        patterns.push({
          text,
          boundary: boundaryFor(language),
          tag: { language, category, complaint: true },
        });
      for (const text of terms.topic)
        patterns.push({
          text,
          boundary: boundaryFor(language),
          tag: { language, category, complaint: false },
        });
    }
  }
  return patterns;
}

let builtIn: Automaton<Term> | undefined;
/** A brand's extra keywords, one automaton per taxonomy object and language. */
const extras = new WeakMap<PainTaxonomyExtension, Map<string, Automaton<Term>>>();

function extraAutomaton(extra: PainTaxonomyExtension, language: string): Automaton<Term> {
  let byLanguage = extras.get(extra);
  if (byLanguage === undefined) {
    byLanguage = new Map();
    extras.set(extra, byLanguage);
  }
  let automaton = byLanguage.get(language);
  if (automaton === undefined) {
    const patterns: Array<Pattern<Term>> = [];
    for (const category of PAIN_CATEGORIES)
      for (const text of extra[category] ?? [])
        patterns.push({
          text,
          boundary: boundaryFor(language),
          tag: { language, category, complaint: true },
        });
    automaton = new Automaton(patterns);
    byLanguage.set(language, automaton);
  }
  return automaton;
}

/**
 * Clause boundaries: sentence ends, line breaks, and a contrast word (its
 * match starts only right after a word, never inside a blank run, so a long
 * run cannot make the search quadratic), which
 * starts a clause that may judge differently ("fast delivery, but the box was
 * crushed").
 */
const CLAUSE_BREAK =
  /(?<=[.!?;…])\s+|\n+|(?<=[^\s,]),?\s+(?:but|however|ale|jednak|aber|jedoch|mais|pero|ampak|vendar|αλλά|όμως)\s+/giu;

interface Clause {
  start: number;
  end: number;
}

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(text); m !== null; m = CLAUSE_BREAK.exec(text)) {
    if (m[0].length === 0) {
      CLAUSE_BREAK.lastIndex++;
      continue;
    }
    clauses.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  clauses.push({ start, end: text.length });
  return clauses;
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
 * All terms are found in one pass of a multi-pattern automaton; a topic term
 * ("delivery") counts only in a negative clause, a complaint term ("late") on
 * its own. Each category is reported once, from the first clause that shows it.
 */
export function detectPainPoints(text: string, language: string, extra?: PainTaxonomyExtension): PainPoint[] {
  builtIn ??= new Automaton(builtInPatterns());
  const matches = builtIn.matches(text);
  if (extra !== undefined) matches.push(...extraAutomaton(extra, language).matches(text));
  if (matches.length === 0) return [];
  const clauses = clausesOf(text);
  // Per clause and category: 2 = complaint, 1 = topic only.
  const hits = new Map<number, Map<PainCategory, number>>();
  for (const m of matches) {
    if (m.tag.language !== language && m.tag.language !== 'en') continue;
    let clause = clauses.findIndex((c) => m.start >= c.start && m.start < c.end);
    if (clause < 0) clause = clauses.length - 1;
    const perCategory = hits.get(clause) ?? new Map<PainCategory, number>();
    perCategory.set(m.tag.category, Math.max(perCategory.get(m.tag.category) ?? 0, m.tag.complaint ? 2 : 1));
    hits.set(clause, perCategory);
  }
  const found = new Map<PainCategory, PainPoint>();
  for (let k = 0; k < clauses.length; k++) {
    const perCategory = hits.get(k);
    const c = clauses[k];
    if (perCategory === undefined || c === undefined) continue;
    const clause = text.slice(c.start, c.end).trim();
    let negative: boolean | undefined;
    for (const category of PAIN_CATEGORIES) {
      const hit = perCategory.get(category);
      if (hit === undefined || found.has(category)) continue;
      if (hit === 1) {
        negative ??= scoreSentiment(clause, language).score < -0.05;
        if (!negative) continue;
      }
      found.set(category, {
        category,
        stage: stageOf(clause.toLowerCase(), category),
        phrase: phraseOf(clause),
      });
    }
  }
  return [...found.values()];
}
