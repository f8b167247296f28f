import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertTime } from '@survkit/cohort';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { APP_DIR, near, pdfText, runInProcess, tempDir } from './helpers.js';

// An arm the dictionary defines but no patient is in: colon without its levamisole-alone patients,
// all three arms compared. Oracle: test/r/empty-arm.R → test/fixtures/empty-arm-r.json (R 4.2.2,
// survival 3.5-3): survfit has no stratum for the empty arm, survdiff compares the other two
// (df = 1), chisq.test runs on the counts without the empty column. Before, the flow chart drew a
// "Levamisole (n = 0)" box and Table 1 a column of "0 (NA)".

const COLON = join(APP_DIR, 'test', 'fixtures', 'colon-arms');
const R = JSON.parse(readFileSync(join(APP_DIR, 'test', 'fixtures', 'empty-arm-r.json'), 'utf8')) as {
  n: number;
  byArm: Record<string, number>;
  kmN: number[];
  kmEvents: number[];
  kmMedianDays: (number | 'NA')[];
  logRank: { statistic: number; df: number; pValue: number };
  cox: { hazardRatio: number; lower: number; upper: number };
  sexChisqP: number;
};

async function runWithoutLevamisole() {
  const dir = tempDir();
  const rows = readFileSync(join(COLON, 'colon.csv'), 'utf8').trimEnd().split('\n');
  const data = join(dir, 'colon.csv');
  writeFileSync(data, `${rows.filter((line) => line.split(',')[1] !== '"Lev"').join('\n')}\n`);
  // The colon plan compares every arm the dictionary defines: no group.order.
  const plan = join(dir, 'plan.yaml');
  writeFileSync(
    plan,
    readFileSync(join(COLON, 'colon-plan.yaml'), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('  order:') && !line.includes('$schema'))
      .join('\n'),
  );
  const out = join(dir, 'report.pdf');
  const run = await runInProcess({
    data,
    dictionary: join(COLON, 'colon-dictionary.json'),
    plan,
    out,
    cwd: dir,
    json: true,
  });
  expect(run.status, run.stderr).toBe(0);
  return {
    result: JSON.parse(run.stdout) as AnalysisResult,
    text: (await pdfText(out)).join(' ').replace(/\s+/g, ' '),
  };
}

describe('an arm without patients is left out of tables and figures, with a note', () => {
  it('as R: two strata, a 1-df log-rank test, the Cox HR of the arm with patients, Table 1 tests without the empty column', async () => {
    const { result, text } = await runWithoutLevamisole();
    expect(R.byArm.Lev).toBe(0);
    expect(result.flow.analysed).toBe(R.n);
    expect(result.group.levels.map((l) => [l.level, l.n])).toEqual([
      ['Obs', R.byArm.Obs],
      ['Lev+5FU', R.byArm['Lev+5FU']],
    ]);
    expect(result.flow.emptyArms).toEqual([{ level: 'Lev', label: 'Levamisole', n: 0 }]);
    const km = result.survival[0]!;
    expect(km.curves.map((c) => [c.n, c.events])).toEqual(R.kmN.map((n, j) => [n, R.kmEvents[j]]));
    km.curves.forEach((c, j) => {
      const days = R.kmMedianDays[j]!;
      near(
        c.median.estimate,
        days === 'NA' ? null : convertTime(days, 'days', km.timeUnit),
        `median ${c.label}`,
      );
    });
    expect(km.logRank?.df).toBe(R.logRank.df);
    near(km.logRank?.statistic, R.logRank.statistic, 'log-rank χ²');
    near(km.logRank?.pValue, R.logRank.pValue, 'log-rank p');
    const rx = result.cox[0]!.univariate.find((v) => v.variable === 'rx')!;
    expect(rx.levels.map((l) => l.level)).toEqual(['Obs', 'Lev+5FU']);
    near(rx.levels[1]!.hazardRatio, R.cox.hazardRatio, 'Cox HR');
    near(rx.levels[1]!.lower, R.cox.lower, 'Cox lower');
    near(rx.levels[1]!.upper, R.cox.upper, 'Cox upper');
    const sex = result.table1.rows.find((r) => r.kind !== 'heading' && r.variable === 'sex');
    near(sex?.kind === 'heading' ? null : sex?.pValue, R.sexChisqP, 'Table 1 sex χ² p');
    expect(text).not.toContain('(n = 0)');
    expect(text).not.toContain('n = 0 (');
    expect(text).toContain('No patient in Levamisole (arm not shown)');
    expect(text).toContain('No patient was in the Levamisole arm; it is left out of the tables and figures.');
  });
});
