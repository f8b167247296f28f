import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime, importCohortCsv, loadDictionaryFile } from '@survkit/cohort';
import { kaplanMeier, logRankTest } from '@survkit/stats';
import { describe, expect, it } from 'vitest';
import { formatMedian, formatStatistic, pRelation } from '../src/format/index.js';
import { pdfText, REPO_DIR, runCli, tempDir } from './helpers.js';

const LUNG = join(REPO_DIR, 'examples', 'lung');

describe('an SPSS file through the real CLI: examples/lung/lung.sav', () => {
  it('renders the lung report from the .sav with the numbers of the CSV', async () => {
    const dir = tempDir();
    const out = join(dir, 'lung-sav.pdf');
    const run = runCli([
      '--data',
      join(LUNG, 'lung.sav'),
      '--dictionary',
      join(LUNG, 'lung-sav-dictionary.json'),
      '--plan',
      join(LUNG, 'lung-plan.yaml'),
      '--out',
      out,
      '--quiet',
      '--skip-validation',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const text = (await pdfText(out)).join(' ');
    // Oracle: the engine on the CSV of the same data (R: survfit(Surv(time, status) ~ sex, lung)).
    const csv = importCohortCsv(
      readFileSync(join(LUNG, 'lung.csv')),
      loadDictionaryFile(join(LUNG, 'lung-dictionary.json')),
    );
    if (!csv.ok) throw new Error('lung.csv does not import');
    const sex = csv.cohort.variable('sex');
    if (sex.type !== 'categorical') throw new Error('sex');
    const os = csv.cohort.endpoint('OS');
    const months = Array.from(os.time, (t) => convertTime(t, os.unit, 'months'));
    // The labels come from the .sav's value labels (sex 1 = "Male", 2 = "Female").
    for (const [label, level] of [
      ['Male', '1'],
      ['Female', '2'],
    ] as const) {
      const rows = [...Array(csv.cohort.n).keys()].filter((i) => sex.codes[i] === sex.levels.indexOf(level));
      const km = kaplanMeier({ time: rows.map((i) => months[i]!), event: rows.map((i) => os.event[i]!) });
      expect(text).toContain(`${label} ${rows.length} ${km.events} ${formatMedian(km.median)}`);
    }
    const lr = logRankTest({ time: os.time, event: os.event, group: Array.from(sex.codes, String) });
    expect(text).toContain(
      `Log-rank χ² = ${formatStatistic(lr.statistic)}, df = 1, p ${pRelation(lr.pValue)}`,
    );
  });

  it('refuses a truncated .sav with one clear message, no stack trace, and writes nothing', () => {
    const dir = tempDir();
    const bad = join(dir, 'broken.sav');
    writeFileSync(bad, readFileSync(join(LUNG, 'lung.sav')).subarray(0, 3000));
    const out = join(dir, 'never.pdf');
    const run = runCli([
      '--data',
      bad,
      '--dictionary',
      join(LUNG, 'lung-sav-dictionary.json'),
      '--plan',
      join(LUNG, 'lung-plan.yaml'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /broken\.sav cannot be read as an SPSS file: the file (ends|is truncated) inside case \d+/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('asks for a plan (and a dictionary for the endpoints) when a .sav comes alone', () => {
    const dir = tempDir();
    const run = runCli(['--data', join(LUNG, 'lung.sav'), '--out', join(dir, 'x.pdf'), '--quiet']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /an SPSS file \(--data \*\.sav\) needs --plan, and --dictionary for its endpoints/,
    );
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });
});
