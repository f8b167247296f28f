import { kaplanMeier, kaplanMeierByGroup, logRankTest, StatsInputError } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { CheckList } from '../src/compare.js';
import {
  checkKmCase,
  checkLogRankCase,
  kmFixture,
  logRankFixture,
  runSurvivalSuite,
  SURVIVAL_TOLERANCE,
} from '../src/suites/survival.js';

const km = kmFixture();
const lr = logRankFixture();
const byName = <C extends { readonly name: string }>(cases: readonly C[], name: string): C => {
  const c = cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no fixture case ${name}`);
  return c;
};
const lrCase = (name: string) => byName(lr.cases, name);
const kmCase = (name: string) => byName(km.cases, name);

describe('Kaplan–Meier against R survival 3.5-3 (fixtures/survival-km.json from r/survival.R; every number rel 1e-9)', () => {
  it('covers the six public data sets and the edge cases, in every CI type, by group and not', () => {
    expect(SURVIVAL_TOLERANCE).toBe(1e-9);
    expect(km.survival).toBe('3.5.3');
    const data = new Set(km.cases.map((c) => c.data));
    for (const d of ['aml', 'lung', 'veteran', 'ovarian', 'colon', 'pbc', 'ties', 'median_midpoint']) {
      expect(data.has(d)).toBe(true);
    }
    expect(new Set(km.cases.map((c) => c.confType))).toEqual(new Set(['log', 'log-log', 'plain']));
    expect(km.cases.some((c) => c.byGroup)).toBe(true);
    expect(km.cases.some((c) => c.confLevel !== 0.95)).toBe(true);
    // 40 000 rows: segments above 2^14 rows take the radix-sort path rather than the native sort.
    expect(km.datasets.large!.time.length).toBe(40_000);
    expect(km.cases.filter((c) => c.data === 'large').length).toBe(2);
  });

  it('every curve, SE, limit, median, quantile, RMST and summary(times =) agrees with R', () => {
    const s = runSurvivalSuite();
    expect(s.failures).toEqual([]);
    expect(s.cases).toBeGreaterThanOrEqual(km.cases.length);
    expect(s.checks).toBeGreaterThan(100_000);
  });

  it("the median sits on R's midpoint where S(t) is exactly 0.5 (R: print 5.5 for Surv(1:10))", () => {
    const c = kmCase('median_midpoint ~ 1, log');
    const fit = kaplanMeier(km.datasets.median_midpoint!);
    expect(c.curves[0]!.median.estimate).toBe(5.5);
    expect(fit.median.estimate).toBe(5.5);
  });

  it("a curve ending flat at exactly 0.5 follows print's rule for median and quantile.survfit's for quantile(0.5)", () => {
    const ref = kmCase('median_flat_end ~ 1, log').curves[0]!;
    const fit = kaplanMeier(km.datasets.median_flat_end!);
    // Oracle: R print(fit) median 5; quantile(fit, 0.5) = (5 + 10) / 2.
    expect(fit.median.estimate).toBe(ref.median.estimate);
    expect(fit.quantile(0.5).estimate).toBe(ref.quantiles.find((q) => q.p === 0.5)!.estimate);
    expect(ref.median.estimate).toBe(5);
    expect(ref.quantiles.find((q) => q.p === 0.5)!.estimate).toBe(7.5);
  });

  it('non-integer case weights switch to the robust (infinitesimal jackknife) SE, as R does', () => {
    const checks = new CheckList();
    checkKmCase(checks, km, kmCase('weights_fractional ~ 1, log'));
    expect(checks.checks.filter((c) => !c.pass)).toEqual([]);
    const d = km.datasets.weights_fractional!;
    expect(kaplanMeier(d).variance).toBe('robust');
    expect(kaplanMeier(km.datasets.weights_integer!).variance).toBe('greenwood');
  });

  it('all censored, one subject and a curve reaching 0 give R’s answers without throwing', () => {
    for (const name of [
      'all_censored ~ 1, log',
      'one_subject_event ~ 1, log-log',
      'one_subject_censored ~ 1, plain',
      'reaches_zero ~ 1, log',
    ]) {
      const checks = new CheckList();
      checkKmCase(checks, km, kmCase(name));
      expect(checks.checks.filter((c) => !c.pass)).toEqual([]);
    }
    // Oracle: R gives NA limits (null) where S = 0 under conf.type = 'log'.
    const zero = kaplanMeier(km.datasets.reaches_zero!);
    expect(zero.survival[zero.survival.length - 1]).toBe(0);
    expect(Number.isNaN(zero.lower[zero.lower.length - 1]!)).toBe(true);
    expect(kmCase('reaches_zero ~ 1, log').curves[0]!.lower!.at(-1)).toBeNull();
  });
});

describe('kaplanMeier input handling', () => {
  const d = km.datasets.aml!;

  it('accepts typed arrays and boolean events with the same result as plain arrays', () => {
    const plain = kaplanMeier({ time: d.time, event: d.event });
    const typed = kaplanMeier({ time: Float64Array.from(d.time), event: d.event.map((e) => e === 1) });
    expect(typed.survival).toEqual(plain.survival);
    expect(typed.upper).toEqual(plain.upper);
    const bytes = kaplanMeier({ time: Int32Array.from(d.time), event: Uint8Array.from(d.event) });
    expect(bytes.stdErr).toEqual(plain.stdErr);
    // −0 is the time 0 (the radix sort orders by bit pattern, so it must be normalized).
    const negZero = kaplanMeier({ time: [-0, 1, 0, 2], event: [1, 0, 0, 1] });
    expect(negZero.time).toEqual(Float64Array.from([0, 1, 2]));
  });

  it('rejects bad input with a StatsInputError naming the function, the row and the problem', () => {
    const bad = (f: () => unknown, pattern: RegExp) => {
      expect(f).toThrow(StatsInputError);
      expect(f).toThrow(pattern);
    };
    bad(() => kaplanMeier({ time: [1, -2, 3], event: [1, 0, 1] }), /^kaplanMeier: time, row 1: .*-2.*≥ 0/);
    bad(
      () => kaplanMeier({ time: [1, Number.NaN], event: [1, 0] }),
      /^kaplanMeier: time, row 1: time is NaN/,
    );
    bad(
      () => kaplanMeier({ time: [1, 2], event: [1, 2] }),
      /^kaplanMeier: event, row 1: event is 2; expected 0\/1/,
    );
    bad(() => kaplanMeier({ time: [1, 2], event: [1] }), /^kaplanMeier: event: has length 1; expected 2/);
    bad(() => kaplanMeier({ time: [], event: [] }), /^kaplanMeier: time: no observations/);
    bad(() => kaplanMeier({ time: [1, 2], event: [1, 0], weights: [1, -1] }), /weights, row 1/);
    bad(() => kaplanMeier({ time: [1], event: [1] }, { confLevel: 95 }), /confLevel is 95/);
    bad(
      () => kaplanMeierByGroup({ time: [1, 2], event: [1, 0], group: ['a', Number.NaN] }),
      /^kaplanMeierByGroup: group, row 1/,
    );
    const fit = kaplanMeier({ time: d.time, event: d.event });
    bad(() => fit.survivalAt([1, -1]), /times, row 1/);
    bad(() => fit.quantile(1.5), /quantile probability is 1.5/);
    bad(() => fit.rmst(Number.NaN), /tau is NaN/);
  });

  it('orders group curves like R factor levels: numerically for numbers, by code units for strings', () => {
    const numeric = kaplanMeierByGroup({ time: [1, 2, 3, 4], event: [1, 1, 1, 1], group: [10, 2, 33, 2] });
    expect(numeric.curves.map((c) => c.group)).toEqual(['2', '10', '33']);
    const text = kaplanMeierByGroup({ time: [1, 2, 3], event: [1, 1, 1], group: ['b', 'a', 'C'] });
    expect(text.curves.map((c) => c.group)).toEqual(['C', 'a', 'b']);
  });
});

describe('log-rank family against R survdiff (fixtures/survival-logrank.json from r/survival.R; rel 1e-9)', () => {
  it('covers k groups, strata and rho ∈ {0, 0.5, 1} on the public data sets and the edge cases', () => {
    expect(new Set(lr.cases.map((c) => c.rho))).toEqual(new Set([0, 0.5, 1]));
    expect(lr.cases.filter((c) => c.strata).length).toBeGreaterThanOrEqual(27);
    expect(lr.cases.some((c) => c.groups.length >= 5)).toBe(true);
    for (const d of ['aml', 'lung_ecog', 'veteran', 'ovarian', 'colon', 'pbc_trt']) {
      expect(lr.cases.some((c) => c.data === d)).toBe(true);
    }
  });

  it('statistic, df, p-value, observed, expected and variance agree with R in every case', () => {
    const checks = new CheckList();
    for (const c of lr.cases) checkLogRankCase(checks, lr, c);
    expect(checks.checks.filter((c) => !c.pass)).toEqual([]);
    expect(checks.checks.length).toBeGreaterThan(1500);
  });

  it("reproduces R's aml log-rank test (survdiff(Surv(time, status) ~ x): Chisq 3.396, p 0.0653)", () => {
    const ref = lrCase('aml, rho = 0');
    const d = lr.datasets.aml!;
    const r = logRankTest({ time: d.time, event: d.event, group: d.group! });
    expect(r.statistic).toBeCloseTo(ref.statistic, 12);
    expect(r.pValue).toBeCloseTo(ref.pValue!, 12);
    expect(r.groups.map((g) => g.group)).toEqual(['Maintained', 'Nonmaintained']);
  });

  it("a group with no events, a group with nothing expected and no events at all give R's answers", () => {
    const noEvents = lrCase('no_events_group, rho = 0');
    // Oracle (R): group B has 0 observed but positive expected; C has expected 0 and leaves the df.
    expect(noEvents.groups[1]!.observed).toBe(0);
    expect(noEvents.groups[2]!.expected).toBe(0);
    expect(noEvents.df).toBe(1);
    const allCensored = lrCase('all_censored, rho = 0');
    expect(allCensored.pValue).toBeNull();
    const d = lr.datasets.all_censored!;
    const r = logRankTest({ time: d.time, event: d.event, group: d.group! });
    expect(r.statistic).toBe(0);
    expect(r.df).toBe(allCensored.df);
    expect(Number.isNaN(r.pValue)).toBe(true);
    expect(r.warnings.join()).toMatch(/NaNs produced/);
  });

  it('rejects bad input with a StatsInputError naming the function, the row and the problem', () => {
    const bad = (f: () => unknown, pattern: RegExp) => {
      expect(f).toThrow(StatsInputError);
      expect(f).toThrow(pattern);
    };
    bad(
      () => logRankTest({ time: [1, 2], event: [1, 0], group: [1, 1] }),
      /^logRankTest: group: there is only 1 group/,
    );
    bad(
      () => logRankTest({ time: [1, 2], event: [1, 0], group: [1] }),
      /^logRankTest: group: has length 1; expected 2/,
    );
    bad(() => logRankTest({ time: [1, -2], event: [1, 0], group: [1, 2] }), /^logRankTest: time, row 1/);
    bad(() => logRankTest({ time: [1, 2], event: [1, 3], group: [1, 2] }), /^logRankTest: event, row 1/);
    bad(
      () => logRankTest({ time: [1, 2], event: [1, 0], group: [1, 2], strata: ['a'] }),
      /^logRankTest: strata: has length 1; expected 2/,
    );
    bad(() => logRankTest({ time: [1, 2], event: [1, 0], group: [1, 2] }, { rho: Number.NaN }), /rho is NaN/);
  });
});
