/**
 * The e-mail that says a report is ready: the headline figures and what needs
 * attention, with links to the full report and its CSV. HTML through Mustache
 * (escaped), plain text beside it.
 */
import Mustache from 'mustache';
import type { Report } from '../report.ts';
import { fill, MESSAGES } from './i18n.ts';
import { formatterFor, reportView } from './view.ts';

export interface ReportEmail {
  subject: string;
  html: string;
  text: string;
}

const EMAIL_TEMPLATE = `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{subject}}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;max-width:600px;margin:0 auto;padding:16px">
<h1 style="font-size:20px;margin:0 0 4px">{{brandName}} — {{title}}</h1>
<p style="color:#616e7c;margin:0 0 16px">{{periodLine}}</p>
<p>{{intro}}</p>
<table role="presentation" style="border-collapse:collapse;width:100%;margin:8px 0 16px">
{{#kpis}}<tr><td style="padding:4px 0;color:#616e7c">{{label}}</td><td style="padding:4px 0;font-weight:700;text-align:right">{{value}}</td><td style="padding:4px 0 4px 10px;text-align:right;color:#616e7c">{{change}}</td></tr>
{{/kpis}}</table>
<h2 style="font-size:16px">{{attentionTitle}}</h2>
<ul>{{#attention}}<li>{{.}}</li>{{/attention}}</ul>
<p><a href="{{htmlUrl}}" style="background:#1565c0;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">{{open}}</a></p>
<p><a href="{{csvUrl}}">{{csv}}</a></p>
</body></html>
`;

/** Links must be http(s); anything else is dropped rather than put into an href. */
const safeLink = (url: string) => (/^https?:\/\//i.test(url) ? url : '#');

export function renderReportEmail(report: Report, links: { html: string; csv: string }): ReportEmail {
  const m = MESSAGES[report.language];
  const f = formatterFor(report.language);
  const view = reportView(report);
  const subject = fill(m.email.subject, {
    brand: report.brandName,
    from: f.day(report.period.from),
    to: f.day(report.period.to),
  }).replace(/[\r\n]+/g, ' ');
  const intro = fill(m.email.intro, { brand: report.brandName });
  const html = Mustache.render(EMAIL_TEMPLATE, {
    ...view,
    subject,
    intro,
    open: m.email.open,
    csv: m.email.csv,
    htmlUrl: safeLink(links.html),
    csvUrl: safeLink(links.csv),
  });
  const text = [
    `${report.brandName} — ${m.title}`,
    view.periodLine,
    '',
    intro,
    '',
    ...view.kpis.map((k) => `${k.label}: ${k.value} (${k.change})`),
    '',
    `${view.attentionTitle}:`,
    ...view.attention.map((a) => `- ${a}`),
    '',
    `${m.email.open}: ${safeLink(links.html)}`,
    `${m.email.csv}: ${safeLink(links.csv)}`,
    '',
  ].join('\n');
  return { subject, html, text };
}
