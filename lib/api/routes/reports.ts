/** Reports (list, get, generate now), the report schedule and alert settings, and alerts. */
import * as z from 'zod';
import { brandRoute } from '#lib/api/router.ts';
import {
  getReport,
  getReportSettings,
  linksOf,
  putReportSettings,
  reportContent,
  requestReport,
} from '#lib/app/reports.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { IsoDateTime } from '#lib/domain/model.ts';
import { Alert } from '#lib/domain/reports/alert.ts';
import { PERIOD_KINDS } from '#lib/domain/reports/period.ts';
import { ReportRecord } from '#lib/domain/reports/record.ts';
import { Report } from '#lib/domain/reports/report.ts';
import { AlertSettings, ReportLanguage, ReportSchedule } from '#lib/domain/reports/settings.ts';
import { type ApiDeps, BrandParams, ok, PageQuery, pageOf } from './shared.ts';

const ReportParams = BrandParams.extend({
  reportId: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9_-]+$/),
});
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, yyyy-mm-dd');

const GenerateBody = z.object({
  period: z
    .enum(PERIOD_KINDS)
    .default('week')
    .describe('week: 7 days ending `to`; month: 30 days; custom: `from`..`to`'),
  from: Day.optional().describe('custom periods: first day (UTC)'),
  to: Day.optional().describe('last day (UTC); default today'),
  language: ReportLanguage.optional().describe("default: the schedule's language, else en"),
});

const Links = z.object({ html: z.string(), csv: z.string(), json: z.string() });
const ReportView = ReportRecord.omit({ files: true }).extend({
  links: Links.optional().describe('time-limited links to the rendered report, once ready'),
});

const SettingsBody = z.object({ schedule: ReportSchedule.optional(), alerts: AlertSettings.optional() });
const SettingsView = z.object({
  schedule: ReportSchedule,
  alerts: AlertSettings,
  updatedAt: z.string(),
  nextRunAt: z.string().optional(),
});

const ReportQuery = z.object({
  format: z
    .enum(['record', 'json'])
    .default('record')
    .describe('record: status and links; json: the report itself'),
});
const AlertsQuery = PageQuery.extend({
  from: IsoDateTime.optional().describe('raised at or after'),
  to: IsoDateTime.optional().describe('raised at or before'),
});

async function present(deps: ApiDeps, record: ReportRecord) {
  const { files: _files, ...rest } = record;
  const links = await linksOf(deps, record);
  return { ...rest, ...(links === undefined ? {} : { links }) };
}

export const reportRoutes = [
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, z.infer<typeof PageQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/reports',
    scope: 'read',
    summary: "A brand's reports, newest first, with links to each one's HTML, CSV and JSON once ready",
    tags: ['reports'],
    params: BrandParams,
    query: PageQuery,
    response: pageOf(ReportView),
    handle: async ({ deps, brand, query }) => {
      const page = await deps.reports.listReports(brand.tenantId, brand.id, {
        limit: query.limit,
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return ok({
        items: await Promise.all(page.items.map((r) => present(deps, r))),
        ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof GenerateBody>>({
    method: 'POST',
    path: '/v1/brands/{brandId}/reports',
    scope: 'write',
    summary:
      'Generate a report now (week, month or a custom period, compared with the period before it). Accepted as a job: poll the returned report until it is ready.',
    tags: ['reports'],
    params: BrandParams,
    body: GenerateBody,
    successStatus: 202,
    response: ReportView,
    handle: async ({ deps, brand, body }) => {
      const record = await requestReport(deps, brand, {
        kind: body.period,
        ...(body.from === undefined ? {} : { from: body.from }),
        ...(body.to === undefined ? {} : { to: body.to }),
        ...(body.language === undefined ? {} : { language: body.language }),
      });
      return ok(await present(deps, record), 202, {
        location: `/v1/brands/${brand.id}/reports/${record.id}`,
      });
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof ReportParams>, z.infer<typeof ReportQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/reports/{reportId}',
    scope: 'read',
    summary:
      'One report: its status and links (format=record), or the report itself in JSON (format=json, once ready)',
    tags: ['reports'],
    params: ReportParams,
    query: ReportQuery,
    response: z.union([ReportView, Report]),
    handle: async ({ deps, brand, params, query }) => {
      const record = await getReport(deps, brand, params.reportId);
      return ok(query.format === 'json' ? await reportContent(deps, record) : await present(deps, record));
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/report-settings',
    scope: 'read',
    summary: "The brand's report schedule and recipients, and its alert settings",
    tags: ['reports'],
    params: BrandParams,
    response: SettingsView,
    handle: async ({ deps, brand }) => ok(await getReportSettings(deps, brand)),
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, undefined, z.infer<typeof SettingsBody>>({
    method: 'PUT',
    path: '/v1/brands/{brandId}/report-settings',
    scope: 'write',
    summary:
      "Set the report schedule (e.g. weekly, Monday 08:00 in the brand's time zone), its language and recipients, and the alert thresholds",
    tags: ['reports'],
    params: BrandParams,
    body: SettingsBody,
    response: SettingsView,
    handle: async ({ deps, brand, body }) => {
      if (body.schedule === undefined && body.alerts === undefined)
        throw ValidationError.field('body', 'set `schedule`, `alerts` or both');
      return ok(
        await putReportSettings(deps, brand, {
          ...(body.schedule === undefined ? {} : { schedule: body.schedule }),
          ...(body.alerts === undefined ? {} : { alerts: body.alerts }),
        }),
      );
    },
  }),
  brandRoute<ApiDeps, z.infer<typeof BrandParams>, z.infer<typeof AlertsQuery>>({
    method: 'GET',
    path: '/v1/brands/{brandId}/alerts',
    scope: 'read',
    summary:
      'Alerts raised for the brand, newest first: negative-sentiment spikes, suspicious bursts, TrustScore drops, new identity mismatches, failing sources, each with its evidence',
    tags: ['reports'],
    params: BrandParams,
    query: AlertsQuery,
    response: pageOf(Alert),
    handle: async ({ deps, brand, query }) => {
      const from = query.from === undefined ? undefined : new Date(query.from);
      const to = query.to === undefined ? undefined : new Date(query.to);
      if (from !== undefined && to !== undefined && from > to)
        throw ValidationError.field('query.from', 'must not be after `to`');
      return ok(
        await deps.reports.listAlerts(brand.tenantId, brand.id, {
          limit: query.limit,
          ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
        }),
      );
    },
  }),
];
