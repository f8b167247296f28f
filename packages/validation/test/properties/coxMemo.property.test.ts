import { type CategoricalColumn, fitCoxModel, type ModelFrame, type NumericColumn } from '@survkit/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * `fitCoxModel` keeps work between fits on the same frame: a categorical variable's design columns
 * (designColumnMemo.ts), their centring sums (coxOwnedColumns.ts), their sorted values
 * (coxColumnMemo.ts), the sort of the times, its inverse and the sorted status (coxSortMemo.ts). The invariant: a fit never depends
 * on the fits before it. Each step fits the live frame — the arrays the memos have seen, possibly
 * changed in place since — and the same model on a deep copy of the frame (arrays no memo has seen);
 * the two results must be equal to the last bit. Oracle: the fit from scratch, not a stored number.
 *
 * The frames have more rows than the memos' thresholds (4096), so the memos are in play.
 */
const N = 4500;

interface Frame {
  time: Float64Array;
  event: Float64Array;
  variables: Record<string, CategoricalColumn | NumericColumn>;
}

function frameOf(seed: number): Frame {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const time = new Float64Array(N);
  const event = new Float64Array(N);
  const ecog = new Int32Array(N);
  const sex = new Int32Array(N);
  const stage = new Int32Array(N);
  const age = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    ecog[i] = Math.floor(rand() * 3);
    sex[i] = rand() < 0.5 ? 1 : 0;
    stage[i] = Math.floor(rand() * 4);
    age[i] = 40 + Math.round(rand() * 40);
    const hazard = Math.exp(0.4 * ecog[i]! - 0.3 * sex[i]! + 0.2 * stage[i]! + 0.01 * (age[i]! - 60));
    time[i] = Math.round((-Math.log(rand()) / hazard) * 100) + 1;
    event[i] = rand() < 0.7 ? 1 : 0;
  }
  const cat = (codes: Int32Array, levels: string[]): CategoricalColumn => ({
    type: 'categorical',
    levels,
    codes,
    reference: levels[0]!,
  });
  return {
    time,
    event,
    variables: {
      ecog: cat(ecog, ['0', '1', '2']),
      sex: cat(sex, ['female', 'male']),
      stage: cat(stage, ['I', 'II', 'III', 'IV']),
      age: { type: 'numeric', values: age },
    },
  };
}

/** The frame with every array copied: arrays no memo has seen. */
function deepCopy(f: Frame): ModelFrame {
  const variables: Record<string, CategoricalColumn | NumericColumn> = {};
  for (const [name, v] of Object.entries(f.variables))
    variables[name] =
      v.type === 'categorical'
        ? { ...v, codes: Int32Array.from(v.codes), levels: [...v.levels] }
        : { ...v, values: Float64Array.from(v.values) };
  return { time: f.time.slice(), event: f.event.slice(), variables };
}

const NAMES = ['ecog', 'sex', 'stage', 'age'];

/** One step: a model on some variables, after an optional change of the frame in place. */
const stepArb = fc.record({
  variables: fc.subarray(NAMES, { minLength: 1 }),
  phTest: fc.boolean(),
  change: fc.option(
    fc.record({
      what: fc.constantFrom('code', 'missing-code', 'time', 'event', 'age', 'missing-age'),
      row: fc.integer({ min: 0, max: N - 1 }),
      variable: fc.constantFrom('ecog', 'sex', 'stage'),
    }),
    { nil: undefined },
  ),
});

/** An in-place change of the live frame (one value of one column). */
interface Change {
  readonly what: string;
  readonly row: number;
  readonly variable: string;
}

function applyChange(f: Frame, c: Change | undefined): void {
  if (c === undefined) return;
  const col = f.variables[c.variable] as CategoricalColumn & { codes: Int32Array };
  const age = (f.variables.age as NumericColumn & { values: Float64Array }).values;
  if (c.what === 'code') col.codes[c.row] = (col.codes[c.row]! + 1 + (c.row % 2)) % col.levels.length;
  else if (c.what === 'missing-code') col.codes[c.row] = -1;
  else if (c.what === 'time') f.time[c.row] = f.time[c.row]! + 7;
  else if (c.what === 'event') f.event[c.row] = 1 - f.event[c.row]!;
  else if (c.what === 'age') age[c.row] = age[c.row]! + 3;
  else age[c.row] = Number.NaN;
}

describe('fitCoxModel with its memos (fast-check)', () => {
  it('a fit equals the fit from scratch, whatever was fitted before and whatever was changed in place', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(stepArb, { minLength: 2, maxLength: 6 }),
        (seed, steps) => {
          const live = frameOf(seed);
          for (const step of steps) {
            applyChange(live, step.change);
            const options = { concordance: false, ...(step.phTest ? { phTest: 'km' as const } : {}) };
            const fresh = fitCoxModel(deepCopy(live), step.variables, options);
            const memoised = fitCoxModel(live, step.variables, options);
            expect(memoised).toEqual(fresh);
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('the same model fitted again on an unchanged frame is the same to the last bit', () => {
    const live = frameOf(11);
    const first = fitCoxModel(deepCopy(live), NAMES, { phTest: 'km' });
    for (let r = 0; r < 3; r++) expect(fitCoxModel(live, NAMES, { phTest: 'km' })).toEqual(first);
  });
});
