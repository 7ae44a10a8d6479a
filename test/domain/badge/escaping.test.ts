import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEmbed, renderVerify } from '#lib/domain/badge/html.ts';
import { renderCard, renderFlat } from '#lib/domain/badge/svg.ts';
import { cardOf } from '#lib/domain/badge/view.ts';
import { aCard, aPublicBadge, structureOf } from './support.ts';

/**
 * Every brand-controlled string (display name, website host, touchpoint
 * names, quotes, attributions) goes through every renderer; whatever it is,
 * the output is well-formed XML with no script, no event handler and no link
 * but ours.
 */
const URLS = {
  verify: 'https://badges.example/v1/badges/demo/verify',
  json: 'https://badges.example/v1/badges/demo.json',
  keys: 'https://badges.example/.well-known/touchstone-badge-keys.json',
  method: 'https://badges.example/v1/badges/demo/verify#method',
};
const OUR_HREFS = new Set(Object.values(URLS));
const SVG_ELEMENTS = new Set([
  'svg',
  'title',
  'lineargradient',
  'stop',
  'clippath',
  'rect',
  'g',
  'text',
  'polygon',
  'circle',
  'path',
]);

const HOSTILE = [
  '</text><script>alert(1)</script>',
  '"/><svg onload=alert(1)>',
  "'><img src=x onerror=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  ']]><![CDATA[',
  '<!--',
  '&amp;&#0;&#x1;&lt;',
  '\u202eevil\u202c',
  '\u2066\u2067\u2068\u2069',
  '\u0000\u0001\u0008\u000b\u001f\u007f\u0085\u009f',
  '\ud800',
  '\udfff\ud800',
  '\ufffe\uffff',
  '\u2028\u2029',
  'Αθήνα Łódź Ljubljana ñ 東京 🙂',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
const name = fc.oneof(
  { weight: 20, arbitrary: fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 10_000, maxLength: 10_000 }) },
);

function outputsFor(text: string): { flat: string; card: string; embed: string; verify: string } {
  const badge = aPublicBadge({
    displayName: text,
    websiteHost: text,
    touchpoints: [{ touchpointId: 'tp', name: text, channel: text, stage: text, card: aCard() }],
    quotes: [{ text, stars: 5, day: '2026-11-28', touchpoint: text, attribution: text }],
    signature: { alg: 'EdDSA', kid: text, value: text },
  });
  const options = { theme: 'dark', lang: 'el', touchpoint: 'tp' } as const;
  return {
    flat: renderFlat({ label: text, message: text, color: 'green' }),
    card: renderCard(cardOf(aCard(), text, { theme: 'light', lang: 'pl' })),
    embed: renderEmbed(badge, options, URLS) ?? '',
    verify: renderVerify(badge, URLS),
  };
}

function assertSafe(kind: string, markup: string): void {
  const structure = structureOf(markup);
  expect(structure.elements.has('script'), kind).toBe(false);
  expect(
    [...structure.attributes].filter((a) => a.startsWith('on')),
    kind,
  ).toEqual([]);
  for (const href of structure.hrefs) expect(OUR_HREFS.has(href), `${kind}: href ${href}`).toBe(true);
  if (kind === 'flat' || kind === 'card') {
    expect(
      [...structure.elements].filter((e) => !SVG_ELEMENTS.has(e)),
      kind,
    ).toEqual([]);
  }
}

describe('escaping of brand-controlled text', () => {
  it('holds for 10,000 generated names in every SVG and HTML output', () => {
    fc.assert(
      fc.property(name, (text) => {
        for (const [kind, markup] of Object.entries(outputsFor(text))) assertSafe(kind, markup);
      }),
      { numRuns: 10_000, seed: 20261130 },
    );
  }, 300_000);

  it('holds for each hostile string on its own, and shows it as text', () => {
    for (const text of HOSTILE) {
      const outputs = outputsFor(text);
      for (const [kind, markup] of Object.entries(outputs)) assertSafe(kind, markup);
    }
    expect(structureOf(outputsFor('</text><script>x</script>').card).text).toContain(
      '</text><script>x</script>',
    );
    expect(structureOf(outputsFor('"/><svg onload=alert(1)>').verify).text).toContain(
      '"/><svg onload=alert(1)>',
    );
  });

  it('drops bidi overrides and control characters from what is shown', () => {
    const { text } = structureOf(outputsFor('Good\u202eevil\u0007shop').card);
    expect(text.includes('\u202e') || text.includes('\u0007')).toBe(false);
    expect(text).toContain('Good evil shop');
  });

  it('cuts a 10,000-character name to fit the card', () => {
    const card = outputsFor('W'.repeat(10_000)).card;
    expect(Buffer.byteLength(card)).toBeLessThan(5_000);
    expect(structureOf(card).text).toContain('…');
  });
});
