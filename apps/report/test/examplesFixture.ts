import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CoxVariableRows, ForestArm, KmComparison } from '../src/analysis/types.js';
import { APP_DIR, compareCurveWithR, near } from './helpers.js';

// The shape of test/fixtures/examples-<name>.json (written by test/r/examples-report.R) and the
// comparisons of the report's analysis with it that more than one test file makes.

export type Num = number | null;
export interface RKmCurve {
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
export interface RKm {
  readonly endpoint: string;
  readonly curves: readonly RKmCurve[];
  readonly overallMedian: { readonly median: Num; readonly lower: Num; readonly upper: Num };
  readonly logRank: { readonly statistic: number; readonly df: number; readonly pValue: number };
  /** survdiff on each pair of arms (level names), p.adjust over the pairs; null with two arms. */
  readonly pairwiseLogRank:
    | readonly {
        readonly first: string;
        readonly second: string;
        readonly statistic: number;
        readonly pValue: number;
        readonly holm: number;
      }[]
    | null;
}
export interface RHr {
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}
export type RCoxRows =
  | {
      readonly kind: 'categorical';
      readonly reference: string;
      readonly levels: readonly (RHr & { level: string })[];
    }
  | (RHr & {
      readonly kind: 'continuous';
      readonly per: number;
      readonly perHazardRatio: number;
      readonly perLower: number;
      readonly perUpper: number;
    });
export type RCoxVariable = RCoxRows & { readonly variable: string };
export interface RCox {
  readonly endpoint: string;
  readonly univariate: readonly (RCoxVariable & {
    readonly n: number;
    readonly events: number;
    readonly lrtP: number;
    readonly lrtDf: number;
  })[];
  readonly multivariableVariables: readonly string[];
  readonly multivariable: {
    readonly n: number;
    readonly events: number;
    readonly variables: readonly RCoxVariable[];
  };
}
export interface RForestLevel {
  readonly level?: string;
  readonly n: number;
  readonly events: number;
  /** One HR per non-reference arm against the reference arm. */
  readonly arms: readonly (RHr & { readonly level: string })[];
}
export type RTable1 =
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
export interface RFixture {
  readonly study: string;
  /** The plan's display unit of time: every median, landmark and tick is in it. */
  readonly timeUnit: 'days' | 'weeks' | 'months' | 'years';
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
  /** The plan's sensitivity analyses per endpoint (examples-report.R's `sensitivity`); null when the plan has none. */
  readonly sensitivity?: readonly RSensitivity[] | null;
}

interface REstimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}
/** cox.zph table, survRM2 rmst2 contrasts and evalues.HR of one endpoint (examples-report.R). */
export interface RSensitivity {
  readonly endpoint: string;
  readonly ph: {
    readonly n: number;
    readonly events: number;
    readonly terms: readonly { variable: string; chisq: number; df: number; pValue: number }[];
    readonly global: { chisq: number; df: number; pValue: number };
  };
  readonly rmst: readonly {
    readonly level: string;
    readonly tau: number;
    readonly arm: REstimate & { readonly stdErr: number };
    readonly reference: REstimate & { readonly stdErr: number };
    readonly difference: REstimate & { readonly pValue: number };
    readonly ratio: REstimate & { readonly pValue: number };
  }[];
  readonly eValue: readonly (REstimate & {
    readonly level: string;
    readonly hazardRatio: number;
    readonly point: number;
    readonly ci: number;
  })[];
}

/** R's reference analysis of examples/<name> (test/fixtures/examples-<name>.json). */
export function loadExampleFixture(name: string): RFixture {
  return JSON.parse(
    readFileSync(join(APP_DIR, 'test', 'fixtures', `examples-${name}.json`), 'utf8'),
  ) as RFixture;
}

export function find<T>(items: readonly T[], pred: (x: T) => boolean, what: string): T {
  const x = items.find(pred);
  if (x === undefined) throw new Error(`not in the analysis: ${what}`);
  return x;
}

export function compareKm(ours: KmComparison, r: RKm, where: string): void {
  expect(
    ours.curves.map((c) => c.n),
    `${where} n per group`,
  ).toEqual(r.curves.map((c) => c.n));
  r.curves.forEach((rc, i) => {
    const c = ours.curves[i]!;
    const w = `${where} ${rc.group}`;
    compareCurveWithR(c, rc, w);
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

export function compareHr(
  ours: RHr | CoxVariableRows['levels'][number] | ForestArm,
  r: RHr,
  where: string,
): void {
  near(ours.hazardRatio, r.hazardRatio, `${where} HR`);
  near(ours.lower, r.lower, `${where} lower`);
  near(ours.upper, r.upper, `${where} upper`);
  near(ours.pValue, r.pValue, `${where} p`);
}

export function compareCoxRows(ours: CoxVariableRows, r: RCoxVariable, where: string): void {
  expect(ours.type, `${where} type`).toBe(r.kind);
  if (r.kind === 'continuous') {
    // One row: the HR per `per` units, exp(per·β), with its Wald CI; p does not depend on `per`.
    expect(ours.per, `${where} per`).toBe(r.per);
    expect(ours.levels, `${where} one row`).toHaveLength(1);
    const l = ours.levels[0]!;
    compareHr(l, { ...r, hazardRatio: r.perHazardRatio, lower: r.perLower, upper: r.perUpper }, where);
    return;
  }
  expect(find(ours.levels, (l) => l.isReference, `${where} reference`).level).toBe(r.reference);
  expect(ours.levels.filter((l) => !l.isReference).map((l) => l.level)).toEqual(r.levels.map((l) => l.level));
  for (const rl of r.levels) {
    const l = find(ours.levels, (x) => x.level === rl.level, `${where} ${rl.level}`);
    expect(l.infinite, `${where} ${rl.level} infinite`).toBe(false);
    compareHr(l, rl, `${where} ${rl.level}`);
  }
}
