import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime, importCohortCsv, loadDictionaryFile } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AnalysisResult } from '../src/analysis/types.js';
import { runInit } from '../src/commands/init.js';
import { parsePlan } from '../src/plan/loadPlan.js';
import { runReport } from '../src/run.js';
import { CLI, REPO_DIR, tempDir } from './helpers.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

/** `survkit init` into a fresh directory: the drafted files' paths and what the run printed. */
function init(data: string) {
  const dir = tempDir('survkit-init-');
  const { out, io } = capture();
  const code = runInit({ data, out: 'drafts', cwd: dir, io });
  expect(code, out.stderr).toBe(0);
  const stem = data.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  return {
    dir,
    dictionary: join(dir, 'drafts', `${stem}-dictionary.yaml`),
    plan: join(dir, 'drafts', `${stem}-plan.yaml`),
    printed: out.stdout,
  };
}

async function report(data: string, dictionary: string, plan: string, dir: string): Promise<AnalysisResult> {
  const { out, io } = capture();
  const code = await runReport({
    data,
    dictionary,
    plan,
    out: join(dir, 'r.pdf'),
    paper: 'a4',
    json: true,
    quiet: true,
    cwd: dir,
    validation: false,
    io,
  });
  expect(code, out.stderr).toBe(0);
  expect(existsSync(join(dir, 'r.pdf'))).toBe(true);
  return JSON.parse(out.stdout) as AnalysisResult;
}

const example = (study: string, file: string) => join(REPO_DIR, 'examples', study, file);

/** The names of the header row of a CSV file (R's write.csv quotes them). */
const header = (csv: string) =>
  readFileSync(csv, 'utf8')
    .split('\n')[0]!
    .split(',')
    .map((h) => h.replace(/"/g, ''));

describe('survkit init drafts files the report runs on unedited', () => {
  it('lung.csv: the report on the drafted files has the Kaplan–Meier curves of the hand-written dictionary and plan', async () => {
    const data = example('lung', 'lung.csv');
    const drafted = init(data);
    expect(drafted.printed).toContain('time unit of `time`: guessed days from the range 5–1022; check');
    // `inst` is an institution (18 of them, coded 1–33): not a linear term in the Cox models, and too
    // many levels for Table 1
    const plan = parseYaml(readFileSync(drafted.plan, 'utf8')) as {
      table1: { variables: string[] };
      cox: { covariates: string[] };
    };
    expect(plan.table1.variables).not.toContain('inst');
    expect(plan.cox.covariates).not.toContain('inst');
    expect(plan.cox.covariates).toContain('age');
    // Oracle: the report with examples/lung's hand-written dictionary and plan (same group, sex, and endpoint).
    const ours = await report(data, drafted.dictionary, drafted.plan, drafted.dir);
    const oracle = await report(
      data,
      example('lung', 'lung-dictionary.json'),
      example('lung', 'lung-plan.yaml'),
      tempDir(),
    );
    expect(ours.flow.analysed).toBe(oracle.flow.analysed);
    const curves = (r: AnalysisResult) =>
      r.survival[0]!.curves.map((c) => ({ n: c.n, events: c.events, time: c.time, survival: c.survival }));
    expect(curves(ours)).toEqual(curves(oracle));
    expect(ours.survival[0]!.logRank).toEqual(oracle.survival[0]!.logRank);
  }, 180_000);

  it('veteran.csv: the same patients and deaths as with the hand-written files (the draft compares the treatment arms)', async () => {
    const data = example('veteran', 'veteran.csv');
    const drafted = init(data);
    const ours = await report(data, drafted.dictionary, drafted.plan, drafted.dir);
    const oracle = await report(
      data,
      example('veteran', 'veteran-dictionary.json'),
      example('veteran', 'veteran-plan.yaml'),
      tempDir(),
    );
    const totals = (r: AnalysisResult) =>
      r.survival[0]!.curves.reduce((a, c) => [a[0]! + c.n, a[1]! + c.events], [0, 0]);
    expect(totals(ours)).toEqual(totals(oracle));
    // The hand-written plan shows days, the drafted one months (a month is 365.25 / 12 days).
    const [a, b] = [ours.survival[0]!, oracle.survival[0]!];
    for (const key of ['estimate', 'lower', 'upper'] as const)
      expect(convertTime(a.overallMedian[key]!, a.timeUnit, b.timeUnit)).toBeCloseTo(
        b.overallMedian[key]!,
        9,
      );
  }, 180_000);

  it('lung.sav and pbc.csv: the report runs on the drafted files (pbc: the draft’s eligibility rule drops the patients without an arm)', async () => {
    for (const [study, file] of [
      ['lung', 'lung.sav'],
      ['pbc', 'pbc.csv'],
    ] as const) {
      const drafted = init(example(study, file));
      const ours = await report(example(study, file), drafted.dictionary, drafted.plan, drafted.dir);
      if (study === 'pbc') {
        const oracle = loadDictionaryFile(example('pbc', 'pbc-dictionary.json'));
        // Oracle: the hand-written rule (trt not missing) applied to the CSV by the import.
        const imported = importCohortCsv(readFileSync(example('pbc', 'pbc.csv')), oracle);
        if (!imported.ok) throw new Error('pbc does not import');
        expect(ours.flow.analysed).toBe(imported.cohort.n);
      }
    }
  }, 240_000);

  it('myeloid.csv (survival::myeloid): the times to transplant, response and relapse stay out of Table 1 and the Cox models, and the report runs', async () => {
    const data = join(REPO_DIR, 'packages', 'cohort', 'test', 'fixtures', 'datasets', 'myeloid.csv');
    const drafted = init(data);
    const plan = parseYaml(readFileSync(drafted.plan, 'utf8')) as {
      table1: { variables: string[] };
      cox: { covariates: string[] };
    };
    for (const time of ['txtime', 'crtime', 'rltime']) {
      expect(plan.table1.variables).not.toContain(time);
      expect(plan.cox.covariates).not.toContain(time);
      expect(drafted.printed).toContain(`\`${time}\` looks like a time during follow-up`);
    }
    expect(plan.table1.variables).toContain('sex');
    const ours = await report(data, drafted.dictionary, drafted.plan, drafted.dir);
    // survival::myeloid: 646 patients, each with a known futime and death
    expect(ours.flow.analysed).toBe(646);
  }, 240_000);

  it('every column of each example is accounted for in the drafted dictionary, which validates', () => {
    for (const study of ['lung', 'veteran', 'pbc', 'gbsg']) {
      const data = example(study, `${study}.csv`);
      const drafted = init(data);
      const text = readFileSync(drafted.dictionary, 'utf8');
      const dictionary = loadDictionaryFile(drafted.dictionary);
      const named = new Set([
        ...dictionary.variables.map((v) => v.name),
        ...(dictionary.id === undefined ? [] : [dictionary.id]),
      ]);
      for (const column of header(data)) expect(named.has(column), `${study}: ${column}`).toBe(true);
      expect(() => parsePlan(parseYaml(readFileSync(drafted.plan, 'utf8')), drafted.plan)).not.toThrow();
      expect(text.match(/# guess: /g)?.length ?? 0).toBeGreaterThanOrEqual(header(data).length - 1);
    }
  });

  it('a file with hostile columns: each is variable, id or listed as left out; the sentinel-coded file imports with the draft', () => {
    const dir = tempDir('survkit-init-');
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i + 1},${i === 4 ? 999 : 40 + i},${i % 3},NA,free text ${i},${i % 2},${100 + i * 7}`,
    );
    const csv = join(dir, 'hostile.csv');
    writeFileSync(csv, `pid,age,grade,empty,comment,status,futime\n${rows.join('\n')}\n`);
    const { out, io } = capture();
    expect(runInit({ data: 'hostile.csv', cwd: dir, io })).toBe(0);
    const text = readFileSync(join(dir, 'hostile-dictionary.yaml'), 'utf8');
    for (const column of ['pid', 'age', 'grade', 'status', 'futime'])
      expect(text).toMatch(new RegExp(`(name|id): "${column}"`));
    for (const column of ['empty', 'comment']) expect(text).toMatch(new RegExp(`^#   ${column}: `, 'm'));
    expect(out.stdout).toMatch(/`age`: 999 \(1 values\) drafted as a missing-value code/);
    const imported = importCohortCsv(
      readFileSync(csv),
      loadDictionaryFile(join(dir, 'hostile-dictionary.yaml')),
    );
    expect(imported.ok).toBe(true);
    const age = imported.ok ? imported.cohort.variable('age') : null;
    if (age?.type !== 'continuous') throw new Error('age is not continuous');
    expect(age.values.filter(Number.isNaN)).toHaveLength(1);
  });

  it('refuses to overwrite drafted files, and a missing data file writes nothing', () => {
    const dir = tempDir('survkit-init-');
    writeFileSync(join(dir, 'x.csv'), 'a,b\n1,2\n');
    writeFileSync(join(dir, 'x-plan.yaml'), 'hand edits\n');
    const { out, io } = capture();
    expect(runInit({ data: 'x.csv', cwd: dir, io })).toBe(1);
    expect(out.stderr).toContain('x-plan.yaml exists; survkit init does not overwrite it (use --force');
    expect(readFileSync(join(dir, 'x-plan.yaml'), 'utf8')).toBe('hand edits\n');
    expect(existsSync(join(dir, 'x-dictionary.yaml'))).toBe(false);
    expect(runInit({ data: 'nope.csv', cwd: dir, io })).toBe(1);
    expect(out.stderr).toContain(`data file not found: ${join(dir, 'nope.csv')}`);
  });

  it('the built command runs init from another directory, paths relative to it', () => {
    const dir = tempDir('survkit-init-');
    const env = { ...process.env };
    delete env['INIT_CWD'];
    const run = spawnSync(
      process.execPath,
      [CLI, 'init', '--data', example('veteran', 'veteran.csv'), '--out', 'drafts'],
      { cwd: dir, encoding: 'utf8', env },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'drafts', 'veteran-dictionary.yaml'))).toBe(true);
    expect(run.stdout).toContain('Needs a human decision');
    expect(run.stdout).toContain('survkit report --data');
  });
});
