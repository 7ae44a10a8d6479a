/**
 * `<touchstone-badge public-id="…">`: the TrustScore as a web component, for
 * any page. Dependency-free and built by `npm run build:badge` into the
 * script served at `/v1/badges/{publicId}.js`.
 *
 * - Shadow DOM; text goes in with `textContent` only, never as markup.
 * - Lazy: it fetches the badge's JSON when it comes near the viewport.
 * - Sets no cookie and sends none (`credentials: 'omit'`); stores nothing.
 * - No layout shift: the box is 280 × 72 px before and after the data arrives
 *   (give the element the same size in the page's CSS, for before the script runs).
 * - `structured-data`: also adds schema.org `AggregateRating` JSON-LD to the page.
 * - Options: `theme="light|dark"`, `touchpoint="<id>"`, the language from `lang`.
 */
import { type BadgeLang, formatCount, formatScore, isBadgeLang, WORDS } from '../domain/badge/i18n.ts';
import { THEMES } from '../domain/badge/palette.ts';
import { starFills, starPoints } from '../domain/badge/star.ts';

interface Card {
  score: number | null;
  stars: number | null;
  enough: boolean;
  count: number;
}
interface Badge extends Card {
  displayName: string;
  websiteHost: string | null;
  verify: string;
  touchpoints: Array<Card & { touchpointId: string; name: string }>;
}

const SVG = 'http://www.w3.org/2000/svg';
const ID = /^[A-Za-z0-9_-]{4,40}$/;

/** The origin the script was served from: where the badge data and verify page are. */
function scriptOrigin(): string {
  const script = document.currentScript;
  const src =
    script instanceof HTMLScriptElement && script.src !== ''
      ? script.src
      : (document.querySelector<HTMLScriptElement>('script[src*="/v1/badges/"]')?.src ?? location.href);
  return new URL(src, location.href).origin;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function card(value: unknown): Card | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!(v.score === null || isNum(v.score)) || !(v.stars === null || isNum(v.stars))) return undefined;
  if (typeof v.enough !== 'boolean' || !isNum(v.count)) return undefined;
  return { score: v.score, stars: v.stars, enough: v.enough, count: v.count };
}

/** The fields the widget uses, checked one by one: the response is data, never trusted as a shape. */
function parse(value: unknown, origin: string): Badge | undefined {
  const top = card(value);
  if (top === undefined || typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isStr(v.displayName) || !isStr(v.verify) || !Array.isArray(v.touchpoints)) return undefined;
  // Links go to our own origin only.
  if (new URL(v.verify, origin).origin !== origin) return undefined;
  const touchpoints: Badge['touchpoints'] = [];
  for (const t of v.touchpoints as unknown[]) {
    const c = card(t);
    const r = t as Record<string, unknown>;
    if (c !== undefined && isStr(r.touchpointId) && isStr(r.name))
      touchpoints.push({ ...c, touchpointId: r.touchpointId, name: r.name });
  }
  return {
    ...top,
    displayName: v.displayName,
    websiteHost: isStr(v.websiteHost) ? v.websiteHost : null,
    verify: v.verify,
    touchpoints,
  };
}

const requests = new Map<string, Promise<Badge | undefined>>();

function load(origin: string, id: string): Promise<Badge | undefined> {
  let request = requests.get(id);
  if (request === undefined) {
    request = fetch(`${origin}/v1/badges/${encodeURIComponent(id)}.json`, {
      credentials: 'omit',
      mode: 'cors',
    })
      .then((r) => (r.ok ? r.json() : undefined))
      .then((json: unknown) => parse(json, origin))
      .catch(() => undefined);
    requests.set(id, request);
  }
  return request;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag: string, attrs: Record<string, string>): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const name in attrs) node.setAttribute(name, attrs[name] ?? '');
  return node;
}

const STYLE = (theme: (typeof THEMES)['light']) =>
  // overflow:hidden puts the baseline at the bottom edge, as it is for the empty element before this
  // script runs: the line around the badge keeps its height when the content arrives.
  `:host{display:inline-block;width:280px;height:72px;overflow:hidden;contain:strict}` +
  `a{box-sizing:border-box;display:block;width:280px;height:72px;padding:8px 12px;border:1px solid ${theme.border};border-radius:8px;background:${theme.background};color:${theme.text};font:12px/1.25 Verdana,Geneva,"DejaVu Sans",sans-serif;text-decoration:none;overflow:hidden}` +
  `a:focus-visible{outline:2px solid ${theme.verified};outline-offset:2px}` +
  `.n{display:block;font-weight:bold;font-size:13px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}` +
  `.r{display:flex;align-items:center;gap:4px;height:24px;white-space:nowrap;overflow:hidden}` +
  `.s{font-weight:bold;font-size:18px;margin-left:6px}.m{color:${theme.muted};overflow:hidden;text-overflow:ellipsis}` +
  `.v{display:flex;align-items:center;gap:4px;font-size:11px;color:${theme.muted};white-space:nowrap;overflow:hidden}`;

class TouchstoneBadge extends HTMLElement {
  static readonly observedAttributes = ['public-id', 'theme', 'touchpoint', 'lang'];
  private readonly root: ShadowRoot;
  private observer: IntersectionObserver | undefined;
  private data: Badge | undefined;
  private readonly origin = ORIGIN;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    this.render();
    if (this.data !== undefined) return;
    if (!('IntersectionObserver' in window)) {
      void this.fetch();
      return;
    }
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.observer?.disconnect();
          void this.fetch();
        }
      },
      { rootMargin: '200px' },
    );
    this.observer.observe(this);
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.render();
  }

  private async fetch(): Promise<void> {
    const id = this.getAttribute('public-id') ?? '';
    if (!ID.test(id)) return;
    this.data = await load(this.origin, id);
    this.render();
    if (this.data !== undefined && this.hasAttribute('structured-data')) this.structuredData(this.data);
  }

  private badgeLang(): BadgeLang {
    const tag = (this.closest('[lang]')?.getAttribute('lang') ?? 'en').slice(0, 2).toLowerCase();
    return isBadgeLang(tag) ? tag : 'en';
  }

  private render(): void {
    const theme = THEMES[this.getAttribute('theme') === 'dark' ? 'dark' : 'light'];
    const style = document.createElement('style');
    style.textContent = STYLE(theme);
    const link = h('a', '');
    const nodes: Node[] = [style, link];
    const data = this.data;
    if (data === undefined) {
      // The box is drawn at once and keeps its size: nothing moves when the data arrives.
      this.root.replaceChildren(...nodes);
      return;
    }
    const lang = this.badgeLang();
    const words = WORDS[lang];
    const tpId = this.getAttribute('touchpoint');
    const tp = tpId === null ? undefined : data.touchpoints.find((t) => t.touchpointId === tpId);
    const shown: Card = tp ?? data;
    const title = tp === undefined ? data.displayName : `${data.displayName} · ${tp.name}`;
    const number = shown.score !== null && shown.enough ? shown.score : null;
    link.href = data.verify;
    link.target = '_blank';
    link.rel = 'noopener';
    const what =
      number === null
        ? `${words.score}: ${words.notEnough}`
        : `${words.score} ${formatScore(number, lang)} ${words.outOf5}, ${formatCount(shown.count, lang)}`;
    link.setAttribute('aria-label', `${title}: ${what}. ${words.verified}.`);
    link.lang = lang;
    link.append(h('span', 'n', title));
    const row = h('span', 'r');
    const stars = svg('svg', { width: '88', height: '16', viewBox: '0 0 88 16', 'aria-hidden': 'true' });
    starFills(number === null ? null : shown.stars).forEach((kind, k) => {
      const x = k * 18;
      stars.append(
        svg('polygon', {
          points: starPoints(x, 0, 16, false),
          fill: kind === 'full' ? theme.star : theme.emptyStar,
        }),
      );
      if (kind === 'half')
        stars.append(svg('polygon', { points: starPoints(x, 0, 16, true), fill: theme.star }));
    });
    row.append(stars);
    if (number === null) row.append(h('span', 'm', words.notEnough));
    else
      row.append(
        h('span', 's', formatScore(number, lang)),
        h('span', 'm', '/5'),
        h('span', 'm', ` ${formatCount(shown.count, lang)}`),
      );
    const verified = h('span', 'v');
    const mark = svg('svg', { width: '12', height: '12', viewBox: '0 0 12 12', 'aria-hidden': 'true' });
    mark.append(
      svg('circle', { cx: '6', cy: '6', r: '6', fill: theme.verified }),
      svg('path', {
        d: 'M3.2 6.2l2 2 3.8-4.2',
        fill: 'none',
        stroke: '#fff',
        'stroke-width': '1.6',
        'stroke-linecap': 'round',
      }),
    );
    verified.append(mark, document.createTextNode(words.verified));
    link.append(row, verified);
    this.root.replaceChildren(...nodes);
  }

  /** schema.org AggregateRating for the brand, once per page and public id; only with a shown number. */
  private structuredData(data: Badge): void {
    const id = this.getAttribute('public-id') ?? '';
    if (data.score === null || !data.enough) return;
    for (const existing of document.querySelectorAll('script[data-touchstone-badge]'))
      if (existing.getAttribute('data-touchstone-badge') === id) return;
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.setAttribute('data-touchstone-badge', id);
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'Organization',
      name: data.displayName,
      ...(data.websiteHost === null ? {} : { url: `https://${data.websiteHost}` }),
      aggregateRating: {
        '@type': 'AggregateRating',
        ratingValue: data.score,
        bestRating: 5,
        worstRating: 1,
        ratingCount: data.count,
      },
    };
    // `<` escaped so the text can never close its script element, even if the page is serialised.
    script.textContent = JSON.stringify(ld).replace(/</g, '\\u003c');
    document.head.append(script);
  }
}

const ORIGIN = scriptOrigin();
if (customElements.get('touchstone-badge') === undefined)
  customElements.define('touchstone-badge', TouchstoneBadge);
