/**
 * The report as a person reads it: every figure formatted for the report's
 * language, every sentence written, every chart drawn. The templates (HTML,
 * e-mail) only place these strings; all logic is here, and tested.
 */
import { PAIN_CATEGORIES } from '#lib/domain/model.ts';
import type { Alert } from '../alert.ts';
import type { Driver, Figures, Report } from '../report.ts';
import type { ReportLanguage } from '../settings.ts';
import { fill, MESSAGES, type Messages } from './i18n.ts';
import { heatmapChart, journeyChart, type SafeMarkup, sentimentChart, trendChart } from './svg.ts';

const LOCALES: Record<ReportLanguage, string> = {
  en: 'en-GB',
  pl: 'pl-PL',
  sl: 'sl-SI',
  el: 'el-GR',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
};

export interface Formatter {
  number(x: number | null, digits?: number): string;
  signed(x: number | null, digits?: number): string;
  percent(share: number | null): string;
  day(day: string): string;
  dayShort(day: string): string;
  dateTime(iso: string): string;
}

export function formatterFor(language: ReportLanguage): Formatter {
  const locale = LOCALES[language];
  const numbers = new Map<number, Intl.NumberFormat>();
  const num = (digits: number) => {
    let f = numbers.get(digits);
    if (f === undefined) {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
      numbers.set(digits, f);
    }
    return f;
  };
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const long = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  return {
    number: (x, digits = 1) => (x === null ? '–' : num(digits).format(x)),
    signed: (x, digits = 1) =>
      x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${num(digits).format(Math.abs(x))}`,
    percent: (share) => (share === null ? '–' : pct.format(share)),
    day: (day) => long.format(new Date(`${day}T00:00:00Z`)),
    dayShort: (day) => short.format(new Date(`${day}T00:00:00Z`)),
    dateTime: (iso) => stamp.format(new Date(iso)),
  };
}

export interface Kpi {
  label: string;
  value: string;
  change: string;
  /** good / bad / flat: the colour of the change, by which way is better for this figure. */
  tone: 'good' | 'bad' | 'flat';
}

export interface Cell {
  text: string;
  tone?: 'good' | 'bad' | 'flat';
}

export interface ReportView {
  lang: ReportLanguage;
  title: string;
  brandName: string;
  periodLine: string;
  generatedLine: string;
  kpis: Kpi[];
  attentionTitle: string;
  attention: string[];
  charts: Array<{ title: string; svg: string; wide: boolean }>;
  touchpoints: { title: string; headings: string[]; rows: Array<{ cells: Cell[] }> };
  consistency: {
    title: string;
    indexLine: string;
    baselineLine: string;
    dragsLabel: string;
    verbatimsLabel: string;
    rows: Array<{
      name: string;
      stage: string;
      experience: string;
      status: string;
      tone: 'good' | 'bad' | 'flat';
      drivers: string[];
      /** "What drags it down", or for a touchpoint above the brand, "worth watching all the same". */
      driversLabel: string;
      hasDrivers: boolean;
      painPoints: Array<{ label: string; verbatims: Array<{ text: string; meta: string }> }>;
      hasPainPoints: boolean;
    }>;
  };
  identity: {
    title: string;
    summary: string;
    headings: string[];
    rows: Array<{
      field: string;
      touchpoint: string;
      expected: string;
      seen: string;
      where: string;
      detail: string;
    }>;
    has: boolean;
  };
  authenticity: {
    title: string;
    summary: string;
    withLabel: string;
    withValue: string;
    withoutLabel: string;
    withoutValue: string;
    none: string;
    headings: string[];
    rows: Array<{
      kind: string;
      window: string;
      touchpoints: string;
      reviews: string;
      stars: string;
      evidence: string;
    }>;
    has: boolean;
  };
  alerts: {
    title: string;
    none: string;
    headings: string[];
    rows: Array<{ raised: string; rule: string; summary: string; severity: string }>;
    has: boolean;
  };
  methodsTitle: string;
  methods: string[];
  note: string;
}

type Better = 'up' | 'down';
const tone = (change: number | null, better: Better): 'good' | 'bad' | 'flat' =>
  change === null || change === 0 ? 'flat' : change > 0 === (better === 'up') ? 'good' : 'bad';

function driverText(m: Messages, f: Formatter, d: Driver): string {
  const pct = (x: number) => f.percent(x);
  switch (d.kind) {
    case 'pain-point':
      return fill(m.drivers.painPoint, {
        category: d.category === undefined ? '' : m.pain[d.category],
        value: pct(d.value),
        brand: pct(d.brandValue),
      });
    case 'negative-sentiment':
      return fill(m.drivers.negativeSentiment, { value: pct(d.value), brand: pct(d.brandValue) });
    case 'low-stars':
      return fill(m.drivers.lowStars, { value: f.number(d.value, 1), brand: f.number(d.brandValue, 1) });
    case 'detractors':
      return fill(m.drivers.detractors, { value: pct(d.value), brand: pct(d.brandValue) });
    case 'suspicious':
      return fill(m.drivers.suspicious, { value: pct(d.value), brand: pct(d.brandValue) });
  }
}

/** An alert's one line, in the report's language, from its figures. */
export function alertText(m: Messages, f: Formatter, alert: Alert): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(alert.figures)) {
    if (v === null) values[k] = '–';
    else if (typeof v === 'number')
      values[k] =
        /rate|threshold/i.test(k) && alert.rule === 'negative-spike'
          ? f.percent(v)
          : f.number(v, Number.isInteger(v) ? 0 : 1);
    else values[k] = v;
  }
  const template = m.ruleSummaries[alert.rule];
  // An alert missing a figure its sentence needs (raised by an older version) shows its own summary.
  const needed = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return needed.every((name) => name in values) ? fill(template, values) : alert.summary;
}

const figureKpis = (
  m: Messages,
  f: Formatter,
  now: Figures,
  change: Report['brand']['change'],
  consistency: { index: number | null; previous: number | null },
): Kpi[] => {
  const consistencyChange =
    consistency.index === null || consistency.previous === null
      ? null
      : consistency.index - consistency.previous;
  return [
    {
      label: m.kpi.trustScore,
      value: f.number(now.trustScore, 1),
      change: f.signed(change.trustScore, 1),
      tone: tone(change.trustScore, 'up'),
    },
    {
      label: m.kpi.reviews,
      value: f.number(now.reviews, 0),
      change: f.signed(change.reviews, 0),
      tone: 'flat',
    },
    {
      label: m.kpi.netSentiment,
      value: f.signed(now.netSentiment, 0),
      change: f.signed(change.netSentiment, 0),
      tone: tone(change.netSentiment, 'up'),
    },
    {
      label: m.kpi.nps,
      value: f.signed(now.nps, 0),
      change: f.signed(change.nps, 0),
      tone: tone(change.nps, 'up'),
    },
    {
      label: m.kpi.experience,
      value: f.number(now.experience, 1),
      change: f.signed(change.experience, 1),
      tone: tone(change.experience, 'up'),
    },
    {
      label: m.kpi.consistency,
      value: consistency.index === null ? '–' : `${consistency.index}/100`,
      change: f.signed(consistencyChange, 0),
      tone: tone(consistencyChange, 'up'),
    },
    {
      label: m.kpi.suspicious,
      value: f.percent(now.suspiciousShare),
      change: f.signed(change.suspiciousShare === null ? null : change.suspiciousShare * 100, 0),
      tone: tone(change.suspiciousShare, 'down'),
    },
  ];
};

export function reportView(report: Report): ReportView {
  const m = MESSAGES[report.language];
  const f = formatterFor(report.language);
  const b = report.brand;

  const attention: string[] = [];
  const weakest = report.consistency.touchpoints.find((t) => t.direction === 'below');
  if (weakest !== undefined) {
    const drivers = weakest.drivers.map((d) => driverText(m, f, d));
    attention.push(
      fill(m.attention.weakest, {
        touchpoint: weakest.name,
        experience: f.number(weakest.experience, 1),
        baseline: f.number(report.consistency.baseline.experience, 1),
        drivers: drivers.length === 0 ? '' : ` — ${drivers.join('; ')}`,
      }),
    );
  } else attention.push(m.attention.allInLine);
  const topPain = b.painPoints[0];
  if (topPain !== undefined)
    attention.push(
      fill(m.attention.topPain, { category: m.pain[topPain.category], share: f.percent(topPain.share) }),
    );
  attention.push(
    report.identity.mismatches.length > 0
      ? fill(m.attention.mismatches, { count: report.identity.mismatches.length })
      : m.attention.noMismatch,
  );
  if (report.authenticity.clusters.length > 0)
    attention.push(
      fill(m.attention.clusters, {
        flagged: report.authenticity.flaggedReviews,
        clusters: report.authenticity.clusters.length,
        without: f.number(report.authenticity.rating.withoutFlagged, 2),
        with: f.number(report.authenticity.rating.withFlagged, 2),
      }),
    );
  if (report.alerts.length > 0) attention.push(fill(m.attention.alerts, { count: report.alerts.length }));

  const charts: SafeMarkup[] = [];
  const trend = trendChart(
    m.charts.trend,
    report.trend.map((p) => ({ label: f.dayShort(p.day), value: p.score, shown: f.number(p.score, 1) })),
    m.charts.noData,
  );
  charts.push(trend);
  const sentiment = sentimentChart(
    m.charts.sentiment,
    report.touchpoints.map((t) => ({
      label: t.name,
      positive: t.sentiment.positive,
      neutral: t.sentiment.neutral,
      mixed: t.sentiment.mixed,
      negative: t.sentiment.negative,
    })),
    {
      positive: m.sentiment.positive,
      neutral: m.sentiment.neutral,
      mixed: m.sentiment.mixed,
      negative: m.sentiment.negative,
    },
    m.charts.noData,
  );
  const heatmap = heatmapChart(
    m.charts.heatmap,
    PAIN_CATEGORIES.map((c) => m.pain[c]),
    report.touchpoints.map((t) => {
      const analysed = t.sentiment.analysed;
      return {
        label: t.name,
        cells: PAIN_CATEGORIES.map((c) => {
          if (analysed === 0) return null;
          return (t.painCounts[c] ?? 0) / analysed;
        }),
      };
    }),
  );
  const journey = journeyChart(
    m.charts.journey,
    report.journey.map((s) => ({
      label: m.stages[s.stage],
      positive: s.positive,
      neutral: s.neutral + s.mixed,
      negative: s.negative,
    })),
    { positive: m.sentiment.positive, neutral: m.sentiment.neutral, negative: m.sentiment.negative },
    m.charts.noData,
  );

  const rowsOfTouchpoints = report.touchpoints.map((t) => ({
    cells: [
      { text: t.name },
      { text: `${m.stages[t.stage]} · ${m.channels[t.channel]}` },
      { text: `${f.number(t.figures.items, 0)} (${f.signed(t.change.items, 0)})` },
      { text: f.number(t.figures.trustScore, 1) },
      { text: f.number(t.figures.stars, 1) },
      { text: f.signed(t.figures.netSentiment, 0) },
      { text: f.signed(t.figures.nps, 0) },
      { text: f.number(t.figures.experience, 1) },
      { text: f.percent(t.figures.suspiciousShare) },
      { text: f.signed(t.change.experience, 1), tone: tone(t.change.experience, 'up') },
    ] satisfies Cell[],
  }));

  const byId = new Map(report.touchpoints.map((t) => [t.touchpointId, t]));
  const consistencyRows = report.consistency.touchpoints.map((row) => {
    const tp = byId.get(row.touchpointId);
    const painPoints = (tp?.painPoints ?? []).map((p) => ({
      label: `${m.pain[p.category]} · ${f.percent(p.share)}`,
      verbatims: p.verbatims.map((v) => ({
        text: v.text,
        meta: `${v.stars === null ? '' : `${'★'.repeat(v.stars)} · `}${f.day(v.publishedAt.slice(0, 10))}`,
      })),
    }));
    return {
      name: row.name,
      stage: m.stages[row.stage],
      experience: f.number(row.experience, 1),
      status:
        row.direction === 'below'
          ? m.consistency.below
          : row.direction === 'above'
            ? m.consistency.above
            : m.consistency.inLine,
      tone:
        row.direction === 'below'
          ? ('bad' as const)
          : row.direction === 'above'
            ? ('good' as const)
            : ('flat' as const),
      drivers: row.drivers.map((d) => driverText(m, f, d)),
      driversLabel: row.direction === 'above' ? m.consistency.watch : m.consistency.drags,
      hasDrivers: row.drivers.length > 0,
      painPoints,
      hasPainPoints: painPoints.length > 0,
    };
  });

  const where = (mm: Report['identity']['mismatches'][number]) =>
    [mm.seenOn, mm.seenAt === undefined ? undefined : f.dateTime(mm.seenAt)].filter(Boolean).join(' · ');

  return {
    lang: report.language,
    title: m.title,
    brandName: report.brandName,
    periodLine: fill(m.period, {
      from: f.day(report.period.from),
      to: f.day(report.period.to),
      previousFrom: f.day(report.previousPeriod.from),
      previousTo: f.day(report.previousPeriod.to),
    }),
    generatedLine: fill(m.generated, { date: f.dateTime(report.generatedAt) }),
    kpis: figureKpis(m, f, b.figures, b.change, {
      index: report.consistency.index,
      previous: report.consistency.previousIndex,
    }),
    attentionTitle: m.attention.title,
    attention,
    charts: [
      { title: m.charts.trend, svg: trend.markup, wide: true },
      { title: m.charts.journey, svg: journey.markup, wide: true },
      { title: m.charts.sentiment, svg: sentiment.markup, wide: true },
      { title: m.charts.heatmap, svg: heatmap.markup, wide: true },
    ],
    touchpoints: {
      title: m.sections.touchpoints,
      headings: [
        m.columns.touchpoint,
        `${m.columns.stage} · ${m.columns.channel}`,
        m.columns.volume,
        m.columns.trustScore,
        m.columns.stars,
        m.columns.netSentiment,
        m.columns.nps,
        m.columns.experience,
        m.columns.suspicious,
        `Δ ${m.columns.experience}`,
      ],
      rows: rowsOfTouchpoints,
    },
    consistency: {
      title: m.sections.consistency,
      indexLine: fill(m.consistency.index, { index: report.consistency.index ?? '–' }),
      baselineLine: fill(m.consistency.baseline, {
        experience: f.number(report.consistency.baseline.experience, 1),
      }),
      dragsLabel: m.consistency.drags,
      verbatimsLabel: m.sections.verbatims,
      rows: consistencyRows,
    },
    identity: {
      title: m.sections.identity,
      summary:
        report.identity.mismatches.length === 0
          ? fill(m.identity.none, {
              fields: report.identity.fieldsCompared,
              sources: report.identity.sourcesChecked,
            })
          : fill(m.identity.summary, {
              count: report.identity.mismatches.length,
              fields: report.identity.fieldsCompared,
              sources: report.identity.sourcesChecked,
            }),
      headings: [
        m.columns.field,
        m.columns.touchpoint,
        m.columns.profile,
        m.columns.seen,
        m.columns.detail,
        m.columns.where,
      ],
      rows: report.identity.mismatches.map((mm) => ({
        field: m.fields[mm.field],
        touchpoint: mm.touchpointName,
        expected: mm.expected,
        seen: mm.seen,
        where: where(mm),
        detail: mm.detail,
      })),
      has: report.identity.mismatches.length > 0,
    },
    authenticity: {
      title: m.sections.authenticity,
      summary: fill(m.authenticity.summary, {
        flagged: report.authenticity.flaggedReviews,
        analysed: report.authenticity.analysedReviews,
        share: f.percent(report.authenticity.share),
      }),
      withLabel: m.authenticity.with,
      withValue: `${f.number(report.authenticity.rating.withFlagged, 2)}★`,
      withoutLabel: m.authenticity.without,
      withoutValue: `${f.number(report.authenticity.rating.withoutFlagged, 2)}★`,
      none: m.authenticity.none,
      headings: [
        m.columns.kind,
        m.columns.window,
        m.columns.touchpoint,
        m.columns.reviews,
        m.columns.stars,
        m.columns.evidence,
      ],
      rows: report.authenticity.clusters.map((c) => ({
        kind: m.clusterKinds[c.kind],
        window: `${f.dateTime(c.from)} – ${f.dateTime(c.to)}`,
        touchpoints: c.touchpoints.map((id) => byId.get(id)?.name ?? id).join(', '),
        reviews: String(c.count),
        stars: f.number(c.meanStars, 1),
        evidence: c.evidence,
      })),
      has: report.authenticity.clusters.length > 0,
    },
    alerts: {
      title: m.sections.alerts,
      none: m.alerts.none,
      headings: [m.columns.raised, m.columns.alert, m.columns.evidence],
      rows: report.alerts.map((a) => ({
        raised: f.dateTime(a.raisedAt),
        rule: m.rules[a.rule],
        summary: alertText(m, f, a),
        severity: a.severity,
      })),
      has: report.alerts.length > 0,
    },
    methodsTitle: m.sections.methods,
    methods: m.methods,
    note: fill(m.itemsNote, { limit: report.itemsRead.perTouchpointLimit }),
  };
}
