import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { runInProcess, tempDir } from './helpers.js';

// The plan's `sensitivity` block, wrong: a message naming the plan key and what was expected, no PDF.
// (Its numbers are checked against R in more-examples.test.ts, examples/gbsg.)

async function failsWith(edit: (plan: Record<string, unknown>) => void, message: RegExp): Promise<void> {
  const dir = tempDir();
  const plan = structuredClone(BUILTIN_PLAN) as unknown as Record<string, unknown>;
  edit(plan);
  const path = join(dir, 'plan.json');
  writeFileSync(path, JSON.stringify(plan));
  const run = await runInProcess({ plan: path, out: join(dir, 'report.pdf'), cwd: dir });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('plan key sensitivity: bad input names the key', () => {
  it('an E-value without the group among the Cox covariates (there is no adjusted HR to take it of)', async () => {
    await failsWith((plan) => {
      const cox = plan.cox as { covariates: unknown[]; multivariable: { alwaysInclude: string[] } };
      cox.covariates = cox.covariates.filter((c) => (c as { variable?: string }).variable !== 'surgery');
      cox.multivariable.alwaysInclude = [];
      plan.sensitivity = { eValue: { rare: false } };
    }, /sensitivity\.eValue: the group variable "surgery" is not among cox\.covariates; expected "surgery" among cox\.covariates/);
  });

  it('a τ that is not positive, and an E-value without the rare/common choice', async () => {
    await failsWith((plan) => {
      plan.sensitivity = { rmst: { tau: -3 } };
    }, /sensitivity\.rmst\.tau/);
    await failsWith((plan) => {
      plan.sensitivity = { eValue: {} };
    }, /sensitivity\.eValue\.rare/);
  });
});
