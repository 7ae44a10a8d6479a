/**
 * The badge as SVG: a compact flat style like shields.io's, and a card with
 * stars, score, review count and the verified mark. One small public function
 * per style that takes already-chosen words and an allow-listed colour, and
 * builds the SVG from escaped elements only.
 */

import { el, empty, escapeXml, formatNumber, join, type Markup, showable } from './markup.ts';
import { type BadgeTheme, COLORS, type ScoreColor, THEMES } from './palette.ts';
import { starFills, starPoints } from './star.ts';
import { fitText, textWidth } from './text-width.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'Verdana,Geneva,DejaVu Sans,sans-serif';

export interface FlatBadge {
  label: string;
  message: string;
  color: ScoreColor;
  theme?: BadgeTheme;
}

/** Longest label or message drawn, in px; longer text is cut with an ellipsis. */
const MAX_PART = 400;
/** Longest text kept before measuring (and in `<title>`), in characters. */
const MAX_CHARS = 300;

/**
 * The compact flat badge: `label | message`, 20 px high. Text is escaped; the
 * colour comes from a fixed palette. Written as one template over escaped
 * values because it is the hot path of a public endpoint.
 */
export function renderFlat(badge: FlatBadge): string {
  const label = fitText(showable(badge.label, MAX_CHARS), MAX_PART);
  const message = fitText(showable(badge.message, MAX_CHARS), MAX_PART);
  const lw = Math.ceil(textWidth(label)) + 10;
  const mw = Math.ceil(textWidth(message)) + 10;
  const w = lw + mw;
  const l = escapeXml(label);
  const m = escapeXml(message);
  const lx = formatNumber(lw / 2);
  const mx = formatNumber(lw + mw / 2);
  const labelFill = THEMES[badge.theme ?? 'light'].flatLabel;
  return (
    `<svg xmlns="${SVG_NS}" width="${w}" height="20" role="img" aria-label="${l}: ${m}">` +
    `<title>${l}: ${m}</title>` +
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>' +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="${labelFill}"/><rect x="${lw}" width="${mw}" height="20" fill="${COLORS[badge.color]}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="${FONT}" font-size="11">` +
    `<text x="${lx}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lx}" y="14">${l}</text>` +
    `<text x="${mx}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${mx}" y="14">${m}</text>` +
    '</g></svg>'
  );
}

export interface CardBadge {
  /** Brand (and touchpoint) name, as shown on the first line. */
  title: string;
  /** 0..5 in halves; null draws five empty stars. */
  stars: number | null;
  /** The formatted score ("4.3", "4,3"), or undefined when there are not enough reviews. */
  score: string | undefined;
  /** "128 reviews", or the "not enough reviews" phrase. */
  detail: string;
  verified: string;
  /** The whole badge in one sentence, for `<title>` and `aria-label`. */
  description: string;
  theme: BadgeTheme;
  lang: string;
}

export const CARD_WIDTH = 280;
export const CARD_HEIGHT = 72;
const PAD = 12;
const STAR = 16;
const STAR_GAP = 2;

function stars(value: number | null, x: number, y: number, filled: string, emptyFill: string): Markup {
  const parts: Markup[] = [];
  starFills(value).forEach((kind, k) => {
    const sx = x + k * (STAR + STAR_GAP);
    parts.push(
      empty('polygon', {
        points: starPoints(sx, y, STAR, false),
        fill: kind === 'full' ? filled : emptyFill,
      }),
    );
    if (kind === 'half')
      parts.push(empty('polygon', { points: starPoints(sx, y, STAR, true), fill: filled }));
  });
  return join(parts);
}

/** A check in a circle: the verified mark. */
function verifiedMark(x: number, y: number, color: string): Markup {
  return join([
    empty('circle', { cx: x + 6, cy: y + 6, r: 6, fill: color }),
    empty('path', {
      d: `M${formatNumber(x + 3.2)} ${formatNumber(y + 6.2)}l2 2 3.8-4.2`,
      fill: 'none',
      stroke: '#fff',
      'stroke-width': 1.6,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
    }),
  ]);
}

/** Bold text is about a tenth wider than the regular table says. */
const BOLD = 1.1;

/** The card: name, stars and score, count, verified mark; 280 × 72 px. */
export function renderCard(card: CardBadge): string {
  const theme = THEMES[card.theme];
  const inner = CARD_WIDTH - 2 * PAD;
  const title = fitText(showable(card.title, MAX_CHARS), inner / BOLD, 13);
  const description = showable(card.description, MAX_CHARS);
  const starsEnd = PAD + 5 * STAR + 4 * STAR_GAP;
  let scoreLine: Markup;
  if (card.score === undefined) {
    const x = starsEnd + 10;
    scoreLine = el(
      'text',
      { x, y: 46, 'font-size': 12, fill: theme.muted },
      fitText(card.detail, CARD_WIDTH - PAD - x, 12),
    );
  } else {
    const scoreX = starsEnd + 10;
    const scoreW = textWidth(card.score, 18) * BOLD;
    const outOfX = scoreX + scoreW + 2;
    const detailX = outOfX + textWidth('/5', 12) + 8;
    scoreLine = join([
      el('text', { x: scoreX, y: 47, 'font-size': 18, 'font-weight': 'bold', fill: theme.text }, card.score),
      el('text', { x: outOfX, y: 47, 'font-size': 12, fill: theme.muted }, '/5'),
      el(
        'text',
        { x: detailX, y: 47, 'font-size': 12, fill: theme.muted },
        fitText(card.detail, CARD_WIDTH - PAD - detailX, 12),
      ),
    ]);
  }
  const verifiedX = PAD + 16;
  return el(
    'svg',
    {
      xmlns: SVG_NS,
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      viewBox: `0 0 ${CARD_WIDTH} ${CARD_HEIGHT}`,
      role: 'img',
      'aria-label': description,
      lang: card.lang,
    },
    el('title', {}, description),
    empty('rect', {
      x: 0.5,
      y: 0.5,
      width: CARD_WIDTH - 1,
      height: CARD_HEIGHT - 1,
      rx: 8,
      fill: theme.background,
      stroke: theme.border,
    }),
    el(
      'g',
      { 'font-family': FONT },
      el('text', { x: PAD, y: 21, 'font-size': 13, 'font-weight': 'bold', fill: theme.text }, title),
      stars(card.stars, PAD, 31, theme.star, theme.emptyStar),
      scoreLine,
      verifiedMark(PAD, 54, theme.verified),
      el(
        'text',
        { x: verifiedX, y: 64, 'font-size': 11, fill: theme.muted },
        fitText(card.verified, CARD_WIDTH - PAD - verifiedX, 11),
      ),
    ),
  ).text;
}
