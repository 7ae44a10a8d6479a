/** An alert as stored, listed and sent: what fired, when, and the evidence a person can check. */
import * as z from 'zod';

export const ALERT_RULES = [
  'negative-spike',
  'suspicious-burst',
  'trustscore-drop',
  'identity-mismatch',
  'source-failing',
] as const;
export const AlertRule = z.enum(ALERT_RULES);
export type AlertRule = z.infer<typeof AlertRule>;

export const Alert = z.object({
  id: z.string(),
  brandId: z.string(),
  rule: AlertRule,
  severity: z.enum(['warning', 'critical']),
  raisedAt: z.string(),
  /** The episode this alert belongs to; the same episode is never raised twice. */
  episode: z.string(),
  /** The time window the evidence covers. */
  window: z.object({ from: z.string(), to: z.string() }).optional(),
  touchpointId: z.string().optional(),
  sourceId: z.string().optional(),
  /** One line, in English; renderings rebuild it from `figures` in their language. */
  summary: z.string(),
  /** The numbers behind it (rates, baselines, thresholds, counts). */
  figures: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  /** Reviews involved (at most 50). */
  reviewIds: z.array(z.string()).max(50).default([]),
  /** Identity mismatches behind an identity alert. */
  details: z.array(z.string()).max(50).default([]),
});
export type Alert = z.infer<typeof Alert>;

/**
 * What the alert rules remember between batches, one record per brand:
 * which conditions are active (so each episode is raised once), the
 * TrustScore of recent days (for drops and `trustscore.changed`), and the
 * identity mismatches already known. Written with optimistic locking on
 * `version`, so two workers never raise the same alert twice.
 */
export const AlertState = z.object({
  version: z.number().int().nonnegative().default(0),
  active: z.record(z.string(), z.object({ episode: z.string(), since: z.string() })).default({}),
  scores: z
    .array(z.object({ day: z.string(), score: z.number().nullable() }))
    .max(14)
    .default([]),
  lastScore: z.number().nullable().default(null),
  mismatchKeys: z.array(z.string().max(1000)).max(500).default([]),
});
export type AlertState = z.infer<typeof AlertState>;

export const emptyAlertState = (): AlertState => AlertState.parse({});
