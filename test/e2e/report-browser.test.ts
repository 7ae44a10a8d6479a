import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from '#lib/adapters/local/blob-store.ts';
import { LOCAL_FILES_PATH, LocalBlobLinks } from '#lib/adapters/local/report-links.ts';
import { buildReport } from '#lib/domain/reports/build.ts';
import { periodEnding } from '#lib/domain/reports/period.ts';
import { renderReportHtml } from '#lib/domain/reports/render/html.ts';
import type { Report } from '#lib/domain/reports/report.ts';
import type { ReportLanguage } from '#lib/domain/reports/settings.ts';
import { serveLocalFile } from '#lib/local/report-files.ts';
import { HttpApiEvent, type HttpApiResult } from '#lib/runtime/lambda/events.ts';
import { type LambdaFn, startHttpServer } from '#lib/runtime/node-http.ts';
import { aBrand } from '#test/support/fixtures.ts';
import { aggregate, sampleHistory, TOUCHPOINTS } from '#test/support/report-fixture.ts';

/**
 * A generated report as a person sees it: served as the local server serves
 * report files (a signed link, its Content-Security-Policy), opened in real
 * headless Chromium (Debian's `chromium`, or CHROMIUM_PATH), on a desk and on
 * a phone, and printed. The screenshots and the PDF are kept in `artifacts/`.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'artifacts';
const dir = mkdtempSync(join(tmpdir(), 'touchstone-report-browser-'));
const store = new FileBlobStore(dir);
let origin = '';
const links = new LocalBlobLinks(randomBytes(32), () => origin);
let server: Server;
let browser: Browser;

function sampleReport(language: ReportLanguage): Report {
  const items = sampleHistory('2026-11-29');
  const days = aggregate(items);
  return buildReport({
    id: `browser-${language}`,
    brand: aBrand({
      profile: {
        ...aBrand().profile,
        displayName: 'Northwind Coffee',
        phones: ['+48 22 123 45 67'],
        openingHours: ['Mo-Fr 08:00-18:00'],
      },
    }),
    kind: 'week',
    period: periodEnding('2026-11-29', 7),
    language,
    generatedAt: new Date('2026-11-30T08:00:00Z'),
    touchpoints: TOUCHPOINTS.map((touchpoint) => ({ touchpoint, days: days.get(touchpoint.id) ?? [] })),
    items,
    itemsRead: { perTouchpointLimit: 500, read: items.length, truncated: false },
    identity: [
      {
        touchpointId: 'web',
        touchpointName: 'Online shop',
        sourceId: 'contact-page',
        seenOn: 'https://northwind.example/contact',
        seenAt: '2026-11-28T09:00:00Z',
        // The same number written another way, and hours that are not the profile's.
        facts: { telephone: ['022 1234567', '+48 22 999 88 77'], openingHours: ['Mo-Sa 09:00-17:00'] },
      },
    ],
    alerts: [
      {
        id: '20261129T031500000Z-burst',
        brandId: 'acme',
        rule: 'suspicious-burst',
        severity: 'warning',
        raisedAt: '2026-11-29T03:15:00.000Z',
        episode: 'suspicious-burst@2026-11-29T03',
        touchpointId: 'web',
        summary: '6 of 6 reviews in the last 24 hours were flagged as suspicious',
        figures: { flagged: 6 },
        reviewIds: [],
        details: [],
      },
    ],
  });
}

async function publish(report: Report): Promise<string> {
  const key = `reports/t/acme/${report.id}/report.html`;
  await store.put(key, renderReportHtml(report));
  return links.linkFor(key, { expiresInSeconds: 600 });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium, or set CHROMIUM_PATH`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const front: LambdaFn<HttpApiResult> = async (event) => {
    const parsed = HttpApiEvent.parse(event);
    if (!parsed.rawPath.startsWith(LOCAL_FILES_PATH)) return { statusCode: 404, headers: {}, body: '' };
    return serveLocalFile(store, links, {
      method: parsed.requestContext.http.method,
      path: parsed.rawPath,
      query: new URLSearchParams(parsed.rawQueryString),
    });
  };
  server = await startHttpServer(front, 0);
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server?.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a report in Chromium', () => {
  it('shows the key numbers, renders its four charts, runs no injected script, and is saved as PNG and PDF', async () => {
    // Prepare
    const report = sampleReport('en');
    const url = await publish(report);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    // Act
    const response = await page.goto(url);
    const title = await page.title();
    const text = await page.locator('body').innerText();
    const kpis = await page.locator('.kpi').evaluateAll((nodes) =>
      nodes.map((n) => ({
        label: n.querySelector('.label')?.textContent ?? '',
        value: n.querySelector('.value')?.textContent ?? '',
      })),
    );
    const charts = await page.locator('figure svg').evaluateAll((nodes) =>
      nodes.map((n) => {
        const box = n.getBoundingClientRect();
        return {
          label: n.getAttribute('aria-label') ?? '',
          width: box.width,
          height: box.height,
          marks: n.querySelectorAll('path, rect, circle').length,
        };
      }),
    );
    const heatCells = await page.locator('figure svg').nth(3).locator('rect').count();
    await page.screenshot({ path: join(ARTIFACTS, 'report-en.png'), fullPage: true });
    await page.pdf({ path: join(ARTIFACTS, 'report-en.pdf'), format: 'A4', printBackground: true });
    await page.close();
    // Assess: the figures a marketing manager looks for first.
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(title).toBe('Northwind Coffee · Reputation report');
    const kpi = (label: string) => kpis.find((k) => k.label === label)?.value;
    expect(kpi('TrustScore')).toBe(report.brand.figures.trustScore?.toFixed(1));
    expect(kpi('Reviews')).toBe(String(report.brand.figures.reviews));
    expect(kpi('Consistency index')).toBe(`${report.consistency.index}/100`);
    expect(text).toContain('Delivery survey is the weakest touchpoint');
    expect(text).toContain('Top pain point: Delivery');
    // One real mismatch each for the phone and the hours; the same number written another way is not one.
    expect(text).toContain('+48 22 999 88 77');
    expect(text).not.toMatch(/022 1234567/);
    expect(text).toContain('Mo-Sa 09:00-17:00');
    expect(text).toContain('Suspicious-review burst');
    expect(text).toContain('6 of 6 reviews in the last 24 hours were flagged as suspicious');
    expect(text).not.toMatch(/\{\w+\}/);
    // The review that carries a script tag is shown as text, and nothing ran.
    expect(text).toContain('<script>alert(1)</script>');
    expect(problems).toEqual([]);
    // Four charts, each drawn at a readable size, with its marks.
    expect(charts.map((c) => c.label)).toEqual([
      'TrustScore, last 12 weeks',
      'Emotion along the customer journey',
      'Sentiment by touchpoint',
      'Pain points by touchpoint (share of items)',
    ]);
    for (const chart of charts) {
      expect(chart.width, chart.label).toBeGreaterThanOrEqual(520);
      expect(chart.height, chart.label).toBeGreaterThan(120);
      expect(chart.marks, chart.label).toBeGreaterThan(3);
    }
    expect(heatCells).toBe(TOUCHPOINTS.length * 6);
  });

  it('fits a phone: no sideways scrolling of the page, the key numbers first', async () => {
    // Prepare
    const url = await publish(sampleReport('pl'));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    // Act
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const firstKpi = await page.locator('.kpi').first().boundingBox();
    await page.screenshot({ path: join(ARTIFACTS, 'report-pl-phone.png') });
    await page.close();
    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(firstKpi?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(844);
    expect(firstKpi?.width ?? 0).toBeGreaterThan(120);
  });
});
