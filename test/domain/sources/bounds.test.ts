import { describe, expect, it } from 'vitest';
import { Source } from '#lib/domain/model.ts';
import {
  boundCursor,
  boundIdentity,
  boundText,
  boundValidator,
  MAX_CURSOR_CHARS,
  safeErrorMessage,
  storableCursor,
} from '#lib/domain/sources/bounds.ts';
import { aSource } from '#test/support/fixtures.ts';

describe('boundText', () => {
  it('leaves short text alone and cuts long text to the limit, marking the cut', () => {
    expect(boundText('short', 10)).toBe('short');
    const cut = boundText('x'.repeat(1000), 500);
    expect(cut).toHaveLength(500);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    // Prepare: the cut would fall between the two halves of an emoji.
    const text = `${'a'.repeat(8)}😀😀😀`;
    // Act
    const cut = boundText(text, 10);
    // Assess
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut.isWellFormed()).toBe(true);
  });
});

describe('boundValidator', () => {
  it('keeps ordinary validators and drops oversized or control-character ones', () => {
    expect(boundValidator('"v1"')).toBe('"v1"');
    expect(boundValidator('W/"abc"')).toBe('W/"abc"');
    expect(boundValidator('Wed, 01 May 2024 00:00:00 GMT')).toBe('Wed, 01 May 2024 00:00:00 GMT');
    expect(boundValidator(`"${'e'.repeat(5000)}"`)).toBeUndefined();
    expect(boundValidator('"a\r\nSet-Cookie: x"')).toBeUndefined();
    expect(boundValidator('')).toBeUndefined();
    expect(boundValidator(undefined)).toBeUndefined();
  });
});

describe('boundCursor', () => {
  it('keeps a cursor that fits as it is', () => {
    expect(boundCursor({ latest: '2024-05-01T00:00:00.000Z', etag: '"v1"' })).toBe(
      '{"latest":"2024-05-01T00:00:00.000Z","etag":"\\"v1\\""}',
    );
  });

  it('drops the validators first, then starts over, and always fits Source.cursor', () => {
    // Prepare
    const withHugeEtag = { latest: '2024-05-01T00:00:00.000Z', etag: 'e'.repeat(5000) };
    const hopeless = { latest: 'l'.repeat(5000) };
    // Act
    const slim = boundCursor(withHugeEtag);
    const over = boundCursor(hopeless);
    // Assess
    expect(JSON.parse(slim)).toEqual({ latest: '2024-05-01T00:00:00.000Z' });
    expect(over).toBe('{}');
    for (const cursor of [slim, over]) expect(Source.safeParse(aSource({ cursor })).success).toBe(true);
  });

  it('storableCursor refuses what the schema would refuse', () => {
    expect(storableCursor('{"a":1}')).toBe('{"a":1}');
    expect(storableCursor('x'.repeat(MAX_CURSOR_CHARS))).toHaveLength(MAX_CURSOR_CHARS);
    expect(storableCursor('x'.repeat(MAX_CURSOR_CHARS + 1))).toBeUndefined();
    expect(storableCursor(undefined)).toBeUndefined();
  });
});

describe('safeErrorMessage', () => {
  it.each([
    'Refused to connect to x.example.com:443: x.example.com resolves to 10.0.0.5 (non-public IPv4 range)',
    'connect ECONNREFUSED 169.254.169.254:80',
    'resolves to fd00:ec2::254',
    'resolves to ::ffff:127.0.0.1',
    'resolves to [::1]:8080',
    'resolves to fe80::1%eth0',
  ])('replaces every IP address in %j', (message) => {
    // Act
    const safe = safeErrorMessage(message);
    // Assess
    expect(safe).toContain('[address]');
    expect(safe).not.toMatch(/\d+\.\d+\.\d+\.\d+|[0-9a-f]*::[0-9a-f]/i);
  });

  it('keeps what is not an address, and bounds length and control characters', () => {
    expect(safeErrorMessage('Timed out after 15000 ms at 12:30:45, v1.2.3')).toBe(
      'Timed out after 15000 ms at 12:30:45, v1.2.3',
    );
    expect(safeErrorMessage('a\r\nb')).toBe('a b');
    expect(safeErrorMessage('x'.repeat(5000))).toHaveLength(500);
  });
});

describe('boundIdentity', () => {
  it('bounds every string and list a page gives', () => {
    // Act
    const facts = boundIdentity({
      name: 'n'.repeat(10_000),
      description: 'd'.repeat(100_000),
      telephone: Array.from({ length: 500 }, (_, i) => `+44 ${i}`),
      aggregateRating: { ratingValue: 4.5 },
    });
    // Assess
    expect(facts.name?.length).toBe(2000);
    expect(facts.description?.length).toBe(2000);
    expect(facts.telephone).toHaveLength(20);
    expect(facts.aggregateRating).toEqual({ ratingValue: 4.5 });
  });
});
