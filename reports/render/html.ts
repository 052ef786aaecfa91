// report.html: one self-contained file that opens offline. uPlot (small, canvas-based, fast on many points), its CSS,
// the chart code and the data are all inlined; a Content-Security-Policy forbids every network fetch. Every piece of
// text from the report is escaped, and the data travels as JSON in a non-executable script element.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Report } from '../model.ts';
import type { ReportSeries } from '../series.ts';
import { chartData, type ChartData } from './chart-data.ts';
import { cellText, headline, reportSections, summaryFacts, verdictTone, type Cell, type ListItem, type Section, type Table } from './document.ts';

const require = createRequire(import.meta.url);

interface Assets {
  uplotJs: string;
  uplotCss: string;
  chartsJs: string;
  reportCss: string;
}

let assets: Assets | undefined;

/** Read at render time from the installed uPlot and from reports/render/client/, once per process. */
function loadAssets(): Assets {
  if (assets) return assets;
  const read = (file: string | URL) => readFileSync(file, 'utf8');
  assets = {
    uplotJs: read(require.resolve('uplot/dist/uPlot.iife.min.js')),
    uplotCss: read(require.resolve('uplot/dist/uPlot.min.css')),
    chartsJs: read(new URL('./client/charts.js', import.meta.url)),
    reportCss: read(new URL('./client/report.css', import.meta.url)),
  };
  return assets;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that cannot end its <script> element or start a comment, whatever strings it holds. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline code must not contain the end tag of its own element. */
const inlineScript = (code: string) => `<script>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
const inlineStyle = (css: string) => `<style>${css.replace(/<\/(style)/gi, '<\\/$1')}</style>`;

const NUMERIC = /^[-+]?[\d.,]+( ?(ms|s|%|req\/s))?( \(.*\))?$/;

function cellHtml(c: Cell): string {
  const text = escapeHtml(cellText(c));
  if (typeof c !== 'string') return `<td class="tone-${c.tone}">${text}</td>`;
  return NUMERIC.test(c) ? `<td class="num">${text}</td>` : `<td>${text}</td>`;
}

function tableHtml(t: Table): string {
  if (t.rows.length === 0) return '<p class="empty">None.</p>';
  const head = `<thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
  return `<table class="data">${head}<tbody>${t.rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('')}</tbody></table>`;
}

function itemsHtml(items: ListItem[]): string {
  if (items.length === 0) return '<p class="empty">None.</p>';
  const li = (i: ListItem) =>
    `<li><span class="tone-${i.tone}">${escapeHtml(i.label)}</span> ${escapeHtml(i.text)}${i.detail ? `<span class="detail">${escapeHtml(i.detail)}</span>` : ''}</li>`;
  return `<ul class="items">${items.map(li).join('')}</ul>`;
}

function sectionHtml(s: Section): string {
  const numbered = s.numbered ? `<ol class="numbered">${s.numbered.map((text) => `<li>${escapeHtml(text)}</li>`).join('')}</ol>` : '';
  const body = [s.intro ? `<p>${escapeHtml(s.intro)}</p>` : '', s.table ? tableHtml(s.table) : '', s.items ? itemsHtml(s.items) : '', numbered].join('');
  if (s.appendix) return `<details id="${s.id}"><summary>${escapeHtml(s.title)}</summary>${body}</details>`;
  return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${body}</section>`;
}

/** One container per chart; ids match what charts.js mounts into. */
function chartsHtml(data: ChartData): string {
  const ids = [...data.latency.map((l) => l.id), 'load', ...(data.alarms.length > 0 ? ['alarms'] : []), 'health'];
  const intro = `Shaded: fault windows (from when the fault took effect to its restore). Dashed lines: SLO thresholds over the phases they apply to. Buckets of ${data.bucketSeconds} s; times in UTC.`;
  return `<section id="charts"><h2>Charts</h2><p>${escapeHtml(intro)}</p>${ids.map((id) => `<div class="chart" id="chart-${id}"></div>`).join('')}</section>`;
}

export function renderHtml(report: Report, series: ReportSeries): string {
  const a = loadAssets();
  const data = chartData(report, series);
  const sections = reportSections(report);
  // The verdict's evidence first (criteria, observations), then the charts, then the detail.
  const first = sections.filter((s) => s.id === 'criteria' || s.id === 'observations' || s.id === 'retrospective');
  const rest = sections.filter((s) => !first.includes(s));
  const facts = summaryFacts(report).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const toc = [...sections.filter((s) => !s.appendix), { id: 'charts', title: 'Charts' }].map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(headline(report))}</title>
${inlineStyle(a.uplotCss)}
${inlineStyle(a.reportCss)}
</head>
<body>
<header class="verdict ${verdictTone(report.verdict)}"><h1>${escapeHtml(headline(report))}</h1></header>
<dl class="facts">${facts}</dl>
<nav class="toc">${toc}</nav>
${first.map(sectionHtml).join('\n')}
${chartsHtml(data)}
${rest.map(sectionHtml).join('\n')}
<script type="application/json" id="firedrill-data">${scriptJson(data)}</script>
${inlineScript(a.uplotJs)}
${inlineScript(a.chartsJs)}
</body>
</html>
`;
}
