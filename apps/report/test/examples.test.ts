import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime, importCohortCsv, loadBuiltinCohort, loadDictionaryFile } from '@survkit/cohort';
import { coxFirth, kaplanMeier, logRankTest, summarizeContinuous, wilcoxonRankSumTest } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, ForestLevel } from '../src/analysis/types.js';
import {
  formatHazardRatio,
  formatMedian,
  formatMedianRange,
  formatP,
  formatStatistic,
  pRelation,
} from '../src/format/index.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import {
  APP_DIR,
  builtinCsvWithoutEvents,
  near,
  pdfText,
  REPO_DIR,
  runInProcess,
  tempDir,
} from './helpers.js';

const LUNG = join(REPO_DIR, 'examples', 'lung');

describe('a second, differently shaped study: examples/lung with its own dictionary and plan', () => {
  it('renders, and its legend shows the engine’s medians and log-rank test for lung by sex', async () => {
    const dir = tempDir();
    const out = join(dir, 'lung.pdf');
    const run = await runInProcess({
      data: join(LUNG, 'lung.csv'),
      dictionary: join(LUNG, 'lung-dictionary.json'),
      plan: join(LUNG, 'lung-plan.yaml'),
      out,
      cwd: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = (await pdfText(out)).join(' ');
    // Oracle: the engine on the same import, itself held to R on these data: its medians in days are
    // R's survfit(Surv(time, status) ~ sex, lung) (fixture survival-km.json, written by
    // packages/validation/r/survival.R: 270 and 426 days); its χ² is survdiff's 10.33 on 1 df.
    const rCurves = (
      JSON.parse(
        readFileSync(join(REPO_DIR, 'packages', 'validation', 'fixtures', 'survival-km.json'), 'utf8'),
      ) as { cases: { name: string; curves: { group: string; median: { estimate: number | null } }[] }[] }
    ).cases.find((c) => c.name === 'lung ~ group, log')!.curves;
    const imported = importCohortCsv(
      readFileSync(join(LUNG, 'lung.csv')),
      loadDictionaryFile(join(LUNG, 'lung-dictionary.json')),
    );
    if (!imported.ok) throw new Error('lung.csv does not import');
    const cohort = imported.cohort;
    const sex = cohort.variable('sex');
    if (sex.type !== 'categorical') throw new Error('sex');
    const os = cohort.endpoint('OS');
    // lung.csv records days; the lung plan shows months.
    const months = Array.from(os.time, (t) => convertTime(t, os.unit, 'months'));
    for (const [label, level] of [
      ['Male', '1'],
      ['Female', '2'],
    ] as const) {
      const rows = [...Array(cohort.n).keys()].filter((i) => sex.codes[i] === sex.levels.indexOf(level));
      const km = kaplanMeier({ time: rows.map((i) => months[i]!), event: rows.map((i) => os.event[i]!) });
      expect(os.unit).toBe('days');
      const inDays = kaplanMeier({
        time: rows.map((i) => os.time[i]!),
        event: rows.map((i) => os.event[i]!),
      });
      expect(inDays.median.estimate).toBe(rCurves.find((c) => c.group === level)!.median.estimate);
      expect(text).toContain(`${label} ${rows.length} ${km.events} ${formatMedian(km.median)}`);
    }
    const lr = logRankTest({ time: os.time, event: os.event, group: Array.from(sex.codes, String) });
    expect(text).toContain(
      `Log-rank χ² = ${formatStatistic(lr.statistic)}, df = 1, p ${pRelation(lr.pValue)}`,
    );
    expect(formatStatistic(lr.statistic)).toBe('10.33');
    const age = cohort.variable('age');
    if (age.type !== 'continuous') throw new Error('age');
    const ages = ['1', '2'].map((level) =>
      [...Array(cohort.n).keys()]
        .filter((i) => sex.codes[i] === sex.levels.indexOf(level))
        .map((i) => age.values[i]!),
    );
    const ageCells = ages.map((x) => {
      const summary = summarizeContinuous(x);
      return formatMedianRange(summary.median, summary.min, summary.max);
    });
    // R: wilcox.test(age ~ sex, lung)$p.value = 0.05700628
    const wilcoxon = wilcoxonRankSumTest(ages[0]!, ages[1]!);
    expect(formatP(wilcoxon.pValue)).toBe('0.057');
    expect(text).toContain(`Age, years, median (range) ${ageCells.join(' ')} ${formatP(wilcoxon.pValue)}`);
    expect(text).not.toContain('SYNTHETIC DATA');
  });
});

describe('machine-readable output', () => {
  it('--json prints the whole analysis as JSON on stdout, the PDF path on stderr', async () => {
    const dir = tempDir();
    const out = join(dir, 'r.pdf');
    const run = await runInProcess({ out, cwd: dir, json: true });
    expect(run.status).toBe(0);
    expect(run.stderr.trim()).toBe(out);
    const result = JSON.parse(run.stdout) as AnalysisResult;
    expect(result.group.levels.map((l) => [l.label, l.n])).toEqual([
      ['Surgery', 24],
      ['Non-Surgery', 72],
    ]);
    expect(result.survival.map((s) => s.endpoint)).toEqual(['PFS', 'OS']);
    expect(result.cox[0]!.univariate.map((v) => v.variable)).toEqual(
      BUILTIN_PLAN.cox.covariates.map((c) => (typeof c === 'string' ? c : c.variable)),
    );
    expect(result.source.synthetic).toBe(true);
  });
});

describe('a diverging Cox coefficient', () => {
  it('is shown as "–" with the engine’s warning quoted, and Firth’s estimate in a footnote', async () => {
    // The built-in cohort's single ECOG 2 patient, made event-free: the partial likelihood then
    // has no finite maximum for ecog=2 (monotone likelihood), as in the paper's Table 3.
    const { csv, changed } = builtinCsvWithoutEvents((cell) => cell('ecog') === '2');
    expect(changed).toBeGreaterThan(0);
    const dir = tempDir();
    writeFileSync(join(dir, 'input.csv'), csv);
    const out = join(dir, 'r.pdf');
    const run = await runInProcess({ data: join(dir, 'input.csv'), out, cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/2 – a,b|2 –a,b|2 – a, b/);
    expect(text).toContain('coefficient may be infinite');
    // the footnote names the flagged row (from CoxLevelRow.infinite, not from warning text)
    expect(text).toContain(
      'finite maximum (R: “coefficient may be infinite”) for ECOG scores = 2 (univariate)',
    );
    // Oracle: coxFirth on the same design (ecog=1, ecog=2 indicators; every analysed patient).
    const imported = importCohortCsv(csv, loadBuiltinCohort().cohort.dictionary);
    if (!imported.ok) throw new Error('edited CSV does not import');
    const ecog = imported.cohort.variable('ecog');
    if (ecog.type !== 'categorical') throw new Error('ecog');
    const os = imported.cohort.endpoint('OS');
    const firth = coxFirth({
      time: os.time,
      event: os.event,
      covariates: {
        'ecog=1': Array.from(ecog.codes, (c) => (c === 1 ? 1 : 0)),
        'ecog=2': Array.from(ecog.codes, (c) => (c === 2 ? 1 : 0)),
      },
    });
    const t = firth.terms.find((x) => x.name === 'ecog=2')!;
    expect(text).toContain(
      `ECOG scores = 2 (univariate): ${formatHazardRatio(t.hazardRatio, t.lower, t.upper)}, p ${pRelation(t.pValue)}`,
    );
  });
});

interface ForestFixture {
  readonly overall: {
    n: number;
    events: number;
    hazardRatio: number;
    lower: number;
    upper: number;
    pValue: number;
  };
  readonly variables: readonly {
    variable: string;
    interactionP: number;
    levels: readonly {
      level: string;
      n: number;
      events: number;
      hazardRatio: number;
      lower: number;
      upper: number;
      pValue: number;
    }[];
  }[];
}

describe('subgroup hazard ratios and interaction tests (forest plot) agree with R', () => {
  it('lung: sex HR within age and ECOG groups, and the LR interaction p (R 4.2.2, survival 3.5-3; rel. 1e-6)', async () => {
    // Oracle: apps/report/test/fixtures/lung-forest.json from apps/report/test/r/lung-forest.R
    // (coxph per subgroup level; anova(coxph(~ sex + g), coxph(~ sex * g))).
    const r = JSON.parse(
      readFileSync(join(APP_DIR, 'test', 'fixtures', 'lung-forest.json'), 'utf8'),
    ) as ForestFixture;
    const dir = tempDir();
    const run = await runInProcess({
      data: join(LUNG, 'lung.csv'),
      dictionary: join(LUNG, 'lung-dictionary.json'),
      plan: join(LUNG, 'lung-plan.yaml'),
      out: join(dir, 'lung.pdf'),
      cwd: dir,
      json: true,
    });
    expect(run.status).toBe(0);
    const forest = (JSON.parse(run.stdout) as AnalysisResult).forest[0]!;
    const same = (actual: ForestLevel, expected: ForestFixture['overall'], what: string) => {
      expect([actual.n, actual.events], what).toEqual([expected.n, expected.events]);
      expect(actual.arms, `${what}: one non-reference arm`).toHaveLength(1);
      for (const k of ['hazardRatio', 'lower', 'upper', 'pValue'] as const)
        near(actual.arms[0]![k], expected[k], `${what} ${k}`);
    };
    same(forest.overall, r.overall, 'overall');
    expect(forest.variables.map((v) => v.variable)).toEqual(r.variables.map((v) => v.variable));
    forest.variables.forEach((v, i) => {
      const expected = r.variables[i]!;
      near(v.interactionP, expected.interactionP, `${v.variable} interaction p`);
      expect(v.levels).toHaveLength(expected.levels.length);
      v.levels.forEach((l, j) => {
        same(l, expected.levels[j]!, `${v.variable} level ${j}`);
      });
    });
  });
});

describe('a subgroup in which one group has no events', () => {
  it('still renders: the subgroup legend shows 0 events and an unreached median (NA)', async () => {
    const { csv, changed: surgeryTp } = builtinCsvWithoutEvents(
      (cell) => cell('primary_surgery') !== 'none' && cell('first_line_therapy') === 'trastuzumab_pertuzumab',
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'input.csv'), csv);
    const run = await runInProcess({ data: join(dir, 'input.csv'), out: join(dir, 'r.pdf'), cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = (await pdfText(join(dir, 'r.pdf'))).join(' ');
    expect(surgeryTp).toBeGreaterThan(0);
    // Both subgroup figures (PFS, OS): the surgery group's legend row has no events.
    expect(text.match(/Surgery \d+ 0 NA \(NA–NA\)/g)).toHaveLength(2);
  });
});
