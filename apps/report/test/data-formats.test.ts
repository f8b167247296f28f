import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinCohort } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../src/errors.js';
import { loadCohort } from '../src/load.js';
import { runCli, tempDir } from './helpers.js';

const builtinCsv = () => readFileSync(loadBuiltinCohort().csvPath, 'utf8');

/** The built-in cohort as a spreadsheet in a semicolon locale saves it: semicolons, CRLF. */
function semicolonCopy(): string {
  const path = join(tempDir(), 'cohort-semicolon.csv');
  writeFileSync(path, builtinCsv().replace(/,/g, ';').replace(/\n/g, '\r\n'));
  return path;
}

describe('report: data files in other CSV formats', () => {
  it('a semicolon/CRLF copy of the built-in cohort loads to the same patients and endpoints (invariant)', () => {
    const builtin = loadBuiltinCohort().cohort;
    const { cohort } = loadCohort(semicolonCopy(), undefined, 'built-in plan');
    expect(cohort.n).toBe(builtin.n);
    expect(cohort.ids).toEqual(builtin.ids);
    for (const { name } of builtin.endpoints) {
      expect([...cohort.endpoint(name).time]).toEqual([...builtin.endpoint(name).time]);
      expect([...cohort.endpoint(name).event]).toEqual([...builtin.endpoint(name).event]);
    }
  });

  it('a forced delimiter is used as given (a wrong one fails with the import’s row-1 errors)', () => {
    expect(() => loadCohort(semicolonCopy(), undefined, 'built-in plan', { delimiter: ',' })).toThrow(
      /Row 1, column "patient_id": the required column "patient_id"/,
    );
  });

  it('--encoding or --delimiter without --data is an error, not ignored', () => {
    expect(() => loadCohort(undefined, undefined, 'built-in plan', { encoding: 'latin1' })).toThrow(
      ReportError,
    );
  });

  it('the real CLI: an undecidable delimiter says how to force it; a bad --encoding lists the choices', () => {
    const dir = tempDir();
    const data = join(dir, 'amb.csv');
    writeFileSync(data, 'x;y,z\n1;2,3\n');
    const out = join(dir, 'r.pdf');
    const amb = runCli(['--data', data, '--out', out, '--quiet', '--skip-validation'], dir);
    expect(amb.status).not.toBe(0);
    expect(amb.stderr).toMatch(
      /Row 1: the delimiter cannot be decided: .*--delimiter ',' or --delimiter ';'/,
    );
    const bad = runCli(['--data', data, '--encoding', 'latin2'], dir);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are utf8, latin1/);
  });
});
