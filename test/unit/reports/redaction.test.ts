import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { looksLikeCredentials, redactParams, REDACTED, scrubText } from '../../../reports/redact.ts';
import { renderHtml } from '../../../reports/render/html.ts';
import { renderJunit } from '../../../reports/render/junit.ts';
import { renderMarkdown } from '../../../reports/render/markdown.ts';
import { buildSeries } from '../../../reports/series.ts';
import { reportJson } from '../../../reports/write.ts';
import { openDrillFixture, readRawDrill, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

describe('redactParams', () => {
  it('redacts secret-looking keys whatever their value, at any depth', () => {
    const out = redactParams({ password: 'p', DATABASE_URL: 'x', apiKey: 1, authToken: null, clientSecret: 's', poolMax: 1, nested: { sessionToken: 't', keep: 'v' } });
    expect(out).toEqual({ password: REDACTED, DATABASE_URL: REDACTED, apiKey: REDACTED, authToken: REDACTED, clientSecret: REDACTED, poolMax: 1, nested: { sessionToken: REDACTED, keep: 'v' } });
  });

  it('redacts string values that carry credentials under innocent keys, in lists too', () => {
    const out = redactParams({ target: 'postgres://app:hunter2@db:5432/clinic', conn: 'host=db user=app password=hunter2', list: ['mysql://u:p@h/d', 'plain'], plain: 'postgres://db:5432/clinic' });
    expect(out).toEqual({ target: REDACTED, conn: REDACTED, list: [REDACTED, 'plain'], plain: 'postgres://db:5432/clinic' });
  });

  it('tells connection strings with credentials from ones without', () => {
    expect(looksLikeCredentials('postgresql://app:s3cret@127.0.0.1/db')).toBe(true);
    expect(looksLikeCredentials("dbname=x password='a b'")).toBe(true);
    expect(looksLikeCredentials('https://example.com/path?q=1')).toBe(false);
    expect(looksLikeCredentials('arn:aws:secretsmanager:us-east-1:000000000000:secret:sandbox/core-api/db')).toBe(false);
  });
});

describe('scrubText', () => {
  it('keeps the message readable and removes only the credentials', () => {
    expect(scrubText('connect to postgres://app:hunter2@db/clinic failed')).toBe(`connect to postgres://app:${REDACTED}@db/clinic failed`);
    expect(scrubText('host=db password=hunter2 sslmode=off')).toBe(`host=db password=${REDACTED} sslmode=off`);
  });

  it('masks what an operator might paste into a game-day note: secret assignments, bearer tokens, AWS key ids', () => {
    expect(scrubText('set DB_PASSWORD=hunter2 and client_secret="abc def" then api_key=k1 && AUTH_TOKEN = t0k3n;')).toBe(
      `set DB_PASSWORD=${REDACTED} and client_secret=${REDACTED} then api_key=${REDACTED} && AUTH_TOKEN = ${REDACTED};`,
    );
    expect(scrubText('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG and AKIAIOSFODNN7EXAMPLE')).toBe(`aws_secret_access_key=${REDACTED} and ${REDACTED}`);
    expect(scrubText('curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"')).toBe(`curl -H "Authorization: Bearer ${REDACTED}"`);
    // Names that merely start with a secret word, and prose, stay readable.
    const prose = 'secretId=sandbox/core-api/db, tagged category=read-simple, the token bucket refilled, bearer of bad news';
    expect(scrubText(prose)).toBe(prose);
    expect(looksLikeCredentials('export GITHUB_TOKEN=ghp_x')).toBe(true);
    expect(looksLikeCredentials(prose)).toBe(false);
  });
});

describe('no secret reaches any output (sentinel)', () => {
  const SENTINELS = ['S3NT1NEL-A', 'S3NT1NEL-B', 'S3NT1NEL-C', 'S3NT1NEL-D', 'S3NT1NEL-E', 'S3NT1NEL-F', 'S3NT1NEL-G', 'S3NT1NEL-H'];
  let fixture: DrillFixture;
  let report: Report;

  beforeAll(() => {
    const raw = readRawDrill();
    raw.faults[0]!.params = { poolMax: 1, DATABASE_URL: `postgres://app:${SENTINELS[0]}@db/clinic`, nested: { apiKey: SENTINELS[1] }, target: `postgres://app:${SENTINELS[2]}@db/clinic` };
    raw.faults[0]!.error = `redeploy used postgres://app:${SENTINELS[3]}@db/clinic`;
    raw.checks[0]!.message = `saw password=${SENTINELS[4]} in the task environment`;
    raw.notes.push({ atS: 70, text: `operator pasted postgresql://admin:${SENTINELS[5]}@10.0.0.5/clinic by mistake` });
    raw.alarms[0]!.transitions[0]!.reason = `reason with redis://u:${SENTINELS[6]}@cache`;
    raw.abortReason = `guardrail; DATABASE_URL=postgres://a:${SENTINELS[7]}@h/d`;
    fixture = openDrillFixture(raw);
    report = buildReport(fixture.input);
  });
  afterAll(() => fixture?.dispose());

  it('report.json, report.md, report.html and junit.xml carry none of the planted secrets', () => {
    const series = buildSeries(fixture.evidence.load, { fromMs: fixture.evidence.loadStartMs, toMs: fixture.evidence.loadStartMs + 10_000 });
    const outputs = { json: reportJson(report), md: renderMarkdown(report), html: renderHtml(report, series), junit: renderJunit(report) };
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of SENTINELS) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
      // junit.xml carries only failed checks' messages, so nothing redacted shows there.
      if (name !== 'junit') expect(text, name).toMatch(/\\?\[redacted\\?\]/); // Markdown escapes the brackets
    }
    expect(report.faults[0]!.params).toEqual({ poolMax: 1, DATABASE_URL: REDACTED, nested: { apiKey: REDACTED }, target: REDACTED });
  });
});
