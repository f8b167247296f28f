import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AnalysisResult } from '../src/analysis/types.js';
import { runInit } from '../src/commands/init.js';
import { runReport } from '../src/run.js';
import { APP_DIR, near, tempDir } from './helpers.js';

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
  const reportRun = capture();
  const code = await runReport({
    data,
    dictionary,
    plan,
    out: join(dir, 'r.pdf'),
    paper: 'a4',
    json: true,
    quiet: true,
    cwd: dir,
    validation: false,
    io: reportRun.io,
  });
  expect(code, reportRun.out.stderr).toBe(0);
  expect(existsSync(join(dir, 'r.pdf'))).toBe(true);
  return {
    dir,
    printed: initRun.out.stdout,
    dictionary: parseYaml(readFileSync(dictionary, 'utf8')) as { endpoints: unknown[] },
    result: JSON.parse(reportRun.out.stdout) as AnalysisResult,
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
