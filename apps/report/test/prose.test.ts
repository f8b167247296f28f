import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  CoxLevelRow,
  CoxVariableRows,
  KmComparison,
  KmCurve,
} from '../src/analysis/types.js';
import { formatNumber, formatPercent, pRelation } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { parsePlan } from '../src/plan/loadPlan.js';
import { list, methodsText, resultsText } from '../src/render/prose.js';

// The prose builder on synthetic analysis objects of 1, 2, 3 and 5 arms. The numbers are generated
// here; every expected string is built from the analysis object's own fields with the report's
// formatter, so these tests check that each number lands in the right place, next to the right arm.

const ARM_LABELS = ['Control', 'Low dose', 'High dose', 'Combination', 'Maintenance'];

/** Deterministic, distinct numbers per arm (no arm shares another's HR, median or count). */
function curve(i: number): KmCurve {
  const median = 10 + 7.3 * i;
  return {
    label: ARM_LABELS[i]!,
    n: 40 + 11 * i,
    events: 25 + 3 * i,
    time: [1, 2],
    survival: [0.9, 0.8],
    lower: [0.8, 0.7],
    upper: [1, 0.9],
    nCensor: [0, 1],
    median: { estimate: median, lower: median - 2.1, upper: i === 2 ? null : median + 3.4 },
    landmarks: [{ time: 12, survival: 0.81 - 0.05 * i, lower: null, upper: null }],
    atRisk: [40 + 11 * i],
  };
}

function level(i: number, reference: boolean): CoxLevelRow {
  return {
    level: `arm${i}`,
    label: ARM_LABELS[i]!,
    isReference: reference,
    n: 40 + 11 * i,
    hazardRatio: reference ? null : 1.13 - 0.11 * i,
    lower: reference ? null : 0.71 - 0.05 * i,
    upper: reference ? null : 1.62 - 0.1 * i,
    pValue: reference ? null : 0.3 / (i + 1) ** 2,
    infinite: false,
    notEstimable: null,
    firth: null,
  };
}

function groupRows(k: number): CoxVariableRows {
  return {
    variable: 'arm',
    label: 'Arm',
    type: 'categorical',
    per: null,
    unit: null,
    levels: Array.from({ length: k }, (_, i) => level(i, i === 0)),
    lrtP: 0.01,
    lrtDf: k - 1,
    n: 300,
    events: 200,
  };
}

function synthetic(k: number): AnalysisResult {
  const curves = Array.from({ length: k }, (_, i) => curve(i));
  const km: KmComparison = {
    endpoint: 'OS',
    abbreviation: 'OS',
    label: 'Overall survival',
    curves,
    overallMedian: { estimate: 21.4, lower: 17.2, upper: 26.9 },
    logRank: k < 2 ? null : { statistic: 3.5 + k, df: k - 1, pValue: 0.04 / k },
    logRankNote: k < 2 ? 'one group: no log-rank test' : null,
    xTicks: [0, 12],
    xMax: 24,
    timeUnit: 'months',
    warnings: [],
  };
  const age: CoxVariableRows = {
    variable: 'age_group',
    label: 'Age',
    type: 'categorical',
    per: null,
    unit: null,
    levels: [level(0, true), { ...level(1, false), level: 'old', label: '≥65', pValue: 0.02 }],
    lrtP: 0.02,
    lrtDf: 1,
    n: 300,
    events: 200,
  };
  const cox = k < 2 ? [age] : [groupRows(k), age];
  const levels = curves.map((c, i) => ({ level: `arm${i}`, label: c.label, n: c.n }));
  const n = levels.reduce((a, l) => a + l.n, 0);
  return {
    title: 'Synthetic',
    population: 'synthetic patients',
    generatedAt: '2026-12-01 10:00 UTC',
    software: { survkit: '0.0.0', node: '20' },
    source: {
      fileName: 'synthetic.csv',
      sha256: '0'.repeat(64),
      synthetic: true,
      seed: 1,
      dictionaryName: 'synthetic',
      planSource: 'synthetic plan',
    },
    confLevel: 0.95,
    ties: 'efron',
    group: { variable: 'arm', label: 'Treatment arm', levels, reference: 'arm0' },
    flow: {
      screened: n + 7,
      excluded: [{ reason: 'ineligible', n: 7 }],
      analysed: n,
      groupMissing: 0,
      notCompared: [],
    },
    table1: {
      groupN: levels.map((l) => l.n),
      missing: 'category',
      rows: [
        {
          kind: 'categorical',
          depth: 0,
          variable: 'age_group',
          label: 'Age',
          levels: [],
          test: k < 2 ? null : 'chisq',
          missing: 'category',
          autoTest: 'chisq',
          autoPValue: null,
          pValue: k < 2 ? null : 0.012,
          statistic: null,
          minExpected: null,
        },
      ],
    },
    survival: [km],
    pairwise: [],
    warnings: [],
    cox: [
      {
        endpoint: 'OS',
        abbreviation: 'OS',
        label: 'Overall survival',
        univariate: cox,
        multivariable: cox,
        multivariableVariables: cox.map((c) => c.variable),
        multivariableN: n,
        multivariableEvents: 99,
        warnings: [],
      },
    ],
    forest: [],
    subgroupKm: [],
    validation: null,
    importWarnings: [],
  };
}

const fmt = reportFormat();
const plan = parsePlan({
  ...BUILTIN_PLAN,
  format: {},
  cox: {
    ...BUILTIN_PLAN.cox,
    multivariable: { rule: 'explicit', variables: ['age_group'] },
  },
});

function hrText(l: CoxLevelRow, f = fmt): string {
  return `${formatNumber(l.hazardRatio, 3)} (95% CI ${f.interval(l.lower, l.upper, 3)}; p ${pRelation(l.pValue)})`;
}

describe('prose lists are joined as in English', () => {
  it('"", "A", "A and B", "A, B and C", "A, B, C, D and E"', () => {
    expect(list([])).toBe('');
    expect(list(['A'])).toBe('A');
    expect(list(['A', 'B'])).toBe('A and B');
    expect(list(['A', 'B', 'C'])).toBe('A, B and C');
    expect(list(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C, D and E');
  });
});

describe.each([2, 3, 5])('results prose for %i arms', (k) => {
  const result = synthetic(k);
  const text = resultsText(result, fmt, 'Figure 3');
  const others = result.cox[0]!.univariate[0]!.levels.filter((l) => !l.isReference);

  it('names every non-reference arm with its own HR (95% CI; p), in both models, against the reference', () => {
    expect(others).toHaveLength(k - 1);
    const quoted = list(others.map((l) => `${hrText(l)} for ${l.label}`));
    expect(text).toContain(
      `Compared with ${ARM_LABELS[0]}, the HR${k > 2 ? 's were' : ' was'} ${quoted} in the univariable model, and ${quoted} in the multivariable model.`,
    );
  });

  it('lists the arms’ sizes as "A, B and C" — one "and", before the last arm', () => {
    const parts = result.group.levels.map(
      (g) => `${g.n} (${formatPercent(g.n, result.flow.analysed)}) in the ${g.label} group`,
    );
    const sentence = `A total of ${result.flow.analysed} patients were analysed (${result.flow.screened} screened, 7 excluded): ${list(parts)}.`;
    expect(text).toContain(sentence);
    expect(sentence.split(' and ')).toHaveLength(2);
  });

  it('gives each arm’s median (95% CI) and landmark survival after its own label, and the k-group log-rank test', () => {
    const km = result.survival[0]!;
    for (const c of km.curves) {
      const m = c.median;
      expect(text).toContain(
        `${formatNumber(m.estimate, 1)} months (95% CI ${fmt.interval(m.lower, m.upper, 1)}) in the ${c.label} group`,
      );
      expect(text).toContain(`${(100 * c.landmarks[0]!.survival!).toFixed(1)}% (${c.label})`);
    }
    const lr = km.logRank!;
    expect(text).toContain(
      `log-rank χ² = ${lr.statistic.toFixed(2)}, df = ${k - 1}, p ${pRelation(lr.pValue)}`,
    );
  });

  it('methods speak of k groups and the k − 1 degrees of freedom, never of "the two groups" when k > 2', () => {
    const methods = methodsText(result, plan, []);
    if (k === 2) expect(methods).toContain('Survival was compared between the two treatment arms');
    else {
      expect(methods).toContain(
        `Survival was compared across the ${k === 3 ? 'three' : 'five'} treatment arms with the log-rank test (${k - 1} degrees of freedom)`,
      );
      expect(methods).not.toMatch(/\b(the two|both)\b/i);
    }
  });
});

describe('results prose for a single arm', () => {
  const result = synthetic(1);
  const text = resultsText(result, fmt, '');
  const methods = methodsText(result, plan, []);

  it('states the count and the median without any comparison, test or hazard ratio between arms', () => {
    const c = result.survival[0]!.curves[0]!;
    expect(text).toContain(`A total of ${c.n} patients were analysed (${c.n + 7} screened, 7 excluded).`);
    expect(text).toContain(
      `The median OS was ${formatNumber(21.4, 1)} months (95% CI ${fmt.interval(17.2, 26.9, 1)}).`,
    );
    expect(text).toContain(`OS at 12 months: ${(100 * c.landmarks[0]!.survival!).toFixed(1)}%.`);
    for (const comparative of ['log-rank', 'Compared with', 'differed', ' vs ', 'groups', c.label])
      expect(text).not.toContain(comparative);
    expect(methods).not.toContain('Survival was compared');
    expect(methods).not.toContain('included as a category in the tests');
  });
});

describe('prose follows the plan’s format block', () => {
  it('" to " joins every interval, and "univariate/multivariate" is the paper’s wording', () => {
    const to = reportFormat({ intervalSeparator: ' to ', modelWording: 'univariate' });
    const result = synthetic(3);
    const text = resultsText(result, to, '');
    const lev = result.cox[0]!.univariate[0]!.levels[2]!;
    expect(text).toContain(`${hrText(lev, to)} for ${lev.label}`);
    expect(text).toContain(`in the univariate model`);
    expect(text).toContain(`in the multivariate model`);
    expect(text).not.toMatch(/\d–\d/);
  });
});

describe('results prose: edge cases of the group', () => {
  it('patients without a recorded group are counted after the arms, so the parts add up to the total', () => {
    const base = synthetic(3);
    const missing = 5;
    const result: AnalysisResult = {
      ...base,
      flow: { ...base.flow, analysed: base.flow.analysed + missing, groupMissing: missing },
    };
    const n = result.flow.analysed;
    const parts = result.group.levels.map((g) => `${g.n} (${formatPercent(g.n, n)}) in the ${g.label} group`);
    parts.push(`${missing} (${formatPercent(missing, n)}) with no recorded treatment arm`);
    expect(resultsText(result, fmt, '')).toContain(
      `patients were analysed (${result.flow.screened} screened, 7 excluded): ${list(parts)}.`,
    );
  });

  it('HRs are quoted against the Cox model’s own reference arm when the plan gives it another one', () => {
    const base = synthetic(3);
    const rows: CoxVariableRows = {
      ...groupRows(3),
      levels: [level(0, false), level(1, false), level(2, true)],
    };
    const result: AnalysisResult = {
      ...base,
      cox: [{ ...base.cox[0]!, univariate: [rows], multivariable: [null], multivariableVariables: [] }],
    };
    const text = resultsText(result, fmt, '');
    const [control, low] = rows.levels;
    expect(text).toContain(
      `Compared with ${ARM_LABELS[2]}, the HRs were ${hrText(control!)} for ${ARM_LABELS[0]} and ${hrText(low!)} for ${ARM_LABELS[1]} in the univariable model.`,
    );
  });
});

/** R's coxph on survival::ovarian's first 8 rows (test/r/ovarian-first8.R). */
const ovarian8 = JSON.parse(
  readFileSync(new URL('./fixtures/ovarian-first8-r.json', import.meta.url), 'utf8'),
) as { lrtP: number; waldP: number; hazardRatio: number };

describe('the summary names the test that selected a covariate', () => {
  it('a covariate screened in by its likelihood-ratio p while its Wald p in Table 2 is ≥ 0.05 is said to be associated by the likelihood-ratio test (survival::ovarian rows 1–8, age)', () => {
    expect(ovarian8.lrtP).toBeLessThan(0.05);
    expect(ovarian8.waldP).toBeGreaterThanOrEqual(0.05);
    const result = synthetic(2);
    const c = result.cox[0]!;
    const age = c.univariate[1]!;
    const ovarianAge: CoxVariableRows = {
      ...age,
      lrtP: ovarian8.lrtP,
      levels: age.levels.map((l) =>
        l.isReference ? l : { ...l, hazardRatio: ovarian8.hazardRatio, pValue: ovarian8.waldP },
      ),
    };
    const text = resultsText(
      { ...result, cox: [{ ...c, univariate: [{ ...c.univariate[0]!, lrtP: 0.5 }, ovarianAge] }] },
      fmt,
      'Figure 3',
    );
    expect(text).toContain('found age associated with the outcome (likelihood-ratio p < 0.05)');
  });
});

describe('the group counts among the covariates the summary names', () => {
  it('a group with univariable likelihood-ratio p < 0.05 and no other such covariate: never "found no covariate associated" beside the group HR', () => {
    const result = synthetic(2);
    const c = result.cox[0]!;
    const [arm, age] = c.univariate as [CoxVariableRows, CoxVariableRows];
    const weakAge: CoxVariableRows = {
      ...age,
      lrtP: 0.3,
      levels: age.levels.map((l) => (l.isReference ? l : { ...l, pValue: 0.3 })),
    };
    const text = resultsText(
      { ...result, cox: [{ ...c, univariate: [{ ...arm, lrtP: 0.002 }, weakAge] }] },
      fmt,
      'Figure 3',
    );
    expect(text).not.toContain('found no covariate associated');
    expect(text).toContain(
      `found ${arm.label.toLowerCase()} associated with the outcome (likelihood-ratio p < 0.05)`,
    );
  });
});

describe('a multivariable model without events is not summarised as fitted', () => {
  it('every patient censored (0 patients, 0 events in the model): "no multivariable model was fitted", never "(0 patients, 0 events), no covariate remained significant"', () => {
    const result = synthetic(2);
    const c = result.cox[0]!;
    const text = resultsText(
      { ...result, cox: [{ ...c, multivariableN: 0, multivariableEvents: 0 }] },
      fmt,
      'Figure 3',
    );
    expect(text).toContain('no multivariable model was fitted');
    expect(text).not.toContain('0 patients, 0 events');
  });
});
