import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { APP_DIR, near, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';
import {
  compareHr,
  compareLandmark,
  compareSchoenfeld,
  type RHr,
  type RLandmark,
  type RSchoenfeld,
} from './immortalTimeCompare.js';

// examples/heart (R's survival::jasa, the Stanford heart transplants: the classic immortal-time
// example) through the whole pipeline, against R computing the same analyses from the CSV alone:
// test/r/heart-immortal-time.R → test/fixtures/heart-immortal-time.json (R 4.2.2, survival 3.5-3;
// tmerge + coxph(Surv(tstart, tstop, death) ~ trt), landmark survfit/survdiff/coxph by hand).
// Tolerance: relative 1e-6 for every real number (as more-examples.test.ts), exact for counts.

interface RFixture {
  summary: {
    nTreated: number;
    nUntreated: number;
    immortalTime: number;
    treatedTime: number;
    medianStart: number;
  };
  cox: {
    zeroFollowUp: number;
    split: number;
    treatedAtEnd: number;
    unadjusted: { timeFixed: RHr; timeDependent: RHr };
    adjusted: { timeFixed: RHr; timeDependent: RHr };
  };
  landmarks: RLandmark[];
  schoenfeld: RSchoenfeld;
}

const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'heart-immortal-time.json'), 'utf8'),
) as RFixture;

describe('examples/heart: immortal-time analyses vs R (test/r/heart-immortal-time.R)', () => {
  const dir = join(REPO_DIR, 'examples', 'heart');
  let result: AnalysisResult;
  let text: string;
  let csvText: string;

  beforeAll(async () => {
    const tmp = tempDir();
    const out = join(tmp, 'heart.pdf');
    const run = await runInProcess({
      data: join(dir, 'heart.csv'),
      dictionary: join(dir, 'heart-dictionary.json'),
      plan: join(dir, 'heart-plan.yaml'),
      out,
      cwd: tmp,
      json: true,
      csv: join(tmp, 'csv'),
    });
    csvText = readFileSync(join(tmp, 'csv', 'immortal_time.csv'), 'utf8');
    expect(run.stderr.trim()).toBe(out);
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as AnalysisResult;
    text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
  }, 120_000);

  it('immortal person-time, group sizes and the median wait equal R’s', () => {
    const it0 = result.immortalTime![0]!;
    expect([it0.nTreated, it0.nUntreated, it0.excludedMissingStart]).toEqual([
      R.summary.nTreated,
      R.summary.nUntreated,
      0,
    ]);
    near(it0.immortalTime, R.summary.immortalTime, 'immortal time');
    near(it0.treatedTime, R.summary.treatedTime, 'treated person-time');
    near(it0.medianStart, R.summary.medianStart, 'median time to transplant');
  });

  it('time-dependent Cox (tmerge + coxph) and the naive time-fixed Cox equal R, unadjusted and adjusted', () => {
    const c = result.immortalTime![0]!.cox!;
    expect([c.zeroFollowUp, c.split, c.treatedAtEnd]).toEqual([
      R.cox.zeroFollowUp,
      R.cox.split,
      R.cox.treatedAtEnd,
    ]);
    compareHr(c.unadjusted.timeFixed, R.cox.unadjusted.timeFixed, 'naive');
    compareHr(c.unadjusted.timeDependent, R.cox.unadjusted.timeDependent, 'time-dependent');
    compareHr(c.adjusted!.timeFixed, R.cox.adjusted.timeFixed, 'adjusted naive');
    compareHr(c.adjusted!.timeDependent, R.cox.adjusted.timeDependent, 'adjusted time-dependent');
    expect(c.adjustedFor).toEqual(['Age at acceptance', 'Prior bypass surgery']);
  });

  it('the immortal-time bias shows: naive HR protective and significant, time-dependent HR near 1 and not (invariant of the R fixture)', () => {
    const c = result.immortalTime![0]!.cox!;
    expect(c.unadjusted.timeFixed!.upper).toBeLessThan(1);
    expect(c.unadjusted.timeDependent!.lower).toBeLessThan(1);
    expect(c.unadjusted.timeDependent!.upper).toBeGreaterThan(1);
  });

  it.each([0, 1])('landmark %i: sample, exclusions, KM, log-rank and Cox equal R', (k) => {
    const r = R.landmarks[k]!;
    compareLandmark(result.immortalTime![0]!.landmarks[k]!, r, `landmark ${r.landmark}`);
  });

  it('PH check: the scaled Schoenfeld residuals of the transplant column and plot.cox.zph’s smooth, band and axis labels equal R', () => {
    const plots = result.sensitivity![0]!.schoenfeld!;
    expect(plots.map((p) => p.term)).toEqual(['transplant=yes']);
    compareSchoenfeld(plots[0]!, R.schoenfeld, 'transplant');
  });

  it('immortal_time.csv carries R’s hazard ratios and the landmark exclusions', () => {
    const [header, ...lines] = csvText
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const rows = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i]!])));
    const row = (analysis: string, adjusted: string, landmark = 'NA') =>
      rows.find((r) => r.analysis === analysis && r.adjusted === adjusted && r.landmark === landmark)!;
    near(
      Number(row('time_fixed', 'no').hazard_ratio),
      R.cox.unadjusted.timeFixed.hazardRatio,
      'csv naive HR',
    );
    near(
      Number(row('time_dependent', 'yes').upper),
      R.cox.adjusted.timeDependent.upper,
      'csv adjusted TD upper',
    );
    R.landmarks.forEach((l) => {
      const r = row('landmark', 'no', String(l.landmark));
      near(Number(r.p_value), l.unadjusted.pValue, `csv landmark ${l.landmark} p`);
      expect([r.excluded_event, r.excluded_censored, r.treated_after_landmark].map(Number)).toEqual([
        l.excludedEvent,
        l.excludedCensored,
        l.treatedAfter,
      ]);
    });
    expect(rows).toHaveLength(4 + 2 * R.landmarks.length);
  });

  it('the PDF has the section, its table and the methods', () => {
    expect(text).toContain('Treatment started during follow-up');
    expect(text).toContain('Time-dependent treatment');
    expect(text).toContain('Landmark analyses (Anderson, Cain & Gelber 1983; Dafni 2011)');
    const hr = R.cox.unadjusted.timeDependent;
    expect(text).toContain(`${hr.hazardRatio.toFixed(3)} (${hr.lower.toFixed(3)}–${hr.upper.toFixed(3)})`);
  });
});
