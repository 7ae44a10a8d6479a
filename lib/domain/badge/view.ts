/**
 * From a badge record and a visitor's options to what a badge says: which
 * score (brand-wide or one touchpoint's), in which words, in which colour.
 */
import type { PublicBadge } from '../badge-data.ts';
import { TRUST_SCORE_DEFAULTS } from '../trust-score-params.ts';
import { type BadgeLang, formatCount, formatScore, WORDS } from './i18n.ts';
import { showable } from './markup.ts';
import { type BadgeTheme, scoreColor } from './palette.ts';
import type { CardBadge, FlatBadge } from './svg.ts';

export const BADGE_STYLES = ['flat', 'card'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

export interface BadgeOptions {
  theme: BadgeTheme;
  lang: BadgeLang;
  /** A touchpoint's id: its score instead of the brand-wide one. */
  touchpoint?: string | undefined;
}

/** The documented minimum of counted reviews below which a badge shows no number. */
export const MIN_REVIEWS = TRUST_SCORE_DEFAULTS.minReviews;

/** Longest brand or touchpoint name shown, in characters (the layout cuts it further to fit). */
const MAX_NAME = 120;

type Card = PublicBadge['overall'];

/** The card to show and its title; undefined when the record has no such touchpoint. */
export function selectScore(
  badge: PublicBadge,
  touchpoint: string | undefined,
): { card: Card; title: string } | undefined {
  const brand = showable(badge.displayName, MAX_NAME);
  if (touchpoint === undefined) return { card: badge.overall, title: brand };
  const found = badge.touchpoints.find((t) => t.touchpointId === touchpoint);
  if (found === undefined) return undefined;
  return { card: found.card, title: `${brand} · ${showable(found.name, MAX_NAME)}` };
}

/** Whether a score is shown as a number: there is one, and it rests on enough reviews. */
export const showsNumber = (card: Card): card is Card & { score: number } =>
  card.score !== null && card.enough;

/** The whole badge in one sentence: `<title>`, `aria-label`, alt text. */
export function describe(card: Card, title: string, lang: BadgeLang): string {
  const words = WORDS[lang];
  const what = showsNumber(card)
    ? `${words.score} ${formatScore(card.score, lang)} ${words.outOf5}, ${formatCount(card.reviewCount, lang)}`
    : `${words.score}: ${words.notEnough}`;
  return `${title}: ${what}. ${words.verified}.`;
}

export function flatOf(card: Card, lang: BadgeLang, theme: BadgeTheme): FlatBadge {
  const words = WORDS[lang];
  return {
    label: words.score,
    message: showsNumber(card)
      ? `${formatScore(card.score, lang)}/5 · ${formatCount(card.reviewCount, lang)}`
      : words.notEnough,
    color: scoreColor(card.score, card.enough),
    theme,
  };
}

export function cardOf(card: Card, title: string, options: BadgeOptions): CardBadge {
  const words = WORDS[options.lang];
  const shown = showsNumber(card);
  return {
    title,
    stars: shown ? card.stars : null,
    score: shown ? formatScore(card.score, options.lang) : undefined,
    detail: shown ? formatCount(card.reviewCount, options.lang) : words.notEnough,
    verified: words.verified,
    description: describe(card, title, options.lang),
    theme: options.theme,
    lang: options.lang,
  };
}
