/** Badge records for tests, and a structural check of rendered SVG/HTML. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PublicBadge } from '#lib/domain/badge-data.ts';

type Card = PublicBadge['overall'];

export function aCard(overrides: Partial<Card> = {}): Card {
  return {
    score: 4.3,
    stars: 4.5,
    enough: true,
    reviewCount: 1234,
    excluded: { 'likely-fake': 12, pending: 3 },
    downWeighted: { suspicious: 20, incentivised: 4 },
    interval: [4.1, 4.5],
    change30d: 0.1,
    ...overrides,
  };
}

export function aPublicBadge(overrides: Partial<PublicBadge> = {}): PublicBadge {
  return {
    publicId: 'demo',
    displayName: 'Northwind Shop',
    websiteHost: 'www.northwind-shop.example',
    overall: aCard(),
    touchpoints: [
      {
        touchpointId: 'trustpilot',
        name: 'Trustpilot',
        channel: 'review-site',
        stage: 'after-sales',
        card: aCard({ score: 3.9, stars: 4, reviewCount: 3, enough: false }),
      },
      {
        touchpointId: 'app',
        name: 'iOS app',
        channel: 'app-store',
        stage: 'use',
        card: aCard({ score: 4.6, stars: 4.5, reviewCount: 77 }),
      },
    ],
    reviewVolume: 1300,
    authenticShare: 0.93,
    computedAt: '2026-11-30T12:00:00.000Z',
    quotes: [{ text: 'Great coffee, fast delivery.', stars: 5, day: '2026-11-28', touchpoint: 'Website' }],
    signature: { alg: 'EdDSA', kid: 'kid-1', value: 'c2ln' },
    ...overrides,
  };
}

export interface Structure {
  elements: Set<string>;
  attributes: Set<string>;
  hrefs: string[];
  /** All text content, in document order. */
  text: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  preserveOrder: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** Parses `markup` as XML (throwing when it is not well-formed) and lists what it holds. */
export function structureOf(markup: string): Structure {
  const doc = markup.replace(/^<!doctype html>/i, '');
  const valid = XMLValidator.validate(doc);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const out: Structure = { elements: new Set(), attributes: new Set(), hrefs: [], text: '' };
  const walk = (nodes: unknown[]) => {
    for (const node of nodes) {
      if (typeof node !== 'object' || node === null) continue;
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@') {
          for (const [name, v] of Object.entries(value as Record<string, string>)) {
            const attr = name.slice(1);
            out.attributes.add(attr.toLowerCase());
            if (attr.toLowerCase().endsWith('href')) out.hrefs.push(v);
          }
        } else if (key === '#text') out.text += String(value);
        else {
          out.elements.add(key.toLowerCase());
          if (Array.isArray(value)) walk(value);
        }
      }
    }
  };
  walk(parser.parse(doc) as unknown[]);
  return out;
}
