import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, CoxVariableRows } from '../src/analysis/types.js';
import { formatStatistic } from '../src/format/index.js';
import { APP_DIR, near, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// Issue 14 item 8: where R still answers, the report renders. Oracle: R's survdiff and coxph (Efron)
// on survival::lung with every female, or every patient, censored (test/r/not-estimable.R →
// test/fixtures/not-estimable-r.json; R 4.2.2, survival 3.5-3). Tolerance: relative 1e-6 (as
// builtin-vs-r); R's NA is our null; R's "coefficient may be infinite" is our `infinite` flag.

interface RCox {
  readonly terms: readonly {
    term: string;
    coef: number | null;
    hazardRatio: number | null;
    pValue: number | null;
  }[];
  readonly infinite: boolean;
}
interface RScenario {
  readonly logRank: { statistic: number; df: number; pValue: number | null };
  readonly univariate: readonly (RCox & { variable: string })[];
  readonly multivariable: RCox;
}
const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'not-estimable-r.json'), 'utf8'),
) as Record<'femaleCensored' | 'allCensored', RScenario>;
const LUNG = join(REPO_DIR, 'examples', 'lung');

/** lung.csv with the chosen patients' status set to 1 (censored); their times are unchanged. */
async function runCensored(censor: (sex: string) => boolean) {
  const dir = tempDir();
  const lines = readFileSync(join(LUNG, 'lung.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const [sex, status] = [header.indexOf('"sex"'), header.indexOf('"status"')];
  const edited = lines.map((line, i) => {
    const c = line.split(',');
    if (i > 0 && censor(c[sex]!)) c[status] = '1';
    return c.join(',');
  });
  const data = join(dir, 'input.csv');
  writeFileSync(data, `${edited.join('\n')}\n`);
  const out = join(dir, 'report.pdf');
  const run = await runInProcess({
    data,
    dictionary: join(LUNG, 'lung-dictionary.json'),
    plan: join(LUNG, 'lung-plan.yaml'),
    out,
    cwd: dir,
    json: true,
  });
  expect(run.stderr).toBe(`${out}\n`);
  expect(run.status).toBe(0);
  return { result: JSON.parse(run.stdout) as AnalysisResult, text: (await pdfText(out)).join(' ') };
}

/** Our level rows against R's terms ("sex2" is level "2" of sex); infinite where R warns. */
function expectCox(ours: readonly (CoxVariableRows | null)[], r: RCox, what: string): void {
  for (const term of r.terms) {
    const v = ours.find((x) => x !== null && term.term.startsWith(x.variable))!;
    const level = v.levels.find((l) => term.term === `${v.variable}${l.level}`)!;
    const w = `${what} ${term.term}`;
    if (term.coef === null) {
      expect(level.hazardRatio, `${w}: R gives NA`).toBeNull();
      continue;
    }
    expect(level.infinite, `${w}: R warns the coefficient may be infinite`).toBe(
      r.infinite && Math.abs(term.coef) > 10,
    );
    if (level.infinite) continue; // the value of a diverged coefficient is R's stopping point, not an estimate
    near(level.hazardRatio, term.hazardRatio, `${w} HR`);
    near(level.pValue, term.pValue, `${w} p`);
  }
}

describe('the report renders where R answers (R survdiff/coxph on lung, test/r/not-estimable.R)', () => {
  it('no events among women: the log-rank χ² equals R’s (88.3), the sex HR is marked infinite', async () => {
    const r = R.femaleCensored;
    const { result, text } = await runCensored((sex) => sex === '2');
    const km = result.survival[0]!;
    // lung: 112 of the 138 men died (status 2); every woman is now censored.
    expect(km.curves.map((c) => c.events)).toEqual([112, 0]);
    near(km.logRank?.statistic, r.logRank.statistic, 'log-rank χ²');
    expect(km.logRank?.df).toBe(r.logRank.df);
    near(km.logRank?.pValue, r.logRank.pValue, 'log-rank p');
    expect(text).toContain(`Log-rank χ² = ${formatStatistic(r.logRank.statistic)}, df = 1, p < 0.001`);
    const cox = result.cox[0]!;
    for (const u of r.univariate) expectCox(cox.univariate, u, `univariate ${u.variable}`);
    expectCox(cox.multivariable, r.multivariable, 'multivariable');
  });

  it('no events at all: log-rank and Cox not estimable (R: χ² 0 on −1 df, p NA; coefficients NA)', async () => {
    const r = R.allCensored;
    expect(r.logRank.pValue).toBeNull();
    expect(r.logRank.df).toBeLessThanOrEqual(0);
    const { result, text } = await runCensored(() => true);
    const km = result.survival[0]!;
    expect(km.logRank).toBeNull();
    expect(km.logRankNote).toBe('not estimable: no events in any group');
    expect(text).toContain('not estimable: no events in any group');
    const cox = result.cox[0]!;
    for (const u of r.univariate) {
      expect(u.terms.every((t) => t.coef === null)).toBe(true);
      expectCox(cox.univariate, u, `univariate ${u.variable}`);
    }
  });
});
