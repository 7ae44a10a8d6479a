/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts,
 * no script, no external request (a strict Content-Security-Policy says so),
 * printable on A4 and readable on a phone. Rendered with Mustache, which
 * escapes every `{{value}}`; the one raw slot, `{{{svg}}}`, takes only the
 * charts, which `svg.ts` builds from escaped elements.
 */
import Mustache from 'mustache';
import type { Report } from '../report.ts';
import { reportView } from './view.ts';

export const REPORT_TEMPLATE = `<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{{brandName}} · {{title}}</title>
<style>
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --good:#2e7d32; --bad:#c62828; --accent:#1565c0; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif; color:var(--ink); background:var(--bg); }
main { max-width: 1000px; margin: 0 auto; padding: 24px 16px 48px; }
header h1 { margin: 0; font-size: 26px; }
header p { margin: 2px 0; color: var(--muted); }
h2 { font-size: 19px; margin: 32px 0 10px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 10px; margin-top: 18px; }
.kpi { background:#fff; border:1px solid var(--line); border-radius:10px; padding:10px 12px; }
.kpi .label { font-size:12px; color:var(--muted); }
.kpi .value { font-size:26px; font-weight:700; line-height:1.2; }
.kpi .change { font-size:12px; }
.good { color: var(--good); } .bad { color: var(--bad); } .flat { color: var(--muted); }
.attention { background:#fff8e1; border:1px solid #ffe082; border-radius:10px; padding:12px 16px; margin-top:18px; }
.attention h2 { margin:0 0 6px; font-size:17px; }
.attention ul { margin:0; padding-left:20px; }
.charts { display:grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap:12px; }
figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:10px; padding:10px; }
figure.wide { grid-column: 1 / -1; }
/* Charts keep a readable scale: at most 760px wide on a desk, at least 520px on a phone (scrolled sideways). */
figure { overflow-x:auto; }
figure svg { display:block; width:100%; max-width:760px; min-width:520px; height:auto; margin:0 auto; }
figcaption { font-weight:600; margin-bottom:4px; }
.scroll { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:10px; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; white-space:nowrap; }
td.num { text-align:right; white-space:nowrap; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:12px 16px; margin-bottom:10px; }
.status { font-size:13px; font-weight:600; }
.drivers { margin:4px 0 0; padding-left:20px; }
blockquote { margin:6px 0 6px 0; padding:4px 10px; border-left:3px solid var(--line); color:#3e4c59; }
blockquote small { display:block; color:var(--muted); }
.muted { color:var(--muted); font-size:13px; }
.pair { display:flex; gap:24px; flex-wrap:wrap; margin:6px 0 10px; }
.pair b { font-size:20px; }
.evidence { font-size:12px; color:#3e4c59; max-width:420px; overflow-wrap:anywhere; }
footer { margin-top:32px; font-size:12px; color:var(--muted); }
@media (max-width: 600px) { .kpi .value { font-size:22px; } main { padding:16px 10px 32px; } th, td { padding:6px; } }
@media print {
  @page { size: A4; margin: 12mm; }
  figure { overflow:visible; }
  figure svg { min-width:0; max-width:640px; }
  body { background:#fff; font-size:12px; }
  main { max-width:none; padding:0; }
  .kpi, figure, .card, tr, .attention { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<main>
<header>
<h1>{{brandName}} — {{title}}</h1>
<p>{{periodLine}}</p>
<p class="muted">{{generatedLine}}</p>
</header>

<section class="kpis" aria-label="{{title}}">
{{#kpis}}<div class="kpi"><div class="label">{{label}}</div><div class="value">{{value}}</div><div class="change {{tone}}">{{change}}</div></div>
{{/kpis}}
</section>

<section class="attention">
<h2>{{attentionTitle}}</h2>
<ul>
{{#attention}}<li>{{.}}</li>
{{/attention}}
</ul>
</section>

<section class="charts">
{{#charts}}<figure class="{{#wide}}wide{{/wide}}"><figcaption>{{title}}</figcaption>{{{svg}}}</figure>
{{/charts}}
</section>

<h2>{{touchpoints.title}}</h2>
<div class="scroll"><table>
<thead><tr>{{#touchpoints.headings}}<th>{{.}}</th>{{/touchpoints.headings}}</tr></thead>
<tbody>
{{#touchpoints.rows}}<tr>{{#cells}}<td class="{{tone}}">{{text}}</td>{{/cells}}</tr>
{{/touchpoints.rows}}
</tbody>
</table></div>

<h2>{{consistency.title}}</h2>
<p><b>{{consistency.indexLine}}</b> · {{consistency.baselineLine}}</p>
{{#consistency.rows}}<div class="card">
<h3>{{name}} <span class="muted">· {{stage}} · {{experience}}</span></h3>
<div class="status {{tone}}">{{status}}</div>
{{#hasDrivers}}<div class="muted">{{driversLabel}}:</div><ul class="drivers">{{#drivers}}<li>{{.}}</li>{{/drivers}}</ul>{{/hasDrivers}}
{{#painPoints}}<p><b>{{label}}</b></p>
{{#verbatims}}<blockquote>“{{text}}”<small>{{meta}}</small></blockquote>
{{/verbatims}}{{/painPoints}}
</div>
{{/consistency.rows}}

<h2>{{identity.title}}</h2>
<p>{{identity.summary}}</p>
{{#identity.has}}<div class="scroll"><table>
<thead><tr>{{#identity.headings}}<th>{{.}}</th>{{/identity.headings}}</tr></thead>
<tbody>
{{#identity.rows}}<tr><td>{{field}}</td><td>{{touchpoint}}</td><td>{{expected}}</td><td class="bad">{{seen}}</td><td>{{detail}}</td><td class="evidence">{{where}}</td></tr>
{{/identity.rows}}
</tbody>
</table></div>{{/identity.has}}

<h2>{{authenticity.title}}</h2>
<p>{{authenticity.summary}}</p>
<div class="pair"><div>{{authenticity.withLabel}}<br><b>{{authenticity.withValue}}</b></div><div>{{authenticity.withoutLabel}}<br><b>{{authenticity.withoutValue}}</b></div></div>
{{#authenticity.has}}<div class="scroll"><table>
<thead><tr>{{#authenticity.headings}}<th>{{.}}</th>{{/authenticity.headings}}</tr></thead>
<tbody>
{{#authenticity.rows}}<tr><td>{{kind}}</td><td>{{window}}</td><td>{{touchpoints}}</td><td class="num">{{reviews}}</td><td class="num">{{stars}}</td><td class="evidence">{{evidence}}</td></tr>
{{/authenticity.rows}}
</tbody>
</table></div>{{/authenticity.has}}
{{^authenticity.has}}<p class="muted">{{authenticity.none}}</p>{{/authenticity.has}}

<h2>{{alerts.title}}</h2>
{{#alerts.has}}<div class="scroll"><table>
<thead><tr>{{#alerts.headings}}<th>{{.}}</th>{{/alerts.headings}}</tr></thead>
<tbody>
{{#alerts.rows}}<tr><td>{{raised}}</td><td class="{{#severity}}bad{{/severity}}">{{rule}}</td><td>{{summary}}</td></tr>
{{/alerts.rows}}
</tbody>
</table></div>{{/alerts.has}}
{{^alerts.has}}<p class="muted">{{alerts.none}}</p>{{/alerts.has}}

<footer>
<h2>{{methodsTitle}}</h2>
<ul>{{#methods}}<li>{{.}}</li>{{/methods}}</ul>
<p>{{note}}</p>
</footer>
</main>
</body>
</html>
`;

/** Mustache's default escaping, stated: `& < > " ' / \` =` become entities. */
export function renderReportHtml(report: Report): string {
  return Mustache.render(REPORT_TEMPLATE, reportView(report));
}
