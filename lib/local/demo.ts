/**
 * The demo brand `demo` (Northwind Shop, a coffee roaster), fed from a
 * loopback server that replays recorded, real-shaped third-party payloads:
 * its own product page (schema.org JSON-LD), Trustpilot pages, the App Store
 * review feed, a post-delivery NPS export, Google Alerts, Hacker News, and a
 * city-guide listing whose hours and delivery claim differ from the profile.
 *
 * The fixtures carry fixed dates (the paid burst on the product page is at
 * 2026-11-14 03:10–03:30 UTC); the server shifts every date by whole hours so
 * that the burst ended two to three hours before start-up. The current week's
 * report is never empty, and the burst is inside the alert rules' 24 hours.
 */
import { fileURLToPath } from 'node:url';
import type { Deps } from '#lib/app/deps.ts';
import { putReportSettings } from '#lib/app/reports.ts';
import { createWebhook } from '#lib/app/webhooks.ts';
import type { Brand, Source, Touchpoint } from '#lib/domain/model.ts';
import { DEFAULT_ALERT_SETTINGS, ReportSchedule } from '#lib/domain/reports/settings.ts';
import { type ReplayRoute, type ReplayServer, startReplayServer } from './replay-server.ts';

export const DEMO_BRAND_ID = 'demo';
/** The demo brand's public id: short, so the printed badge URLs stay short. */
export const DEMO_PUBLIC_ID = 'demo';
const FIXTURES = fileURLToPath(new URL('./demo/fixtures/', import.meta.url));
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const HTML_TYPE = { 'content-type': 'text/html; charset=utf-8' };
const APP = '1234567890';
const appStorePage = (page: number) =>
  `/us/rss/customerreviews/page=${page}/id=${APP}/sortBy=mostRecent/json`;

/** Where the demo's own webhook receiver listens on the fixture server. */
export const DEMO_HOOK_PATH = '/hooks/demo';

const ROUTES: ReplayRoute[] = [
  { path: '/products/grinder', responses: { bodyFile: 'website-grinder.html', headers: HTML_TYPE } },
  { path: '/london/northwind-shop', responses: { bodyFile: 'listing-city-guide.html', headers: HTML_TYPE } },
  { method: 'POST', path: DEMO_HOOK_PATH, responses: { status: 204 } },
  {
    path: '/review/www.northwind-shop.example',
    query: { page: '2' },
    responses: { bodyFile: 'trustpilot-2.html', headers: HTML_TYPE },
  },
  {
    path: '/review/www.northwind-shop.example',
    responses: { bodyFile: 'trustpilot-1.html', headers: HTML_TYPE },
  },
  { path: appStorePage(1), responses: { bodyFile: 'app-store-us-1.json', headers: JSON_TYPE } },
  { path: appStorePage(2), responses: { bodyFile: 'app-store-us-2.json', headers: JSON_TYPE } },
  // Page 3 and beyond: the feed's real answer past its last page.
  {
    path: appStorePage(3),
    responses: { status: 400, body: 'Bad Request', headers: { 'content-type': 'text/plain' } },
  },
  { path: '/exports/nps.json', responses: { bodyFile: 'survey-nps.json', headers: JSON_TYPE } },
  {
    path: '/alerts/feeds/northwind',
    responses: { bodyFile: 'google-alerts.atom.xml', headers: { 'content-type': 'application/atom+xml' } },
  },
  { path: '/api/v1/search_by_date', responses: { bodyFile: 'hacker-news.json', headers: JSON_TYPE } },
];

/** The end of the fixtures' paid burst: every fixture date moves with it. */
export const FIXTURE_BURST_END = Date.parse('2026-11-14T03:30:00Z');
const HOUR_MS = 3_600_000;

/** Whole hours to add to every fixture date so that the burst ended two to three hours before `now`. */
export function fixtureShiftMs(now: Date): number {
  return Math.floor((now.getTime() - FIXTURE_BURST_END) / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Moves every ISO timestamp, and Hacker News' `created_at_i` seconds, by `shiftMs`. */
export function shiftDates(body: string, shiftMs: number): string {
  return body
    .replace(ISO_TIME, (iso) => {
      const at = Date.parse(iso);
      return Number.isNaN(at) ? iso : new Date(at + shiftMs).toISOString();
    })
    .replace(
      /("created_at_i"\s*:\s*)(\d+)/g,
      (_all, key: string, seconds: string) => `${key}${Number(seconds) + Math.round(shiftMs / 1000)}`,
    );
}

export function startDemoFixtures(now: Date = new Date()): Promise<ReplayServer> {
  const shift = fixtureShiftMs(now);
  return startReplayServer(ROUTES, { fixturesDir: FIXTURES, rewrite: (body) => shiftDates(body, shift) });
}

const TOUCHPOINTS: Array<Pick<Touchpoint, 'id' | 'name' | 'channel' | 'stage'>> = [
  { id: 'website', name: 'Online shop product pages', channel: 'website', stage: 'consideration' },
  { id: 'trustpilot', name: 'Trustpilot', channel: 'review-site', stage: 'after-sales' },
  { id: 'app', name: 'iOS app', channel: 'app-store', stage: 'use' },
  { id: 'support', name: 'Post-delivery NPS survey', channel: 'support', stage: 'delivery' },
  { id: 'news', name: 'News and forums', channel: 'forum-news', stage: 'awareness' },
  { id: 'shop-listing', name: 'City guide listing (shop)', channel: 'search-listing', stage: 'purchase' },
];

function demoSources(fixtures: string): Array<Pick<Source, 'id' | 'touchpointId' | 'kind' | 'params'>> {
  return [
    {
      id: 'shop-grinder',
      touchpointId: 'website',
      kind: 'schema-org',
      params: { url: `${fixtures}/products/grinder` },
    },
    {
      id: 'trustpilot',
      touchpointId: 'trustpilot',
      kind: 'trustpilot',
      params: { domain: 'www.northwind-shop.example', baseUrl: fixtures, maxPages: 2 },
    },
    {
      id: 'app-store',
      touchpointId: 'app',
      kind: 'app-store',
      params: { appId: APP, countries: ['us'], baseUrl: fixtures },
    },
    {
      id: 'nps-export',
      touchpointId: 'support',
      kind: 'json-feed',
      params: {
        url: `${fixtures}/exports/nps.json`,
        itemsPath: 'responses',
        ratingScale: 10,
        fields: {
          id: 'responseId',
          text: 'comment',
          rating: 'score',
          publishedAt: 'submittedAt',
          language: 'lang',
          authorName: 'respondent.name',
          authorId: 'respondent.id',
        },
      },
    },
    {
      id: 'google-alerts',
      touchpointId: 'news',
      kind: 'rss',
      params: { url: `${fixtures}/alerts/feeds/northwind` },
    },
    {
      id: 'hacker-news',
      touchpointId: 'news',
      kind: 'hacker-news',
      params: { query: 'Northwind Shop', baseUrl: fixtures, lookbackDays: 3650 },
    },
    {
      id: 'city-guide',
      touchpointId: 'shop-listing',
      kind: 'schema-org',
      params: { url: `${fixtures}/london/northwind-shop` },
    },
  ];
}

/**
 * Creates (or refreshes) the demo brand, with its public id `demo` and its
 * badge published. The fixture server's port changes each start, so sources
 * are re-pointed while their cursor and health stay.
 */
export async function seedDemo(
  deps: Pick<Deps, 'repo' | 'clock' | 'reports' | 'secretBox' | 'settings'>,
  tenantId: string,
  fixtures: string,
): Promise<{ brand: Brand; hookSecret: string }> {
  const now = deps.clock.now().toISOString();
  const existing = await deps.repo.getBrand(tenantId, DEMO_BRAND_ID);
  const brand: Brand = {
    id: DEMO_BRAND_ID,
    tenantId,
    publicId: DEMO_PUBLIC_ID,
    publishBadge: true,
    profile: {
      displayName: 'Northwind Shop',
      legalName: 'Northwind Trading Ltd',
      website: 'https://www.northwind-shop.example',
      phones: ['+44 20 7946 0958'],
      addresses: [{ street: '1 High Street', locality: 'London', postalCode: 'EC1A 1BB', country: 'GB' }],
      openingHours: ['Mo-Fr 09:00-17:30'],
      tagline: 'Freshly roasted coffee, delivered.',
      claims: ['Roasted to order', 'Delivered in 48 hours'],
    },
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (existing === undefined) await deps.repo.createBrand(brand);
  else await deps.repo.putBrand(brand);
  await deps.repo.putTouchpoints(
    TOUCHPOINTS.map((tp) => ({ ...tp, tenantId, brandId: DEMO_BRAND_ID, createdAt: now })),
  );
  for (const definition of demoSources(fixtures)) {
    const previous = await deps.repo.getSource(tenantId, DEMO_BRAND_ID, definition.id);
    await deps.repo.putSource({
      ...definition,
      tenantId,
      brandId: DEMO_BRAND_ID,
      intervalMinutes: 60,
      enabled: true,
      nextRunAt: previous?.nextRunAt ?? now,
      health: previous?.health ?? { status: 'never-run', consecutiveFailures: 0 },
      ...(previous?.cursor === undefined ? {} : { cursor: previous.cursor }),
      ...(previous?.identity === undefined ? {} : { identity: previous.identity }),
      createdAt: previous?.createdAt ?? now,
    });
  }
  // A weekly report, Monday 08:00 London time, e-mailed (locally: written to .data/outbox/).
  await putReportSettings(deps, brand, {
    schedule: ReportSchedule.parse({
      cadence: 'weekly',
      weekday: 1,
      hour: 8,
      timeZone: 'Europe/London',
      recipients: ['marketing@northwind-shop.example'],
    }),
    alerts: DEFAULT_ALERT_SETTINGS,
  });
  // The fixture server's own receiver gets signed alerts and reports; its port changes each start.
  for (const old of await deps.reports.listWebhooks(tenantId, DEMO_BRAND_ID)) {
    if (old.description === DEMO_HOOK_DESCRIPTION)
      await deps.reports.deleteWebhook(tenantId, DEMO_BRAND_ID, old.id);
  }
  const { secret } = await createWebhook(deps, brand, {
    url: `${fixtures}${DEMO_HOOK_PATH}`,
    events: ['alert.raised', 'report.ready'],
    format: 'touchstone',
    description: DEMO_HOOK_DESCRIPTION,
  });
  return { brand, hookSecret: secret };
}

const DEMO_HOOK_DESCRIPTION = 'npm start demo receiver (loopback)';
