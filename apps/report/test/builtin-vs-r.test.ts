import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  CoxVariableRows,
  KmComparison,
  Table1Categorical,
  Table1Row,
} from '../src/analysis/types.js';
import {
  formatCountPercent,
  formatHazardRatio,
  formatInterval,
  formatMedian,
  formatNumber,
  formatP,
  formatReference,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
} from '../src/format/index.js';
import { APP_DIR, compareCurveWithR, near, pdfText, runInProcess, tempDir } from './helpers.js';

// The whole chain — CSV import, eligibility, endpoints from dates, derived variables, the built-in
// plan's choices, the engine, the formatter and the PDF — against R computing the same analysis from
// the CSV alone (test/r/builtin-report.R → test/fixtures/builtin-report-r.json; R 4.2.2, survival
// 3.5-3). Oracle: that fixture. Tolerance: relative 1e-6 for every real number, exact for counts and
// for the PDF's text (R's number put through the report's formatter must be what the PDF shows).

interface RLevelHr {
  readonly level: string;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
  readonly infinite: boolean;
}
interface RKm {
  readonly endpoint: string;
  readonly curves: readonly {
    readonly group: string;
    readonly n: number;
    readonly events: number;
    readonly median: number | null;
    readonly lower: number | null;
    readonly upper: number | null;
    readonly landmarks: readonly {
      readonly time: number;
      readonly survival: number | null;
      readonly lower: number | null;
      readonly upper: number | null;
    }[];
    readonly atRisk: { readonly time: readonly number[]; readonly n: readonly number[] };
  }[];
  readonly overallMedian: {
    readonly median: number | null;
    readonly lower: number | null;
    readonly upper: number | null;
  };
  readonly logRank: { readonly statistic: number; readonly df: number; readonly pValue: number };
}
interface RForestLevel {
  readonly level?: string;
  readonly n: number;
  readonly events: number;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
  readonly infinite: boolean;
}
interface RFixture {
  readonly flow: {
    readonly screened: number;
    readonly excluded: readonly { readonly reason: string; readonly n: number }[];
    readonly analysed: number;
  };
  readonly groupN: readonly number[];
  readonly table1: readonly {
    readonly variable: string;
    readonly test: 'chisq' | 'fisher';
    readonly counts: readonly { readonly level: string; readonly counts: readonly number[] }[];
    readonly pValue: number;
    readonly chisqStatistic: number;
    readonly chisqP: number;
    readonly fisherP: number;
    readonly minExpected: number;
  }[];
  readonly survivalByGroup: readonly RKm[];
  readonly cox: readonly {
    readonly endpoint: string;
    readonly univariate: readonly {
      readonly variable: string;
      readonly reference: string;
      readonly lrtP: number;
      readonly levels: readonly RLevelHr[];
      readonly warnings: readonly string[];
    }[];
    readonly multivariableVariables: readonly string[];
    readonly multivariable: {
      readonly n: number;
      readonly events: number;
      readonly warnings: readonly string[];
      readonly variables: readonly { readonly variable: string; readonly levels: readonly RLevelHr[] }[];
    };
  }[];
  readonly forest: readonly {
    readonly endpoint: string;
    readonly overall: RForestLevel;
    readonly variables: readonly {
      readonly variable: string;
      readonly levels: readonly RForestLevel[];
      readonly interactionP: number;
    }[];
  }[];
  readonly subgroupKm: readonly {
    readonly variable: string;
    readonly level: string;
    readonly n: number;
    readonly comparisons: readonly RKm[];
  }[];
}

const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'builtin-report-r.json'), 'utf8'),
) as RFixture;
const GROUPS = ['yes', 'no'] as const;

let result: AnalysisResult;
let text: string;

beforeAll(async () => {
  const dir = tempDir();
  const out = join(dir, 'report.pdf');
  // The report's own --json output and PDF from one run of the pipeline on the built-in cohort.
  const run = await runInProcess({ out, cwd: dir, json: true });
  expect(run.status).toBe(0);
  result = JSON.parse(run.stdout) as AnalysisResult;
  text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
}, 60_000);

function find<T>(items: readonly T[], pred: (x: T) => boolean, what: string): T {
  const x = items.find(pred);
  if (x === undefined) throw new Error(`not in the analysis: ${what}`);
  return x;
}

const isCategorical = (r: Table1Row): r is Table1Categorical => r.kind === 'categorical';
const table1Row = (variable: string) =>
  find(result.table1.rows.filter(isCategorical), (r) => r.variable === variable, `Table 1 ${variable}`);

/** The group's curve of a comparison (curves are in the plan's display order, yes then no). */
function curveOf(km: KmComparison, group: string) {
  return km.curves[GROUPS.indexOf(group as (typeof GROUPS)[number])]!;
}

/** R's number at risk at the report's axis ticks (R gives it every 6 months). */
function riskAt(rc: RKm['curves'][number], ticks: readonly number[]): number[] {
  return ticks.map((t) => {
    const i = rc.atRisk.time.indexOf(t);
    if (i < 0) throw new Error(`the fixture has no number at risk at ${t} months`);
    return rc.atRisk.n[i]!;
  });
}

function compareKm(ours: KmComparison, r: RKm, where: string): void {
  expect(ours.curves.map((c) => c.n)).toEqual(r.curves.map((c) => c.n));
  for (const rc of r.curves) {
    const c = curveOf(ours, rc.group);
    const w = `${where} surgery=${rc.group}`;
    compareCurveWithR(c, rc, w);
    expect(c.atRisk, `${w} number at risk at ${ours.xTicks.join(', ')}`).toEqual(riskAt(rc, ours.xTicks));
  }
  near(ours.overallMedian.estimate, r.overallMedian.median, `${where} overall median`);
  near(ours.overallMedian.lower, r.overallMedian.lower, `${where} overall median lower`);
  near(ours.overallMedian.upper, r.overallMedian.upper, `${where} overall median upper`);
  expect(ours.logRank?.df).toBe(r.logRank.df);
  near(ours.logRank?.statistic, r.logRank.statistic, `${where} log-rank chisq`);
  near(ours.logRank?.pValue, r.logRank.pValue, `${where} log-rank p`);
}

/** Exact text in the PDF (a short failure message instead of the whole document). */
function expectInPdf(line: string): void {
  expect(text.includes(line), `the PDF shows "${line}"`).toBe(true);
}

/** The legend of a Kaplan–Meier figure as the PDF shows it, written from R's numbers. */
function expectKmLegend(ours: KmComparison, r: RKm): void {
  for (const rc of r.curves) {
    const label = curveOf(ours, rc.group).label;
    const rates = rc.landmarks.map((l) => formatSurvivalPercent(l.survival)).join(' ');
    const median = formatMedian({ estimate: rc.median, lower: rc.lower, upper: rc.upper });
    expectInPdf(`${label} ${rc.n} ${rc.events} ${median} ${rates}`);
  }
  expectInPdf(
    `Number at risk ${r.curves.map((rc) => `${curveOf(ours, rc.group).label} ${riskAt(rc, ours.xTicks).join(' ')}`).join(' ')}`,
  );
  expectInPdf(
    `Log-rank χ² = ${formatStatistic(r.logRank.statistic)}, df = ${r.logRank.df}, p ${pRelation(r.logRank.pValue)}`,
  );
}

function coxCell(l: RLevelHr): string {
  return `${formatHazardRatio(l.hazardRatio, l.lower, l.upper)} ${formatP(l.pValue)}`;
}

function compareHr(ours: CoxVariableRows, levels: readonly RLevelHr[], where: string): void {
  expect(ours.levels.filter((l) => !l.isReference).map((l) => l.level)).toEqual(levels.map((l) => l.level));
  for (const rl of levels) {
    const l = find(ours.levels, (x) => x.level === rl.level, `${where} ${rl.level}`);
    const w = `${where} ${rl.level}`;
    // No fit of this cohort diverges in R (no "coefficient may be infinite" warning).
    expect(rl.infinite, `${w}: R flags an infinite coefficient`).toBe(false);
    expect(l.infinite, `${w} infinite`).toBe(false);
    near(l.hazardRatio, rl.hazardRatio, `${w} HR`);
    near(l.lower, rl.lower, `${w} lower`);
    near(l.upper, rl.upper, `${w} upper`);
    near(l.pValue, rl.pValue, `${w} p`);
  }
}

describe('built-in cohort, whole pipeline vs R (test/r/builtin-report.R)', () => {
  it('patient flow and group sizes equal R’s eligibility rules applied to the CSV (exact)', () => {
    expect(result.flow.screened).toBe(R.flow.screened);
    expect(result.flow.excluded).toEqual(R.flow.excluded);
    expect(result.flow.analysed).toBe(R.flow.analysed);
    expect(result.group.levels.map((l) => l.level)).toEqual([...GROUPS]);
    expect(result.group.levels.map((l) => l.n)).toEqual(R.groupN);
    expect(result.table1.groupN).toEqual(R.groupN);
  });

  it('Table 1: counts exactly, p-values equal R’s chisq.test(correct = FALSE) / fisher.test (relative 1e-6)', () => {
    for (const rt of R.table1) {
      const row = table1Row(rt.variable);
      expect(
        row.levels.map((l) => [...l.counts]),
        `${rt.variable} counts`,
      ).toEqual(rt.counts.map((c) => [...c.counts]));
      expect(row.test, `${rt.variable} test`).toBe(rt.test);
      near(row.pValue, rt.pValue, `${rt.variable} p (${rt.test})`);
      near(row.statistic, rt.test === 'chisq' ? rt.chisqStatistic : null, `${rt.variable} statistic`);
      near(row.minExpected, rt.minExpected, `${rt.variable} smallest expected count`);
      // The automatic rule (Fisher when an expected count < 5) and its footnoted p-value.
      const auto = rt.minExpected < 5 ? 'fisher' : 'chisq';
      expect(row.autoTest, `${rt.variable} automatic test`).toBe(auto);
      near(
        row.autoPValue,
        auto === rt.test ? null : auto === 'fisher' ? rt.fisherP : rt.chisqP,
        `${rt.variable} automatic-rule p`,
      );
    }
    expect(result.table1.rows.filter(isCategorical)).toHaveLength(R.table1.length);
  });

  it('Kaplan–Meier (PFS, OS): n, events, median (log CI), survival at 12/36/60 months, number at risk and log-rank equal R’s survfit/survdiff', () => {
    expect(result.survival.map((s) => s.endpoint)).toEqual(R.survivalByGroup.map((s) => s.endpoint));
    R.survivalByGroup.forEach((r, i) => {
      compareKm(result.survival[i]!, r, r.endpoint);
    });
  });

  it('univariate Cox (PFS, OS): HR, 95% CI and Wald p per level and likelihood-ratio p per variable equal R’s coxph (Efron)', () => {
    for (const rc of R.cox) {
      const table = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint);
      expect(table.univariate.map((u) => u.variable)).toEqual(rc.univariate.map((u) => u.variable));
      for (const ru of rc.univariate) {
        const u = find(table.univariate, (x) => x.variable === ru.variable, ru.variable);
        expect(ru.warnings, `${rc.endpoint} ${ru.variable}: R warns`).toEqual([]);
        expect(find(u.levels, (l) => l.isReference, 'reference').level).toBe(ru.reference);
        near(u.lrtP, ru.lrtP, `${rc.endpoint} ${ru.variable} LR p`);
        compareHr(u, ru.levels, `${rc.endpoint} univariate ${ru.variable}`);
      }
      expect(table.warnings, `${rc.endpoint}: our warnings`).toEqual([]);
    }
  });

  it('multivariate Cox (PFS, OS): R selects the same variables (LR p < 0.05, plus surgery) and gives the same HR, CI and p', () => {
    for (const rc of R.cox) {
      const table = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint);
      expect(table.multivariableVariables).toEqual(rc.multivariableVariables);
      expect(table.multivariableN).toBe(rc.multivariable.n);
      expect(table.multivariableEvents).toBe(rc.multivariable.events);
      expect(rc.multivariable.warnings).toEqual([]);
      for (const rv of rc.multivariable.variables) {
        const mv = table.multivariable.find((m) => m?.variable === rv.variable);
        expect(mv, `${rc.endpoint} multivariate ${rv.variable}`).toBeDefined();
        compareHr(mv!, rv.levels, `${rc.endpoint} multivariate ${rv.variable}`);
      }
      expect(table.multivariable.filter((m) => m !== null)).toHaveLength(rc.multivariable.variables.length);
    }
  });

  it('forest plots (PFS, OS): surgery HR per subgroup level and the interaction likelihood-ratio p equal R’s coxph/anova', () => {
    for (const rf of R.forest) {
      const f = find(result.forest, (x) => x.endpoint === rf.endpoint, rf.endpoint);
      const one = (ours: (typeof f)['overall'], r: RForestLevel, w: string) => {
        expect([ours.n, ours.events], `${w} n, events`).toEqual([r.n, r.events]);
        expect(r.infinite, `${w}: R flags an infinite coefficient`).toBe(false);
        // Two arms: one non-reference arm per level.
        expect(ours.arms, `${w} arms`).toHaveLength(1);
        const arm = ours.arms[0]!;
        near(arm.hazardRatio, r.hazardRatio, `${w} HR`);
        near(arm.lower, r.lower, `${w} lower`);
        near(arm.upper, r.upper, `${w} upper`);
        near(arm.pValue, r.pValue, `${w} p`);
      };
      one(f.overall, rf.overall, `${rf.endpoint} overall`);
      expect(f.variables.map((v) => v.variable)).toEqual(rf.variables.map((v) => v.variable));
      rf.variables.forEach((rv, i) => {
        const v = f.variables[i]!;
        near(v.interactionP, rv.interactionP, `${rf.endpoint} ${rv.variable} interaction p`);
        expect(v.levels).toHaveLength(rv.levels.length);
        rv.levels.forEach((rl, k) => {
          one(v.levels[k]!, rl, `${rf.endpoint} ${rv.variable}=${rl.level}`);
        });
      });
    }
  });

  it('trastuzumab + pertuzumab subgroup: Kaplan–Meier, number at risk and log-rank (PFS, OS) equal R’s survfit/survdiff', () => {
    expect(result.subgroupKm).toHaveLength(R.subgroupKm.length);
    R.subgroupKm.forEach((rs, i) => {
      const s = result.subgroupKm[i]!;
      expect([s.variable, s.level, s.n]).toEqual([rs.variable, rs.level, rs.n]);
      rs.comparisons.forEach((r, j) => {
        compareKm(s.comparisons[j]!, r, `${rs.level} ${r.endpoint}`);
      });
    });
  });
});

describe('the PDF prints R’s numbers (R’s value through the report’s formatter, exact text)', () => {
  it('patient flow and the group sizes in the Table 1 header', () => {
    expectInPdf(`Patients screened (n = ${R.flow.screened})`);
    for (const e of R.flow.excluded) expectInPdf(`${e.reason} (n = ${e.n})`);
    expectInPdf(`Patients analysed (n = ${R.flow.analysed})`);
    expectInPdf(`n = ${R.groupN[0]} (%) n = ${R.groupN[1]} (%)`);
  });

  it('Table 1: every row’s counts and percentages, each variable’s p, and the automatic-rule footnote p', () => {
    for (const rt of R.table1) {
      const row = table1Row(rt.variable);
      rt.counts.forEach((c, k) => {
        const cells = c.counts.map((n, j) => formatCountPercent(n, R.groupN[j]!)).join(' ');
        const line = `${row.levels[k]!.label} ${cells}${k === 0 ? ` ${formatP(rt.pValue)}` : ''}`;
        expectInPdf(line);
      });
      if (row.autoPValue !== null) {
        const [name, p] =
          rt.test === 'chisq' ? ['Fisher’s exact test', rt.fisherP] : ['Pearson’s χ² test', rt.chisqP];
        expectInPdf(`${row.label} (${name}, p ${pRelation(p)})`);
      }
    }
  });

  it('Figures 1–2 and 5–6: legends (n, events, median (95% CI), landmark survival, log-rank χ² and p) and number-at-risk rows', () => {
    R.survivalByGroup.forEach((r, i) => {
      expectKmLegend(result.survival[i]!, r);
    });
    R.subgroupKm.forEach((rs, i) => {
      expectInPdf(`(n = ${rs.n})`);
      rs.comparisons.forEach((r, j) => {
        expectKmLegend(result.subgroupKm[i]!.comparisons[j]!, r);
      });
    });
  });

  it('results text: the overall median (95% CI) of each endpoint', () => {
    for (const r of R.survivalByGroup) {
      const m = r.overallMedian;
      expectInPdf(
        `median ${r.endpoint} was ${formatNumber(m.median, 1)} months (95% CI ${formatInterval(m.lower, m.upper, 1)}) overall`,
      );
    }
  });

  it('Tables 2–3: each level’s univariate and multivariate HR (95% CI) and p, and the model size', () => {
    for (const rc of R.cox) {
      const table = find(result.cox, (c) => c.endpoint === rc.endpoint, rc.endpoint);
      for (const ru of rc.univariate) {
        const u = find(table.univariate, (x) => x.variable === ru.variable, ru.variable);
        const multi = rc.multivariable.variables.find((v) => v.variable === ru.variable);
        const refLabel = find(u.levels, (l) => l.isReference, 'reference').label;
        expectInPdf(`${refLabel} ${formatReference()}${multi ? ` ${formatReference()}` : ''}`);
        for (const rl of ru.levels) {
          const label = find(u.levels, (l) => l.level === rl.level, rl.level).label;
          const m = multi?.levels.find((l) => l.level === rl.level);
          const line = `${label} ${coxCell(rl)}${m ? ` ${coxCell(m)}` : ''}`;
          expectInPdf(line);
        }
      }
      expectInPdf(`Multivariate model: ${rc.multivariable.n} patients, ${rc.multivariable.events} events.`);
    }
  });

  it('Figures 3–4: each forest row (n, events, HR (95% CI) to 2 decimals) and each interaction p', () => {
    const row = (label: string, r: RForestLevel) =>
      `${label} ${r.n} ${r.events} ${formatHazardRatio(r.hazardRatio, r.lower, r.upper, 2)}`;
    for (const rf of R.forest) {
      const f = find(result.forest, (x) => x.endpoint === rf.endpoint, rf.endpoint);
      expectInPdf(row('Overall', rf.overall));
      rf.variables.forEach((rv, i) => {
        const v = f.variables[i]!;
        // The variable's heading row carries the interaction p, then its levels follow.
        const lines = [
          `${v.label} ${formatP(rv.interactionP)}`,
          ...rv.levels.map((rl, k) => row(v.levels[k]!.label, rl)),
        ];
        expectInPdf(lines.join(' '));
      });
    }
  });
});
