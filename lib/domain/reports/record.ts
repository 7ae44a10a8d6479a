/** A report's record: what was asked, where its files are, and its headline figures for listings. */
import * as z from 'zod';
import { PERIOD_KINDS } from './period.ts';
import { ReportLanguage } from './settings.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ReportRecord = z.object({
  id: z.string().min(1).max(60),
  tenantId: z.string(),
  brandId: z.string(),
  kind: z.enum(PERIOD_KINDS),
  period: z.object({ from: Day, to: Day, days: z.number().int().positive() }),
  language: ReportLanguage,
  /** Who asked: the brand's schedule, a call to the API, or `npm start`'s demo. */
  trigger: z.enum(['schedule', 'api', 'demo']),
  status: z.enum(['queued', 'ready', 'failed']),
  requestedAt: z.string(),
  generatedAt: z.string().optional(),
  /** Blob keys of the renderings, once ready. */
  files: z.object({ html: z.string(), json: z.string(), csv: z.string() }).optional(),
  headline: z
    .object({
      trustScore: z.number().nullable(),
      reviews: z.number().int(),
      consistencyIndex: z.number().nullable(),
      identityMismatches: z.number().int(),
      alerts: z.number().int(),
    })
    .optional(),
  /** Recipients the e-mail went to. */
  emailedTo: z.array(z.string()).default([]),
  error: z.string().max(500).optional(),
});
export type ReportRecord = z.infer<typeof ReportRecord>;

/** A report job on the report queue. */
export const ReportJob = z.object({
  kind: z.literal('report'),
  tenantId: z.string().min(1).max(100),
  brandId: z.string().min(1).max(100),
  reportId: z.string().min(1).max(60),
});
export type ReportJob = z.infer<typeof ReportJob>;
