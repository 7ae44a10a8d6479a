import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImport } from '#lib/domain/import-rows.ts';
import { signWebhook, verifyWebhook, WebhookPayload } from '#lib/domain/webhook-signature.ts';
import { FIXTURES, NOW } from '#test/adapters/connectors/support.ts';

describe('parseImport', () => {
  it('maps an NPS survey CSV, naming bad rows and keeping the rest', async () => {
    // Prepare
    const csv = await readFile(`${FIXTURES}import/survey.csv`, 'utf8');
    // Act
    const out = parseImport(csv, 'csv', { score: { column: 'nps', kind: 'nps' } }, NOW);
    // Assess
    expect(out.items.map((i) => i.externalId)).toEqual(['s-1', 's-2', 's-6']);
    expect(out.items[0]).toMatchObject({
      rating: 10,
      ratingScale: 10,
      author: { name: 'Ana' },
      language: 'en',
    });
    expect(out.items[1]).toMatchObject({
      rating: 3,
      ratingScale: 10,
      publishedAt: '2024-04-02T00:00:00.000Z',
    });
    expect(out.items[2]?.publishedAt).toBe(NOW.toISOString());
    expect(out.errors).toEqual([
      { row: 4, message: 'missing "text"' },
      { row: 5, message: 'nps score must be 0-10' },
      { row: 6, message: '"publishedAt" is not a date' },
    ]);
  });

  it('reads JSONL per the analyze contract, with CSAT and a broken line', () => {
    // Prepare
    const body = [
      '{"id":"a","text":"Quick help","rating":5,"ratingScale":5,"verified":true,"authorReviewCount":3}',
      '{not json',
      '{"id":"b","text":"Slow refund","csat":2}',
    ].join('\n');
    // Act
    const out = parseImport(body, 'jsonl', { score: { column: 'csat', kind: 'csat' } }, NOW);
    // Assess
    expect(out.items.map((i) => [i.externalId, i.rating, i.ratingScale, i.verified])).toEqual([
      ['a', 5, 5, true],
      ['b', 2, 5, undefined],
    ]);
    expect(out.items[0]?.author.reviewCount).toBe(3);
    expect(out.errors).toEqual([{ row: 2, message: 'not valid JSON' }]);
  });

  it('reads a JSON array and refuses a non-array document', () => {
    expect(parseImport('[{"id":"x","text":"ok"}]', 'json', {}, NOW).items).toHaveLength(1);
    expect(parseImport('{"id":"x"}', 'json', {}, NOW).errors[0]?.row).toBe(0);
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
