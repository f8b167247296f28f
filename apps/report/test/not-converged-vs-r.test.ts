import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, CoxVariableRows } from '../src/analysis/types.js';
import { APP_DIR, near, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// A Cox model whose iterations run out is not printed as an estimate. Oracle: R's coxph (Efron) on
// three veteran patients — one squamous, one small-cell, one adeno, all dead
// (test/r/not-converged.R → test/fixtures/not-converged-r.json; R 4.2.2, survival 3.5-3): R warns
// "Ran out of iterations and did not converge" for cell type, Karnofsky score, age, prior therapy
// and the multivariable model, and converges for the time from diagnosis. Before, the report
// printed the stopping points (HR 763505604.807 (0.000–NA)) as hazard ratios, with no note.

interface RModel {
  readonly ranOutOfIterations: boolean;
  readonly hazardRatio: Record<string, number> | [];
}
const R = JSON.parse(readFileSync(join(APP_DIR, 'test', 'fixtures', 'not-converged-r.json'), 'utf8')) as {
  univariate: Record<string, RModel>;
  multivariable: RModel;
};
const VETERAN = join(REPO_DIR, 'examples', 'veteran');

async function runThreePatients() {
  const dir = tempDir();
  const lines = readFileSync(join(VETERAN, 'veteran.csv'), 'utf8').trimEnd().split('\n');
  const kept = lines.filter((line, i) => i === 0 || ['1', '16', '46'].includes(line.split(',')[0]!));
  expect(kept).toHaveLength(4);
  const data = join(dir, 'three.csv');
  writeFileSync(data, `${kept.join('\n')}\n`);
  const out = join(dir, 'report.pdf');
  const run = await runInProcess({
    data,
    dictionary: join(VETERAN, 'veteran-dictionary.json'),
    plan: join(VETERAN, 'veteran-plan.yaml'),
    out,
    cwd: dir,
    json: true,
  });
  expect(run.status).toBe(0);
  return { result: JSON.parse(run.stdout) as AnalysisResult, text: (await pdfText(out)).join(' ') };
}

function expectModel(rows: CoxVariableRows, r: RModel, what: string): void {
  for (const level of rows.levels.filter((l) => !l.isReference)) {
    const w = `${what} ${level.level}`;
    if (r.ranOutOfIterations) {
      expect(level.notEstimable, `${w}: R ran out of iterations`).toBe(
        rows.variable === 'trt' ? 'constant' : 'not-converged',
      );
      expect(level.hazardRatio, w).toBeNull();
      expect(level.pValue, w).toBeNull();
    } else {
      expect(level.notEstimable, w).toBeNull();
      const hr = Object.values(r.hazardRatio)[0]!;
      // R's HR is per unit of the column; the table's per `per` units (1 for the time from diagnosis).
      near(level.hazardRatio, hr ** (rows.per ?? 1), `${w} HR`);
    }
  }
}

describe('a Cox model that does not converge (R coxph on three veteran patients, test/r/not-converged.R)', () => {
  it('shows no hazard ratio where R ran out of iterations, R’s where it converged, and says why', async () => {
    const { result, text } = await runThreePatients();
    const table = result.cox[0]!;
    for (const rows of table.univariate) {
      const r = R.univariate[rows.variable];
      if (r !== undefined) expectModel(rows, r, `univariable ${rows.variable}`);
    }
    for (const rows of table.multivariable)
      if (rows !== null) expectModel(rows, R.multivariable, 'multivariable');
    expect(table.multivariable.some((m) => m !== null)).toBe(true);
    expect(text).toContain('Ran out of iterations and did not converge');
    expect(text).not.toMatch(/763505604/);
  });
});
