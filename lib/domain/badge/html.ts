/**
 * The badge's HTML pages: the iframe embed and the public verification page a
 * badge links to. Built from escaped elements only; the only links are ours
 * (the verify page, the JSON, the published keys, the method section).
 */
import { createHash } from 'node:crypto';
import type { PublicBadge } from '../badge-data.ts';
import { TRUST_SCORE_DEFAULTS } from '../trust-score-params.ts';
import { type BadgeLang, WORDS } from './i18n.ts';
import { el, empty, join, Markup, showable } from './markup.ts';
import { THEMES } from './palette.ts';
import { starFills, starPoints } from './star.ts';
import { renderCard } from './svg.ts';
import { type BadgeOptions, cardOf, MIN_REVIEWS, selectScore, showsNumber } from './view.ts';

/** The links a page may carry. */
export interface PageUrls {
  verify: string;
  json: string;
  keys: string;
  method: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const EMBED_STYLE = 'html,body{margin:0;padding:0;background:transparent}a{display:block;line-height:0}';

/** CSP of the embed: no script, our one inline style, framable anywhere (that is its job). */
export const EMBED_CSP = `default-src 'none'; style-src ${sha256(EMBED_STYLE)}; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *`;

/** The iframe page: the card, linking to the verify page in a new tab. Undefined for an unknown touchpoint. */
export function renderEmbed(badge: PublicBadge, options: BadgeOptions, urls: PageUrls): string | undefined {
  const selected = selectScore(badge, options.touchpoint);
  if (selected === undefined) return undefined;
  const card = cardOf(selected.card, selected.title, options);
  return `<!doctype html>${el(
    'html',
    { lang: options.lang },
    el(
      'head',
      {},
      empty('meta', { charset: 'utf-8' }),
      el('title', {}, card.description),
      el('style', {}, new Markup(EMBED_STYLE)),
    ),
    el(
      'body',
      {},
      el(
        'a',
        { href: urls.verify, target: '_blank', rel: 'noopener', title: WORDS[options.lang].verified },
        new Markup(renderCard(card)),
      ),
    ),
  )}`;
}

const PAGE_STYLE = [
  ':root{color-scheme:light;--text:#1f2328;--muted:#59636e;--line:#d0d7de;--ok:#1a7f37;--warn:#9a6700}',
  '*{box-sizing:border-box}',
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--text);background:#f6f8fa}',
  'main{max-width:52rem;margin:0 auto;padding:1.5rem;background:#fff;min-height:100vh}',
  'header{display:flex;justify-content:space-between;align-items:center;color:var(--muted);font-size:.875rem;border-bottom:1px solid var(--line);padding-bottom:.5rem}',
  'h1{font-size:1.75rem;margin:1rem 0 .25rem;overflow-wrap:anywhere}',
  'h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}',
  '.host{margin:0 0 1rem;color:var(--muted)}.host strong{color:var(--text)}',
  '.hero{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:center;padding:1rem;border:1px solid var(--line);border-radius:.5rem}',
  '.big{font-size:3rem;font-weight:700;line-height:1}.big small{font-size:1.25rem;color:var(--muted);font-weight:400}',
  '.facts{margin:0;display:grid;grid-template-columns:auto auto;gap:.125rem 1rem}.facts dt{color:var(--muted)}.facts dd{margin:0;font-variant-numeric:tabular-nums}',
  '.verified{color:var(--ok);font-weight:600}',
  'table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{text-align:left;padding:.375rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}',
  'td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}',
  'blockquote{margin:.75rem 0;padding:.5rem 1rem;border-left:4px solid var(--line);overflow-wrap:anywhere}blockquote footer{color:var(--muted);font-size:.875rem}',
  'code{font-size:.8rem;overflow-wrap:anywhere}.muted{color:var(--muted)}',
  '@media print{body{background:#fff}main{max-width:none;padding:0}a{color:inherit}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.75rem;color:var(--muted);overflow-wrap:anywhere}}',
].join('');

/** CSP of the verify page: no script, our one inline style, not framable (visitors must see its address). */
export const VERIFY_CSP = `default-src 'none'; style-src ${sha256(PAGE_STYLE)}; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const one = (x: number) => x.toFixed(1);
const count = (n: number) => n.toLocaleString('en');

function starRow(value: number | null, label: string): Markup {
  const size = 22;
  const parts = starFills(value).flatMap((kind, k) => {
    const x = k * (size + 3);
    const shape = [
      empty('polygon', {
        points: starPoints(x, 0, size, false),
        fill: kind === 'full' ? THEMES.light.star : THEMES.light.emptyStar,
      }),
    ];
    if (kind === 'half')
      shape.push(empty('polygon', { points: starPoints(x, 0, size, true), fill: THEMES.light.star }));
    return shape;
  });
  return el(
    'svg',
    {
      width: 5 * size + 12,
      height: size,
      viewBox: `0 0 ${5 * size + 12} ${size}`,
      role: 'img',
      'aria-label': label,
    },
    join(parts),
  );
}

type Card = PublicBadge['overall'];

function scoreText(card: Card): string {
  return showsNumber(card) ? `${one(card.score)} / 5` : 'not enough reviews';
}

function changeText(change: number | null): string {
  if (change === null) return '—';
  return change === 0 ? 'no change' : `${change > 0 ? '+' : '−'}${one(Math.abs(change))}`;
}

function intervalText(card: Card): string {
  return card.interval === null ? '—' : `${one(card.interval[0])} – ${one(card.interval[1])}`;
}

/** How the reviews of a score were counted: used (at full or half weight) and left out, with why. */
function countsTable(card: Card): Markup {
  const half = card.downWeighted.suspicious + card.downWeighted.incentivised;
  const row = (what: string, n: number, why: string) =>
    el('tr', {}, el('td', {}, what), el('td', { class: 'n' }, count(n)), el('td', { class: 'muted' }, why));
  return el(
    'table',
    {},
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Reviews'),
        el('th', { class: 'n' }, 'Count'),
        el('th', {}, 'How they count'),
      ),
    ),
    el(
      'tbody',
      {},
      row('Genuine', card.reviewCount - half, 'full weight'),
      row('Suspicious', card.downWeighted.suspicious, 'counted at half weight'),
      row(
        'Admitting an incentive',
        card.downWeighted.incentivised,
        'counted at half weight, at most as suspicious',
      ),
      row('Likely fake', card.excluded['likely-fake'], 'excluded: weight 0'),
      row('Not yet analysed', card.excluded.pending, 'excluded until analysed'),
      el(
        'tr',
        {},
        el('th', {}, 'Used for the score'),
        el('th', { class: 'n' }, count(card.reviewCount)),
        el('th', {}, ''),
      ),
    ),
  );
}

function touchpointsTable(badge: PublicBadge): Markup {
  return el(
    'table',
    {},
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'Touchpoint'),
        el('th', { class: 'n' }, 'TrustScore'),
        el('th', { class: 'n' }, '95 % interval'),
        el('th', { class: 'n' }, 'Used'),
        el('th', { class: 'n' }, 'Half weight'),
        el('th', { class: 'n' }, 'Excluded'),
        el('th', { class: 'n' }, '30 days'),
      ),
    ),
    el(
      'tbody',
      {},
      ...badge.touchpoints.map((t) =>
        el(
          'tr',
          {},
          el(
            'td',
            {},
            el('bdi', {}, showable(t.name, 120)),
            el('div', { class: 'muted' }, `${showable(t.channel, 40)} · ${showable(t.stage, 40)}`),
          ),
          el('td', { class: 'n' }, scoreText(t.card)),
          el('td', { class: 'n' }, intervalText(t.card)),
          el('td', { class: 'n' }, count(t.card.reviewCount)),
          el('td', { class: 'n' }, count(t.card.downWeighted.suspicious + t.card.downWeighted.incentivised)),
          el('td', { class: 'n' }, count(t.card.excluded['likely-fake'] + t.card.excluded.pending)),
          el('td', { class: 'n' }, changeText(t.card.change30d)),
        ),
      ),
    ),
  );
}

function quotes(badge: PublicBadge): Markup {
  const list = badge.quotes ?? [];
  if (list.length === 0)
    return el(
      'p',
      { class: 'muted' },
      'No recent review is both quotable and allowed to be shown by its source.',
    );
  return join(
    list.map((q) =>
      el(
        'blockquote',
        {},
        starRow(q.stars, `${q.stars} out of 5 stars`),
        el('p', {}, showable(q.text, 400)),
        el(
          'footer',
          {},
          `${showable(q.touchpoint, 120)} · ${q.day.slice(0, 10)}`,
          q.attribution === undefined ? undefined : ` · ${showable(q.attribution, 200)}`,
        ),
      ),
    ),
  );
}

function method(): Markup {
  const p = TRUST_SCORE_DEFAULTS;
  return join([
    el(
      'p',
      {},
      'The TrustScore is a Bayesian average of star ratings, weighted by age and by authenticity. Every review is judged by explainable checks for fake testimonials before it counts.',
    ),
    el(
      'p',
      {},
      el(
        'code',
        {},
        'TrustScore = (C × μ₀ + Σ wᵢ × starsᵢ) / (C + Σ wᵢ),  wᵢ = 0.5^(age in days / H) × V(verdict)',
      ),
    ),
    el(
      'ul',
      {},
      el(
        'li',
        {},
        `Prior: μ₀ = ${p.priorMean} stars with the weight of C = ${p.priorWeight} reviews, so a handful of reviews cannot make a perfect score.`,
      ),
      el(
        'li',
        {},
        `Recency: a review ${p.halfLifeDays} days old counts half (H = ${p.halfLifeDays} days; ages in whole days).`,
      ),
      el(
        'li',
        {},
        `Authenticity: genuine ${p.classWeight.genuine}, suspicious ${p.classWeight.suspicious}, admitting an incentive ${p.classWeight.incentivised}, likely fake ${p.classWeight['likely-fake']}; reviews not yet analysed do not count yet.`,
      ),
      el(
        'li',
        {},
        `Below ${MIN_REVIEWS} counted reviews a badge shows “not enough reviews” instead of a number.`,
      ),
      el(
        'li',
        {},
        'The 95 % interval is TrustScore ± 1.96 × √(s² / (n_eff + C)), with s² the weighted variance of the ratings (at least 0.5) and n_eff Kish’s effective sample size.',
      ),
      el(
        'li',
        {},
        'Computed from all of the brand’s reviews, recomputed after every import and at least daily.',
      ),
    ),
  ]);
}

/** The public verification page of a badge. */
export function renderVerify(badge: PublicBadge, urls: PageUrls): string {
  const name = showable(badge.displayName, 200);
  const card = badge.overall;
  const shown = showsNumber(card);
  const words = WORDS.en;
  const computed = badge.computedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  const hostLine =
    badge.websiteHost === undefined
      ? el('p', { class: 'host' }, 'This brand has not stated its website, so this badge is not tied to one.')
      : el(
          'p',
          { class: 'host' },
          'This badge belongs to ',
          el('strong', {}, showable(badge.websiteHost, 253)),
          '. If you saw it on another website, it was copied there.',
        );
  const signature = badge.signature;
  const body = el(
    'main',
    {},
    el(
      'header',
      {},
      el('span', {}, 'Touchstone · badge verification'),
      el('span', { class: 'verified' }, `✓ ${words.verified}`),
    ),
    el('h1', {}, el('bdi', {}, name)),
    hostLine,
    el(
      'section',
      { class: 'hero', 'aria-label': 'TrustScore' },
      el(
        'div',
        {},
        el(
          'div',
          { class: 'big', 'data-score': shown ? one(card.score) : '' },
          shown ? one(card.score) : '—',
          el('small', {}, shown ? ' / 5' : ' not enough reviews'),
        ),
        starRow(
          shown ? card.stars : null,
          shown ? `${one(card.score)} out of 5 stars` : 'not enough reviews',
        ),
      ),
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, 'Reviews used'),
        el('dd', {}, count(card.reviewCount)),
        el('dt', {}, '95 % interval'),
        el('dd', {}, intervalText(card)),
        el('dt', {}, 'Change over 30 days'),
        el('dd', {}, changeText(card.change30d)),
        el('dt', {}, 'Judged genuine'),
        el(
          'dd',
          {},
          badge.authenticShare === null
            ? '—'
            : `${Math.round(badge.authenticShare * 100)} % of analysed reviews`,
        ),
        el('dt', {}, 'Computed'),
        el('dd', {}, el('time', { datetime: badge.computedAt }, computed)),
      ),
    ),
    el('h2', {}, 'Which reviews count, and why'),
    countsTable(card),
    el('h2', {}, 'By touchpoint'),
    badge.touchpoints.length === 0
      ? el('p', { class: 'muted' }, 'No touchpoints yet.')
      : touchpointsTable(badge),
    el('h2', {}, 'Recent reviews, safe to quote'),
    el(
      'p',
      { class: 'muted' },
      'Genuine, positive, no admitted incentive, no personal data, and from a source whose terms allow them to be shown.',
    ),
    quotes(badge),
    el('h2', { id: 'method' }, 'How this score is computed'),
    method(),
    el('h2', {}, 'Signature'),
    signature === undefined
      ? el('p', { class: 'muted' }, 'This record carries no signature.')
      : join([
          el(
            'p',
            {},
            'The score, review count, interval, brand name, website and time above are signed with Ed25519 (key ',
            el('code', {}, signature.kid),
            '). Check it yourself against the ',
            el('a', { href: urls.keys }, 'published keys'),
            ', with the ',
            el('a', { href: urls.json }, 'badge data'),
            '.',
          ),
          el('p', {}, el('code', {}, signature.value)),
        ]),
  );
  return `<!doctype html>${el(
    'html',
    { lang: 'en' },
    el(
      'head',
      {},
      empty('meta', { charset: 'utf-8' }),
      empty('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      empty('meta', { name: 'referrer', content: 'no-referrer' }),
      el('title', {}, `${name}: TrustScore verification`),
      el('style', {}, new Markup(PAGE_STYLE)),
    ),
    el('body', {}, body),
  )}`;
}

export type { BadgeLang };
