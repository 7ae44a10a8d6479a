/**
 * Identity consistency: the brand's canonical profile against what each
 * touchpoint's page shows. Values are normalised before they are compared, so
 * that `+48 22 123 45 67` and `022 1234567`, `1 High St` and `1 High Street`,
 * `Mo-Fr 09:00-17:30` and `Monday–Friday 9am–5:30pm` all match; what still
 * differs is listed with both values and where it was seen.
 */
import type { BrandProfile, IdentityFacts } from '#lib/domain/model.ts';
import type { IdentityField, IdentityMismatch } from './report.ts';

// Letters that carry no combining mark to strip: ł is not l + a mark, ß is not a mark at all.
const LETTERS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
};
const stripMarks = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[łŁøØđĐßæœı]/g, (c) => LETTERS[c] ?? c);

// --- names ---------------------------------------------------------------------

const LEGAL_FORMS = new Set([
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sarl',
  'sas',
  'srl',
  'sl',
  'bv',
  'nv',
  'spzoo',
  'sp',
  'zoo',
  'doo',
  'dd',
  'ae',
  'ike',
  'co',
  'corp',
]);

export function normaliseName(name: string): string {
  return stripMarks(name)
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bsp\.\s*z\s*o\.\s*o\./g, ' spzoo ')
    .replace(/\bd\.\s*o\.\s*o\./g, ' doo ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_FORMS.has(w))
    .join(' ');
}

// --- telephone -----------------------------------------------------------------

interface Phone {
  /** Digits only, without the international `+`/`00` or the national trunk `0`. */
  digits: string;
  international: boolean;
}

export function parsePhone(raw: string): Phone | undefined {
  const trimmed = raw.trim().replace(/^tel:/i, '');
  const international = /^(\+|00)/.test(trimmed);
  let digits = trimmed.replace(/\D+/g, '');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  // "+44 (0)20 …": the bracketed trunk zero is dropped when dialled from abroad.
  if (international && /\(0\)/.test(trimmed)) digits = digits.replace(/^(\d{1,3})0/, '$1');
  if (!international) digits = digits.replace(/^0/, '');
  return digits.length >= 6 ? { digits, international } : undefined;
}

/**
 * Same number: equal digits when both are international or both national;
 * otherwise the national number (trunk `0` dropped) must be the international
 * one's tail, after a country code of one to three digits.
 */
export function samePhone(a: string, b: string): boolean {
  const x = parsePhone(a);
  const y = parsePhone(b);
  if (x === undefined || y === undefined) return a.trim() === b.trim();
  if (x.international === y.international) return x.digits === y.digits;
  const [intl, national] = x.international ? [x, y] : [y, x];
  const prefix = intl.digits.length - national.digits.length;
  return prefix >= 1 && prefix <= 3 && intl.digits.endsWith(national.digits);
}

// --- addresses -----------------------------------------------------------------

const ABBREVIATIONS: Record<string, string> = {
  st: 'street',
  str: 'strasse',
  strasse: 'strasse',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  avda: 'avenida',
  blvd: 'boulevard',
  bd: 'boulevard',
  ln: 'lane',
  dr: 'drive',
  sq: 'square',
  ct: 'court',
  hwy: 'highway',
  pkwy: 'parkway',
  pl: 'place',
  ul: 'ulica',
  al: 'aleje',
  os: 'osiedle',
  c: 'calle',
  cl: 'calle',
  r: 'rue',
  bldg: 'building',
  apt: 'apartment',
  fl: 'floor',
};

const COUNTRY_WORDS = new Set([
  'gb',
  'uk',
  'united',
  'kingdom',
  'great',
  'britain',
  'england',
  'scotland',
  'wales',
  'pl',
  'poland',
  'polska',
  'de',
  'germany',
  'deutschland',
  'si',
  'slovenia',
  'slovenija',
  'gr',
  'greece',
  'ellada',
  'fr',
  'france',
  'es',
  'spain',
  'espana',
  'us',
  'usa',
  'states',
  'america',
  'of',
  'ie',
  'ireland',
  'at',
  'austria',
  'nl',
  'netherlands',
  'it',
  'italy',
]);

export function addressTokens(text: string): Set<string> {
  const flat = stripMarks(text)
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/straße/g, 'strasse')
    // Postcodes written with or without their inner space or dash: EC1A 1BB, 00-950.
    .replace(/\b([a-z]{1,2}\d[a-z\d]?)\s+(\d[a-z]{2})\b/g, '$1$2')
    .replace(/\b(\d{2})-(\d{3})\b/g, '$1$2')
    // German compounds: "Hauptstr." and "Hauptstraße" are "Haupt strasse".
    .replace(/(\p{L}{3,})(strasse|str\.)/gu, '$1 strasse ');
  const tokens = flat
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '')
    .map((t) => ABBREVIATIONS[t] ?? t)
    .filter((t) => !COUNTRY_WORDS.has(t));
  return new Set(tokens);
}

export function formatAddress(address: BrandProfile['addresses'][number]): string {
  return [
    address.street,
    address.locality,
    [address.region, address.postalCode].filter(Boolean).join(' '),
    address.country,
  ]
    .filter((p): p is string => p !== undefined && p !== '')
    .join(', ');
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((t) => b.has(t));

/** Same place: one side's tokens all appear on the other (a page may leave out the postcode or region). */
export function sameAddress(a: string, b: string): boolean {
  const x = addressTokens(a);
  const y = addressTokens(b);
  if (x.size === 0 || y.size === 0) return false;
  return subset(x, y) || subset(y, x);
}

// --- opening hours -------------------------------------------------------------

/** Minutes from midnight, per ISO weekday (1 Monday … 7 Sunday); a day absent is closed. */
export type Week = Map<number, Array<[number, number]>>;

const DAY_NAMES: Array<[RegExp, number]> = [
  [/^mo(n(day)?)?$/, 1],
  [/^tu(e(s(day)?)?)?$/, 2],
  [/^we(d(nesday)?)?$/, 3],
  [/^th(u(r(s(day)?)?)?)?$/, 4],
  [/^fr(i(day)?)?$/, 5],
  [/^sa(t(urday)?)?$/, 6],
  [/^su(n(day)?)?$/, 7],
];

function dayNumberOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\./g, '');
  return DAY_NAMES.find(([re]) => re.test(w))?.[1];
}

const TIME_RANGE =
  /(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(?:-|–|—|to|until|bis)\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?/gi;

function minutes(hour: string, minute: string | undefined, meridiem: string | undefined): number {
  let h = Number(hour) % 24;
  const m = minute === undefined ? 0 : Number(minute);
  const mer = meridiem?.toLowerCase().replace(/\./g, '');
  if (mer === 'pm' && h < 12) h += 12;
  if (mer === 'am' && h === 12) h = 0;
  return h * 60 + m;
}

function parseDays(text: string): number[] | undefined {
  const days = new Set<number>();
  const cleaned = text.replace(/[–—]/g, '-').replace(/\s+to\s+/gi, '-');
  for (const part of cleaned.split(/[,/&+]|\band\b/)) {
    const range = part.trim();
    if (range === '') continue;
    const [first, second, ...rest] = range.split('-').map((s) => s.trim());
    if (rest.length > 0 || first === undefined) return undefined;
    const a = dayNumberOf(first);
    if (a === undefined) return undefined;
    if (second === undefined || second === '') days.add(a);
    else {
      const b = dayNumberOf(second);
      if (b === undefined) return undefined;
      for (let d = a; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === b) break;
      }
    }
  }
  return days.size === 0 ? undefined : [...days];
}

/** Parses opening-hours notations (schema.org `Mo-Fr 09:00-17:30`, `Monday, Tuesday 9am-5pm`, `Sa closed`); undefined when it cannot. */
export function parseOpeningHours(entries: readonly string[]): Week | undefined {
  const week: Week = new Map();
  for (const entry of entries.flatMap((e) => e.split(/[;\n|]/))) {
    const text = entry.trim();
    if (text === '') continue;
    if (/^(24\/7|open 24 hours|always open)$/i.test(text)) {
      for (let d = 1; d <= 7; d++) week.set(d, [[0, 1440]]);
      continue;
    }
    const ranges = [...text.matchAll(TIME_RANGE)];
    const firstRange = ranges[0];
    const dayPart = (firstRange === undefined ? text : text.slice(0, firstRange.index)).replace(
      /[:\s]+$/,
      '',
    );
    const closed = /\b(closed|geschlossen|zamkni[eę]te|ferm[eé]|cerrado|zaprto|κλειστ)/i.test(text);
    const days =
      dayPart === '' ? [1, 2, 3, 4, 5, 6, 7] : parseDays(dayPart.replace(/\b(closed|geschlossen)\b/gi, ''));
    if (days === undefined) return undefined;
    if (ranges.length === 0) {
      if (!closed) return undefined;
      for (const d of days) week.delete(d);
      continue;
    }
    for (const d of days) {
      const intervals = week.get(d) ?? [];
      for (const r of ranges) {
        const open = minutes(r[1] ?? '0', r[2], r[3]);
        let close = minutes(r[4] ?? '0', r[5], r[6]);
        if (close === 0 && open > 0) close = 1440;
        intervals.push([open, close]);
      }
      intervals.sort((a, b) => a[0] - b[0]);
      week.set(d, intervals);
    }
  }
  return week;
}

const SHORT_DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const describeDay = (intervals: Array<[number, number]> | undefined) =>
  intervals === undefined || intervals.length === 0
    ? 'closed'
    : intervals.map(([a, b]) => `${hhmm(a)}–${hhmm(b)}`).join(', ');

/** Days whose hours differ, in plain words (runs of days that differ alike joined); empty when the weeks match. */
export function compareWeeks(expected: Week, seen: Week): string[] {
  const runs: Array<{ first: number; last: number; text: string }> = [];
  for (let d = 1; d <= 7; d++) {
    const a = describeDay(expected.get(d));
    const b = describeDay(seen.get(d));
    if (a === b) continue;
    const text = `${b} on the page, ${a} in the profile`;
    const previous = runs.at(-1);
    if (previous !== undefined && previous.last === d - 1 && previous.text === text) previous.last = d;
    else runs.push({ first: d, last: d, text });
  }
  return runs.map(
    (r) => `${SHORT_DAYS[r.first]}${r.last === r.first ? '' : `–${SHORT_DAYS[r.last]}`}: ${r.text}`,
  );
}

// --- websites and claims -------------------------------------------------------

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url.includes('://') ? url : `https://${url}`).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

const STOP = new Set([
  'in',
  'on',
  'the',
  'a',
  'an',
  'of',
  'to',
  'for',
  'and',
  'or',
  'within',
  'w',
  'z',
  'und',
  'en',
  'de',
  'le',
  'la',
  'el',
  'y',
  'et',
  'v',
]);
const words = (s: string) =>
  stripMarks(s)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/**
 * A claim that states a number ("Delivered in 48 hours") contradicted by a
 * page that states another number about the same thing ("delivered in 24 hours").
 */
export function contradictedClaim(claim: string, description: string): string | undefined {
  const claimWords = words(claim);
  const claimNumbers = claimWords.filter((w) => /^\d+$/.test(w));
  if (claimNumbers.length === 0) return undefined;
  const claimTerms = new Set(claimWords.filter((w) => !/^\d+$/.test(w) && !STOP.has(w)));
  for (const clause of description.split(/[.!?;,\n]+/)) {
    const clauseWords = words(clause);
    const numbers = clauseWords.filter((w) => /^\d+$/.test(w));
    if (numbers.length === 0) continue;
    const shared = clauseWords.filter((w) => claimTerms.has(w)).length;
    if (shared >= Math.min(2, claimTerms.size) && !numbers.some((n) => claimNumbers.includes(n))) {
      return clause.trim();
    }
  }
  return undefined;
}

// --- the comparison ------------------------------------------------------------

export interface SeenIdentity {
  touchpointId: string;
  touchpointName: string;
  sourceId: string;
  seenOn?: string;
  seenAt?: string;
  facts: IdentityFacts;
}

export interface IdentityComparison {
  fieldsCompared: number;
  mismatches: IdentityMismatch[];
}

const MAX_SHOWN = 300;
const clip = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s);

/** Every field a page shows that the profile also states, compared; mismatches listed with both values. */
export function compareIdentity(profile: BrandProfile, pages: readonly SeenIdentity[]): IdentityComparison {
  const mismatches: IdentityMismatch[] = [];
  let fieldsCompared = 0;
  for (const page of pages) {
    const where = {
      touchpointId: page.touchpointId,
      touchpointName: page.touchpointName,
      sourceId: page.sourceId,
      ...(page.seenOn === undefined ? {} : { seenOn: page.seenOn }),
      ...(page.seenAt === undefined ? {} : { seenAt: page.seenAt }),
    };
    const add = (field: IdentityField, expected: string, seen: string, detail: string) =>
      mismatches.push({ field, ...where, expected: clip(expected), seen: clip(seen), detail: clip(detail) });
    const f = page.facts;
    if (f.name !== undefined) {
      fieldsCompared++;
      const names = [profile.displayName, profile.legalName].filter((n): n is string => n !== undefined);
      if (!names.some((n) => normaliseName(n) === normaliseName(f.name ?? '')))
        add('name', names.join(' / '), f.name, 'the name differs');
    }
    if (f.telephone !== undefined && f.telephone.length > 0 && profile.phones.length > 0) {
      fieldsCompared++;
      for (const phone of f.telephone) {
        if (!profile.phones.some((p) => samePhone(p, phone)))
          add('telephone', profile.phones.join(', '), phone, 'a number the profile does not list');
      }
    }
    if (f.address !== undefined && f.address.length > 0 && profile.addresses.length > 0) {
      fieldsCompared++;
      const expected = profile.addresses.map(formatAddress);
      for (const address of f.address) {
        if (!expected.some((e) => sameAddress(e, address)))
          add('address', expected.join(' | '), address, 'an address the profile does not list');
      }
    }
    if (f.openingHours !== undefined && f.openingHours.length > 0 && profile.openingHours.length > 0) {
      fieldsCompared++;
      const expectedWeek = parseOpeningHours(profile.openingHours);
      const seenWeek = parseOpeningHours(f.openingHours);
      const expected = profile.openingHours.join('; ');
      const seen = f.openingHours.join('; ');
      if (expectedWeek === undefined || seenWeek === undefined) {
        const flat = (s: string) => s.toLowerCase().replace(/\s+/g, '');
        if (flat(expected) !== flat(seen))
          add('openingHours', expected, seen, 'the hours are written differently');
      } else {
        const differences = compareWeeks(expectedWeek, seenWeek);
        if (differences.length > 0) add('openingHours', expected, seen, differences.join('; '));
      }
    }
    if (f.url !== undefined && profile.website !== undefined) {
      fieldsCompared++;
      const expected = hostOf(profile.website);
      const seen = hostOf(f.url);
      if (expected !== undefined && seen !== undefined && expected !== seen)
        add('website', profile.website, f.url, `links to ${seen}, not ${expected}`);
    }
    if (f.description !== undefined && profile.claims.length + (profile.tagline === undefined ? 0 : 1) > 0) {
      fieldsCompared++;
      for (const claim of [...(profile.tagline === undefined ? [] : [profile.tagline]), ...profile.claims]) {
        const clause = contradictedClaim(claim, f.description);
        if (clause !== undefined) add('claims', claim, clause, 'the page states another figure');
      }
    }
  }
  return { fieldsCompared, mismatches };
}

/** A stable fingerprint of a mismatch: the same mismatch seen again is not news. */
export function mismatchKey(m: IdentityMismatch): string {
  return `${m.sourceId}|${m.field}|${m.seen.toLowerCase().replace(/\s+/g, ' ').trim()}`;
}
