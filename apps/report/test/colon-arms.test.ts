import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cohort, importCohortCsv, loadDictionaryFile, parseDictionary } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import type { AnalysisResult, Table1Categorical, Table1Continuous } from '../src/analysis/types.js';
import { readPlanFile, validatePlan } from '../src/plan/loadPlan.js';
import { APP_DIR, pdfText, runCli, tempDir } from './helpers.js';

// Oracle: test/r/colon-arms.R — R 4.2.2, survival 3.5-3 on survival::colon (deaths): chisq.test
// (correct = FALSE) on table() (missing excluded) or addNA() (missing as a category), fisher.test,
// wilcox.test / kruskal.test, survfit / summary(times) / survdiff, coxph. Tolerance: 1e-9 relative
// (these suites' own), except where noted.
const DIR = join(APP_DIR, 'test', 'fixtures', 'colon-arms');
type CatP = { exclude: number; category: number; fisher_exclude: number; fisher_category: number };
type T1 = {
  n: Record<string, number>;
  sex: CatP;
  differ: CatP;
  nodes_group: CatP;
  age: number;
  nodes: number;
};
type Km = {
  median: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  n: number[];
  events: number[];
  landmark_strata: string[];
  landmark_time: number[];
  landmark_surv: number[];
  landmark_lower: number[];
  landmark_upper: number[];
};
const R = JSON.parse(readFileSync(join(DIR, 'colon-r.json'), 'utf8')) as {
  flow: { screened: number; not_compared_Lev: number; analysed: number };
  table1_two_arms: T1;
  table1_three_arms: T1;
  km_years: Km;
  km_years_overall: Km;
  km_days: Km;
  logrank: { chisq: number; df: number; p: number };
  cox: { hr: number; lower: number; upper: number; p: number; n: number; events: number };
};

function close(actual: number | null | undefined, expected: number | null, what: string, rel = 1e-9): void {
  if (expected === null) {
    expect(actual ?? null, `${what}: R gives NA`).toBeNull();
    return;
  }
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs(actual! - expected), `${what}: ours ${actual}, R ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected),
  );
}

const imported = importCohortCsv(
  readFileSync(join(DIR, 'colon.csv')),
  loadDictionaryFile(join(DIR, 'colon-dictionary.json')),
);
if (!imported.ok) throw new Error('colon.csv does not import');
const cohort: Cohort = imported.cohort;
const basePlan = readPlanFile(join(DIR, 'colon-plan.yaml'));

/** The analysis of the colon cohort under the fixture plan with `edit` applied to a copy of it. */
type PlanDraft = { group: Record<string, unknown>; table1: Record<string, unknown>; survival: unknown };
function analysed(edit: (plan: PlanDraft) => void = () => undefined): AnalysisResult {
  const value = structuredClone(basePlan.value) as PlanDraft;
  edit(value);
  const plan = validatePlan({ value, source: 'colon-plan.yaml (edited)' }, cohort);
  return analyse(cohort, plan, {
    source: {
      fileName: 'colon.csv',
      sha256: '',
      synthetic: false,
      seed: null,
      dictionaryName: 'colon_arms',
      planSource: 'colon-plan.yaml',
    },
    generatedAt: '',
    version: '',
    validation: null,
    importWarnings: [],
  });
}

const row = (result: AnalysisResult, variable: string) =>
  result.table1.rows.find((r) => r.kind !== 'heading' && r.variable === variable) as
    | Table1Categorical
    | Table1Continuous;

describe('a three-arm trial compared on two arms (survival::colon, Lev+5FU vs Obs)', () => {
  const result = analysed();

  it('leaves the third arm out visibly and counts only the compared patients everywhere', () => {
    expect(result.flow.screened).toBe(R.flow.screened);
    expect(result.flow.excluded).toEqual([
      { reason: 'not in the compared arms: Levamisole', n: R.flow.not_compared_Lev },
    ]);
    expect(result.flow.analysed).toBe(R.flow.analysed);
    expect(result.group.levels.map((l) => [l.label, l.n])).toEqual([
      ['Levamisole+5-FU', R.table1_two_arms.n['Lev+5FU']],
      ['Observation only', R.table1_two_arms.n.Obs],
    ]);
    expect(result.table1.groupN.reduce((a, b) => a + b, 0)).toBe(R.flow.analysed);
    expect(result.survival[0]!.curves.reduce((a, c) => a + c.n, 0)).toBe(R.flow.analysed);
    expect(result.cox[0]!.multivariableN).toBe(R.cox.n);
    expect(result.cox[0]!.multivariableEvents).toBe(R.cox.events);
  });

  it('names each arm once: the plan’s label overrides the dictionary’s, in Table 1, legends and Cox rows alike', () => {
    const cox = result.cox[0]!.univariate.find((v) => v.variable === 'rx')!;
    expect(cox.levels.map((l) => l.label)).toEqual(['Observation only', 'Levamisole+5-FU']);
    expect(result.survival[0]!.curves.map((c) => c.label)).toEqual(['Levamisole+5-FU', 'Observation only']);
    const rx = cox.levels.find((l) => l.level === 'Lev+5FU')!;
    close(rx.hazardRatio, R.cox.hr, 'HR Lev+5FU vs Obs');
    close(rx.lower, R.cox.lower, 'HR lower');
    close(rx.upper, R.cox.upper, 'HR upper');
    close(rx.pValue, R.cox.p, 'HR p', 1e-7);
  });

  it('Table 1 tests exclude missing values or count them as a category, per plan and per row, as chisq.test does', () => {
    const two = R.table1_two_arms;
    // The fixture plan: exclude by default, nodes_group overridden to category.
    expect([row(result, 'differ').kind, (row(result, 'differ') as Table1Categorical).missing]).toEqual([
      'categorical',
      'exclude',
    ]);
    close(row(result, 'differ').pValue, two.differ.exclude, 'differ, exclude');
    close(row(result, 'nodes_group').pValue, two.nodes_group.category, 'nodes_group, category');
    close(row(result, 'sex').pValue, two.sex.exclude, 'sex');
    close(row(result, 'age').pValue, two.age, 'age, wilcox.test');
    close(row(result, 'nodes').pValue, two.nodes, 'nodes, wilcox.test (missing left out)');
    // The paper's choice plan-wide, and Fisher's exact test both ways.
    const category = analysed((p) => {
      p.table1.missing = 'category';
    });
    close(row(category, 'differ').pValue, two.differ.category, 'differ, category');
    const fisher = analysed((p) => {
      p.table1.test = 'fisher';
    });
    close(row(fisher, 'differ').pValue, two.differ.fisher_exclude, 'differ, fisher, exclude', 1e-7);
    close(
      row(fisher, 'nodes_group').pValue,
      two.nodes_group.fisher_category,
      'nodes_group, fisher, category',
      1e-7,
    );
  });

  it('with all three arms: k-group chi-square both ways and Kruskal–Wallis', () => {
    const three = analysed((p) => {
      delete p.group.order;
    });
    const r3 = R.table1_three_arms;
    expect(three.flow.excluded).toEqual([]);
    expect(three.table1.groupN).toEqual([r3.n.Obs, r3.n.Lev, r3.n['Lev+5FU']]);
    close(row(three, 'differ').pValue, r3.differ.exclude, 'differ, exclude, 3 arms');
    close(row(three, 'nodes_group').pValue, r3.nodes_group.category, 'nodes_group, category, 3 arms');
    close(row(three, 'nodes').pValue, r3.nodes, 'nodes, kruskal.test');
    close(row(three, 'age').pValue, r3.age, 'age, kruskal.test');
  });

  it('shows days as years (a year = 365.25 days): medians, CIs, landmarks and log-rank equal survfit on time / 365.25', () => {
    const km = result.survival[0]!;
    expect(km.timeUnit).toBe('years');
    const strata = ['rx=Lev+5FU', 'rx=Obs'];
    km.curves.forEach((c, j) => {
      expect([c.n, c.events]).toEqual([R.km_years.n[j], R.km_years.events[j]]);
      close(c.median.estimate, R.km_years.median[j]!, `${c.label} median`);
      close(c.median.lower, R.km_years.lower[j]!, `${c.label} median lower`);
      close(c.median.upper, R.km_years.upper[j]!, `${c.label} median upper`);
      const at = R.km_years.landmark_strata.flatMap((s, k) => (s === strata[j] ? [k] : []));
      expect(c.landmarks.map((l) => l.time)).toEqual(at.map((k) => R.km_years.landmark_time[k]));
      c.landmarks.forEach((l, i) => {
        close(l.survival, R.km_years.landmark_surv[at[i]!]!, `${c.label} S(${l.time})`);
        close(l.lower, R.km_years.landmark_lower[at[i]!]!, `${c.label} S(${l.time}) lower`);
        close(l.upper, R.km_years.landmark_upper[at[i]!]!, `${c.label} S(${l.time}) upper`);
      });
    });
    close(km.overallMedian.estimate, R.km_years_overall.median[0]!, 'overall median');
    close(km.logRank!.statistic, R.logrank.chisq, 'log-rank chi-square');
    close(km.logRank!.pValue, R.logrank.p, 'log-rank p');
    expect(km.xTicks[km.xTicks.length - 1]).toBeLessThan(20); // years, not days
  });

  it('shows days as days with no conversion: medians equal survfit on the raw times', () => {
    const days = analysed((p) => {
      p.survival = { timeUnit: 'days', landmarks: [365, 1095] };
    }).survival[0]!;
    expect(days.timeUnit).toBe('days');
    days.curves.forEach((c, j) => {
      expect(c.median.estimate).toBe(R.km_days.median[j]);
      expect(c.median.lower).toBe(R.km_days.lower[j]);
      close(c.landmarks[0]!.survival, R.km_days.landmark_surv[j === 0 ? 0 : 2]!, `${c.label} S(365 days)`);
    });
  });
});

describe('a missing arm is an exclusion of its own, not a compared group', () => {
  it('counts patients whose arm is blank as "<group> unknown", apart from the arms left out by the plan', () => {
    // Invariant: blanking the arm of k Lev+5FU patients moves exactly k from that arm to the
    // "unknown" exclusion; nothing else changes.
    const dictionary = JSON.parse(readFileSync(join(DIR, 'colon-dictionary.json'), 'utf8'));
    dictionary.variables[0].allowMissing = true;
    const lines = readFileSync(join(DIR, 'colon.csv'), 'utf8').trim().split('\n');
    let blanked = 0;
    const edited = lines.map((line, i) => {
      if (i === 0 || blanked === 7 || !line.includes(',"Lev+5FU",')) return line;
      blanked++;
      return line.replace(',"Lev+5FU",', ',,');
    });
    const result = importCohortCsv(`${edited.join('\n')}\n`, parseDictionary(dictionary));
    if (!result.ok) throw new Error('edited colon.csv does not import');
    const plan = validatePlan(basePlan, result.cohort);
    const flow = analyse(result.cohort, plan, {
      source: { fileName: 'x', sha256: '', synthetic: false, seed: null, dictionaryName: '', planSource: '' },
      generatedAt: '',
      version: '',
      validation: null,
      importWarnings: [],
    }).flow;
    expect(flow.excluded).toEqual([
      { reason: 'Treatment arm unknown', n: 7 },
      { reason: 'not in the compared arms: Levamisole', n: R.flow.not_compared_Lev },
    ]);
    expect(flow.analysed).toBe(R.flow.analysed - 7);
    expect(flow.groupMissing).toBe(7);
  });
});

describe('the colon report from the real CLI: PDF, JSON and CSV carry the unit and the analysed n', () => {
  it('renders, says which patients were left out, and writes years and the missing-value rule', async () => {
    const dir = tempDir();
    const out = join(dir, 'colon.pdf');
    const run = runCli([
      '--data',
      join(DIR, 'colon.csv'),
      '--dictionary',
      join(DIR, 'colon-dictionary.json'),
      '--plan',
      join(DIR, 'colon-plan.yaml'),
      '--out',
      out,
      '--csv',
      dir,
      '--json',
      '--quiet',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as AnalysisResult;
    expect(json.survival[0]!.timeUnit).toBe('years');
    const text = (await pdfText(out)).join(' ');
    expect(text).toContain(`not in the compared arms: Levamisole (n = ${R.flow.not_compared_Lev})`);
    expect(text).toContain(`Patients analysed (n = ${R.flow.analysed})`);
    expect(text).toContain(`A total of ${R.flow.analysed} patients were analysed`);
    expect(text).not.toContain('Treatment arm unknown');
    expect(text).toContain('Time (years)');
    expect(text).toContain('(in days, shown in years)');
    expect(text).not.toMatch(/months/);
    expect(text).toContain(
      'The tests leave “Unknown” out, except for Lymph node group, where it is counted as a category.',
    );
    // table1.csv carries a continuous row's test and p, as the PDF prints them (R's wilcox.test).
    const t1 = readFileSync(join(dir, 'table1.csv'), 'utf8').trim().split('\n');
    const header = t1[0]!.split(',');
    const age = t1.find((l) => l.startsWith('age,'))!.split(',');
    expect(age[header.indexOf('test')]).toBe('wilcoxon');
    close(Number(age[header.indexOf('p_value')]), R.table1_two_arms.age, 'table1.csv age p, wilcox.test');
    const landmarks = readFileSync(join(dir, 'km_landmarks.csv'), 'utf8').trim().split('\n');
    expect(landmarks[0]).toBe('scope,endpoint,group,time,survival,lower,upper,time_unit');
    expect(landmarks.slice(1).every((l) => l.endsWith(',years'))).toBe(true);
    expect(readFileSync(join(dir, 'flow.csv'), 'utf8')).toContain(
      `excluded: not in the compared arms: Levamisole,${R.flow.not_compared_Lev}\nanalysed,${R.flow.analysed}`,
    );
  });
});
