/**
 * Report periods are runs of whole UTC days (the daily aggregates are UTC
 * days), compared with the run of the same length just before. Schedules are
 * set in the brand's own time zone ("Monday 08:00 in Europe/Warsaw"), turned
 * into UTC instants with the platform's time-zone database (Intl).
 */
const DAY_MS = 86_400_000;

/** A run of whole UTC days, both ends included. */
export interface Period {
  from: string;
  to: string;
  days: number;
}

export const PERIOD_KINDS = ['week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The longest custom period: a year and a day, so a leap year fits. */
export const MAX_PERIOD_DAYS = 366;

export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
export const dayOfMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, days: number): string => dayOfMs(dayMs(day) + days * DAY_MS);
/** Days from `from` to `to`, both included. */
export const daySpan = (from: string, to: string): number =>
  Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayOfMs(dayMs(value)) === value;
}

/** `days` days ending with `to`. */
export function periodEnding(to: string, days: number): Period {
  return { from: addDays(to, -(days - 1)), to, days };
}

export function periodBetween(from: string, to: string): Period {
  return { from, to, days: daySpan(from, to) };
}

/** The period of the same length just before. */
export function previousPeriod(period: Period): Period {
  return periodEnding(addDays(period.from, -1), period.days);
}

/** Week: the 7 days ending `to`; month: the 30 days ending `to`. */
export function presetPeriod(kind: Exclude<PeriodKind, 'custom'>, to: string): Period {
  return periodEnding(to, kind === 'week' ? 7 : 30);
}

export function inPeriod(day: string, period: Pick<Period, 'from' | 'to'>): boolean {
  return day >= period.from && day <= period.to;
}

// --- time zones ----------------------------------------------------------------

/** True when the platform knows the IANA time zone (`Europe/Warsaw`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Wall-clock date and time of an instant in a time zone. */
export function localParts(instant: Date, zone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return { year, month, day, hour: parts.hour ?? 0, minute: parts.minute ?? 0, weekday };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, zone: string): number {
  const p = localParts(new Date(instant), zone);
  const seconds = new Date(instant).getUTCSeconds();
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time happens in a zone (two passes of the zone's
 * offset). A time a daylight-saving jump skips resolves to the hour after it;
 * schedules sit far from the 01:00–03:00 changes in practice.
 */
export function zonedInstant(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMinutes(wall, zone) * 60_000;
  const second = wall - offsetMinutes(first, zone) * 60_000;
  return new Date(Math.max(first, second));
}
