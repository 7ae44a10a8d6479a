import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCard, renderFlat } from '#lib/domain/badge/svg.ts';
import { cardOf, flatOf, selectScore } from '#lib/domain/badge/view.ts';
import { aCard, aPublicBadge, structureOf } from './support.ts';

/**
 * Golden files are the oracle (as in shields' badge-maker): a change to what a
 * badge looks like shows up as a diff of these files. `UPDATE_GOLDEN=1` rewrites them.
 */
const golden = (name: string, actual: string) => {
  const path = `test/fixtures/badges/${name}.svg`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
};

const CASES = {
  'flat-en-light': () => renderFlat(flatOf(aCard(), 'en', 'light')),
  'flat-pl-dark': () => renderFlat(flatOf(aCard({ score: 3.2 }), 'pl', 'dark')),
  'flat-not-enough-de': () => renderFlat(flatOf(aCard({ reviewCount: 4, enough: false }), 'de', 'light')),
  'flat-red-fr': () => renderFlat(flatOf(aCard({ score: 1.8, reviewCount: 2 }), 'fr', 'light')),
  'card-en-light': () => renderCard(cardOf(aCard(), 'Northwind Shop', { theme: 'light', lang: 'en' })),
  'card-el-dark': () =>
    renderCard(cardOf(aCard({ score: 4.8, stars: 5 }), 'Northwind Shop', { theme: 'dark', lang: 'el' })),
  'card-sl-not-enough': () =>
    renderCard(
      cardOf(aCard({ reviewCount: 2, enough: false }), 'Northwind Shop', { theme: 'light', lang: 'sl' }),
    ),
  'card-es-touchpoint': () => {
    const selected = selectScore(aPublicBadge(), 'app');
    if (selected === undefined) throw new Error('no touchpoint');
    return renderCard(cardOf(selected.card, selected.title, { theme: 'light', lang: 'es' }));
  },
  'card-hostile-name': () =>
    renderCard(
      cardOf(aCard(), '</text><script>alert(1)</script>"/><svg onload=alert(2)>', {
        theme: 'light',
        lang: 'en',
      }),
    ),
} as const;

describe('badge SVG', () => {
  for (const [name, render] of Object.entries(CASES)) {
    it(`renders ${name} as its golden file`, () => golden(name, render()));
  }

  it('is accessible: role="img", a <title> and an aria-label saying the same', () => {
    for (const render of Object.values(CASES)) {
      const svg = render();
      const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      expect(title).toBeTruthy();
      expect(svg).toContain(`aria-label="${title}"`);
    }
  });

  it('says "not enough reviews" in the language asked, and no number, below the minimum', () => {
    const flat = CASES['flat-not-enough-de']();
    expect(flat).toContain('zu wenige Bewertungen');
    expect(flat).not.toMatch(/\d,\d\/5/);
    const card = CASES['card-sl-not-enough']();
    expect(card).toContain('premalo ocen');
    expect(structureOf(card).text).not.toContain('4,3');
  });

  it('keeps the compact style under 1 KB (badge-maker flat: 1,325 B)', () => {
    expect(Buffer.byteLength(CASES['flat-en-light']())).toBeLessThanOrEqual(1024);
  });

  it('uses each language’s numbers and plural forms (a no-break space holds number and word together)', () => {
    const flat = (count: number, lang: 'pl' | 'sl' | 'el' | 'en') =>
      renderFlat(flatOf(aCard({ reviewCount: count }), lang, 'light')).replaceAll('\u00a0', ' ');
    expect(flat(3, 'pl')).toContain('4,3/5 · 3 opinie');
    expect(flat(5, 'pl')).toContain('4,3/5 · 5 opinii');
    expect(flat(22, 'pl')).toContain('4,3/5 · 22 opinie');
    expect(flat(2, 'sl')).toContain('4,3/5 · 2 oceni');
    expect(flat(3, 'sl')).toContain('4,3/5 · 3 ocene');
    expect(flat(5, 'sl')).toContain('4,3/5 · 5 ocen');
    expect(flat(1, 'el')).toContain('4,3/5 · 1 κριτική');
    expect(flat(1234, 'en')).toContain('4.3/5 · 1,234 reviews');
  });

  it('escapes a hostile name: well-formed, no script, no handler, the name shown as text', () => {
    const svg = CASES['card-hostile-name']();
    const structure = structureOf(svg);
    expect(structure.elements.has('script')).toBe(false);
    expect([...structure.attributes].filter((a) => a.startsWith('on'))).toEqual([]);
    expect(structure.text).toContain('</text><script>');
  });
});
