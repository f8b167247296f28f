import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { APP_DIR, pdfText, runInProcess, tempDir } from './helpers.js';

// The forest's interaction likelihood-ratio test reads two Cox models; when the larger one's
// iterations run out it is no test. Oracle: test/r/interaction-not-converged.R →
// test/fixtures/interaction-not-converged/interaction-not-converged-r.json (R 4.2.2, survival 3.5-3):
// on these seven patients coxph fits arm + s but stops arm * s at iter.max with "Ran out of
// iterations and did not converge". Before, the report printed P for interaction 0.147 (χ² = 2.10, 1 df).

const DIR = join(APP_DIR, 'test', 'fixtures', 'interaction-not-converged');
const R = JSON.parse(readFileSync(join(DIR, 'interaction-not-converged-r.json'), 'utf8')) as Record<
  'arm' | 'reduced' | 'full',
  { ranOutOfIterations: boolean }
>;

describe('interaction test of a model whose iterations ran out', () => {
  it('is not estimable, with the same reason as the Cox tables and forest rows, in the PDF too', async () => {
    expect([R.reduced.ranOutOfIterations, R.full.ranOutOfIterations]).toEqual([false, true]);
    const dir = tempDir();
    const out = join(dir, 'report.pdf');
    const run = await runInProcess({
      data: join(DIR, 'seven.csv'),
      dictionary: join(DIR, 'seven-dictionary.json'),
      plan: join(DIR, 'seven-plan.yaml'),
      out,
      cwd: dir,
      json: true,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as AnalysisResult;
    const s = result.forest[0]!.variables[0]!;
    expect(s.interaction).toBeNull();
    expect(s.interactionP).toBeNull();
    expect(s.interactionNotEstimable).toBe('not-converged');
    // The overall model (arm alone) converges in R, and its HR is shown.
    expect(R.arm.ranOutOfIterations).toBe(false);
    expect(result.forest[0]!.overall.arms[0]!.hazardRatio).not.toBeNull();
    const text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
    expect(text).not.toContain('0.147');
    expect(text).not.toContain('did not differ significantly across any subgroup');
    expect(text).toContain(
      'The interaction test of subgroup for OS was not estimable: its model’s iterations ran out before converging.',
    );
    expect(text).toContain(
      'P for interaction: Subgroup: not estimable — the interaction model’s iterations ran out before converging (R’s coxph: “Ran out of iterations and did not converge”).',
    );
  });
});
