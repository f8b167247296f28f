import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { formatP } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { robustnessTableSpec } from '../src/render/robustnessSpecs.js';
import type { TableSpec } from '../src/render/table.js';
import { APP_DIR, pdfText, runInProcess, tempDir } from './helpers.js';

// The robustness table of the built-in report (surgery vs none) against R: every hazard ratio, CI,
// p, RMST difference and E-value in it is formatted from test/fixtures/builtin-sensitivity.json
// (test/r/builtin-sensitivity.R recomputing them from the synthetic CSV), so a row that repeats the
// wrong analysis, endpoint or model fails. Oracle numbers are formatted with the report's own
// formatter: the formatter is tested in format.test.ts; this test is about which number goes where.

interface RHr {
  hazardRatio: number;
  lower: number;
  upper: number;
  pValue: number;
  n?: number;
  events?: number;
}
interface RFixture {
  sensitivity: {
    endpoint: string;
    rmst: { tau: number; difference: { estimate: number; lower: number; upper: number; pValue: number } }[];
    eValue: { point: number; ci: number }[];
  }[];
  immortalTime: {
    endpoint: string;
    cox: { adjusted: { timeDependent: RHr } };
    landmarks: { landmark: number; adjusted: RHr }[];
  }[];
  propensity: {
    endpoints: { endpoint: string; unadjusted: RHr; multivariable: RHr; weighted: RHr; matched: RHr }[];
  };
}

const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'builtin-sensitivity.json'), 'utf8'),
) as RFixture;
const fmt = reportFormat(BUILTIN_PLAN.format as never);

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

const hr = (r: RHr) => `HR ${fmt.hazardRatio(r.hazardRatio, r.lower, r.upper)}`;

describe('the robustness table repeats R’s numbers for each analysis (builtin-sensitivity.R)', () => {
  it.each([
    ['PFS', 'Progression-free survival'],
    ['OS', 'Overall survival'],
  ])('%s: Cox, landmark, time-dependent, IPTW, matched, RMST and E-value rows', (endpoint, heading) => {
    const spec = robustnessTableSpec(result, 'TABLE 4', fmt)!;
    const rows = rowsOf(spec, heading);
    const p = R.propensity.endpoints.find((e) => e.endpoint === endpoint)!;
    const it = R.immortalTime.find((e) => e.endpoint === endpoint)!;
    const s = R.sensitivity.find((e) => e.endpoint === endpoint)!;
    const expected: [string, string, string][] = [
      ['Univariate Cox model', hr(p.unadjusted), formatP(p.unadjusted.pValue)],
      ['Multivariate Cox model', hr(p.multivariable), formatP(p.multivariable.pValue)],
      ...it.landmarks.map((l): [string, string, string] => [
        `Landmark at ${l.landmark} months (multivariate)`,
        hr(l.adjusted),
        formatP(l.adjusted.pValue),
      ]),
      [
        'Time-dependent treatment (multivariate)',
        hr(it.cox.adjusted.timeDependent),
        formatP(it.cox.adjusted.timeDependent.pValue),
      ],
      ['IPTW (ATT)', hr(p.weighted), formatP(p.weighted.pValue)],
      ['PS-matched 1:1', hr(p.matched), formatP(p.matched.pValue)],
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
    expect(robustnessTableSpec(plain, 'TABLE 4', fmt)).toBeNull();
  });
});
