import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  CoxVariableRows,
  ForestLevel,
  KmComparison,
  Table1Categorical,
  Table1Continuous,
} from '../src/analysis/types.js';
import { formatStatistic, pRelation } from '../src/format/index.js';
import { APP_DIR, near, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// The example studies examples/veteran (four cell types), examples/pbc (trial arm chosen by an
// eligibility rule, laboratory values with missing data) and examples/gbsg (hormonal therapy,
// recurrence-free survival), each rendered from its own CSV, dictionary and plan, against R computing
// the same analysis from the CSV alone (test/r/examples-report.R with test/r/examples-studies.R →
// test/fixtures/examples-<name>.json; R 4.2.2, survival 3.5-3). Oracle: those fixtures. Tolerance:
// relative 1e-6 for every real number, exact for counts.

type Num = number | null;
interface RKmCurve {
  readonly group: string;
  readonly n: number;
  readonly events: number;
  readonly median: Num;
  readonly lower: Num;
  readonly upper: Num;
  readonly landmarks: readonly {
    readonly time: number;
    readonly survival: Num;
    readonly lower: Num;
    readonly upper: Num;
  }[];
  readonly atRisk: { readonly time: readonly number[]; readonly n: readonly number[] };
}
interface RKm {
  readonly endpoint: string;
  readonly curves: readonly RKmCurve[];
  readonly overallMedian: { readonly median: Num; readonly lower: Num; readonly upper: Num };
  readonly logRank: { readonly statistic: number; readonly df: number; readonly pValue: number };
}
interface RHr {
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}
type RCoxRows =
  | {
      readonly kind: 'categorical';
      readonly reference: string;
      readonly levels: readonly (RHr & { level: string })[];
    }
  | (RHr & { readonly kind: 'continuous'; readonly per: number; readonly perHazardRatio: number });
type RCoxVariable = RCoxRows & { readonly variable: string };
interface RCox {
  readonly endpoint: string;
  readonly univariate: readonly (RCoxVariable & {
    readonly n: number;
    readonly events: number;
    readonly lrtP: number;
  })[];
  readonly multivariableVariables: readonly string[];
  readonly multivariable: {
    readonly n: number;
    readonly events: number;
    readonly variables: readonly RCoxVariable[];
  };
}
interface RForestLevel {
  readonly level?: string;
  readonly n: number;
  readonly events: number;
  /** One HR per non-reference arm against the reference arm. */
  readonly arms: readonly (RHr & { readonly level: string })[];
}
type RTable1 =
  | {
      readonly variable: string;
      readonly kind: 'categorical';
      readonly counts: readonly { readonly level: string; readonly counts: readonly number[] }[];
      readonly test: 'chisq' | 'fisher';
      readonly pValue: number;
      readonly statistic: Num;
      readonly minExpected: number;
    }
  | {
      readonly variable: string;
      readonly kind: 'continuous';
      readonly perGroup: readonly {
        n: number;
        missing: number;
        median: number;
        min: number;
        max: number;
      }[];
      readonly test: 'wilcoxon' | 'kruskal';
      readonly statistic: number;
      readonly pValue: number;
    };
interface RFixture {
  readonly study: string;
  /** The plan's display unit of time: every median, landmark and tick is in it. */
  readonly timeUnit: string;
  readonly flow: {
    readonly screened: number;
    readonly excluded: readonly { readonly reason: string; readonly n: number }[];
    readonly analysed: number;
  };
  readonly groupN: readonly number[];
  readonly table1: readonly RTable1[];
  readonly survivalByGroup: readonly RKm[];
  readonly cox: readonly RCox[];
  readonly forest: readonly {
    readonly endpoint: string;
    readonly overall: RForestLevel;
    readonly variables: readonly {
      readonly variable: string;
      readonly levels: readonly RForestLevel[];
      readonly interaction: { readonly statistic: number; readonly df: number; readonly pValue: number };
    }[];
  }[];
  readonly subgroupKm: readonly {
    readonly variable: string;
    readonly level: string;
    readonly n: number;
    readonly comparisons: readonly RKm[];
  }[];
}

function find<T>(items: readonly T[], pred: (x: T) => boolean, what: string): T {
  const x = items.find(pred);
  if (x === undefined) throw new Error(`not in the analysis: ${what}`);
  return x;
}

function compareKm(ours: KmComparison, r: RKm, where: string): void {
  expect(
    ours.curves.map((c) => c.n),
    `${where} n per group`,
  ).toEqual(r.curves.map((c) => c.n));
  r.curves.forEach((rc, i) => {
    const c = ours.curves[i]!;
    const w = `${where} ${rc.group}`;
    expect(c.events, `${w} events`).toBe(rc.events);
    near(c.median.estimate, rc.median, `${w} median`);
    near(c.median.lower, rc.lower, `${w} median lower`);
    near(c.median.upper, rc.upper, `${w} median upper`);
    expect(c.landmarks.map((l) => l.time)).toEqual(rc.landmarks.map((l) => l.time));
    rc.landmarks.forEach((rl, k) => {
      const l = c.landmarks[k]!;
      near(l.survival, rl.survival, `${w} S(${rl.time})`);
      near(l.lower, rl.lower, `${w} S(${rl.time}) lower`);
      near(l.upper, rl.upper, `${w} S(${rl.time}) upper`);
    });
    const atRisk = ours.xTicks.map((t) => {
      const k = rc.atRisk.time.indexOf(t);
      if (k < 0) throw new Error(`${w}: the fixture has no number at risk at ${t}`);
      return rc.atRisk.n[k]!;
    });
    expect(c.atRisk, `${w} number at risk at ${ours.xTicks.join(', ')}`).toEqual(atRisk);
  });
  near(ours.overallMedian.estimate, r.overallMedian.median, `${where} overall median`);
  near(ours.overallMedian.lower, r.overallMedian.lower, `${where} overall median lower`);
  near(ours.overallMedian.upper, r.overallMedian.upper, `${where} overall median upper`);
  expect(ours.logRank?.df, `${where} log-rank df`).toBe(r.logRank.df);
  near(ours.logRank?.statistic, r.logRank.statistic, `${where} log-rank chi-square`);
  near(ours.logRank?.pValue, r.logRank.pValue, `${where} log-rank p`);
}

function compareHr(ours: RHr | CoxVariableRows['levels'][number] | ForestLevel, r: RHr, where: string): void {
  near(ours.hazardRatio, r.hazardRatio, `${where} HR`);
  near(ours.lower, r.lower, `${where} lower`);
  near(ours.upper, r.upper, `${where} upper`);
  near(ours.pValue, r.pValue, `${where} p`);
}

function compareCoxRows(ours: CoxVariableRows, r: RCoxVariable, where: string): void {
  if (r.kind !== 'categorical') throw new Error(`${where}: continuous covariates are not in the plan yet`);
  expect(find(ours.levels, (l) => l.isReference, `${where} reference`).level).toBe(r.reference);
  expect(ours.levels.filter((l) => !l.isReference).map((l) => l.level)).toEqual(r.levels.map((l) => l.level));
  for (const rl of r.levels) {
    const l = find(ours.levels, (x) => x.level === rl.level, `${where} ${rl.level}`);
    expect(l.infinite, `${where} ${rl.level} infinite`).toBe(false);
    compareHr(l, rl, `${where} ${rl.level}`);
  }
}

const STUDIES = ['veteran', 'pbc', 'gbsg'] as const;

describe.each(STUDIES)('examples/%s, whole pipeline vs R (test/r/examples-report.R)', (name) => {
  const dir = join(REPO_DIR, 'examples', name);
  const R = JSON.parse(
    readFileSync(join(APP_DIR, 'test', 'fixtures', `examples-${name}.json`), 'utf8'),
  ) as RFixture;
  let result: AnalysisResult;
  let text: string;

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
    });
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

  it('forest plot: group HR per subgroup level (n, events exact) and the interaction likelihood-ratio p equal R’s coxph/anova', () => {
    expect(result.forest.map((f) => f.endpoint)).toEqual(R.forest.map((f) => f.endpoint));
    for (const rf of R.forest) {
      const f = find(result.forest, (x) => x.endpoint === rf.endpoint, rf.endpoint);
      const one = (ours: ForestLevel, r: RForestLevel, w: string) => {
        expect([ours.n, ours.events], `${w} n, events`).toEqual([r.n, r.events]);
        expect(r.arms, `${w}: two arms, one HR`).toHaveLength(1);
        compareHr(ours, r.arms[0]!, w);
      };
      one(f.overall, rf.overall, `${rf.endpoint} overall`);
      expect(f.variables.map((v) => v.variable)).toEqual(rf.variables.map((v) => v.variable));
      rf.variables.forEach((rv, i) => {
        const v = f.variables[i]!;
        near(v.interactionP, rv.interaction.pValue, `${rf.endpoint} ${rv.variable} interaction p`);
        expect(v.levels).toHaveLength(rv.levels.length);
        rv.levels.forEach((rl, k) => {
          one(v.levels[k]!, rl, `${rf.endpoint} ${rv.variable}=${rl.level}`);
        });
      });
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

  it('the PDF prints R’s patient flow and log-rank test (R’s value through the report’s formatter)', () => {
    expect(text).toContain(`Patients screened (n = ${R.flow.screened})`);
    for (const e of R.flow.excluded) expect(text).toContain(`${e.reason} (n = ${e.n})`);
    expect(text).toContain(`Patients analysed (n = ${R.flow.analysed})`);
    for (const r of R.survivalByGroup)
      expect(text).toContain(
        `Log-rank χ² = ${formatStatistic(r.logRank.statistic)}, df = ${r.logRank.df}, p ${pRelation(r.logRank.pValue)}`,
      );
  });
});
