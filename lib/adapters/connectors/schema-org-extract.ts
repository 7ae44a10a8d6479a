/**
 * Pulls schema.org reviews and identity facts out of an HTML page: JSON-LD
 * (arrays, `@graph`, nesting) and microdata, both turned into one plain node
 * shape. `@context` is never fetched: types are matched by their local name.
 */
import { type Cheerio, type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RawItem } from '#lib/domain/model.ts';
import { parseJsonSafe } from '#lib/domain/safe-json.ts';
import type { IdentityFacts } from '#lib/ports.ts';
import { author, clip, stableId, toIso, toNumber, toRawItem } from './shared.ts';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

// "http://schema.org/Review", "schema:Review" and "Review" all mean Review.
function typesOf(node: Node): string[] {
  return asArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.split(/[/:#]/).pop() ?? t);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number') return String(v);
  if (isNode(v)) return str(v['@value'] ?? v.name);
  if (Array.isArray(v)) return str(v[0]);
  return undefined;
}

function strings(v: unknown): string[] {
  return asArray(v)
    .map((x) => str(x))
    .filter((x): x is string => x !== undefined);
}

const IDENTITY_TYPES = new Set([
  'Organization',
  'Corporation',
  'LocalBusiness',
  'OnlineBusiness',
  'OnlineStore',
  'Store',
  'Restaurant',
  'FoodEstablishment',
  'Hotel',
  'LodgingBusiness',
  'ProfessionalService',
  'AutomotiveBusiness',
  'HealthAndBeautyBusiness',
  'MedicalBusiness',
  'FinancialService',
  'Dentist',
  'Brand',
]);

const GENERIC_ORG = new Set(['Organization', 'Corporation', 'Brand']);

/** Every node in a JSON-LD value, depth first: arrays, `@graph` and nested properties included. */
function collectNodes(value: unknown, out: Node[], depth = 0): void {
  if (depth > 20) return;
  for (const v of asArray(value)) {
    if (!isNode(v)) continue;
    if (v['@type'] !== undefined) out.push(v);
    for (const [key, child] of Object.entries(v)) {
      if (key === '@context') continue;
      if (typeof child === 'object' && child !== null) collectNodes(child, out, depth + 1);
    }
  }
}

function microdataValue($: CheerioAPI, $el: Cheerio<Element>): unknown {
  if ($el.is('[itemscope]')) return microdataItem($, $el);
  const tag = ($el.prop('tagName') ?? '').toLowerCase();
  if (tag === 'meta') return $el.attr('content');
  if (tag === 'a' || tag === 'link' || tag === 'area') return $el.attr('href');
  if (tag === 'img' || tag === 'audio' || tag === 'video' || tag === 'source') return $el.attr('src');
  if (tag === 'time') return $el.attr('datetime') ?? $el.text().trim();
  if (tag === 'data' || tag === 'meter') return $el.attr('value');
  return $el.attr('content') ?? $el.text().replace(/\s+/g, ' ').trim();
}

// A microdata item as a JSON-LD-like node, so one walker handles both syntaxes.
function microdataItem($: CheerioAPI, $scope: Cheerio<Element>): Node {
  const node: Node = {};
  const type = $scope.attr('itemtype');
  if (type !== undefined) node['@type'] = type.trim().split(/\s+/);
  const id = $scope.attr('itemid');
  if (id !== undefined) node['@id'] = id;
  const scopeEl = $scope.get(0);
  $scope.find('[itemprop]').each((_i, el) => {
    // Only properties whose nearest enclosing item is this one.
    const owner = el.parent === null ? undefined : findScope(el.parent);
    if (owner !== scopeEl) return;
    const $el = $(el);
    const value = microdataValue($, $el);
    for (const name of ($el.attr('itemprop') ?? '').trim().split(/\s+/)) {
      if (name === '' || name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
      const prev = node[name];
      node[name] = prev === undefined ? value : [...asArray(prev), value];
    }
  });
  return node;
}

function findScope(start: AnyNode): Element | undefined {
  let current: AnyNode | null = start;
  while (current !== null) {
    if (current.type === 'tag' && 'attribs' in current && current.attribs.itemscope !== undefined)
      return current;
    current = current.parent;
  }
  return undefined;
}

function formatAddress(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (!isNode(v)) return undefined;
  const parts = [
    str(v.streetAddress),
    str(v.addressLocality),
    [str(v.addressRegion), str(v.postalCode)].filter(Boolean).join(' '),
    str(v.addressCountry),
  ].filter((p): p is string => p !== undefined && p !== '');
  return parts.length === 0 ? undefined : parts.join(', ');
}

function formatHoursSpec(v: unknown): string | undefined {
  if (!isNode(v)) return str(v);
  const days = strings(v.dayOfWeek).map((d) => d.split('/').pop() ?? d);
  const opens = str(v.opens);
  const closes = str(v.closes);
  if (days.length === 0 && opens === undefined) return undefined;
  return `${days.join(',')} ${opens ?? ''}-${closes ?? ''}`.trim();
}

function aggregateOf(node: Node): IdentityFacts['aggregateRating'] {
  const agg = asArray(node.aggregateRating).find(isNode);
  if (agg === undefined) return undefined;
  const ratingValue = toNumber(agg.ratingValue);
  if (ratingValue === undefined) return undefined;
  const reviewCount = toNumber(agg.reviewCount ?? agg.ratingCount);
  const bestRating = toNumber(agg.bestRating);
  return {
    ratingValue,
    ...(reviewCount !== undefined ? { reviewCount } : {}),
    ...(bestRating !== undefined ? { bestRating } : {}),
  };
}

function identityOf(nodes: Node[]): IdentityFacts | undefined {
  // The thing the reviews are about wins (review sites also describe themselves as an Organization).
  const reviewed = nodes
    .filter((n) => typesOf(n).includes('Review'))
    .map((n) => asArray(n.itemReviewed).find(isNode))
    .find((n) => n !== undefined);
  const reviewedId = reviewed === undefined ? undefined : str(reviewed['@id']);
  const byId =
    reviewedId === undefined
      ? undefined
      : nodes.find((n) => str(n['@id']) === reviewedId && str(n.name) !== undefined);
  const named = (n: Node) => str(n.name) !== undefined;
  const primary =
    byId ??
    (reviewed !== undefined && named(reviewed) ? reviewed : undefined) ??
    nodes.find((n) => named(n) && typesOf(n).some((t) => IDENTITY_TYPES.has(t) && !GENERIC_ORG.has(t))) ??
    nodes.find((n) => named(n) && typesOf(n).some((t) => IDENTITY_TYPES.has(t))) ??
    nodes.find((n) => typesOf(n).includes('Product'));
  if (primary === undefined) return undefined;
  const facts: IdentityFacts = {};
  const name = str(primary.name);
  if (name !== undefined) facts.name = name;
  const phones = strings(primary.telephone);
  if (phones.length > 0) facts.telephone = phones;
  const addresses = asArray(primary.address)
    .map(formatAddress)
    .filter((a): a is string => a !== undefined);
  if (addresses.length > 0) facts.address = addresses;
  const hours = [
    ...strings(primary.openingHours),
    ...asArray(primary.openingHoursSpecification)
      .map(formatHoursSpec)
      .filter((h): h is string => h !== undefined),
  ];
  if (hours.length > 0) facts.openingHours = hours;
  const url = str(primary.url);
  if (url !== undefined) facts.url = url;
  const description = str(primary.description);
  if (description !== undefined) facts.description = clip(description, 2000);
  const sameAs = strings(primary.sameAs);
  if (sameAs.length > 0) facts.sameAs = sameAs;
  const aggregate = aggregateOf(primary) ?? nodes.map(aggregateOf).find((a) => a !== undefined);
  if (aggregate !== undefined) facts.aggregateRating = aggregate;
  else {
    const standalone = nodes.find((n) => typesOf(n).includes('AggregateRating'));
    const value = standalone === undefined ? undefined : toNumber(standalone.ratingValue);
    if (standalone !== undefined && value !== undefined) {
      const reviewCount = toNumber(standalone.reviewCount ?? standalone.ratingCount);
      facts.aggregateRating = { ratingValue: value, ...(reviewCount !== undefined ? { reviewCount } : {}) };
    }
  }
  return facts;
}

function reviewToItem(node: Node, pageUrl: string, fetchedAt: string): RawItem | undefined {
  const body = str(node.reviewBody) ?? str(node.description) ?? '';
  const title = str(node.name) ?? str(node.headline);
  const who = asArray(node.author)[0];
  const authorName = typeof who === 'string' ? who : isNode(who) ? str(who.name) : undefined;
  const authorUrl = isNode(who) ? str(who.url) : undefined;
  const authorId = isNode(who) ? (str(who['@id']) ?? authorUrl) : undefined;
  const published = toIso(str(node.datePublished) ?? str(node.dateCreated));
  const rating = asArray(node.reviewRating).find(isNode);
  const ratingValue = rating === undefined ? undefined : toNumber(rating.ratingValue);
  const best = rating === undefined ? undefined : toNumber(rating.bestRating);
  const url = str(node.url);
  const id =
    str(node['@id']) ?? url ?? `${pageUrl}#${stableId(authorName, published, body.slice(0, 500), title)}`;
  if (body === '' && title === undefined) return undefined;
  const language = str(node.inLanguage);
  return toRawItem({
    externalId: clip(id, 500),
    url: url ?? pageUrl,
    author: author({ name: authorName, id: authorId, profileUrl: authorUrl }),
    ...(ratingValue !== undefined ? { rating: ratingValue, ratingScale: best ?? 5 } : {}),
    ...(title !== undefined ? { title: clip(title, 1000) } : {}),
    text: clip(body, 50_000),
    ...(language !== undefined ? { language: clip(language, 10) } : {}),
    publishedAt: published ?? fetchedAt,
  });
}

export interface SchemaOrgExtraction {
  reviews: RawItem[];
  identity: IdentityFacts | undefined;
  /** JSON-LD blocks that did not parse, or reviews that could not be normalised. */
  skipped: number;
}

/** Extracts reviews and identity facts from one HTML page. */
export function extractSchemaOrg(html: string, pageUrl: string, fetchedAt: string): SchemaOrgExtraction {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const nodes: Node[] = [];
  let skipped = 0;
  $('script[type="application/ld+json"]').each((_i, el) => {
    try {
      collectNodes(parseJsonSafe($(el).text()), nodes);
    } catch {
      skipped += 1;
    }
  });
  // Top-level microdata items; nested ones are reached through their parents.
  $('[itemscope]').each((_i, el) => {
    if (el.parent !== null && findScope(el.parent) !== undefined) return;
    collectNodes(microdataItem($, $(el)), nodes);
  });
  const reviews: RawItem[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (!typesOf(node).some((t) => t === 'Review' || t === 'UserReview' || t === 'CriticReview')) continue;
    const item = reviewToItem(node, pageUrl, fetchedAt);
    if (item === undefined) {
      skipped += 1;
      continue;
    }
    if (seen.has(item.externalId)) continue;
    seen.add(item.externalId);
    reviews.push(item);
  }
  return { reviews, identity: identityOf(nodes), skipped };
}
