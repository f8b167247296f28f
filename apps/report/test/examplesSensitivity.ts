import { expect } from 'vitest';
import type { AnalysisResult, SensitivityResult } from '../src/analysis/types.js';
import { formatNumber, formatP, formatStatistic, timeDigits } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { signedEstimate } from '../src/render/sensitivitySpecs.js';
import { num, readCsv } from './examplesCsv.js';
import { find, type RFixture, type RSensitivity } from './examplesFixture.js';
import { near } from './helpers.js';

// The plan's sensitivity analyses of an example study against R (test/r/examples-report.R:
// cox.zph(fit) on the multivariable model, survRM2's rmst1/rmst2 transcribed in base R, the EValue
// package's evalues.HR formulas). Tolerance: relative 1e-6, df and n exact.

const armLabel = (result: AnalysisResult, level: string) =>
  find(result.group.levels, (l) => l.level === level, `group level ${level}`).label;

/** The JSON's sensitivity results equal R's, endpoint by endpoint. */
export function compareSensitivity(result: AnalysisResult, R: Pick<RFixture, 'sensitivity'>): void {
  const expected = R.sensitivity ?? [];
  expect((result.sensitivity ?? []).map((s) => s.endpoint)).toEqual(expected.map((r) => r.endpoint));
  for (const r of expected) {
    const s = find(result.sensitivity ?? [], (x) => x.endpoint === r.endpoint, r.endpoint);
    comparePh(s, r);
    compareRmst(result, s, r);
    expect(s.eValue).toHaveLength(r.eValue.length);
    for (const re of r.eValue) {
      const w = `${r.endpoint} E-value ${re.level}`;
      const e = find(s.eValue ?? [], (x) => x.label === armLabel(result, re.level), w);
      near(e.hazardRatio, re.hazardRatio, `${w} HR`);
      near(e.lower, re.lower, `${w} lower`);
      near(e.upper, re.upper, `${w} upper`);
      near(e.point, re.point, `${w} point`);
      near(e.ci, re.ci, `${w} CI limit`);
    }
  }
}

function comparePh(s: SensitivityResult, r: RSensitivity): void {
  const ph = s.ph!;
  expect([ph.model, ph.n, ph.events]).toEqual(['multivariable', r.ph.n, r.ph.events]);
  expect(ph.terms.map((t) => [t.variable, t.df])).toEqual(r.ph.terms.map((t) => [t.variable, t.df]));
  r.ph.terms.forEach((rt, i) => {
    near(ph.terms[i]!.chisq, rt.chisq, `${r.endpoint} cox.zph ${rt.variable} chisq`);
    near(ph.terms[i]!.pValue, rt.pValue, `${r.endpoint} cox.zph ${rt.variable} p`);
  });
  expect(ph.global.df).toBe(r.ph.global.df);
  near(ph.global.chisq, r.ph.global.chisq, `${r.endpoint} cox.zph GLOBAL chisq`);
  near(ph.global.pValue, r.ph.global.pValue, `${r.endpoint} cox.zph GLOBAL p`);
}

function compareRmst(result: AnalysisResult, s: SensitivityResult, r: RSensitivity): void {
  expect(s.rmst).toHaveLength(r.rmst.length);
  for (const rr of r.rmst) {
    const w = `${r.endpoint} RMST ${rr.level}`;
    const ours = find(s.rmst ?? [], (x) => x.arm.label === armLabel(result, rr.level), w);
    near(ours.tau, rr.tau, `${w} tau`);
    for (const part of ['arm', 'reference'] as const)
      for (const k of ['estimate', 'stdErr', 'lower', 'upper'] as const)
        near(ours[part][k], rr[part][k], `${w} ${part} ${k}`);
    for (const part of ['difference', 'ratio'] as const)
      for (const k of ['estimate', 'lower', 'upper', 'pValue'] as const)
        near(ours[part][k], rr[part][k], `${w} ${part} ${k}`);
  }
}

/** sensitivity.csv carries R's numbers (present only when the plan has a sensitivity block). */
export function checkSensitivityCsv(dir: string, R: RFixture, result: AnalysisResult): void {
  if ((R.sensitivity ?? []).length === 0) return;
  const rows = readCsv(dir, 'sensitivity.csv');
  const get = (ep: string, analysis: string, term: string, statistic: string) =>
    find(
      rows,
      (x) => x.endpoint === ep && x.analysis === analysis && x.term === term && x.statistic === statistic,
      `sensitivity.csv ${ep} ${analysis} ${term} ${statistic}`,
    );
  for (const r of R.sensitivity ?? []) {
    for (const t of [...r.ph.terms, { variable: 'GLOBAL', ...r.ph.global }]) {
      const row = get(r.endpoint, 'ph', t.variable, 'chisq');
      near(num(row.estimate), t.chisq, `sensitivity.csv ${t.variable} chisq`);
      near(num(row.p_value), t.pValue, `sensitivity.csv ${t.variable} p`);
      expect(num(row.df)).toBe(t.df);
    }
    for (const rr of r.rmst) {
      const arm = armLabel(result, rr.level);
      const diff = get(r.endpoint, 'rmst', arm, 'difference');
      near(num(diff.estimate), rr.difference.estimate, 'sensitivity.csv RMST difference');
      near(num(diff.p_value), rr.difference.pValue, 'sensitivity.csv RMST difference p');
      near(num(diff.tau), rr.tau, 'sensitivity.csv tau');
      near(
        num(get(r.endpoint, 'rmst', arm, 'ratio').upper),
        rr.ratio.upper,
        'sensitivity.csv RMST ratio upper',
      );
    }
    for (const re of r.eValue)
      near(
        num(get(r.endpoint, 'evalue', armLabel(result, re.level), 'evalue_point').estimate),
        re.point,
        'sensitivity.csv E-value',
      );
  }
}

/** The PDF prints R's cox.zph global test, RMST difference and E-value through the report's formatter. */
export function checkSensitivityText(text: string, R: RFixture, result: AnalysisResult): void {
  const digits = timeDigits(R.timeUnit);
  for (const r of R.sensitivity ?? []) {
    const g = r.ph.global;
    expect(text).toContain(`Global test a ${formatStatistic(g.chisq)} ${g.df} ${formatP(g.pValue)}`);
    for (const rr of r.rmst) {
      const d = rr.difference;
      expect(text).toContain(
        `RMST difference (${R.timeUnit}) ${signedEstimate(d, digits, reportFormat())} ${formatP(d.pValue)}`,
      );
    }
    for (const re of r.eValue)
      expect(text).toContain(
        `the E-value of the adjusted HR of ${armLabel(result, re.level)} was ${formatNumber(re.point, 2)}`,
      );
  }
}
