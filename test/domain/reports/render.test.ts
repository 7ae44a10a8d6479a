import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildReport } from '#lib/domain/reports/build.ts';
import { periodEnding } from '#lib/domain/reports/period.ts';
import { csvCell, renderReportCsv } from '#lib/domain/reports/render/csv.ts';
import { renderReportEmail } from '#lib/domain/reports/render/email.ts';
import { REPORT_TEMPLATE, renderReportHtml } from '#lib/domain/reports/render/html.ts';
import { MESSAGES } from '#lib/domain/reports/render/i18n.ts';
import { REPORT_LANGUAGES, type ReportLanguage } from '#lib/domain/reports/settings.ts';
import { aBrand } from '#test/support/fixtures.ts';
import { aggregate, makeItem, sampleHistory, TOUCHPOINTS } from '#test/support/report-fixture.ts';

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';

function sampleReport(language: ReportLanguage = 'en') {
  const items = [
    ...sampleHistory(),
    makeItem({
      touchpointId: 'delivery',
      publishedAt: '2026-11-28T10:00:00Z',
      stars: 1,
      text: `=HYPERLINK("http://evil.example","click") late ${HOSTILE}`,
      pain: [{ category: 'delivery', phrase: 'late' }],
    }),
  ];
  const days = aggregate(items);
  return buildReport({
    id: 'r-1',
    brand: aBrand({
      profile: { ...aBrand().profile, displayName: `Acme ${HOSTILE}`, phones: ['+44 20 7946 0958'] },
    }),
    kind: 'week',
    period: periodEnding('2026-11-29', 7),
    language,
    generatedAt: new Date('2026-11-30T08:00:00Z'),
    touchpoints: TOUCHPOINTS.map((tp, k) => ({
      touchpoint:
        k === 0 ? { ...tp, name: `Shop ${HOSTILE}` } : k === 1 ? { ...tp, name: "=cmd|' /C calc'!A0" } : tp,
      days: days.get(tp.id) ?? [],
    })),
    items,
    itemsRead: { perTouchpointLimit: 500, read: items.length, truncated: false },
    identity: [
      {
        touchpointId: 'web',
        touchpointName: 'Shop',
        sourceId: 'page',
        seenOn: 'https://shop.example/contact',
        facts: { telephone: [`-1+1 ${HOSTILE}`] },
      },
    ],
    alerts: [
      {
        id: 'a-1',
        brandId: 'acme',
        rule: 'suspicious-burst',
        severity: 'warning',
        raisedAt: '2026-11-29T04:00:00Z',
        episode: 'e',
        summary: 's',
        figures: { flagged: 6, reviews: 6, baselinePerDay: 0, sigmas: 3, threshold: 3, baselineSigma: 1 },
        reviewIds: [],
        details: [],
      },
    ],
  });
}

describe('HTML report', () => {
  it.each(REPORT_LANGUAGES)('renders in %s with every placeholder filled and four charts', (language) => {
    // Act
    const html = renderReportHtml(sampleReport(language));
    // Assess
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toContain(MESSAGES[language].title);
    expect(html).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(html.match(/<svg /g)).toHaveLength(4);
  });

  it('escapes every piece of review, brand and page text; no markup gets through', () => {
    const html = renderReportHtml(sampleReport());
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script/i);
  });

  it('inserts nothing unescaped but the charts', () => {
    expect(REPORT_TEMPLATE.match(/\{\{\{[^}]*\}\}\}|\{\{&/g)).toEqual(['{{{svg}}}']);
  });
});

describe('CSV report', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['plain', 'plain'],
    ['a,"b"', '"a,""b"""'],
  ])('neutralises %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('keeps numbers as numbers, even negative ones', () => {
    expect(csvCell(-0.3)).toBe('-0.3');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('parses back as one table in which no text cell starts a formula', () => {
    // Act
    const csv = renderReportCsv(sampleReport());
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];
    // Assess
    expect(rows[0]).toEqual([
      'section',
      'touchpoint_id',
      'touchpoint',
      'key',
      'value',
      'previous',
      'change',
      'text',
    ]);
    const texts = rows.slice(1).flatMap((r) => [r[2] ?? '', r[7] ?? '']);
    expect(texts).toContain("'=cmd|' /C calc'!A0");
    expect(texts.filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([]);
    const identity = rows.find((r) => r[0] === 'identity');
    expect(identity?.[4]).toBe(`'-1+1 ${HOSTILE}`);
  });
});

describe('report e-mail', () => {
  it('escapes the HTML part, keeps the subject on one line, and refuses non-http links', () => {
    const mail = renderReportEmail(sampleReport('de'), {
      html: 'javascript:alert(1)',
      csv: 'https://x.example/r.csv',
    });
    expect(mail.subject).toContain('Reputationsbericht');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).toContain('https:&#x2F;&#x2F;x.example&#x2F;r.csv');
    expect(mail.text).toContain('https://x.example/r.csv');
  });
});
