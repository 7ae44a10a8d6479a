import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImportRows } from '#lib/domain/import-rows.ts';
import { signWebhook, verifyWebhook, WebhookPayload } from '#lib/domain/webhook-signature.ts';
import { FIXTURES, NOW } from '#test/adapters/connectors/support.ts';

const candidates = (rows: ReturnType<typeof parseImportRows>['rows']) =>
  rows.flatMap((r) => ('value' in r ? [r.value] : []));
const problems = (rows: ReturnType<typeof parseImportRows>['rows']) =>
  rows.flatMap((r) => ('error' in r ? [{ row: r.row, error: r.error }] : []));

describe('parseImportRows', () => {
  it('maps an NPS survey CSV onto its 0..10 scale, naming bad rows and keeping the rest', async () => {
    // Prepare
    const csv = await readFile(`${FIXTURES}import/survey.csv`, 'utf8');
    // Act
    const out = parseImportRows(csv, 'csv', { score: { column: 'nps', kind: 'nps' } }, NOW);
    // Assess
    expect(candidates(out.rows).map((i) => i.externalId)).toEqual(['s-1', 's-2', 's-6']);
    expect(candidates(out.rows)[0]).toMatchObject({
      rating: 10,
      ratingScale: 10,
      ratingMin: 0,
      author: { name: 'Ana' },
      language: 'en',
    });
    expect(candidates(out.rows)[1]).toMatchObject({ rating: 3, publishedAt: '2024-04-02T00:00:00.000Z' });
    expect(candidates(out.rows)[2]?.publishedAt).toBe(NOW.toISOString());
    expect(problems(out.rows)).toEqual([
      { row: 4, error: 'missing "text"' },
      { row: 5, error: 'nps score must be a whole number 0-10' },
      { row: 6, error: '"not-a-date" is not a date' },
    ]);
  });

  it('reads JSONL per the analyze contract, with CSAT on 1..5, CES on 1..7 and a broken line', () => {
    // Prepare
    const body = [
      '{"id":"a","text":"Quick help","rating":5,"ratingScale":5,"verified":true,"authorReviewCount":3}',
      '{not json',
      '{"id":"b","text":"Slow refund","csat":2}',
    ].join('\n');
    // Act
    const out = parseImportRows(body, 'jsonl', { score: { column: 'csat', kind: 'csat' } }, NOW);
    const ces = parseImportRows(
      '{"id":"c","text":"Easy","ces":1}',
      'jsonl',
      { score: { column: 'ces', kind: 'ces' } },
      NOW,
    );
    // Assess
    expect(candidates(out.rows).map((i) => [i.externalId, i.rating, i.ratingScale, i.verified])).toEqual([
      ['a', 5, 5, true],
      ['b', 2, 5, undefined],
    ]);
    expect(candidates(out.rows)[0]?.author).toEqual({ reviewCount: 3 });
    expect(problems(out.rows)).toEqual([{ row: 2, error: 'not valid JSON' }]);
    expect(candidates(ces.rows)[0]).toMatchObject({ rating: 1, ratingScale: 7, ratingMin: 1 });
  });

  it('keeps the rows around a CSV quote that is never closed', () => {
    const csv = ['id,text,rating', '1,good,5', '2,"broken,4', '3,fine,4', '4,"multi', 'line",3'].join('\n');
    const out = parseImportRows(csv, 'csv', {}, NOW);
    expect(candidates(out.rows).map((i) => [i.externalId, i.text])).toEqual([
      ['1', 'good'],
      ['3', 'fine'],
      ['4', 'multi\nline'],
    ]);
    expect(problems(out.rows).map((p) => p.row)).toEqual([3]);
  });

  it('names a rating that is not a number, and keeps the per-row touchpoint', () => {
    const out = parseImportRows('id,text,rating,touchpoint\n1,x,five,\n2,y,4,shop', 'csv', {}, NOW);
    expect(out.rows[0]).toMatchObject({ row: 2, id: '1', field: 'rating', error: '"five" is not a number' });
    expect(candidates(out.rows)[0]).toMatchObject({ externalId: '2', touchpointId: 'shop' });
  });

  it('reads a JSON array or {items}, and says plainly what is wrong with a whole file', () => {
    expect(candidates(parseImportRows('[{"id":"x","text":"ok"}]', 'json', {}, NOW).rows)).toHaveLength(1);
    expect(parseImportRows('{"id":"x"}', 'json', {}, NOW).fatal).toMatch(/array/);
    expect(parseImportRows('id,text\n1,x', 'json', {}, NOW).fatal).toMatch(/not valid JSON.*format=csv/);
    expect(parseImportRows('   ', 'csv', {}, NOW).fatal).toBe('the file is empty');
    expect(parseImportRows('a\u0000b', 'csv', {}, NOW).fatal).toMatch(/binary/);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({
    items: [{ externalId: 'w1', text: 'hi', publishedAt: '2024-05-01T00:00:00Z' }],
  });
  const now = new Date('2024-05-03T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('verifies its own signature and parses the payload', () => {
    // Prepare
    const headers = { 'X-Touchstone-Signature': signWebhook(secret, t, body) };
    // Act
    const result = verifyWebhook(secret, headers, body, now);
    // Assess
    expect(result).toEqual({ ok: true, timestamp: t });
    expect(WebhookPayload.parse(JSON.parse(body)).items[0]?.externalId).toBe('w1');
  });

  it.each([
    ['a tampered body', { 'x-touchstone-signature': signWebhook(secret, t, body) }, `${body} `],
    ['another secret', { 'x-touchstone-signature': signWebhook('other', t, body) }, body],
    ['a replay older than 5 minutes', { 'x-touchstone-signature': signWebhook(secret, t - 301, body) }, body],
    ['a missing header', {}, body],
    ['a malformed header', { 'x-touchstone-signature': 'v1=abc' }, body],
  ])('refuses %s', (_name, headers, sentBody) => {
    expect(verifyWebhook(secret, headers, sentBody, now).ok).toBe(false);
  });

  it('never accepts a signature for a different body (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        const headers = { 'x-touchstone-signature': signWebhook(secret, t, a) };
        expect(verifyWebhook(secret, headers, b, now).ok).toBe(false);
      }),
    );
  });
});
