import { loadBuiltinCohort } from '@survkit/cohort';
import { fisherExactTest, fisherMonteCarloTest, StatsLimitError } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { splitGroups } from '../src/analysis/group.js';
import { computeTable1, DEFAULT_TABLE1_MONTE_CARLO } from '../src/analysis/table1.js';
import type { AnalysisResult, Table1Categorical } from '../src/analysis/types.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { csvTables } from '../src/output/csv.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { parsePlan } from '../src/plan/loadPlan.js';
import { table1Spec } from '../src/render/tableSpecs.js';

// Oracle: @survkit/stats' fisherMonteCarloTest, itself equal to R's
// set.seed(seed); fisher.test(x, simulate.p.value = TRUE, B = B) (packages/validation/r/fisher-sim.R),
// on the table the row shows. The cohort is the built-in one with every patient counted K times,
// so the Fisher rows' tables are far beyond the exact network (as in a 10⁶-patient cohort).
const K = 2000;
const { cohort } = loadBuiltinCohort();

function scaledTable1(planInput = BUILTIN_PLAN) {
  const plan = parsePlan(planInput);
  const split = splitGroups(cohort, plan);
  const repeat = (rows: Int32Array) => {
    const out = new Int32Array(rows.length * K);
    for (let k = 0; k < K; k++) out.set(rows, k * rows.length);
    return out;
  };
  const big = { ...split, rowsByGroup: split.rowsByGroup.map(repeat), rows: repeat(split.rows) };
  return { split: big, table1: computeTable1(cohort, plan, big) };
}

const fisherRows = (rows: AnalysisResult['table1']['rows']) =>
  rows.filter((r): r is Table1Categorical => r.kind === 'categorical' && r.test === 'fisher');
const shown = (r: Table1Categorical) =>
  r.levels.map((l) => [...l.counts]).filter((row) => row.some((c) => c > 0));

describe('Table 1 falls back to a Monte Carlo Fisher p-value where the exact test is beyond reach', () => {
  const { split, table1 } = scaledTable1();
  const simulated = fisherRows(table1.rows).filter((r) => r.monteCarlo !== undefined);

  it('the built-in plan renders instead of aborting; every simulated row is one the exact test refuses', () => {
    expect(simulated.length).toBeGreaterThanOrEqual(2);
    for (const r of simulated) expect(() => fisherExactTest(shown(r))).toThrow(StatsLimitError);
  });

  it("each simulated p-value is fisherMonteCarloTest's (R's) with the default B = 100000 and seed 2024", () => {
    expect(DEFAULT_TABLE1_MONTE_CARLO).toEqual({ B: 100_000, seed: 2024 });
    for (const r of simulated) {
      const mc = fisherMonteCarloTest(shown(r), DEFAULT_TABLE1_MONTE_CARLO);
      expect(r.pValue).toBe(mc.pValue);
      expect(r.monteCarlo).toEqual({ B: 100_000, seed: 2024, stdErr: mc.stdErr });
    }
  });

  it('one Monte Carlo footnote names the test, B, the seed and each standard error; those p-values refer to it', () => {
    const spec = table1Spec(
      { table1, group: split.info } as unknown as AnalysisResult,
      'Table 1',
      reportFormat(),
    );
    const note = spec.notes!.find((n) => n.key === 'monte-carlo')!;
    expect(note.text).toContain('Fisher’s exact test, Monte Carlo p-value (B = 100,000, seed 2024');
    for (const r of simulated)
      expect(note.text).toContain(`${r.monteCarlo!.stdErr.toPrecision(2)} for ${r.label}`);
    const referring = spec.rows.flatMap((row) =>
      row.cells.filter(
        (c): c is { text: string; notes: string[] } =>
          typeof c === 'object' && c.notes?.includes('monte-carlo') === true,
      ),
    );
    expect(referring.length).toBe(simulated.length);
  });

  it('table1.csv carries B, seed and SE on the simulated rows and NA elsewhere', () => {
    const flow = { screened: 0, excluded: [], analysed: 0, groupMissing: 0 };
    const result = {
      table1,
      group: split.info,
      flow,
      cox: [],
      forest: [],
      survival: [],
      pairwise: [],
      subgroupKm: [],
    };
    const lines = csvTables(result as unknown as AnalysisResult)
      ['table1.csv']!.trim()
      .split('\n');
    expect(lines[0]!.endsWith(',monte_carlo_B,monte_carlo_seed,monte_carlo_se')).toBe(true);
    for (const r of fisherRows(table1.rows)) {
      const mine = lines.filter((l) => l.startsWith(`${r.variable},`));
      const tail = r.monteCarlo ? `,100000,2024,${r.monteCarlo.stdErr}` : ',NA,NA,NA';
      for (const l of mine) expect(l.endsWith(tail), l).toBe(true);
    }
  });

  it('the plan key table1.monteCarlo sets B and the seed', () => {
    const { table1: custom } = scaledTable1({
      ...BUILTIN_PLAN,
      table1: { ...BUILTIN_PLAN.table1, monteCarlo: { B: 3000, seed: 7 } },
    });
    const rows = fisherRows(custom.rows).filter((r) => r.monteCarlo !== undefined);
    expect(rows.length).toBe(simulated.length);
    for (const r of rows) {
      expect(r.pValue).toBe(fisherMonteCarloTest(shown(r), { B: 3000, seed: 7 }).pValue);
      expect([r.monteCarlo!.B, r.monteCarlo!.seed]).toEqual([3000, 7]);
    }
  });
});
