import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '#lib/domain/reports/build.ts';
import { periodEnding } from '#lib/domain/reports/period.ts';
import { Report } from '#lib/domain/reports/report.ts';
import { aBrand } from '#test/support/fixtures.ts';
import { aggregate, makeItem, sampleHistory, TOUCHPOINTS } from '#test/support/report-fixture.ts';

function inputOf(items = sampleHistory(), overrides: Partial<ReportInput> = {}): ReportInput {
  const days = aggregate(items);
  return {
    id: 'r-1',
    brand: aBrand(),
    kind: 'week',
    period: periodEnding('2026-11-29', 7),
    language: 'en',
    generatedAt: new Date('2026-11-30T08:00:00Z'),
    touchpoints: TOUCHPOINTS.map((touchpoint) => ({ touchpoint, days: days.get(touchpoint.id) ?? [] })),
    items,
    itemsRead: { perTouchpointLimit: 500, read: items.length, truncated: false },
    identity: [],
    alerts: [],
    ...overrides,
  };
}

describe('buildReport', () => {
  it('gives every touchpoint its figures, in the API schema', () => {
    // Act
    const report = buildReport(inputOf());
    // Assess
    expect(Report.safeParse(report).success).toBe(true);
    const web = report.touchpoints.find((t) => t.touchpointId === 'web');
    expect(web?.figures.items).toBe(7 + 6);
    expect(web?.nps.promoters).toBeGreaterThan(0);
    expect(report.previousPeriod).toEqual({ from: '2026-11-16', to: '2026-11-22', days: 7 });
    expect(report.trend).toHaveLength(12);
    expect(report.trend.at(-1)?.day).toBe('2026-11-29');
  });

  it('ranks the delivery survey weakest, significantly below, dragged down by delivery complaints', () => {
    const report = buildReport(inputOf());
    const [weakest] = report.consistency.touchpoints;
    expect(weakest?.touchpointId).toBe('delivery');
    expect(weakest?.direction).toBe('below');
    expect(weakest?.drivers[0]).toMatchObject({ kind: 'pain-point', category: 'delivery' });
    expect(report.consistency.index).toBeGreaterThan(0);
    expect(report.consistency.index).toBeLessThan(100);
  });

  it('takes verbatims only from genuine reviews, and lists the burst with its window and reviews', () => {
    // Prepare: a suspicious review that names the pain point must never be quoted.
    const items = [
      ...sampleHistory(),
      makeItem({
        touchpointId: 'delivery',
        publishedAt: '2026-11-28T10:00:00Z',
        stars: 1,
        text: 'SUSPICIOUS late parcel',
        verdict: 'suspicious',
        pain: [{ category: 'delivery', phrase: 'late parcel' }],
      }),
    ];
    // Act
    const report = buildReport(inputOf(items));
    // Assess
    const delivery = report.touchpoints.find((t) => t.touchpointId === 'delivery');
    const quotes = delivery?.painPoints[0]?.verbatims ?? [];
    expect(quotes.length).toBeGreaterThanOrEqual(2);
    expect(quotes.length).toBeLessThanOrEqual(3);
    expect(quotes.every((q) => !q.text.includes('SUSPICIOUS'))).toBe(true);
    const [burst] = report.authenticity.clusters;
    expect(burst).toMatchObject({ kind: 'burst', count: 6, touchpoints: ['web'], meanStars: 5 });
    expect(burst?.from).toBe('2026-11-29T03:10:00.000Z');
    expect(burst?.to).toBe('2026-11-29T03:30:00.000Z');
    expect(report.authenticity.rating.withFlagged).toBeGreaterThan(
      report.authenticity.rating.withoutFlagged ?? 5,
    );
  });

  it('does not flag a touchpoint whose few reviews differ by noise', () => {
    // Prepare: the brand's reviews average ~4.2; a new touchpoint has 4 reviews averaging 3.75.
    const items = [
      ...sampleHistory(),
      ...[4, 4, 4, 3].map((stars, k) =>
        makeItem({ touchpointId: 'news', publishedAt: `2026-11-2${5 + k}T09:00:00Z`, stars }),
      ),
    ];
    // Act
    const report = buildReport(inputOf(items));
    // Assess
    const news = report.consistency.touchpoints.find((t) => t.touchpointId === 'news');
    expect(news?.tests[0]?.kind).toBe('stars');
    expect(news?.significant).toBe(false);
    expect(news?.direction).toBe('in-line');
  });
});
