import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { REPO_DIR, runInProcess, tempDir } from './helpers.js';

// The plan's immortalTime.treatmentStart is checked like the dictionary's dates: a start that
// contradicts the group or the follow-up stops the report with the file row, the column and what
// was expected. The cases edit one cell of examples/heart/heart.csv (columns: id, accept_date,
// transplant_date, last_fu_date, death_date, transplant, age, prior_surgery; file row = line).

const dir = join(REPO_DIR, 'examples', 'heart');
const csv = readFileSync(join(dir, 'heart.csv'), 'utf8').trimEnd().split('\n');
const plan = readFileSync(join(dir, 'heart-plan.yaml'), 'utf8');

/** Runs the heart example with file row `row` (header = 1) edited, and optionally another plan. */
async function run(edit: (cells: string[]) => void, row: number, planText = plan) {
  const tmp = tempDir();
  const lines = [...csv];
  const cells = lines[row - 1]!.split(',');
  edit(cells);
  lines[row - 1] = cells.join(',');
  writeFileSync(join(tmp, 'heart.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(tmp, 'plan.yaml'), planText);
  return runInProcess({
    data: join(tmp, 'heart.csv'),
    dictionary: join(dir, 'heart-dictionary.json'),
    plan: join(tmp, 'plan.yaml'),
    out: join(tmp, 'out.pdf'),
    cwd: tmp,
    json: true,
  });
}

describe('immortalTime.treatmentStart: inconsistent starts are errors naming row and column', () => {
  // line 5 is patient 4: accepted 1968-03-28, transplanted 1968-05-02, died 1968-05-05
  it('a transplant before acceptance', async () => {
    const r = await run((c) => (c[2] = '"1968-03-01"'), 5);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /immortalTime\.treatmentStart\.date \(column transplant_date\): the treatment starts before the origin \(accept_date\) in file row 5; expected a start on or after/,
    );
  });

  it('a transplant after the last follow-up', async () => {
    const r = await run((c) => (c[2] = '"1968-06-01"'), 5);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/treatment starts after the end of follow-up in file row 5/);
  });

  it('a transplant date for a patient of the untreated group', async () => {
    // line 2 is patient 1, never transplanted
    const r = await run((c) => (c[2] = '"1967-12-01"'), 2);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/a treatment start is given for No transplant patients in file row 2/);
  });

  it('a transplanted patient without a date: an error, or left out and counted with missingStart: exclude', async () => {
    const err = await run((c) => (c[2] = ''), 5);
    expect(err.status).not.toBe(0);
    expect(err.stderr).toMatch(
      /the treatment start is missing for Transplant patients in file row 5; expected .*missingStart: exclude/,
    );
    const ok = await run(
      (c) => (c[2] = ''),
      5,
      plan.replace('  landmarks: [1, 3]', '  landmarks: [1, 3]\n  missingStart: exclude'),
    );
    expect(ok.status).toBe(0);
    const it0 = (JSON.parse(ok.stdout) as AnalysisResult).immortalTime![0]!;
    expect([it0.excludedMissingStart, it0.nTreated, it0.nUntreated]).toEqual([1, 68, 34]);
  });

  it('a comparison of more than two groups is refused: the treatment needs treated and untreated', async () => {
    const vet = join(REPO_DIR, 'examples', 'veteran');
    const tmp = tempDir();
    const vetPlan = `${readFileSync(join(vet, 'veteran-plan.yaml'), 'utf8')}\nimmortalTime:\n  treatmentStart: { time: diagtime }\n`;
    writeFileSync(join(tmp, 'plan.yaml'), vetPlan);
    const r = await runInProcess({
      data: join(vet, 'veteran.csv'),
      dictionary: join(vet, 'veteran-dictionary.json'),
      plan: join(tmp, 'plan.yaml'),
      out: join(tmp, 'out.pdf'),
      cwd: tmp,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/immortalTime: the comparison has 4 groups; a treatment analysis needs two/);
  });
});

describe('immortalTime.treatmentStart as a time column equals the same start as a date (invariant)', () => {
  it('a wait in days from acceptance gives the same analyses as the transplant date', async () => {
    const tmp = tempDir();
    const day = (s: string) => Date.parse(s.replaceAll('"', '')) / 864e5;
    const lines = csv.map((line, i) => {
      if (i === 0) return `${line},wait_days`;
      const c = line.split(',');
      return `${line},${c[2] === '' ? '' : day(c[2]!) - day(c[1]!)}`;
    });
    writeFileSync(join(tmp, 'heart.csv'), `${lines.join('\n')}\n`);
    const dict = JSON.parse(readFileSync(join(dir, 'heart-dictionary.json'), 'utf8'));
    dict.variables.push({
      name: 'wait_days',
      label: 'Wait for a heart',
      type: 'continuous',
      unit: 'days',
      min: 0,
    });
    writeFileSync(join(tmp, 'dict.json'), JSON.stringify(dict));
    writeFileSync(join(tmp, 'plan.yaml'), plan.replace('{ date: transplant_date }', '{ time: wait_days }'));
    const r = await runInProcess({
      data: join(tmp, 'heart.csv'),
      dictionary: join(tmp, 'dict.json'),
      plan: join(tmp, 'plan.yaml'),
      out: join(tmp, 'out.pdf'),
      cwd: tmp,
      json: true,
    });
    expect(r.status).toBe(0);
    const byTime = (JSON.parse(r.stdout) as AnalysisResult).immortalTime![0]!;
    const byDate = (JSON.parse((await run(() => undefined, 1)).stdout) as AnalysisResult).immortalTime![0]!;
    expect(byTime.start).toEqual({ kind: 'time', variable: 'wait_days', label: 'Wait for a heart' });
    expect({ ...byTime, start: null }).toEqual({ ...byDate, start: null });
  });
});

describe('immortalTime.treatmentStart defaults to the dictionary’s treatmentStarts declaration', () => {
  const withoutStart = plan.replace('  treatmentStart: { date: transplant_date }\n', '');
  /** Runs the heart example with `treatmentStarts` in the dictionary (none when undefined) and `planText`. */
  async function runDeclared(treatmentStarts: object[] | undefined, planText: string) {
    const tmp = tempDir();
    const dict = JSON.parse(readFileSync(join(dir, 'heart-dictionary.json'), 'utf8'));
    if (treatmentStarts !== undefined) dict.treatmentStarts = treatmentStarts;
    writeFileSync(join(tmp, 'dict.json'), JSON.stringify(dict));
    writeFileSync(join(tmp, 'plan.yaml'), planText);
    return runInProcess({
      data: join(dir, 'heart.csv'),
      dictionary: join(tmp, 'dict.json'),
      plan: join(tmp, 'plan.yaml'),
      out: join(tmp, 'out.pdf'),
      cwd: tmp,
      json: true,
    });
  }

  it('a declared start gives exactly the analyses of the same start named in the plan', async () => {
    expect(withoutStart).not.toBe(plan);
    const r = await runDeclared(
      [{ variable: 'transplant', level: 'yes', date: 'transplant_date' }],
      withoutStart,
    );
    expect(r.status).toBe(0);
    const declared = (JSON.parse(r.stdout) as AnalysisResult).immortalTime;
    const named = (JSON.parse((await run(() => undefined, 1)).stdout) as AnalysisResult).immortalTime;
    expect(declared).toEqual(named);
  });

  it('the plan’s treatmentStart wins over the declaration', async () => {
    // accept_date as the start would give every untreated patient a start: an error if it were read.
    const r = await runDeclared([{ variable: 'transplant', level: 'yes', date: 'accept_date' }], plan);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as AnalysisResult).immortalTime![0]!.start.variable).toBe('transplant_date');
    const bad = await runDeclared(
      [{ variable: 'transplant', level: 'yes', date: 'accept_date' }],
      withoutStart,
    );
    expect(bad.stderr).toMatch(
      /dictionary treatmentStarts\[0\]\.date \(column accept_date\): a treatment start is given for No transplant patients/,
    );
  });

  it('neither in the plan nor in the dictionary: a plan error naming immortalTime.treatmentStart', async () => {
    const r = await runDeclared(undefined, withoutStart);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /immortalTime\.treatmentStart: not given, and the dictionary declares no treatment start for the group variable "transplant"/,
    );
  });

  it('a declaration for the other level is named, not silently used', async () => {
    const r = await runDeclared(
      [{ variable: 'transplant', level: 'no', date: 'transplant_date' }],
      withoutStart,
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /immortalTime\.treatmentStart: not given, and the dictionary declares the start of transplant = "no", but the plan compares "yes" as the treated level/,
    );
  });
});
