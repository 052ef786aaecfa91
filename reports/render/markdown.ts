// report.md: GitHub-flavoured Markdown that reads well as a CI job summary. The verdict is the first line.
import type { Report } from '../model.ts';
import { cellText, headline, reportSections, summaryFacts, type Cell, type ListItem, type Section, type Table, type Tone } from './document.ts';

const MARK: Record<Tone, string> = { pass: '✅ ', fail: '❌ ', warn: '⚠️ ', info: 'ℹ️ ', muted: '', skip: '⏭️ ' };
const VERDICT_MARK: Record<Report['verdict'], string> = { pass: '✅', fail: '❌', aborted: '⛔', error: '💥' };

/** Text safe in Markdown and in a table cell: no HTML, no table breaks, no accidental emphasis or links. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

function cell(c: Cell): string {
  const text = escapeMarkdown(cellText(c));
  return typeof c === 'string' ? text : `${MARK[c.tone]}${c.tone === 'fail' ? `**${text}**` : text}`;
}

function table(t: Table): string {
  if (t.rows.length === 0) return '_None._';
  const header = `| ${t.columns.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${t.columns.map(() => '---').join('|')}|`;
  return [header, rule, ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function list(items: ListItem[]): string {
  if (items.length === 0) return '_None._';
  return items
    .map((i) => `- ${MARK[i.tone]}**${escapeMarkdown(i.label)}** ${escapeMarkdown(i.text)}${i.detail ? `<br>_${escapeMarkdown(i.detail)}_` : ''}`)
    .join('\n');
}

function section(s: Section): string {
  const numbered = s.numbered ? s.numbered.map((text, i) => `${i + 1}. ${escapeMarkdown(text)}`).join('\n') : '';
  const body = [s.intro ? escapeMarkdown(s.intro) : '', s.table ? table(s.table) : '', s.items ? list(s.items) : '', numbered].filter(Boolean).join('\n\n');
  if (s.appendix) return `<details><summary>${escapeMarkdown(s.title)}</summary>\n\n${body}\n\n</details>`;
  return `### ${escapeMarkdown(s.title)}\n\n${body}`;
}

export function renderMarkdown(report: Report): string {
  const facts = summaryFacts(report).map(([k, v]) => `- **${escapeMarkdown(k)}**: ${escapeMarkdown(v)}`);
  const parts = [`## ${VERDICT_MARK[report.verdict]} ${escapeMarkdown(headline(report))}`, facts.join('\n'), ...reportSections(report).map(section)];
  return `${parts.join('\n\n')}\n`;
}
