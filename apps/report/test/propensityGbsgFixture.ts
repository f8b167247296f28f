import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cohort, importCohortCsv, loadDictionaryFile } from '@survkit/cohort';
import { expect } from 'vitest';
import type { PropensityKmSteps } from '../src/analysis/propensityTypes.js';
import { APP_DIR, near } from './helpers.js';
import type { RBalanceRow, REffect, RKmAt, RWeightedKm } from './propensityCompare.js';

export { type REffect, type RKmAt, sameEffect, small } from './propensityCompare.js';

// Oracle: apps/report/test/fixtures/propensity-gbsg.json, written by apps/report/test/r/propensity-gbsg.R
// (R 4.2.2: glm, MatchIt's matchit/summary with the 4.5.4 nearest-neighbour kernel, survival 3.5-3
// coxph with weights, robust = TRUE and cluster = subclass, survfit with weights on the weighted and
// the matched sample). Tolerance: relative 1e-6 (`near`); SMDs near 0 absolutely at 1e-12; counts of
// patients exact.
export interface RFixture {
  n: { treated: number; control: number };
  ess: { treated: number; control: number };
  matching: { matchedTreated: number; matchedControl: number; caliperWidth: number };
  balance: RBalanceRow[];
  unadjusted: REffect;
  weighted: REffect;
  matched: REffect;
  weightedKm: RWeightedKm;
  weightedKmSteps: Arms<RSteps>;
  matchedKm: {
    unitWeights: boolean;
    n: Arms<number>;
    events: Arms<number>;
    landmarks: Arms<RKmAt>;
    ticks: Arms<RKmAt>;
    steps: Arms<RSteps>;
  };
  matchedKm2: {
    unitWeights: boolean;
    n: Arms<number>;
    weightSum: Arms<number>;
    landmarks: Arms<RKmAt>;
    steps: Arms<RSteps>;
    cox: REffect;
  };
}
/** summary(fit, censored = TRUE) of one arm. */
export interface RSteps {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
}
export type Arms<T> = Record<'treated' | 'control', T>;

export const R = JSON.parse(
  readFileSync(join(APP_DIR, 'test', 'fixtures', 'propensity-gbsg.json'), 'utf8'),
) as RFixture;

export function load(dir: string, name: string): Cohort {
  const imported = importCohortCsv(
    readFileSync(join(dir, `${name}.csv`)),
    loadDictionaryFile(join(dir, `${name}-dictionary.json`)),
  );
  if (!imported.ok) throw new Error(`${name}.csv does not import`);
  return imported.cohort;
}

export const context = {
  source: { synthetic: false, seed: null, path: 'gbsg.csv' } as never,
  generatedAt: '2026-12-01T00:00:00Z',
  version: 'test',
  validation: null,
  importWarnings: [],
};

/** One arm's step table against R's summary(fit, censored = TRUE); counts exact when `counts`. */
export function sameSteps(
  ours: PropensityKmSteps | undefined,
  r: RSteps,
  counts: boolean,
  what: string,
): void {
  expect(ours, what).toBeDefined();
  expect(ours!.time.length, `${what}: number of times`).toBe(r.time.length);
  r.time.forEach((t, k) => {
    near(ours!.time[k], t, `${what} time[${k}]`);
    for (const key of ['nRisk', 'nEvent', 'nCensor'] as const)
      if (counts) expect(ours![key][k], `${what} ${key} at ${t}`).toBe(r[key][k]);
      else near(ours![key][k], r[key][k]!, `${what} ${key} at ${t}`);
    for (const key of ['survival', 'stdErr', 'lower', 'upper'] as const)
      near(ours![key][k], r[key][k]!, `${what} ${key} at ${t}`);
  });
}

/** A CSV file of `files` as rows of cells by column name; NA and a missing cell read as null by `num`. */
export function csvTable(files: Record<string, string>, name: string): Record<string, string>[] {
  // No cell of these files is quoted (no commas in gbsg's labels), so a split reads them.
  const [head, ...lines] = files[name]!.trim().split('\n');
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [keys[k]!, v])));
}
export const num = (v: string | undefined) => (v === 'NA' || v === undefined ? null : Number(v));
