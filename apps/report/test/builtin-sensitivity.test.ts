import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinCohort } from '@survkit/cohort';
import { logisticModel, nearestNeighborMatch } from '@survkit/stats';
import { beforeAll, describe, expect, it } from 'vitest';
import { categorical } from '../src/analysis/data.js';
import type { AnalysisResult } from '../src/analysis/types.js';
import { formatNumber, formatP } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { robustnessTableSpec } from '../src/render/robustnessSpecs.js';
import type { TableSpec } from '../src/render/table.js';
import type { RSensitivity } from './examplesFixture.js';
import { compareSensitivity } from './examplesSensitivity.js';
import { APP_DIR, near, pdfText, runInProcess, tempDir } from './helpers.js';
import {
  compareHr,
  compareLandmark,
  compareSchoenfeld,
  type RHr,
  type RLandmark,
  type RSchoenfeld,
} from './immortalTimeCompare.js';
import {
  compareBalance,
  compareWeightedKm,
  type RBalanceRow,
  type REffect,
  type RWeightedKm,
  sameEffect,
} from './propensityCompare.js';

// The built-in report's sensitivity analyses of surgery vs none (built-in plan: sensitivity,
// immortalTime, propensity) against R recomputing every number from the synthetic CSV alone:
// test/r/builtin-sensitivity.R → test/fixtures/builtin-sensitivity.json (R 4.2.2, survival 3.5-3,
// MatchIt 4.5.2.9001 with the 4.5.4 kernel). Tolerance: relative 1e-6 (`near`), counts exact,
// SMDs that R computes as 0 absolutely at 1e-12.

type RSensitivityBuiltin = RSensitivity & { readonly schoenfeld: RSchoenfeld };
interface RFixture {
  multivariableVariables: Record<'PFS' | 'OS', string[]>;
  sensitivity: RSensitivityBuiltin[];
  immortalTime: {
    endpoint: string;
    adjustedFor: string[];
    summary: {
      nTreated: number;
      nUntreated: number;
      immortalTime: number;
      treatedTime: number;
      medianStart: number;
    };
    cox: {
      zeroFollowUp: number;
      split: number;
      treatedAtEnd: number;
      unadjusted: { timeFixed: RHr; timeDependent: RHr };
      adjusted: { timeFixed: RHr; timeDependent: RHr };
    };
    landmarks: RLandmark[];
  }[];
  propensity: {
    model: { coefficients: Record<string, number>; converged: boolean; fittedRange: [number, number] };
    n: { treated: number; control: number };
    ess: { treated: number; control: number };
    matching: {
      matchedTreated: number;
      matchedControl: number;
      caliperWidth: number;
      pairs: [number, number][];
    };
    balance: RBalanceRow[];
    endpoints: {
      endpoint: string;
      unadjusted: REffect;
      multivariable: Omit<REffect, 'n' | 'events'>;
      weighted: REffect;
      matched: REffect;
      weightedKm: RWeightedKm;
    }[];
  };
}

const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'builtin-sensitivity.json'), 'utf8'),
) as RFixture;

let result: AnalysisResult;
let text: string;

beforeAll(async () => {
  const dir = tempDir();
  const out = join(dir, 'report.pdf');
  const run = await runInProcess({ out, cwd: dir, json: true });
  expect(run.status).toBe(0);
  result = JSON.parse(run.stdout) as AnalysisResult;
  text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
}, 120_000);

describe('the built-in report’s sensitivity analyses equal R (builtin-sensitivity.R)', () => {
  it('the multivariable models they adjust for select the same variables', () => {
    expect(result.cox.map((c) => c.multivariableVariables)).toEqual([
      R.multivariableVariables.PFS,
      R.multivariableVariables.OS,
    ]);
  });

  it('PH check (cox.zph per variable and global), RMST at survRM2’s τ and the E-value of the adjusted HR', () => {
    compareSensitivity(result, R);
  });

  it.each([0, 1])(
    'endpoint %i: the surgery column’s scaled Schoenfeld residuals and plot.cox.zph’s smooth',
    (k) => {
      const plots = result.sensitivity![k]!.schoenfeld!;
      expect(plots.map((p) => p.term)).toEqual(['surgery=yes']);
      compareSchoenfeld(plots[0]!, R.sensitivity[k]!.schoenfeld, R.sensitivity[k]!.endpoint);
    },
  );

  it.each([0, 1])(
    'endpoint %i: immortal person-time, tmerge + coxph and the naive Cox, unadjusted and adjusted',
    (k) => {
      const ours = result.immortalTime![k]!;
      const r = R.immortalTime[k]!;
      expect(ours.endpoint).toBe(r.endpoint);
      expect([ours.nTreated, ours.nUntreated, ours.excludedMissingStart]).toEqual([
        r.summary.nTreated,
        r.summary.nUntreated,
        0,
      ]);
      near(ours.immortalTime, r.summary.immortalTime, `${r.endpoint} immortal time`);
      near(ours.treatedTime, r.summary.treatedTime, `${r.endpoint} operated person-time`);
      near(ours.medianStart, r.summary.medianStart, `${r.endpoint} median time to surgery`);
      expect(ours.start).toEqual({ kind: 'date', variable: 'date_surgery', label: 'Date of surgery' });
      const c = ours.cox!;
      expect([c.zeroFollowUp, c.split, c.treatedAtEnd]).toEqual([
        r.cox.zeroFollowUp,
        r.cox.split,
        r.cox.treatedAtEnd,
      ]);
      for (const model of ['unadjusted', 'adjusted'] as const)
        for (const kind of ['timeFixed', 'timeDependent'] as const)
          compareHr(c[model]![kind], r.cox[model][kind], `${r.endpoint} ${model} ${kind}`);
      r.landmarks.forEach((l, j) => {
        compareLandmark(ours.landmarks[j]!, l, `${r.endpoint} landmark ${l.landmark}`);
      });
      expect(ours.landmarks).toHaveLength(r.landmarks.length);
    },
  );

  it('propensity score: sample, effective sample sizes, matched counts, caliper width and every balance row', () => {
    const p = result.propensity!;
    expect(p.n).toEqual(R.propensity.n);
    near(p.weights!.essTreated, R.propensity.ess.treated, 'ESS operated');
    near(p.weights!.essControl, R.propensity.ess.control, 'ESS not operated');
    expect([p.matching!.matchedTreated, p.matching!.matchedControl]).toEqual([
      R.propensity.matching.matchedTreated,
      R.propensity.matching.matchedControl,
    ]);
    near(p.matching!.caliperWidth, R.propensity.matching.caliperWidth, 'caliper width');
    expect(p.warnings).toEqual([]);
    compareBalance(p, R.propensity.balance);
  });

  it.each([0, 1])(
    'endpoint %i: surgery HR unadjusted, multivariable, IPTW (robust) and matched (clustered), and the weighted KM',
    (k) => {
      const p = result.propensity!;
      const e = p.endpoints[k]!;
      const r = R.propensity.endpoints[k]!;
      sameEffect(e.unadjusted, r.unadjusted, `${r.endpoint} unadjusted`);
      sameEffect(e.weighted, r.weighted, `${r.endpoint} IPTW`);
      sameEffect(e.matched, r.matched, `${r.endpoint} matched`);
      expect([e.weighted!.robust, e.matched!.cluster]).toEqual([true, true]);
      for (const key of ['hazardRatio', 'lower', 'upper', 'pValue'] as const)
        near(e.multivariable![key], r.multivariable[key], `${r.endpoint} multivariable ${key}`);
      compareWeightedKm(e.weightedKm!, r.weightedKm, p);
    },
  );

  it('the propensity model is R’s glm, without separation, and the matched pairs are MatchIt’s (the report’s call on the built-in cohort)', () => {
    const { cohort } = loadBuiltinCohort();
    const names = result.propensity!.covariates.map((c) => c.variable);
    const surgery = categorical(cohort, 'surgery', 'surgery');
    const z = Uint8Array.from(surgery.codes, (c) => (surgery.levels[c] === 'yes' ? 1 : 0));
    const cols = Object.fromEntries(
      names.map((name) => {
        const v = categorical(cohort, name, name);
        return [
          name,
          { type: 'categorical' as const, levels: v.levels, codes: v.codes, reference: v.reference },
        ];
      }),
    );
    const model = logisticModel(z, cols, names);
    const rc = Object.values(R.propensity.model.coefficients);
    expect(model.fit.terms).toHaveLength(rc.length);
    model.fit.terms.forEach((t, i) => {
      near(t.coef, rc[i]!, `glm coefficient ${t.name}`);
    });
    expect([model.fit.converged, model.fit.separation]).toEqual([R.propensity.model.converged, false]);
    near(Math.min(...model.fit.fitted), R.propensity.model.fittedRange[0], 'smallest score');
    near(Math.max(...model.fit.fitted), R.propensity.model.fittedRange[1], 'largest score');
    const m = nearestNeighborMatch(z, model.fit.linearPredictor, {
      ratio: 1,
      caliper: 0.2,
      order: 'largest',
    });
    const pairs: [number, number][] = [];
    for (let s = 1; s <= Math.max(...m.subclass!); s++) {
      const rows = Array.from(m.subclass!.keys()).filter((i) => m.subclass![i] === s);
      pairs.push(rows.sort((a, b) => z[b]! - z[a]!).map((i) => i + 1) as [number, number]);
    }
    const byTreated = (a: [number, number], b: [number, number]) => a[0] - b[0];
    expect(pairs.sort(byTreated)).toEqual([...R.propensity.matching.pairs].sort(byTreated));
  });

  it('the PDF prints the immortal person-time and the time-dependent HR as R computes them', () => {
    expect(text).toContain('Treatment started during follow-up');
    expect(text).toContain('Propensity-score analysis');
    const r = R.immortalTime[1]!;
    const hr = r.cox.unadjusted.timeDependent;
    expect(text).toContain(`${hr.hazardRatio.toFixed(3)} (${hr.lower.toFixed(3)}–${hr.upper.toFixed(3)})`);
    const share = formatNumber((100 * r.summary.immortalTime) / r.summary.treatedTime, 1);
    expect(text).toContain(`(${share}%) preceded it`);
  });
});

// The robustness table repeats, per analysis, numbers this file checks against R above: each
// expected cell is formatted from builtin-sensitivity.json with the report's own formatter (tested
// in format.test.ts), so a row that repeats the wrong analysis, endpoint or model fails.
const robustnessFormat = reportFormat(BUILTIN_PLAN.format as never);

/** The rows under an endpoint's heading, by their first cell. */
function rowsOf(spec: TableSpec, heading: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  let inside = false;
  for (const row of spec.rows) {
    const cells = row.cells.map((c) => (typeof c === 'string' ? c : c.text));
    if (row.heading) inside = cells[0]!.startsWith(heading);
    else if (inside) rows.set(cells[0]!, cells.slice(1));
  }
  return rows;
}

const hrText = (r: { hazardRatio: number; lower: number; upper: number }) =>
  `HR ${robustnessFormat.hazardRatio(r.hazardRatio, r.lower, r.upper)}`;

describe('the robustness table repeats R’s numbers for each analysis (builtin-sensitivity.R)', () => {
  it.each([
    ['PFS', 'Progression-free survival'],
    ['OS', 'Overall survival'],
  ])('%s: Cox, landmark, time-dependent, IPTW, matched, RMST and E-value rows', (endpoint, heading) => {
    const spec = robustnessTableSpec(result, 'TABLE 4', robustnessFormat)!;
    const rows = rowsOf(spec, heading);
    const p = R.propensity.endpoints.find((e) => e.endpoint === endpoint)!;
    const it = R.immortalTime.find((e) => e.endpoint === endpoint)!;
    const s = R.sensitivity.find((e) => e.endpoint === endpoint)!;
    const expected: [string, string, string][] = [
      ['Univariate Cox model', hrText(p.unadjusted), formatP(p.unadjusted.pValue)],
      ['Multivariate Cox model', hrText(p.multivariable), formatP(p.multivariable.pValue)],
      ...it.landmarks.map((l): [string, string, string] => [
        `Landmark at ${l.landmark} months (multivariate)`,
        hrText(l.adjusted),
        formatP(l.adjusted.pValue),
      ]),
      [
        'Time-dependent treatment (multivariate)',
        hrText(it.cox.adjusted.timeDependent),
        formatP(it.cox.adjusted.timeDependent.pValue),
      ],
      ['IPTW (ATT)', hrText(p.weighted), formatP(p.weighted.pValue)],
      ['PS-matched 1:1', hrText(p.matched), formatP(p.matched.pValue)],
    ];
    expect([...rows.keys()].slice(0, expected.length)).toEqual(expected.map((e) => e[0]));
    for (const [label, estimate, pValue] of expected) {
      expect(rows.get(label)![1], label).toBe(estimate);
      expect(rows.get(label)![2], label).toBe(pValue);
    }
    expect(rows.get('PS-matched 1:1')![0]).toBe(`${p.matched.n} (${p.matched.events})`);
    const rmst = [...rows.entries()].find(([k]) => k.startsWith('RMST difference'))!;
    expect(rmst[1][1]).toContain(s.rmst[0]!.difference.estimate.toFixed(1));
    expect(rmst[1][2]).toBe(formatP(s.rmst[0]!.difference.pValue));
    const e = [...rows.entries()].find(([k]) => k.startsWith('E-value'))!;
    expect(e[1][1]).toBe(`${s.eValue[0]!.point.toFixed(2)} (CI limit: ${s.eValue[0]!.ci.toFixed(2)})`);
  });

  it('is drawn in the PDF under its heading, and absent where the plan has no treatment analyses', () => {
    expect(text).toContain('Robustness of the treatment effect');
    expect(text).toContain('Surgery vs non-surgery in every analysis of this report');
    const plain = { ...result, immortalTime: undefined, propensity: undefined } as AnalysisResult;
    expect(robustnessTableSpec(plain, 'TABLE 4', robustnessFormat)).toBeNull();
  });
});
