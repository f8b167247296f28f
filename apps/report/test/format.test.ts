import { describe, expect, it } from 'vitest';
import {
  formatCountPercent,
  formatHazardRatio,
  formatMedian,
  formatMedianRange,
  formatP,
  formatReference,
  formatSurvivalPercent,
} from '../src/format/index.js';
import { inSentence, reportFormat } from '../src/format/reportFormat.js';

// Oracle: the strings printed in the study paper (Lu et al. 2024, Tables 1–3 and section 3.3) for the
// numbers behind them; exact string equality.
describe('formatter reproduces the paper’s typography', () => {
  it('Table 1 counts: "13 (54.2%)", "0 (0%)", "24 (100%)"', () => {
    expect(formatCountPercent(13, 24)).toBe('13 (54.2%)');
    expect(formatCountPercent(33, 72)).toBe('33 (45.8%)');
    expect(formatCountPercent(0, 24)).toBe('0 (0%)');
    expect(formatCountPercent(24, 24)).toBe('24 (100%)');
    expect(formatCountPercent(1, 72)).toBe('1 (1.4%)');
  });

  it('p-values: three decimals, "<0.001" below 0.0005', () => {
    expect(formatP(0.4791183)).toBe('0.479');
    expect(formatP(0.004201997)).toBe('0.004');
    expect(formatP(2.788054e-9)).toBe('<0.001');
    expect(formatP(0.0004999)).toBe('<0.001');
    expect(formatP(0.0005)).toBe('0.001');
    expect(formatP(1)).toBe('1.000');
    expect(formatP(Number.NaN)).toBe('NA');
    expect(formatP(null)).toBe('NA');
  });

  // The paper joins HR limits with a hyphen ("2.678 (1.671-4.292)") but medians with an en dash; the
  // report uses one separator for every interval, the en dash unless the plan says otherwise.
  it('hazard ratios: the paper’s digits "2.678 (1.671–4.292)", reference "1.000", not estimable "–"', () => {
    expect(formatHazardRatio(2.6781, 1.67099, 4.29201)).toBe('2.678 (1.671–4.292)');
    expect(formatHazardRatio(84.3612, 7.3961, 962.2391)).toBe('84.361 (7.396–962.239)');
    expect(formatReference()).toBe('1.000');
    expect(formatHazardRatio(Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('medians with CI: "25.7 (19.2–NA)" when the upper limit is not reached', () => {
    expect(formatMedian({ estimate: 25.7, lower: 19.2, upper: null })).toBe('25.7 (19.2–NA)');
    expect(formatMedian({ estimate: 15.94, lower: 10.52, upper: 20.07 })).toBe('15.9 (10.5–20.1)');
    expect(formatMedian({ estimate: null, lower: 40.2, upper: null })).toBe('NA (40.2–NA)');
  });

  it('survival rates and continuous summaries', () => {
    expect(formatSurvivalPercent(0.8342)).toBe('83.4%');
    expect(formatSurvivalPercent(null)).toBe('NA');
    expect(formatMedianRange(48, 26, 79)).toBe('48 (26–79)');
    expect(formatMedianRange(48.5, 26, 79)).toBe('48.5 (26–79)');
    expect(formatMedianRange(8, -13, 68)).toBe('8 (−13–68)');
    // One decimal data: every number of the cell with one decimal (pbc bilirubin: 1.4 (0.3–20.0)).
    expect(formatMedianRange(1.4, 0.3, 20)).toBe('1.4 (0.3–20.0)');
    expect(formatMedianRange(1214.5, 369, 11552, 1)).toBe('1214.5 (369.0–11552.0)');
    expect(formatMedianRange(48, 26, 79, 1)).toBe('48.0 (26.0–79.0)');
    // A recorded non-zero value never prints as 0.0 (survival::flchain's kappa: R's min 0.01,
    // median 1.27, max 20.5 read "1.3 (0.0–20.5)"): the cell takes the decimals it needs.
    expect(formatMedianRange(1.27, 0.01, 20.5, 1)).toBe('1.27 (0.01–20.50)');
    expect(formatMedianRange(0.5, -0.004, 3, 1)).toBe('0.500 (−0.004–3.000)');
    expect(formatMedianRange(1.2, 0, 3.5, 1)).toBe('1.2 (0.0–3.5)'); // a true zero stays 0.0
  });
});

describe('one interval separator for every interval of a report (plan key format.intervalSeparator)', () => {
  const hr = [2.6781, 1.67099, 4.29201] as const;
  const median = { estimate: 25.7, lower: 19.2, upper: null };
  it.each([
    ['–', '2.678 (1.671–4.292)', '25.7 (19.2–NA)', '48 (26–79)'],
    [' to ', '2.678 (1.671 to 4.292)', '25.7 (19.2 to NA)', '48 (26 to 79)'],
    [', ', '2.678 (1.671, 4.292)', '25.7 (19.2, NA)', '48 (26, 79)'],
  ] as const)(
    'separator "%s" joins HR CIs, median CIs and ranges alike',
    (sep, hrText, medianText, rangeText) => {
      const fmt = reportFormat({ intervalSeparator: sep });
      expect(fmt.hazardRatio(...hr)).toBe(hrText);
      expect(fmt.median(median)).toBe(medianText);
      expect(fmt.medianRange(48, 26, 79)).toBe(rangeText);
      expect(fmt.interval(1.67099, 4.29201, 3)).toBe(hrText.slice(7, -1));
    },
  );

  it('model wording: "univariable/multivariable" by default, the paper’s "univariate/multivariate" on request', () => {
    expect([reportFormat().univariable, reportFormat().multivariable]).toEqual([
      'univariable',
      'multivariable',
    ]);
    const paper = reportFormat({ modelWording: 'univariate' });
    expect([paper.univariable, paper.multivariable]).toEqual(['univariate', 'multivariate']);
  });
});

// Invariant: a label keeps its acronyms and inner capitals inside a sentence; only an ordinary
// capitalised first word loses its capital ("Age group" → "age group").
describe('labels inside a sentence', () => {
  it('lower-cases an ordinary first word only', () => {
    expect(inSentence('Age group')).toBe('age group');
    expect(inSentence('Surgery')).toBe('surgery');
  });
  it('keeps acronyms and words with capitals or digits inside them', () => {
    expect(inSentence('HER2 status')).toBe('HER2 status');
    expect(inSentence('ECOG performance status')).toBe('ECOG performance status');
    expect(inSentence('Her2 status')).toBe('Her2 status');
    expect(inSentence('pT stage')).toBe('pT stage');
    expect(inSentence('Treatment (T1 vs T2)')).toBe('treatment (T1 vs T2)');
  });
});
