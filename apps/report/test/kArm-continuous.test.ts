import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, CoxLevelRow, CoxTable, ForestLevel } from '../src/analysis/types.js';
import { APP_DIR, near, pdfText, runInProcess, tempDir } from './helpers.js';

// Oracle: apps/report/test/fixtures/colon3-r.json, written by apps/report/test/r/kArm-continuous.R
// (R 4.2.2, survival 3.5-3): coxph with the numeric columns (age per 10 years = exp(10β)), complete
// cases per model, anova of nested coxph fits for the interaction, survdiff per pair + p.adjust as
// survminer's pairwise_survdiff. Tolerance: relative 1e-6 (`near`).
const FIXTURES = join(APP_DIR, 'test', 'fixtures');
const STUDY = join(FIXTURES, 'colon3');

interface RTerm {
  readonly term: string;
  readonly hazardRatio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly pValue: number | null;
}
interface RModel {
  readonly variable?: string;
  readonly n: number;
  readonly events: number;
  readonly terms: readonly RTerm[];
  readonly lrtDf?: number;
  readonly lrtP?: number | null;
}
interface RForestLevel {
  readonly level: string;
  readonly n: number;
  readonly events: number;
  readonly terms: readonly RTerm[];
}
interface RPairwise {
  readonly adjust: string;
  readonly rows: readonly {
    first: string;
    second: string;
    statistic: number;
    pValue: number;
    adjustedP: number;
  }[];
}
interface Fixture {
  readonly univariate: readonly RModel[];
  readonly selected: readonly string[];
  readonly multivariable: RModel & { readonly variables: readonly string[] };
  readonly forest: readonly {
    variable: string;
    levels: readonly RForestLevel[];
    interaction: { statistic: number; df: number; pValue: number };
  }[];
  readonly overallForest: RForestLevel;
  readonly pairwiseHolm: RPairwise;
  readonly pairwiseBonferroni: RPairwise;
  readonly subgroupFemale: { n: number; statistic: number; df: number; pValue: number };
  readonly absentArm: {
    n: number;
    interaction: { statistic: number; df: number; pValue: number };
    obstructed: RForestLevel;
  };
  readonly constant: {
    readonly univariate: readonly RModel[];
    readonly multivariable: RModel & { readonly variables: readonly string[] };
  };
}
const R = JSON.parse(readFileSync(join(FIXTURES, 'colon3-r.json'), 'utf8')) as Fixture;

/** Our non-reference rows of one variable, in R's coefficient order (dictionary order of levels). */
function estimated(table: CoxTable, model: 'univariate' | 'multivariable', variable: string): CoxLevelRow[] {
  const rows = (model === 'univariate' ? table.univariate : table.multivariable).find(
    (v) => v?.variable === variable,
  );
  expect(rows, `${model} ${variable}`).toBeDefined();
  return rows!.levels.filter((l) => !l.isReference);
}

function sameTerms(ours: readonly CoxLevelRow[], r: readonly RTerm[], what: string): void {
  expect(ours.map((l) => l.level).length, `${what}: number of terms`).toBe(r.length);
  ours.forEach((l, i) => {
    const t = r[i]!;
    for (const k of ['hazardRatio', 'lower', 'upper', 'pValue'] as const)
      near(l[k], t[k], `${what} ${t.term} ${k}`);
  });
}

/** R's coefficient order for a factor: its levels in R's factor order; ours in dictionary order. */
const R_ORDER: Record<string, readonly string[]> = { differ: ['1', '3'] };
function inROrder(rows: readonly CoxLevelRow[], variable: string): CoxLevelRow[] {
  const order = R_ORDER[variable];
  return order === undefined ? [...rows] : order.map((level) => rows.find((l) => l.level === level)!);
}

function sameForestLevel(ours: ForestLevel, r: RForestLevel, what: string): void {
  expect([ours.n, ours.events], `${what} n, events`).toEqual([r.n, r.events]);
  expect(ours.arms.map((a) => a.level)).toEqual(['Lev', 'Lev+5FU']);
  ours.arms.forEach((arm, i) => {
    for (const k of ['hazardRatio', 'lower', 'upper', 'pValue'] as const)
      near(arm[k], r.terms[i]![k], `${what} ${arm.level} ${k}`);
  });
}

async function report(
  plan: string,
  data = join(STUDY, 'colon3.csv'),
): Promise<{ result: AnalysisResult; dir: string; pages: string[] }> {
  const dir = tempDir('survkit-colon3-');
  const run = await runInProcess({
    data,
    dictionary: join(STUDY, 'colon3-dictionary.json'),
    plan: join(STUDY, plan),
    out: join(dir, 'report.pdf'),
    csv: dir,
    cwd: dir,
    json: true,
  });
  expect(run.status, run.stderr).toBe(0);
  return {
    result: JSON.parse(run.stdout) as AnalysisResult,
    dir,
    pages: await pdfText(join(dir, 'report.pdf')),
  };
}

describe('three-arm study with continuous covariates (R survival::colon, days) agrees with R', () => {
  let result: AnalysisResult;
  let dir: string;
  let pages: string[];
  beforeAll(async () => {
    ({ result, dir, pages } = await report('colon3-plan.yaml'));
  }, 60_000);

  it('univariate Cox rows: per-arm HRs, age per 10 years, nodes per node, each model on its own complete cases', () => {
    const cox = result.cox[0]!;
    for (const r of R.univariate) {
      const v = cox.univariate.find((u) => u.variable === r.variable)!;
      expect([v.n, v.events], `${r.variable} n, events`).toEqual([r.n, r.events]);
      sameTerms(
        inROrder(estimated(cox, 'univariate', r.variable!), r.variable!),
        r.terms,
        `univariate ${r.variable}`,
      );
      expect(v.lrtDf, `${r.variable} LR df`).toBe(r.lrtDf);
      near(v.lrtP, r.lrtP ?? null, `${r.variable} LR p`);
    }
    const age = cox.univariate.find((u) => u.variable === 'age')!;
    expect([age.type, age.per, age.levels[0]!.label]).toEqual(['continuous', 10, 'per 10 years']);
  });

  it('multivariable model: selection by the univariate LR p, its n/events and every term', () => {
    const cox = result.cox[0]!;
    expect(cox.multivariableVariables).toEqual(R.selected);
    expect([cox.multivariableN, cox.multivariableEvents]).toEqual([
      R.multivariable.n,
      R.multivariable.events,
    ]);
    const ours = R.selected.flatMap((v) => inROrder(estimated(cox, 'multivariable', v), v));
    sameTerms(ours, R.multivariable.terms, 'multivariable');
  });

  it('forest: one HR per non-reference arm within each level, interaction LR test with (k − 1)(m − 1) df', () => {
    const f = result.forest[0]!;
    sameForestLevel(f.overall, R.overallForest, 'overall');
    R.forest.forEach((rv, i) => {
      const v = f.variables[i]!;
      expect(v.variable).toBe(rv.variable);
      expect(v.interaction?.df, `${rv.variable} interaction df`).toBe(rv.interaction.df);
      near(v.interaction?.statistic, rv.interaction.statistic, `${rv.variable} interaction χ²`);
      near(v.interaction?.pValue, rv.interaction.pValue, `${rv.variable} interaction p`);
      rv.levels.forEach((rl, j) => {
        sameForestLevel(v.levels[j]!, rl, `${rv.variable} = ${rl.level}`);
      });
    });
  });

  it('pairwise log-rank tests with Holm adjustment equal survdiff per pair and p.adjust', () => {
    const p = result.pairwise[0]!;
    expect(p.adjust).toBe('holm');
    expect(p.rows.map((r) => [r.first, r.second])).toEqual(
      R.pairwiseHolm.rows.map((r) => [r.first, r.second]),
    );
    p.rows.forEach((row, i) => {
      const r = R.pairwiseHolm.rows[i]!;
      near(row.statistic, r.statistic, `${r.first}-${r.second} χ²`);
      near(row.pValue, r.pValue, `${r.first}-${r.second} p`);
      near(row.adjustedP, r.adjustedP, `${r.first}-${r.second} Holm p`);
    });
  });

  it('subgroup Kaplan–Meier with three arms: the 2-df log-rank test in female patients', () => {
    const km = result.subgroupKm[0]!;
    expect(km.n).toBe(R.subgroupFemale.n);
    const lr = km.comparisons[0]!.logRank!;
    expect(lr.df).toBe(R.subgroupFemale.df);
    near(lr.statistic, R.subgroupFemale.statistic, 'female log-rank χ²');
  });

  it('PDF: the continuous rows, model sizes, pairwise table and k-arm forest; CSV: the new columns', () => {
    const text = pages.join(' ');
    expect(text).toContain('Age (per 10 years)');
    expect(text).toContain('Positive lymph nodes (per node)');
    expect(text).toContain(
      `Multivariable model: ${R.multivariable.n} patients, ${R.multivariable.events} events`,
    );
    expect(text).toContain('Pairwise log-rank tests');
    expect(text).toContain('Lev+5FU vs Lev');
    expect(text).toMatch(/favours the compared arm +favours Obs/);
    const forest = readFileSync(join(dir, 'forest.csv'), 'utf8').split('\n');
    expect(forest[0]).toContain(
      'interaction_p,arm,reference_arm,note,interaction_chisq,interaction_df,interaction_not_estimable',
    );
    expect(forest.filter((l) => l.startsWith('OS,overall,'))).toHaveLength(2);
    const pairwise = readFileSync(join(dir, 'pairwise_logrank.csv'), 'utf8').trim().split('\n');
    expect(pairwise).toHaveLength(1 + R.pairwiseHolm.rows.length);
    const cox = readFileSync(join(dir, 'cox.csv'), 'utf8');
    expect(cox.split('\n')[0]).toMatch(/not_estimable,variable_type,per,model_n,model_events$/);
    expect(cox).toMatch(/OS,univariate,age,Age,age,per 10 years,.*,continuous,10,929,452/);
  });
});

describe('a constant covariate is kept in the model with NA, as R’s coxph (issue 14 item 2)', () => {
  let result: AnalysisResult;
  let pages: string[];
  beforeAll(async () => {
    ({ result, pages } = await report('colon3-constant-plan.yaml'));
  }, 60_000);

  it('the multivariable model is fitted on every patient; the constant term is NA and the others equal R', () => {
    const cox = result.cox[0]!;
    const r = R.constant.multivariable;
    expect([cox.multivariableN, cox.multivariableEvents]).toEqual([r.n, r.events]);
    const ours = r.variables.flatMap((v) => estimated(cox, 'multivariable', v));
    sameTerms(ours, r.terms, 'multivariable with a constant covariate');
    const etype = estimated(cox, 'multivariable', 'etype')[0]!;
    expect(etype.notEstimable).toBe('constant');
    for (const u of R.constant.univariate) {
      const v = cox.univariate.find((x) => x.variable === u.variable)!;
      sameTerms(estimated(cox, 'univariate', u.variable!), u.terms, `univariate ${u.variable}`);
      expect(v.lrtDf).toBe(u.lrtDf);
    }
  });

  it('pairwise log-rank tests with Bonferroni adjustment equal survdiff per pair and p.adjust', () => {
    const p = result.pairwise[0]!;
    expect(p.adjust).toBe('bonferroni');
    p.rows.forEach((row, i) => {
      const r = R.pairwiseBonferroni.rows[i]!;
      expect([row.first, row.second]).toEqual([r.first, r.second]);
      near(row.pValue, r.pValue, `${r.first}-${r.second} p`);
      near(row.adjustedP, r.adjustedP, `${r.first}-${r.second} Bonferroni p`);
    });
  });

  it('the NA cell carries its own footnote letter, whose text says the covariate is constant', () => {
    const page = pages.find((p) => p.includes('Event type of the record'))!;
    const table = page.slice(page.indexOf('TABLE 3'));
    expect(table).toMatch(/Death NA a NA NA a NA/);
    expect(table).toMatch(/a Not estimable \(NA\): the covariate takes a single value/);
    expect(table).not.toContain('no finite maximum');
  });
});

describe('an arm absent from a subgroup level', () => {
  it('that arm has no estimate there ("no patients") and the interaction test loses the NA term, as R (1 df)', async () => {
    // The same rows R drops in kArm-continuous.R: no Lev patient with obstruction.
    const lines = readFileSync(join(STUDY, 'colon3.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const [rx, obstruct] = [header.indexOf('"rx"'), header.indexOf('"obstruct"')];
    const kept = lines.filter((line, i) => {
      const c = line.split(',');
      return i === 0 || !(c[rx] === '"Lev"' && c[obstruct] === '1');
    });
    const path = join(tempDir('survkit-colon3-absent-'), 'colon3-absent.csv');
    writeFileSync(path, `${kept.join('\n')}\n`);
    const { result } = await report('colon3-plan.yaml', path);
    const r = R.absentArm;
    expect(result.flow.analysed).toBe(r.n);
    const v = result.forest[0]!.variables.find((x) => x.variable === 'obstruct')!;
    expect(v.interaction?.df).toBe(r.interaction.df);
    near(v.interaction?.statistic, r.interaction.statistic, 'interaction χ²');
    near(v.interaction?.pValue, r.interaction.pValue, 'interaction p');
    const yes = v.levels[1]!;
    expect([yes.n, yes.events]).toEqual([r.obstructed.n, r.obstructed.events]);
    expect(yes.arms.map((a) => [a.level, a.note])).toEqual([
      ['Lev', 'no patients'],
      ['Lev+5FU', null],
    ]);
    for (const k of ['hazardRatio', 'lower', 'upper', 'pValue'] as const)
      near(yes.arms[1]![k], r.obstructed.terms[0]![k], `Lev+5FU vs Obs with obstruction ${k}`);
  }, 60_000);
});
