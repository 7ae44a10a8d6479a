/**
 * The report as one CSV table (RFC 4180, UTF-8 with a BOM so spreadsheets
 * read Polish and Greek right), in long form: one row per figure, pain point,
 * verbatim, mismatch, cluster or alert, so every section fits one header.
 *
 * Formula injection is neutralised (OWASP): a text cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so a
 * spreadsheet shows it as text instead of running it. Numbers are written as
 * numbers and are never prefixed.
 */
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import type { Figures, Report } from '../report.ts';
import { MESSAGES } from './i18n.ts';
import { alertText, formatterFor } from './view.ts';

export const CSV_HEADER = [
  'section',
  'touchpoint_id',
  'touchpoint',
  'key',
  'value',
  'previous',
  'change',
  'text',
] as const;

type CellValue = string | number | null | undefined;

/** A text cell a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const row = (cells: readonly CellValue[]) => cells.map(csvCell).join(',');

const FIGURES: Array<keyof Figures> = [
  'items',
  'reviews',
  'mentions',
  'stars',
  'trustScore',
  'netSentiment',
  'nps',
  'experience',
  'suspiciousShare',
];

export function renderReportCsv(report: Report): string {
  const m = MESSAGES[report.language];
  const f = formatterFor(report.language);
  const lines: string[] = [row(CSV_HEADER)];
  const figureRows = (
    section: string,
    id: string,
    name: string,
    now: Figures,
    before: Figures,
    change: Record<string, number | null>,
  ) => {
    for (const key of FIGURES)
      lines.push(row([section, id, name, key, now[key], before[key], change[key], '']));
  };
  lines.push(
    row([
      'report',
      '',
      report.brandName,
      'period',
      `${report.period.from}/${report.period.to}`,
      `${report.previousPeriod.from}/${report.previousPeriod.to}`,
      null,
      report.language,
    ]),
  );
  figureRows('brand', '', report.brandName, report.brand.figures, report.brand.previous, report.brand.change);
  lines.push(
    row([
      'brand',
      '',
      report.brandName,
      'consistencyIndex',
      report.consistency.index,
      report.consistency.previousIndex,
      null,
      '',
    ]),
  );
  for (const p of report.brand.painPoints)
    lines.push(
      row(['brand-pain-point', '', report.brandName, p.category, p.count, null, null, m.pain[p.category]]),
    );
  for (const t of report.touchpoints) {
    figureRows('touchpoint', t.touchpointId, t.name, t.figures, t.previous, t.change);
    for (const c of PAIN_CATEGORIES)
      if ((t.painCounts[c] ?? 0) > 0)
        lines.push(row(['pain-point', t.touchpointId, t.name, c, t.painCounts[c], null, null, m.pain[c]]));
    for (const p of t.painPoints)
      for (const v of p.verbatims)
        lines.push(row(['verbatim', t.touchpointId, t.name, p.category, v.stars, null, null, v.text]));
  }
  for (const c of report.consistency.touchpoints)
    lines.push(
      row([
        'consistency',
        c.touchpointId,
        c.name,
        c.direction,
        c.shrunk,
        null,
        c.deviation,
        c.tests.map((t) => `${t.kind} p=${t.adjustedP}`).join('; '),
      ]),
    );
  for (const mm of report.identity.mismatches)
    lines.push(
      row([
        'identity',
        mm.touchpointId,
        mm.touchpointName,
        mm.field,
        mm.seen,
        mm.expected,
        null,
        `${mm.detail}${mm.seenOn === undefined ? '' : ` (${mm.seenOn})`}`,
      ]),
    );
  for (const c of report.authenticity.clusters)
    lines.push(
      row([
        'cluster',
        c.touchpoints.join(' '),
        null,
        c.kind,
        c.count,
        null,
        null,
        `${c.from}/${c.to}: ${c.evidence}`,
      ]),
    );
  lines.push(
    row([
      'authenticity',
      '',
      report.brandName,
      'ratingWithFlagged',
      report.authenticity.rating.withFlagged,
      null,
      null,
      '',
    ]),
  );
  lines.push(
    row([
      'authenticity',
      '',
      report.brandName,
      'ratingWithoutFlagged',
      report.authenticity.rating.withoutFlagged,
      null,
      null,
      '',
    ]),
  );
  for (const a of report.alerts)
    lines.push(
      row(['alert', a.touchpointId ?? '', null, a.rule, a.raisedAt, null, null, alertText(m, f, a)]),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
