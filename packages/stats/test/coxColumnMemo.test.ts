import { describe, expect, it } from 'vitest';
import { prepareCoxData } from '../src/regression/internal/coxPrepare.js';
import { lehmer } from './seededRandom.js';

/**
 * `prepareCoxData` copies the sorted covariates of an earlier fit on the same columns and the same
 * sort instead of gathering them again (coxColumnMemo.ts). The invariant: a prepared model never
 * depends on what was prepared before it. Every expectation compares against the same model
 * prepared from private copies of its columns (new arrays, which the memo has never seen), so a
 * memo that recognised a column by identity alone, ignored the centring, or copied the wrong
 * column into a subset's matrix would fail here.
 */
const N = 6000; // above the sort memo's threshold

function cohort(seed: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(N);
  const event = new Float64Array(N);
  const age = new Float64Array(N);
  const ecog1 = new Float64Array(N);
  const ecog2 = new Float64Array(N);
  const male = new Float64Array(N);
  const weights = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    time[i] = Math.round(-Math.log(rand()) * 300) + 1;
    event[i] = rand() < 0.6 ? 1 : 0;
    age[i] = 40 + Math.round(rand() * 40);
    const e = rand();
    ecog1[i] = e < 0.3 ? 1 : 0;
    ecog2[i] = e > 0.85 ? 1 : 0;
    male[i] = rand() < 0.5 ? 1 : -1;
    weights[i] = 0.5 + rand();
  }
  return { time, event, covariates: { age, ecog1, ecog2, male }, weights };
}

type Columns = Record<string, Float64Array>;
const copies = (cols: Columns): Columns =>
  Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice()]));
const subset = (cols: Columns, names: string[]): Columns =>
  Object.fromEntries(names.map((k) => [k, cols[k]!]));

/** x of the model prepared from private copies of everything: a gather from scratch. */
const freshX = (time: Float64Array, event: Float64Array, cols: Columns, weights?: Float64Array) =>
  prepareCoxData('coxPH', {
    time: time.slice(),
    event,
    covariates: copies(cols),
    ...(weights === undefined ? {} : { weights }),
  }).x.slice();

describe('prepareCoxData: the covariates of a model do not depend on the models prepared before it', () => {
  it('a model and its drop-one refits on the same columns give the matrices of fresh gathers', () => {
    const d = cohort(3);
    const { time, event, covariates } = d;
    const names = Object.keys(covariates);
    // the full model three times (the memo keeps columns from the second), then every drop-one
    for (let r = 0; r < 3; r++)
      expect(prepareCoxData('coxPH', { time, event, covariates }).x).toEqual(freshX(time, event, covariates));
    for (const drop of names) {
      const cols = subset(
        covariates,
        names.filter((n) => n !== drop),
      );
      expect(prepareCoxData('coxPH', { time, event, covariates: cols }).x).toEqual(freshX(time, event, cols));
    }
    // a different column order writes each kept column to its own place
    const reversed = subset(covariates, [...names].reverse());
    expect(prepareCoxData('coxPH', { time, event, covariates: reversed }).x).toEqual(
      freshX(time, event, reversed),
    );
  });

  it('a column changed in place between two models is gathered again', () => {
    const d = cohort(5);
    const { time, event, covariates } = d;
    for (let r = 0; r < 3; r++) prepareCoxData('coxPH', { time, event, covariates });
    covariates.age[17] = 99; // a continuous column (kept as doubles)
    covariates.ecog1[4000] = 1 - covariates.ecog1[4000]!; // an indicator (kept as Int8Array)
    expect(prepareCoxData('coxPH', { time, event, covariates }).x).toEqual(freshX(time, event, covariates));
  });

  it('other times or other weights (another centring) are not served from the memo', () => {
    const d = cohort(7);
    const { time, event, covariates, weights } = d;
    for (let r = 0; r < 3; r++) prepareCoxData('coxPH', { time, event, covariates });
    // weights move age's weighted mean and scale: the kept centred values no longer apply
    expect(prepareCoxData('coxPH', { time, event, covariates, weights }).x).toEqual(
      freshX(time, event, covariates, weights),
    );
    const other = cohort(8).time;
    expect(prepareCoxData('coxPH', { time: other, event, covariates }).x).toEqual(
      freshX(other, event, covariates),
    );
    expect(prepareCoxData('coxPH', { time, event, covariates }).x).toEqual(freshX(time, event, covariates));
  });
});
