// The GitHub Actions examples users copy, and docs/ci.md that shows them: they must parse, call the CLI as it is
// today, name files that exist, and stay identical to each other.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../../lib/paths.ts';
import { cliProblem, codeBlocks, firedrillCommands, shellWords } from './command-lines.ts';

const examplesDir = join(projectRoot, 'examples', 'ci', 'github');
const docsFile = join(projectRoot, 'docs', 'ci.md');
const exampleFiles = readdirSync(examplesDir).filter((f) => f.endsWith('.yml')).sort();

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  needs?: string;
  if?: string;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(examplesDir, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const drillJob = (w: Workflow) => w.jobs.drill!;
const stepUsing = (w: Workflow, action: string) => steps(w).find((s) => s.uses?.startsWith(`${action}@`));
const runCommands = (file: string) => firedrillCommands(text(file)).filter((words) => words[0] === 'run');
const optionValue = (words: string[], flag: string) => words[words.indexOf(flag) + 1];

describe('the command line checker', () => {
  it('reads shell words as the shell would, up to the first operator', () => {
    expect(shellWords(' run a.yaml --baseline "$PREV" --ci || code=$?')).toEqual(['run', 'a.yaml', '--baseline', '$PREV', '--ci']);
    expect(shellWords(" report 'dir with space' > out.txt")).toEqual(['report', 'dir with space']);
    expect(shellWords(' restore --env staging # afterwards')).toEqual(['restore', '--env', 'staging']);
    expect(firedrillCommands('x && npx firedrill run a.yaml \\\n    --ci\nnpx firedrill sandbox down')).toEqual([['run', 'a.yaml', '--ci'], ['sandbox', 'down']]);
  });

  it('refuses what the CLI refuses: unknown commands and flags, missing or extra arguments, a flag without its value', () => {
    expect(cliProblem(['run', 'a.yaml', '--ci', '--baseline', '$PREV', '--fail-on-regression'])).toBeUndefined();
    expect(cliProblem(['rn', 'a.yaml'])).toMatch(/unknown command "rn"/);
    expect(cliProblem(['run', 'a.yaml', '--baseline-file', 'b.json'])).toMatch(/--baseline-file/);
    expect(cliProblem(['run', '--ci'])).toMatch(/0 argument\(s\), expected 1\.\.1/);
    expect(cliProblem(['restore', 'extra'])).toMatch(/1 argument\(s\), expected 0\.\.0/);
    expect(cliProblem(['run', 'a.yaml', '--out'])).toMatch(/--out/);
  });
});

describe.each(exampleFiles)('examples/ci/github/%s', (file) => {
  const w = workflow(file);

  it('is a workflow: triggers, permissions, jobs with steps, a drill job with a time limit', () => {
    expect(w.name).toMatch(/^firedrill /);
    expect(Object.keys(w.on)).toContain('workflow_dispatch');
    expect(w.permissions.contents).toBe('read');
    expect(drillJob(w)['runs-on']).toBe('ubuntu-latest');
    expect(drillJob(w)['timeout-minutes']).toBeGreaterThan(0);
    for (const job of Object.values(w.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it('pins every action to a major version and installs the pinned toolchain', () => {
    for (const s of steps(w).filter((s) => s.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    expect(stepUsing(w, 'actions/setup-node')?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    const cache = stepUsing(w, 'actions/cache');
    expect(cache?.with?.path).toBe('.tools');
    expect(cache?.with?.key).toContain("hashFiles('scripts/k6/go.sum')");
    expect(stepUsing(w, 'actions/setup-go')?.if).toBe(`steps.${cache?.id}.outputs.cache-hit != 'true'`);
    expect(drillJob(w).steps.map((s) => s.run)).toContain('npm run bootstrap');
  });

  it('runs the drill with --ci into the folder it uploads, whatever the outcome, with a retention period', () => {
    const runs = runCommands(file);
    expect(runs.length).toBeGreaterThan(0);
    const out = optionValue(runs[0]!, '--out');
    for (const words of runs) {
      expect(words).toContain('--ci');
      expect(optionValue(words, '--out')).toBe(out);
    }
    const upload = stepUsing(w, 'actions/upload-artifact');
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.path).replace(/\/$/, '')).toBe(out);
    expect(upload?.with?.['retention-days']).toBeGreaterThan(0);
  });

  it('calls firedrill only as its CLI accepts', () => {
    const lines = firedrillCommands(text(file));
    expect(lines.length).toBeGreaterThan(0);
    for (const words of lines) expect(cliProblem(words), words.join(' ')).toBeUndefined();
  });

  it('has shell steps that bash parses and that take values through env:, never ${{ }} inside the script', () => {
    for (const s of steps(w).filter((s) => s.run)) {
      expect(s.run, s.name ?? s.run).not.toContain('${{');
      const check = spawnSync('bash', ['-n'], { input: s.run, encoding: 'utf8', timeout: 10_000 });
      expect(check.status, `${s.name ?? s.run}: ${check.stderr}`).toBe(0);
    }
  });

  it('names files that exist in the repository', () => {
    const named = [...text(file).matchAll(/\b(experiments\/[\w.-]+\.ya?ml|scripts\/k6\/[\w.-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const path of named) expect(existsSync(join(projectRoot, path)), path).toBe(true);
  });
});

describe('the pre-release gate', () => {
  const w = workflow('pre-release-gate.yml');

  it('assumes the role through OIDC, from a repository variable, one drill on staging at a time', () => {
    expect(w.permissions['id-token']).toBe('write');
    expect(w.on.pull_request).toEqual({ branches: ['release/**'] });
    expect(stepUsing(w, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.\w+ \}\}$/);
    expect(w.concurrency).toEqual({ group: 'firedrill-staging', 'cancel-in-progress': false });
  });

  it('restores and explains every exit code after the drill, even a cancelled one', () => {
    const byName = (name: string) => drillJob(w).steps.find((s) => s.name === name);
    expect(byName('Restore anything left applied')?.if).toMatch(/^always\(\)/);
    expect(firedrillCommands(byName('Restore anything left applied')?.run ?? '')).toEqual([['restore', '--env', 'environments/staging.yaml']]);
    const explain = byName('Explain the exit code');
    expect(explain?.env?.CODE).toBe('${{ steps.drill.outputs.exit-code }}');
    for (const code of ['0', '1', '2', '3', '4', '*']) expect(explain?.run).toContain(`\n  ${code}) meaning=`);
  });
});

describe('the monthly regression', () => {
  const file = 'monthly-regression.yml';
  const w = workflow(file);

  it('runs on a schedule (and by hand) with the permissions to read earlier runs', () => {
    const schedule = w.on.schedule as Array<{ cron: string }>;
    expect(schedule[0]?.cron.split(' ')).toHaveLength(5);
    expect(w.permissions).toMatchObject({ 'id-token': 'write', actions: 'read' });
    expect(drillJob(w).if).toBe("needs.due.outputs.run == 'true'");
  });

  it('downloads the artefact it uploads, from runs of this very workflow file, kept longer than a month', () => {
    const download = drillJob(w).steps.find((s) => s.run?.includes('gh run download'));
    expect(download?.env?.GH_TOKEN).toBe('${{ github.token }}');
    const words = download?.run?.split('\n').map((l) => shellWords(l)) ?? [];
    const list = words.find((l) => l.includes('list'))!;
    const get = words.find((l) => l.includes('download'))!;
    expect(optionValue(list, '--workflow')).toBe(file);
    expect(optionValue(list, '--status')).toBe('success');
    const upload = stepUsing(w, 'actions/upload-artifact')?.with;
    expect(optionValue(get, '-n')).toBe(upload?.name);
    expect(upload?.['retention-days']).toBeGreaterThan(31);
  });

  it('compares with the baseline when there is one and runs without it the first month', () => {
    const runs = runCommands(file);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual(expect.arrayContaining(['--baseline', '$PREV', '--fail-on-regression']));
    expect(runs[1]).not.toContain('--baseline');
  });
});

describe('the sandbox drill', () => {
  const w = workflow('sandbox-drill.yml');

  it('needs no AWS and no secrets: default environment, no OIDC, no repository secrets or variables', () => {
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(stepUsing(w, 'aws-actions/configure-aws-credentials')).toBeUndefined();
    expect(text('sandbox-drill.yml')).not.toMatch(/\$\{\{[^}]*\b(secrets|vars)\./);
    expect(runCommands('sandbox-drill.yml')).toEqual([['run', 'experiments/pool-exhaustion.yaml', '--ci', '--out', 'firedrill-runs']]);
  });
});

describe('docs/ci.md', () => {
  const docs = readFileSync(docsFile, 'utf8');
  const blocks = codeBlocks(docs);

  it('shows every example workflow once, exactly as the file is', () => {
    const embedded = blocks.filter((b) => b.file);
    expect(embedded.map((b) => b.file).sort()).toEqual(exampleFiles.map((f) => `examples/ci/github/${f}`));
    for (const b of embedded) {
      expect(b.lang).toBe('yaml');
      expect(`${b.body}\n`, b.file).toBe(readFileSync(join(projectRoot, b.file!), 'utf8'));
    }
  });

  it('has JSON and YAML blocks that parse', () => {
    const structured = blocks.filter((b) => b.lang === 'json' || b.lang === 'yaml');
    expect(structured.length).toBeGreaterThan(3);
    for (const b of structured) expect(() => (b.lang === 'json' ? JSON.parse(b.body) : parse(b.body)), b.body.slice(0, 80)).not.toThrow();
  });

  it('calls firedrill in its code blocks only as its CLI accepts', () => {
    const lines = blocks.flatMap((b) => firedrillCommands(b.body));
    expect(lines.map((l) => l[0])).toEqual(expect.arrayContaining(['run', 'iam-policy', 'validate', 'restore']));
    for (const words of lines) expect(cliProblem(words), words.join(' ')).toBeUndefined();
  });

  it('links only to files that exist', () => {
    const links = [...docs.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(join(dirname(docsFile), link)), link).toBe(true);
  });
});
