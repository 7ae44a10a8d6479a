/**
 * A brand's report schedule, recipients and alert settings, as schemas: the
 * API parses them, the table stores them, the scheduler and the alert rules
 * read them.
 */
import * as z from 'zod';
import { addDays, isTimeZone, localParts, type Period, periodBetween, zonedInstant } from './period.ts';

/** Languages a report is written in: the badge's, English first (the default). */
export const REPORT_LANGUAGES = ['en', 'pl', 'sl', 'el', 'de', 'fr', 'es'] as const;
export const ReportLanguage = z.enum(REPORT_LANGUAGES);
export type ReportLanguage = z.infer<typeof ReportLanguage>;

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'is not an IANA time zone this platform knows (e.g. Europe/Warsaw, UTC)');

/** A recipient address: plain `local@domain`, nothing a mail header could be bent with. */
export const EmailAddress = z
  .string()
  .max(254)
  .regex(/^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'is not a plain e-mail address');

export const ReportSchedule = z
  .object({
    enabled: z.boolean().default(true),
    cadence: z.enum(['weekly', 'monthly']).default('weekly'),
    /** ISO weekday for weekly reports: 1 Monday … 7 Sunday. */
    weekday: z.number().int().min(1).max(7).default(1),
    /** Day of the month for monthly reports (at most 28, so every month has it). */
    dayOfMonth: z.number().int().min(1).max(28).default(1),
    hour: z.number().int().min(0).max(23).default(8),
    minute: z.number().int().min(0).max(59).default(0),
    timeZone: TimeZone.default('UTC'),
    language: ReportLanguage.default('en'),
    recipients: z.array(EmailAddress).max(20).default([]),
  })
  .strict();
export type ReportSchedule = z.infer<typeof ReportSchedule>;

export const DEFAULT_SCHEDULE: ReportSchedule = ReportSchedule.parse({});

/** The next time a schedule fires strictly after `after`. */
export function nextRunAt(schedule: ReportSchedule, after: Date): Date {
  const zone = schedule.timeZone;
  const today = localParts(after, zone);
  const base = Date.UTC(today.year, today.month - 1, today.day);
  for (let offset = 0; offset < 70; offset++) {
    const date = new Date(base + offset * 86_400_000);
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    const wanted =
      schedule.cadence === 'weekly'
        ? weekday === schedule.weekday
        : date.getUTCDate() === schedule.dayOfMonth;
    if (!wanted) continue;
    const at = zonedInstant(
      zone,
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      schedule.hour,
      schedule.minute,
    );
    if (at.getTime() > after.getTime()) return at;
  }
  // Unreachable for a valid schedule (a weekday recurs within 7 days, a day of month within 62).
  return new Date(after.getTime() + 7 * 86_400_000);
}

/**
 * What a scheduled report covers, run at `runAt`: weekly, the 7 days before
 * the local day it runs on; monthly, the previous calendar month (as UTC days).
 */
export function scheduledPeriod(schedule: ReportSchedule, runAt: Date): Period {
  const local = localParts(runAt, schedule.timeZone);
  const localDay = new Date(Date.UTC(local.year, local.month - 1, local.day)).toISOString().slice(0, 10);
  if (schedule.cadence === 'weekly') {
    const to = addDays(localDay, -1);
    return periodBetween(addDays(to, -6), to);
  }
  const firstOfMonth = new Date(Date.UTC(local.year, local.month - 1, 1));
  const to = addDays(firstOfMonth.toISOString().slice(0, 10), -1);
  return periodBetween(`${to.slice(0, 8)}01`, to);
}

/** When each alert rule fires; every threshold is stated so an alert can show why it fired. */
export const AlertSettings = z
  .object({
    negativeSpike: z
      .object({
        enabled: z.boolean().default(true),
        /** How many standard deviations above the 7-day baseline the 24-hour negative rate must be. */
        sigmas: z.number().min(1).max(10).default(3),
        /** Fewest negative items in the 24 hours (a 1-in-2 day is not a spike). */
        minNegatives: z.number().int().min(1).max(10_000).default(5),
      })
      .strict()
      .default({ enabled: true, sigmas: 3, minNegatives: 5 }),
    suspiciousBurst: z
      .object({
        enabled: z.boolean().default(true),
        sigmas: z.number().min(1).max(10).default(3),
        /** Fewest flagged reviews in the 24 hours. */
        minFlagged: z.number().int().min(1).max(10_000).default(5),
      })
      .strict()
      .default({ enabled: true, sigmas: 3, minFlagged: 5 }),
    trustScoreDrop: z
      .object({
        enabled: z.boolean().default(true),
        /** Drop from the best score of the last 7 days, in stars. */
        stars: z.number().min(0.1).max(4).default(0.3),
      })
      .strict()
      .default({ enabled: true, stars: 0.3 }),
    identityMismatch: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    sourceFailing: z
      .object({
        enabled: z.boolean().default(true),
        /** Consecutive failed runs before a source counts as failing. */
        failures: z.number().int().min(1).max(100).default(3),
      })
      .strict()
      .default({ enabled: true, failures: 3 }),
  })
  .strict();
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = AlertSettings.parse({});

/** Everything a brand sets for its reports and alerts; one record per brand. */
export const BrandReportSettings = z.object({
  schedule: ReportSchedule,
  alerts: AlertSettings,
  updatedAt: z.string(),
});
export type BrandReportSettings = z.infer<typeof BrandReportSettings>;
