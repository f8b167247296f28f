import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  ForestLevel,
  Table1Categorical,
  Table1Continuous,
} from '../src/analysis/types.js';
import {
  formatHazardRatio,
  formatMedian,
  formatP,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
  timeDigits,
} from '../src/format/index.js';
import { checkCoxCsv, checkForestCsv, checkKmCsv, checkPairwiseCsv, checkTable1Csv } from './examplesCsv.js';
import {
  compareCoxRows,
  compareHr,
  compareKm,
  find,
  loadExampleFixture,
  type RForestLevel,
  type RHr,
} from './examplesFixture.js';
import { checkSensitivityCsv, checkSensitivityText, compareSensitivity } from './examplesSensitivity.js';
import { near, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// The example studies examples/veteran (four cell types), examples/pbc (trial arm chosen by an
// eligibility rule, laboratory values with missing data) and examples/gbsg (hormonal therapy,
// recurrence-free survival), each rendered from its own CSV, dictionary and plan, against R computing
// the same analysis from the CSV alone (test/r/examples-report.R with test/r/examples-studies.R →
// test/fixtures/examples-<name>.json; R 4.2.2, survival 3.5-3). Oracle: those fixtures. Tolerance:
// relative 1e-6 for every real number, exact for counts.

const STUDIES = ['veteran', 'pbc', 'gbsg'] as const;

describe.each(STUDIES)('examples/%s, whole pipeline vs R (test/r/examples-report.R)', (name) => {
  const dir = join(REPO_DIR, 'examples', name);
  const R = loadExampleFixture(name);
  let result: AnalysisResult;
  let text: string;
  let csvDir: string;

  beforeAll(async () => {
    const tmp = tempDir();
    const out = join(tmp, `${name}.pdf`);
    const run = await runInProcess({
      data: join(dir, `${name}.csv`),
      dictionary: join(dir, `${name}-dictionary.json`),
      plan: join(dir, `${name}-plan.yaml`),
      out,
      cwd: tmp,
      json: true,
      csv: join(tmp, 'csv'),
    });
    csvDir = join(tmp, 'csv');
    // With --json the PDF's path goes to stderr; nothing else may be there (no warning, no error).
    expect(run.stderr.trim()).toBe(out);
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as AnalysisResult;
    text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
  }, 120_000);

  it('patient flow and group sizes equal R’s eligibility rules applied to the CSV (exact)', () => {
    expect(result.flow.screened).toBe(R.flow.screened);
    expect(result.flow.excluded).toEqual(R.flow.excluded);
    expect(result.flow.analysed).toBe(R.flow.analysed);
    expect(result.group.levels.map((l) => l.n)).toEqual(R.groupN);
    expect(result.table1.groupN).toEqual(R.groupN);
  });

  it('Table 1: counts and medians/ranges exactly, p-values equal R’s chisq.test / fisher.test / wilcox.test / kruskal.test', () => {
    const rows = result.table1.rows.filter((r) => r.kind !== 'heading');
    expect(rows.map((r) => r.variable)).toEqual(R.table1.map((r) => r.variable));
    R.table1.forEach((rt, i) => {
      const row = rows[i]!;
      const w = `Table 1 ${rt.variable}`;
      expect(row.kind, w).toBe(rt.kind);
      if (rt.kind === 'categorical') {
        const cat = row as Table1Categorical;
        expect(
          cat.levels.map((l) => [...l.counts]),
          `${w} counts`,
        ).toEqual(rt.counts.map((c) => [...c.counts]));
        expect(cat.levels.filter((l) => l.unknown).length, `${w} Unknown row`).toBe(
          rt.counts.filter((c) => c.level === 'Unknown').length,
        );
        expect(cat.test, `${w} test`).toBe(rt.test);
        near(cat.pValue, rt.pValue, `${w} p`);
        near(cat.statistic, rt.statistic, `${w} statistic`);
        near(cat.minExpected, rt.minExpected, `${w} smallest expected count`);
      } else {
        const con = row as Table1Continuous;
        expect(
          con.perGroup.map((g) => [g.n, g.missing]),
          `${w} n, missing`,
        ).toEqual(rt.perGroup.map((g) => [g.n, g.missing]));
        con.perGroup.forEach((g, j) => {
          for (const k of ['median', 'min', 'max'] as const)
            near(g[k], rt.perGroup[j]![k], `${w} group ${j} ${k}`);
        });
        expect(con.test, `${w} test`).toBe(rt.test);
        near(con.statistic, rt.statistic, `${w} statistic`);
        near(con.pValue, rt.pValue, `${w} p`);
      }
    });
  });

  it('Kaplan–Meier: n, events, median (log CI), landmark survival, number at risk and log-rank equal R’s survfit/survdiff', () => {
    expect(result.survival.map((s) => s.endpoint)).toEqual(R.survivalByGroup.map((s) => s.endpoint));
    R.survivalByGroup.forEach((r, i) => {
      expect(result.survival[i]!.timeUnit).toBe(R.timeUnit);
      compareKm(result.survival[i]!, r, r.endpoint);
    });
  });

  it('univariable Cox: HR, 95% CI and Wald p per level and likelihood-ratio p per variable equal R’s coxph (Efron)', () => {
    for (const rc of R.cox) {
      const table = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint);
      expect(table.univariate.map((u) => u.variable)).toEqual(rc.univariate.map((u) => u.variable));
      expect(table.warnings, `${rc.endpoint}: our warnings`).toEqual([]);
      for (const ru of rc.univariate) {
        const u = find(table.univariate, (x) => x.variable === ru.variable, ru.variable);
        near(u.lrtP, ru.lrtP, `${rc.endpoint} ${ru.variable} LR p`);
        // Complete cases of this model (pbc: copper is missing for two patients).
        expect([u.n, u.events, u.lrtDf], `${rc.endpoint} ${ru.variable} n, events, LR df`).toEqual([
          ru.n,
          ru.events,
          ru.lrtDf,
        ]);
        compareCoxRows(u, ru, `${rc.endpoint} univariable ${ru.variable}`);
      }
    }
  });

  it('multivariable Cox: the plan’s variables, the model size and each HR, CI and p equal R’s coxph', () => {
    for (const rc of R.cox) {
      const table = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint);
      expect(table.multivariableVariables).toEqual(rc.multivariableVariables);
      expect([table.multivariableN, table.multivariableEvents]).toEqual([
        rc.multivariable.n,
        rc.multivariable.events,
      ]);
      for (const rv of rc.multivariable.variables) {
        const mv = find(
          table.multivariable.filter((m) => m !== null),
          (m) => m.variable === rv.variable,
          `${rc.endpoint} multivariable ${rv.variable}`,
        );
        compareCoxRows(mv, rv, `${rc.endpoint} multivariable ${rv.variable}`);
      }
      expect(table.multivariable.filter((m) => m !== null)).toHaveLength(rc.multivariable.variables.length);
    }
  });

  it('forest plot: each arm’s HR vs the reference per subgroup level (n, events exact) and the interaction likelihood-ratio test equal R’s coxph/anova', () => {
    expect(result.forest.map((f) => f.endpoint)).toEqual(R.forest.map((f) => f.endpoint));
    for (const rf of R.forest) {
      const f = find(result.forest, (x) => x.endpoint === rf.endpoint, rf.endpoint);
      const one = (ours: ForestLevel, r: RForestLevel, w: string) => {
        expect([ours.n, ours.events], `${w} n, events`).toEqual([r.n, r.events]);
        expect(ours.arms.map((a) => a.level)).toEqual(r.arms.map((a) => a.level));
        r.arms.forEach((ra, k) => {
          compareHr(ours.arms[k]!, ra, `${w} ${ra.level}`);
        });
      };
      one(f.overall, rf.overall, `${rf.endpoint} overall`);
      expect(f.variables.map((v) => v.variable)).toEqual(rf.variables.map((v) => v.variable));
      rf.variables.forEach((rv, i) => {
        const v = f.variables[i]!;
        const what = `${rf.endpoint} ${rv.variable} interaction`;
        expect(v.interaction?.df, `${what} df`).toBe(rv.interaction.df);
        near(v.interaction?.statistic, rv.interaction.statistic, `${what} chi-square`);
        near(v.interaction?.pValue, rv.interaction.pValue, `${what} p`);
        expect(v.levels).toHaveLength(rv.levels.length);
        rv.levels.forEach((rl, k) => {
          one(v.levels[k]!, rl, `${rf.endpoint} ${rv.variable}=${rl.level}`);
        });
      });
    }
  });

  it('pairwise log-rank tests (k arms): each pair’s χ², p and Holm-adjusted p equal R’s survdiff / p.adjust', () => {
    const expected = R.survivalByGroup.filter((r) => r.pairwiseLogRank !== null);
    expect(result.pairwise.map((p) => p.endpoint)).toEqual(expected.map((r) => r.endpoint));
    const label = (level: string) => find(result.group.levels, (l) => l.level === level, level).label;
    for (const r of expected) {
      const ours = find(result.pairwise, (p) => p.endpoint === r.endpoint, r.endpoint);
      expect(ours.adjust).toBe('holm');
      expect(ours.rows).toHaveLength(r.pairwiseLogRank!.length);
      for (const rp of r.pairwiseLogRank!) {
        const w = `${r.endpoint} ${rp.first} vs ${rp.second}`;
        const row = find(ours.rows, (x) => x.first === label(rp.first) && x.second === label(rp.second), w);
        near(row.statistic, rp.statistic, `${w} chi-square`);
        near(row.pValue, rp.pValue, `${w} p`);
        near(row.adjustedP, rp.holm, `${w} Holm p`);
      }
    }
  });

  it('subgroup Kaplan–Meier: n, curves, number at risk and log-rank equal R’s survfit/survdiff', () => {
    expect(result.subgroupKm).toHaveLength(R.subgroupKm.length);
    R.subgroupKm.forEach((rs, i) => {
      const s = result.subgroupKm[i]!;
      expect([s.variable, s.level, s.n]).toEqual([rs.variable, rs.level, rs.n]);
      rs.comparisons.forEach((r, j) => {
        compareKm(s.comparisons[j]!, r, `${rs.level} ${r.endpoint}`);
      });
    });
  });

  it('sensitivity analyses (plans with a sensitivity block): cox.zph table, RMST contrasts and E-values equal R’s', () => {
    compareSensitivity(result, R);
    checkSensitivityText(text, R, result);
    checkSensitivityCsv(csvDir, R, result);
  });

  it('the PDF prints R’s patient flow and log-rank test (R’s value through the report’s formatter)', () => {
    expect(text).toContain(`Patients screened (n = ${R.flow.screened})`);
    for (const e of R.flow.excluded) expect(text).toContain(`${e.reason} (n = ${e.n})`);
    expect(text).toContain(`Patients analysed (n = ${R.flow.analysed})`);
    for (const r of R.survivalByGroup)
      expect(text).toContain(
        `Log-rank χ² = ${formatStatistic(r.logRank.statistic)}, df = ${r.logRank.df}, p ${pRelation(r.logRank.pValue)}`,
      );
  });

  it('the methods name the statuses counted as censored when the status has more than two levels', () => {
    // R's ?pbc: status 0 = censored, 1 = transplant, 2 = dead; the plan's event is death, so a
    // transplant is censored. veteran and gbsg have a two-level status: nothing to add.
    if (name === 'pbc') expect(text).toContain('(event: dead; censored: alive or liver transplant)');
    else expect(text).not.toContain('censored: ');
  });

  it('the KM legends print R’s median (95% CI) of every curve, in whole days when the display unit is days', () => {
    const digits = timeDigits(R.timeUnit);
    for (const r of R.survivalByGroup)
      for (const c of r.curves) {
        const legend = formatMedian({ estimate: c.median, lower: c.lower, upper: c.upper }, digits);
        expect(text).toContain(`${c.n} ${c.events} ${legend}`);
        if (R.timeUnit === 'days') expect(legend).not.toMatch(/\d\.\d/);
        // Every landmark the plan asks for is in the legend (a column, or a line under it when the
        // columns do not fit), with R's survival at that time.
        for (const l of c.landmarks) expect(text).toContain(formatSurvivalPercent(l.survival));
      }
  });

  it('the PDF’s Cox table prints R’s HR (95% CI) and p of every row, univariable then multivariable', () => {
    const cell = (r: { hazardRatio: number; lower: number; upper: number; pValue: number }) =>
      `${formatHazardRatio(r.hazardRatio, r.lower, r.upper)} ${formatP(r.pValue)}`;
    for (const rc of R.cox)
      for (const ru of rc.univariate) {
        const multi = rc.multivariable.variables.find((v) => v.variable === ru.variable);
        // A continuous row's label may wrap ("Karnofsky performance score (per 10 / points)"), so
        // its cells are matched without it; a level's row starts with the level's label.
        const cells = (u: RHr, m: RHr | undefined) => `${cell(u)}${m ? ` ${cell(m)}` : ''}`;
        if (ru.kind === 'continuous') {
          const per = (x: RHr & { perHazardRatio: number; perLower: number; perUpper: number }) => ({
            ...x,
            hazardRatio: x.perHazardRatio,
            lower: x.perLower,
            upper: x.perUpper,
          });
          expect(text).toContain(cells(per(ru), multi?.kind === 'continuous' ? per(multi) : undefined));
          continue;
        }
        const ours = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint).univariate;
        const levels = find(ours, (u) => u.variable === ru.variable, ru.variable).levels;
        for (const rl of ru.levels) {
          const label = find(levels, (l) => l.level === rl.level, rl.level).label;
          const m =
            multi?.kind === 'categorical' ? multi.levels.find((l) => l.level === rl.level) : undefined;
          expect(text).toContain(`${label} ${cells(rl, m)}`);
        }
      }
  });

  it('the PDF’s pairwise table prints R’s χ², p and Holm-adjusted p of every pair of arms', () => {
    const label = (level: string) => find(result.group.levels, (l) => l.level === level, level).label;
    for (const r of R.survivalByGroup)
      for (const rp of r.pairwiseLogRank ?? [])
        expect(text).toContain(
          `${label(rp.second)} vs ${label(rp.first)} ${formatStatistic(rp.statistic)} ${formatP(rp.pValue)} ${formatP(rp.holm)}`,
        );
  });

  it('--csv tables carry R’s numbers: flow, Table 1, Kaplan–Meier summary and landmarks (exact counts, 1e-6)', () => {
    checkTable1Csv(csvDir, R, result);
    checkKmCsv(csvDir, R, result);
  });

  it('--csv tables carry R’s numbers: Cox rows with each model’s n and events, forest arms, pairwise log-rank', () => {
    checkCoxCsv(csvDir, R);
    checkForestCsv(csvDir, R, result);
    checkPairwiseCsv(csvDir, R, result);
  });
});
