import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#lib/local/embedded-db.ts';
import { dynamoEnv } from '#test/support/deps.ts';

/**
 * The badge as a visitor sees it: `npm start` serves the demo brand, a plain
 * page on another loopback origin embeds the web component, the SVG as <img>
 * and the iframe, and Debian's Chromium renders it. Screenshots go to artifacts/.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-e2e-badge-'));
const profile = mkdtempSync(join(tmpdir(), 'touchstone-chromium-'));
let stack: ChildProcess | undefined;
let output = '';
let host: Server;
let context: BrowserContext;
let api = '';
let pageUrl = '';

interface Demo {
  score: number;
  count: number;
  displayName: string;
}
let demo: Demo;

const SIZE = 'display:inline-block;width:280px;height:72px';
const html = (base: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Northwind Shop: a product page</title>
<style>body{font-family:sans-serif;margin:24px;background:#f6f8fa;max-width:640px} section{margin:16px 0}</style></head>
<body>
<h1>Burr grinder</h1>
<section id="widget"><touchstone-badge public-id="demo" structured-data style="${SIZE}"></touchstone-badge>
<touchstone-badge public-id="demo" theme="dark" lang="pl" style="${SIZE}"></touchstone-badge></section>
<section id="images"><div><img id="flat" alt="TrustScore" height="20" src="${base}/v1/badges/demo.svg"></div>
<div><img id="flat-el" alt="TrustScore" height="20" src="${base}/v1/badges/demo.svg?lang=el&theme=dark"></div>
<img id="card" alt="TrustScore" width="280" height="72" src="${base}/v1/badges/demo.svg?style=card">
<img id="card-de" alt="TrustScore" width="280" height="72" src="${base}/v1/badges/demo.svg?style=card&theme=dark&lang=de"></section>
<section><iframe id="embed" src="${base}/v1/badges/demo/embed?lang=es" width="280" height="72" style="border:0" title="TrustScore"></iframe></section>
<p>Freshly roasted coffee, delivered.</p>
<script async src="${base}/v1/badges/demo.js"></script>
</body></html>`;

async function waitForDemo(base: string): Promise<Demo> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (stack?.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    try {
      const response = await fetch(`${base}/v1/badges/demo.json`);
      if (response.ok) {
        const json = (await response.json()) as Demo & { enough: boolean };
        if (json.enough) return json;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the demo badge never appeared: ${output.slice(-2000)}`);
}

/** Every <text> of an SVG opened as a document lies inside the SVG's box. */
async function svgTextInside(page: Page, url: string): Promise<{ overflow: string[]; width: number }> {
  await page.goto(url);
  return page.evaluate(() => {
    const svg = document.documentElement as unknown as SVGSVGElement;
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const overflow: string[] = [];
    for (const text of Array.from(document.querySelectorAll('text'))) {
      const box = (text as SVGTextElement).getBBox();
      if (box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5)
        overflow.push(`${text.textContent}: ${box.x.toFixed(1)}+${box.width.toFixed(1)} of ${width}`);
    }
    return { overflow, width };
  });
}

beforeAll(async () => {
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  stack = spawn(process.execPath, ['--import', 'tsx', 'lib/local/main.ts'], {
    env: {
      ...process.env,
      ...dynamoEnv(),
      TABLE_NAME: `e2e-badge-${randomUUID().slice(0, 8)}`,
      PORT: String(port),
      TOUCHSTONE_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  stack.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  demo = await waitForDemo(api);
  host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html(api));
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const address = host.address();
  pageUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 760, height: 560 },
    deviceScaleFactor: 2,
  });
  mkdirSync('artifacts', { recursive: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await new Promise<void>((r) => (host ? host.close(() => r()) : r()));
  if (stack !== undefined && stack.exitCode === null) {
    stack.kill('SIGTERM');
    await new Promise((r) => stack?.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the demo badge in Chromium', () => {
  it('renders the widget, the <img> SVGs and the iframe, with no overflow, no layout shift and no cookie', async () => {
    // Prepare: collect layout shifts from the first paint on.
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      const shifts = window as unknown as { __shifts: string[] };
      shifts.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{
          value: number;
          hadRecentInput: boolean;
          sources?: Array<{ node?: Node }>;
        }>)
          if (!entry.hadRecentInput) {
            w.__cls += entry.value;
            shifts.__shifts.push(
              (entry.sources ?? [])
                .map((s) => (s.node as Element | undefined)?.outerHTML?.slice(0, 80) ?? '?')
                .join(' | '),
            );
          }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // Act
    await page.goto(pageUrl);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('touchstone-badge')).every((b) =>
        (b.shadowRoot?.textContent ?? '').includes('Touchstone'),
      ),
    );
    await page.waitForFunction(() =>
      Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0),
    );
    const frame = page.frameLocator('#embed');
    await frame.locator('svg').waitFor();
    await page.waitForTimeout(500);
    // Assess: what a visitor reads.
    const score = demo.score.toFixed(1);
    const widgets = await page.$$eval('touchstone-badge', (badges) =>
      badges.map((b) => ({
        text: b.shadowRoot?.textContent ?? '',
        box: b.getBoundingClientRect().toJSON() as DOMRect,
        overflow: Array.from(b.shadowRoot?.querySelectorAll('a, .r, .v') ?? []).filter(
          (e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
        ).length,
        href: b.shadowRoot?.querySelector('a')?.getAttribute('href') ?? '',
      })),
    );
    expect(widgets[0]?.text).toContain(demo.displayName);
    expect(widgets[0]?.text).toContain(score);
    expect(widgets[0]?.text).toContain(`${demo.count}\u00a0reviews`);
    expect(widgets[0]?.text).toContain('Verified by Touchstone');
    expect(widgets[1]?.text).toContain(score.replace('.', ','));
    expect(widgets[1]?.text).toContain('Zweryfikowane przez Touchstone');
    for (const widget of widgets) {
      expect(widget.box.width).toBe(280);
      expect(widget.box.height).toBe(72);
      expect(widget.overflow).toBe(0);
      expect(widget.href).toBe(`${api}/v1/badges/demo/verify`);
    }
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((i) => [i.id, i.naturalWidth, i.naturalHeight]),
    );
    expect(images.every(([, w, h]) => Number(w) > 0 && Number(h) > 0)).toBe(true);
    expect(await frame.locator('svg title').textContent()).toContain(
      `TrustScore ${score.replace('.', ',')} de 5`,
    );
    const frameFits = await frame
      .locator('html')
      .evaluate((root) => root.scrollWidth <= 280 && root.scrollHeight <= 72);
    expect(frameFits).toBe(true);
    const ld = await page.$$eval('script[type="application/ld+json"]', (s) =>
      s.map((x) => x.textContent ?? ''),
    );
    expect(ld).toHaveLength(1);
    expect(JSON.parse(ld[0] ?? '{}').aggregateRating).toMatchObject({
      ratingValue: demo.score,
      ratingCount: demo.count,
    });
    const layout = await page.evaluate(() => {
      const w = window as unknown as { __cls: number; __shifts: string[] };
      return { cls: w.__cls, shifts: w.__shifts };
    });
    expect(layout.shifts).toEqual([]);
    expect(layout.cls).toBe(0);
    expect(await context.cookies()).toEqual([]);
    await page.screenshot({ path: 'artifacts/badge-embeds.png', fullPage: true });
    await page.close();
  });

  it('keeps every SVG text inside its badge, in every language and style', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    for (const lang of ['en', 'pl', 'sl', 'el', 'de', 'fr', 'es']) {
      for (const style of ['flat', 'card']) {
        for (const touchpoint of ['', '&touchpoint=support', '&touchpoint=news']) {
          const url = `${api}/v1/badges/demo.svg?style=${style}&lang=${lang}${touchpoint}`;
          const { overflow } = await svgTextInside(page, url);
          problems.push(...overflow.map((o) => `${url}: ${o}`));
        }
      }
    }
    await page.goto(`${api}/v1/badges/demo.svg?style=card&lang=el&theme=dark`);
    await page.screenshot({ path: 'artifacts/badge-card-el-dark.png' });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows on the verify page the same score as the badge, and prints', async () => {
    const page = await context.newPage();
    await page.goto(`${api}/v1/badges/demo/verify`);
    const shown = await page.locator('[data-score]').getAttribute('data-score');
    expect(shown).toBe(demo.score.toFixed(1));
    await expect(page.locator('h1').textContent()).resolves.toContain(demo.displayName);
    expect(await page.locator('.host strong').textContent()).toBe('www.northwind-shop.example');
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits).toBe(true);
    await page.screenshot({ path: 'artifacts/badge-verify.png', fullPage: true });
    await page.pdf({ path: 'artifacts/badge-verify.pdf', format: 'A4' });
    await page.close();
  });
});
