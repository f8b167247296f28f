import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  convertTime,
  DAYS_PER_MONTH,
  formatImportIssues,
  importCohortCsv,
  loadDictionaryFile,
} from '../src/index.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** Oracle: facts about survival::lung computed by R (examples/lung/make-lung-csv.R). */
const r = JSON.parse(readFileSync(new URL('./fixtures/lung-r-summary.json', import.meta.url), 'utf8')) as {
  n: number;
  events: number;
  time_months_sum: number;
  missing: Record<string, number>;
  sex: { Male: number; Female: number };
  ph_ecog: Record<string, number>;
  age_65_or_more: number;
  ecog_2_3: number;
  mean_wt_loss: number;
};

describe('examples/lung: a second study of another shape (times given directly, no dates)', () => {
  const dictionary = loadDictionaryFile(repo('examples/lung/lung-dictionary.json'));
  const result = importCohortCsv(readFileSync(repo('examples/lung/lung.csv')), dictionary, {
    fileName: 'lung.csv',
  });
  if (!result.ok) throw new Error(formatImportIssues(result.errors, 'lung.csv'));
  const cohort = result.cohort;

  it('imports every patient without warnings and with no eligibility rules', () => {
    expect(result.warnings).toEqual([]);
    expect(cohort.n).toBe(r.n);
    expect(cohort.flow).toEqual({ screened: r.n, excluded: [], analysed: r.n });
    expect(cohort.ids).toBeNull();
  });

  it('OS from time (days) and status (2 = dead) matches R', () => {
    const os = cohort.endpoint('OS');
    expect(os.event.reduce((a, b) => a + b, 0)).toBe(r.events);
    // Tolerance: 1e-9 relative, for summing 228 doubles in a different order than R.
    expect(os.unit).toBe('days');
    const months = os.time.map((t) => convertTime(t, os.unit, 'months'));
    expect(months.reduce((a, b) => a + b, 0)).toBeCloseTo(r.time_months_sum, 9);
    expect(months[0]).toBe(306 / DAYS_PER_MONTH);
  });

  it('missing values, categorical counts and derived groups match R', () => {
    for (const name of ['inst', 'ph.ecog', 'ph.karno', 'pat.karno', 'meal.cal', 'wt.loss']) {
      const v = cohort.variable(name);
      const missing =
        v.type === 'categorical' ? v.codes.filter((c) => c < 0).length : v.values.filter(Number.isNaN).length;
      expect([name, missing]).toEqual([name, r.missing[name]]);
    }
    const sex = cohort.variable('sex');
    if (sex.type !== 'categorical') throw new Error('sex is categorical');
    expect(sex.levelLabels).toEqual(['Male', 'Female']);
    expect([sex.codes.filter((c) => c === 0).length, sex.codes.filter((c) => c === 1).length]).toEqual([
      r.sex.Male,
      r.sex.Female,
    ]);
    const ecog = cohort.variable('ph.ecog');
    if (ecog.type !== 'categorical') throw new Error('ph.ecog is categorical');
    expect(ecog.levels.map((_, k) => ecog.codes.filter((c) => c === k).length)).toEqual(
      ['0', '1', '2', '3'].map((k) => r.ph_ecog[k]),
    );
    const ageGroup = cohort.variable('age_group');
    expect(ageGroup.type === 'categorical' && ageGroup.codes.filter((c) => c === 1).length).toBe(
      r.age_65_or_more,
    );
    const ecogGroup = cohort.variable('ecog_group');
    expect(ecogGroup.type === 'categorical' && ecogGroup.codes.filter((c) => c === 1).length).toBe(
      r.ecog_2_3,
    );
    expect(ecogGroup.type === 'categorical' && ecogGroup.codes.filter((c) => c < 0).length).toBe(
      r.missing['ph.ecog'],
    );
    const wt = cohort.variable('wt.loss');
    if (wt.type !== 'continuous') throw new Error('wt.loss is continuous');
    const known = wt.values.filter((x) => !Number.isNaN(x));
    expect(known.reduce((a, b) => a + b, 0) / known.length).toBeCloseTo(r.mean_wt_loss, 12);
  });
});
