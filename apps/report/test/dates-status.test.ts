import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AnalysisResult } from '../src/analysis/types.js';
import { runInit } from '../src/commands/init.js';
import { APP_DIR, near, pdfText, runInProcess, tempDir } from './helpers.js';

// Follow-up from a date of diagnosis, a date of last contact and a vital status, as clinicians
// keep it. Oracle: test/r/dates-status.R → test/fixtures/dates-status/dates-status-r.json (R 4.2.2,
// survival 3.5-3): survfit/survdiff/coxph(ties = "efron") on
// as.numeric(difftime(date_last_contact, date_diagnosis, units = "days")) by sex, on the same files.

const FIXTURES = join(APP_DIR, 'test', 'fixtures', 'dates-status');
interface RAnswers {
  readonly n: number;
  readonly used: number;
  readonly droppedRows: readonly number[];
  readonly groups: readonly { level: string; n: number; nUsed: number; events: number; median: number }[];
  readonly logRank: { statistic: number; pValue: number };
  readonly cox: {
    n: number;
    nevent: number;
    hazardRatio: number;
    lower: number;
    upper: number;
    pValue: number;
  };
}
const R = JSON.parse(readFileSync(join(FIXTURES, 'dates-status-r.json'), 'utf8')) as {
  complete: RAnswers;
  missing: RAnswers;
};

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
  };
}

/** `survkit init` then `survkit report` on the drafted files, unedited. */
async function initThenReport(file: string) {
  const dir = tempDir('survkit-dates-');
  const data = join(FIXTURES, file);
  const initRun = capture();
  expect(runInit({ data, out: 'drafts', cwd: dir, io: initRun.io }), initRun.out.stderr).toBe(0);
  const stem = file.replace(/\.[^.]*$/, '');
  const dictionary = join(dir, 'drafts', `${stem}-dictionary.yaml`);
  const plan = join(dir, 'drafts', `${stem}-plan.yaml`);
  const reportRun = await runInProcess({
    data,
    dictionary,
    plan,
    out: join(dir, 'r.pdf'),
    cwd: dir,
    json: true,
  });
  expect(reportRun.status, reportRun.stderr).toBe(0);
  expect(existsSync(join(dir, 'r.pdf'))).toBe(true);
  return {
    dir,
    printed: initRun.out.stdout,
    dictionary: parseYaml(readFileSync(dictionary, 'utf8')) as { endpoints: unknown[] },
    result: JSON.parse(reportRun.stdout) as AnalysisResult,
  };
}

function expectR(result: AnalysisResult, r: RAnswers): void {
  const km = result.survival[0]!;
  expect(km.curves.map((c) => [c.label.toLowerCase(), c.n, c.events])).toEqual(
    r.groups.map((g) => [g.level, g.nUsed, g.events]),
  );
  km.curves.forEach((c, j) => {
    near(c.median.estimate, convertTime(r.groups[j]!.median, 'days', km.timeUnit), `median ${c.label}`);
  });
  near(km.logRank?.statistic, r.logRank.statistic, 'log-rank χ²');
  near(km.logRank?.pValue, r.logRank.pValue, 'log-rank p');
  const sex = result.cox[0]!.univariate.find((v) => v.variable === 'sex')!;
  expect([sex.n, sex.events]).toEqual([r.cox.n, r.cox.nevent]);
  const level = sex.levels.find((l) => !l.isReference)!;
  near(level.hazardRatio, r.cox.hazardRatio, 'Cox HR');
  near(level.lower, r.cox.lower, 'Cox lower');
  near(level.upper, r.cox.upper, 'Cox upper');
  near(level.pValue, r.cox.pValue, 'Cox p');
}

describe('survkit init + report on a start date, an end date and a vital status', () => {
  const endpoint = {
    name: 'OS',
    label: 'Overall survival',
    from: 'date_diagnosis',
    to: 'date_last_contact',
    event: { var: 'vital_status', eq: 'dead' },
  };

  it('CSV (DD/MM/YYYY): the drafted endpoint runs unedited and matches R on difftime in days', async () => {
    const { dictionary, result, printed } = await initThenReport('lung-dates.csv');
    expect(dictionary.endpoints).toEqual([endpoint]);
    expect(printed).toContain(
      'endpoint OS from dates and a status: from `date_diagnosis` to `date_last_contact`, event when `vital_status` is "dead"',
    );
    expect(result.flow.analysed).toBe(R.complete.n);
    expectR(result, R.complete);
  });

  it('.xlsx (Excel date cells): the same endpoint and the same numbers as R', async () => {
    const { dictionary, result } = await initThenReport('lung-dates.xlsx');
    expect(dictionary.endpoints).toEqual([endpoint]);
    expectR(result, R.complete);
  });
});

describe('a patient without a follow-up time or status is left out of that endpoint, as R does', () => {
  // Oracle: the same R script's second file — last-contact date blank in 3 rows, vital status blank
  // in 2; survfit/survdiff/coxph drop those 5 rows (na.action = na.omit) and fit the other 223.
  it('counts and names the rows in the flow chart and the text; the KM/log-rank/Cox numbers are R’s on the rest', async () => {
    const { dir, result } = await initThenReport('lung-dates-missing.csv');
    expect(R.missing.droppedRows).toHaveLength(5);
    expect(result.flow.analysed).toBe(R.missing.n);
    expect(result.flow.missingFollowUp).toEqual([
      { endpoint: 'OS', abbreviation: 'OS', n: R.missing.n - R.missing.used, rows: R.missing.droppedRows },
    ]);
    expectR(result, R.missing);
    const text = (await pdfText(join(dir, 'r.pdf'))).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Without OS time or status (n = 5)');
    expect(text).toContain(
      `For OS, 5 patients (2.2%; rows ${R.missing.droppedRows.slice(0, 4).join(', ')} and ${R.missing.droppedRows[4]} of the data file) had no follow-up time or status and were left out of its analyses.`,
    );
  });

  it('when no patient has a follow-up time the run stops with one error naming the endpoint', async () => {
    const dir = tempDir('survkit-dates-');
    const initRun = capture();
    const data = join(FIXTURES, 'lung-dates.csv');
    expect(runInit({ data, out: 'drafts', cwd: dir, io: initRun.io })).toBe(0);
    const blank = readFileSync(data, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line, i) => (i === 0 ? line : line.replace(/,"[^"]*","dead"$|,"[^"]*","alive"$/, ',"",""')))
      .join('\n');
    const file = join(dir, 'blank.csv');
    writeFileSync(file, `${blank}\n`);
    const run = await runInProcess({
      data: file,
      dictionary: join(dir, 'drafts', 'lung-dates-dictionary.yaml'),
      plan: join(dir, 'drafts', 'lung-dates-plan.yaml'),
      out: join(dir, 'r.pdf'),
      cwd: dir,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'every analysed patient (228) has no known OS time or status, so OS cannot be analysed (rows 2, 3, 4, 5, 6, …)',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
