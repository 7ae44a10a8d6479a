/**
 * Inline SVG charts, built from elements whose attribute values and text are
 * escaped here (never string-interpolated user text). The result is branded
 * `SafeMarkup`: the only thing the HTML template inserts unescaped.
 */
import { escapeXml } from '../../badge/markup.ts';

export interface SafeMarkup {
  readonly markup: string;
  readonly safe: true;
}

type Attr = string | number | undefined;

/** One element; attribute names are this module's own constants, values and text are escaped. */
export function el(
  name: string,
  attrs: Record<string, Attr>,
  ...children: Array<SafeMarkup | string>
): SafeMarkup {
  const attributes = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? fmt(v) : v)}"`)
    .join('');
  const inner = children.map((c) => (typeof c === 'string' ? escapeXml(c) : c.markup)).join('');
  return { markup: `<${name}${attributes}>${inner}</${name}>`, safe: true };
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 100) / 100) : '0');
const group = (...children: SafeMarkup[]): SafeMarkup => ({
  markup: children.map((c) => c.markup).join(''),
  safe: true,
});

export const COLORS = {
  positive: '#2e7d32',
  neutral: '#9e9e9e',
  mixed: '#f2a900',
  negative: '#c62828',
  line: '#1565c0',
  grid: '#e0e0e0',
  text: '#333333',
  muted: '#757575',
};

function frame(width: number, height: number, title: string, ...children: SafeMarkup[]): SafeMarkup {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${width} ${height}`,
      width: '100%',
      role: 'img',
      'aria-label': title,
      'font-family': 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
      'font-size': 14,
    },
    el('title', {}, title),
    ...children,
  );
}

const text = (x: number, y: number, content: string, attrs: Record<string, Attr> = {}) =>
  el('text', { x, y, fill: COLORS.text, ...attrs }, content);

/** Cuts a label to fit roughly `max` characters. */
const clipLabel = (label: string, max: number) =>
  label.length > max ? `${label.slice(0, max - 1)}…` : label;

/** Width of the touchpoint names left of bars and heat-map rows. */
const LABEL_W = 220;
/**
 * A touchpoint's name right-aligned left of its row: at 12px even a wide font
 * fits 26 characters in LABEL_W; a longer name is cut, and kept whole in a
 * tooltip.
 */
const rowLabel = (labelW: number, y: number, label: string) =>
  el(
    'text',
    { x: labelW - 8, y, fill: COLORS.text, 'text-anchor': 'end', 'font-size': 12 },
    el('title', {}, label),
    clipLabel(label, 26),
  );

export interface TrendPoint {
  label: string;
  value: number | null;
  shown: string;
}

/** A line of weekly TrustScores on a 1–5 axis; gaps where a week had no score. */
export function trendChart(title: string, points: readonly TrendPoint[], noData: string): SafeMarkup {
  const W = 640;
  const H = 220;
  const left = 36;
  // Room for the last week's date label, centred on the last point.
  const right = 30;
  const top = 16;
  const bottom = 34;
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (values.length === 0)
    return frame(W, H, title, text(W / 2, H / 2, noData, { 'text-anchor': 'middle', fill: COLORS.muted }));
  const lo = Math.max(1, Math.floor((Math.min(...values) - 0.3) * 2) / 2);
  const hi = Math.min(5, Math.ceil((Math.max(...values) + 0.3) * 2) / 2);
  const span = Math.max(0.5, hi - lo);
  const x = (i: number) => left + ((W - left - right) * i) / Math.max(1, points.length - 1);
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - lo) / span);
  const grid: SafeMarkup[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.5) {
    grid.push(el('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: COLORS.grid }));
    grid.push(
      text(left - 6, y(v) + 4, v.toFixed(1), { 'text-anchor': 'end', fill: COLORS.muted, 'font-size': 12 }),
    );
  }
  const segments: string[] = [];
  let path = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (path !== '') segments.push(path);
      path = '';
      return;
    }
    path += `${path === '' ? 'M' : 'L'}${fmt(x(i))} ${fmt(y(p.value))} `;
  });
  if (path !== '') segments.push(path);
  const labels = points.map((p, i) =>
    i % 2 === (points.length - 1) % 2
      ? text(x(i), H - 12, p.label, { 'text-anchor': 'middle', fill: COLORS.muted, 'font-size': 12 })
      : group(),
  );
  const dots = points.flatMap((p, i) =>
    p.value === null ? [] : [el('circle', { cx: x(i), cy: y(p.value), r: 3.5, fill: COLORS.line })],
  );
  const lastIndex = points.findLastIndex((p) => p.value !== null);
  const last = points[lastIndex];
  return frame(
    W,
    H,
    title,
    ...grid,
    ...segments.map((d) =>
      el('path', { d: d.trim(), fill: 'none', stroke: COLORS.line, 'stroke-width': 2.5 }),
    ),
    ...dots,
    ...labels,
    ...(last?.value === null || last === undefined
      ? []
      : [
          text(x(lastIndex) - 6, y(last.value) - 10, last.shown, {
            'text-anchor': 'end',
            'font-weight': 'bold',
          }),
        ]),
  );
}

export interface SentimentRow {
  label: string;
  positive: number;
  neutral: number;
  mixed: number;
  negative: number;
}

/** 100 % stacked bars, one per touchpoint: positive, neutral, mixed, negative. */
export function sentimentChart(
  title: string,
  rows: readonly SentimentRow[],
  legend: Record<'positive' | 'neutral' | 'mixed' | 'negative', string>,
  noData: string,
): SafeMarkup {
  const W = 640;
  const rowH = 28;
  const labelW = LABEL_W;
  const barW = W - labelW - 44;
  const top = 30;
  const H = top + Math.max(1, rows.length) * rowH + 8;
  const keys = ['positive', 'neutral', 'mixed', 'negative'] as const;
  const legendItems = keys.map((k, i) =>
    group(
      el('rect', { x: labelW + i * 100, y: 6, width: 12, height: 12, fill: COLORS[k], rx: 2 }),
      text(labelW + i * 100 + 16, 16, clipLabel(legend[k], 14), { 'font-size': 13 }),
    ),
  );
  const bars = rows.map((row, r) => {
    const total = keys.reduce((s, k) => s + row[k], 0);
    const y = top + r * rowH;
    const parts: SafeMarkup[] = [rowLabel(labelW, y + 17, row.label)];
    if (total === 0) {
      parts.push(el('rect', { x: labelW, y: y + 4, width: barW, height: rowH - 10, fill: '#f5f5f5' }));
      parts.push(text(labelW + 8, y + 17, noData, { fill: COLORS.muted, 'font-size': 13 }));
      return group(...parts);
    }
    let at = labelW;
    for (const k of keys) {
      const w = (barW * row[k]) / total;
      if (w <= 0) continue;
      parts.push(el('rect', { x: at, y: y + 4, width: w, height: rowH - 10, fill: COLORS[k] }));
      if (w >= 28)
        parts.push(
          text(at + w / 2, y + 17, `${Math.round((100 * row[k]) / total)}%`, {
            'text-anchor': 'middle',
            fill: '#ffffff',
            'font-size': 12,
          }),
        );
      at += w;
    }
    parts.push(text(labelW + barW + 6, y + 17, String(total), { fill: COLORS.muted, 'font-size': 13 }));
    return group(...parts);
  });
  return frame(W, H, title, ...legendItems, ...bars);
}

export interface HeatRow {
  label: string;
  /** Share 0..1 per column, null when nothing was analysed. */
  cells: Array<number | null>;
}

/** Touchpoints × pain points: darker is a larger share of the touchpoint's items. */
export function heatmapChart(
  title: string,
  columns: readonly string[],
  rows: readonly HeatRow[],
): SafeMarkup {
  const W = 640;
  const labelW = LABEL_W;
  const cellW = (W - labelW) / Math.max(1, columns.length);
  const head = 40;
  const rowH = 30;
  const H = head + Math.max(1, rows.length) * rowH + 4;
  const max = Math.max(0.0001, ...rows.flatMap((r) => r.cells.map((c) => c ?? 0)));
  const header = columns.map((c, i) => {
    const words = c.split(' ');
    const half = Math.ceil(words.length / 2);
    const lines =
      words.length > 1 && c.length > 12 ? [words.slice(0, half).join(' '), words.slice(half).join(' ')] : [c];
    return el(
      'text',
      {
        x: labelW + i * cellW + cellW / 2,
        y: lines.length > 1 ? 14 : 26,
        'text-anchor': 'middle',
        'font-size': 12,
        fill: COLORS.text,
      },
      ...lines.map((line, k) =>
        el('tspan', { x: labelW + i * cellW + cellW / 2, dy: k === 0 ? 0 : 12 }, clipLabel(line, 14)),
      ),
    );
  });
  const cells = rows.map((row, r) => {
    const y = head + r * rowH;
    return group(
      rowLabel(labelW, y + 19, row.label),
      ...row.cells.map((share, i) => {
        const v = share ?? 0;
        const intensity = v / max;
        // White to deep red, by share relative to the largest cell.
        const red = Math.round(255 - 57 * intensity);
        const other = Math.round(255 - 215 * intensity);
        const fill = share === null ? '#fafafa' : `rgb(${red},${other},${other})`;
        return group(
          el('rect', {
            x: labelW + i * cellW + 1,
            y: y + 1,
            width: cellW - 2,
            height: rowH - 2,
            fill,
            rx: 3,
          }),
          text(labelW + i * cellW + cellW / 2, y + 19, share === null ? '–' : `${Math.round(v * 100)}%`, {
            'text-anchor': 'middle',
            'font-size': 13,
            // A cell with nothing in it stays quiet, so the ones that matter stand out.
            fill: intensity > 0.55 ? '#ffffff' : v === 0 ? '#bdbdbd' : COLORS.text,
          }),
        );
      }),
    );
  });
  return frame(W, H, title, ...header, ...cells);
}

export interface JourneyPoint {
  label: string;
  positive: number;
  neutral: number;
  negative: number;
}

/** Positive, neutral and negative shares per journey stage, as lines across the stages. */
export function journeyChart(
  title: string,
  stages: readonly JourneyPoint[],
  legend: Record<'positive' | 'neutral' | 'negative', string>,
  noData: string,
): SafeMarkup {
  const W = 640;
  const H = 240;
  const left = 64;
  const right = 64;
  const top = 30;
  const bottom = 34;
  if (stages.length === 0)
    return frame(W, H, title, text(W / 2, H / 2, noData, { 'text-anchor': 'middle', fill: COLORS.muted }));
  const x = (i: number) =>
    stages.length === 1 ? (left + W - right) / 2 : left + ((W - left - right) * i) / (stages.length - 1);
  const y = (share: number) => top + (H - top - bottom) * (1 - share);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((s) =>
    group(
      el('line', { x1: left, x2: W - right, y1: y(s), y2: y(s), stroke: COLORS.grid }),
      text(left - 8, y(s) + 4, `${s * 100}%`, { 'text-anchor': 'end', fill: COLORS.muted, 'font-size': 12 }),
    ),
  );
  const keys = ['positive', 'neutral', 'negative'] as const;
  const share = (p: JourneyPoint, k: (typeof keys)[number]) => {
    const total = p.positive + p.neutral + p.negative;
    return total === 0 ? null : p[k] / total;
  };
  const lines = keys.map((k) => {
    const d = stages
      .map((p, i) => ({ i, s: share(p, k) }))
      .filter((v): v is { i: number; s: number } => v.s !== null)
      .map((v, n) => `${n === 0 ? 'M' : 'L'}${fmt(x(v.i))} ${fmt(y(v.s))}`)
      .join(' ');
    const dots = stages.flatMap((p, i) => {
      const s = share(p, k);
      return s === null ? [] : [el('circle', { cx: x(i), cy: y(s), r: 4, fill: COLORS[k] })];
    });
    return group(
      ...(d === '' ? [] : [el('path', { d, fill: 'none', stroke: COLORS[k], 'stroke-width': 2.5 })]),
      ...dots,
    );
  });
  const labels = stages.map((p, i) =>
    text(x(i), H - 12, clipLabel(p.label, 16), { 'text-anchor': 'middle', 'font-size': 13 }),
  );
  const legendItems = keys.map((k, i) =>
    group(
      el('rect', { x: left + i * 140, y: 6, width: 12, height: 12, fill: COLORS[k], rx: 2 }),
      text(left + i * 140 + 16, 16, clipLabel(legend[k], 14), { 'font-size': 13 }),
    ),
  );
  return frame(W, H, title, ...grid, ...lines, ...labels, ...legendItems);
}
