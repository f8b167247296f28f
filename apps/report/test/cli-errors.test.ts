import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinCohort } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { builtinCsvWithoutEvents, runCli, runInProcess, tempDir } from './helpers.js';

/**
 * Runs the pipeline expecting failure: non-zero exit, a message on stderr, and no PDF (nor temp
 * file) left. The first case runs the real CLI process; the others run in-process for speed.
 */
async function expectFailure(
  args: { data?: string; plan?: string },
  message: RegExp,
  spawn = false,
): Promise<void> {
  const dir = tempDir();
  const out = join(dir, 'report.pdf');
  const run = spawn
    ? runCli(
        [
          ...(args.data ? ['--data', args.data] : []),
          ...(args.plan ? ['--plan', args.plan] : []),
          '--out',
          out,
          '--quiet',
        ],
        dir,
      )
    : await runInProcess({ ...args, out, cwd: dir });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toContain('No report was written.');
  expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(existsSync(out)).toBe(false);
  expect(readdir(dir)).toEqual([]);
}

function readdir(dir: string): string[] {
  return readdirSync(dir).filter((f) => f !== 'input.csv' && f !== 'plan.json');
}

const builtinCsv = () => readFileSync(loadBuiltinCohort().csvPath, 'utf8');

describe('bad input: a clear message, exit code ≠ 0, and no PDF', () => {
  it('a missing data file (the real CLI process: exit code 1)', async () => {
    await expectFailure({ data: 'does-not-exist.csv' }, /data file not found: .*does-not-exist\.csv/, true);
  });

  it('a file that is not a CSV at all is "cannot be read", not a mismatch with the dictionary', async () => {
    const dir = tempDir();
    const csv = join(dir, 'input.csv');
    writeFileSync(csv, new Uint8Array(3000)); // NUL bytes
    await expectFailure({ data: csv }, /input\.csv cannot be read as a cohort table\.\n[\s\S]*binary data/);
    const dir2 = tempDir();
    const other = join(dir2, 'input.csv');
    writeFileSync(other, 'a,b\n1,2\n'); // a CSV, just not this study's
    await expectFailure({ data: other }, /input\.csv does not fit the dictionary/);
  });

  it('a malformed CSV (a non-date in a date column) names the row and column', async () => {
    const dir = tempDir();
    const lines = builtinCsv().split('\n');
    lines[3] = lines[3]!.replace(/2\d{3}-\d\d-\d\d/, 'yesterday');
    const csv = join(dir, 'input.csv');
    writeFileSync(csv, lines.join('\n'));
    await expectFailure({ data: csv }, /[Rr]ow 4.*date_diagnosis|date_diagnosis.*[Rr]ow 4/);
  });

  it('a plan naming an unknown variable names the key and lists the dictionary’s variables', async () => {
    const dir = tempDir();
    const plan = structuredClone(BUILTIN_PLAN) as { table1: { variables: unknown[] } };
    plan.table1.variables.push('tumour_size');
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(plan));
    await expectFailure(
      { plan: path },
      /table1\.variables\[\d+\]: unknown variable "tumour_size"; expected a variable of the dictionary "her2_stage4_surgery": .*age_group/,
    );
  });

  it('a plan with a bad value names the key', async () => {
    const dir = tempDir();
    const plan = structuredClone(BUILTIN_PLAN) as unknown as { cox: { ties: string } };
    plan.cox.ties = 'exact';
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(plan));
    await expectFailure({ plan: path }, /invalid analysis plan .*plan\.json \(1 problem\):\n\s+cox\.ties:/);
  });

  it('`per` on a categorical Cox covariate names the key and what is expected', async () => {
    const dir = tempDir();
    const plan = structuredClone(BUILTIN_PLAN) as unknown as { cox: { covariates: unknown[] } };
    plan.cox.covariates.push({ variable: 'age_group', per: 10 });
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(plan));
    await expectFailure(
      { plan: path },
      /cox\.covariates\[\d+\]\.per: "age_group" is categorical; expected a continuous variable/,
    );
  });

  it('a group with no events is not an error: the report renders (R still answers; issue 14 item 8)', async () => {
    const dir = tempDir();
    // Surgery patients: no progression, no death; follow-up ends at the last recorded date.
    const { csv: edited } = builtinCsvWithoutEvents((cell) => cell('primary_surgery') !== 'none');
    const csv = join(dir, 'input.csv');
    writeFileSync(csv, edited);
    const out = join(dir, 'report.pdf');
    const run = await runInProcess({ data: csv, out, cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
