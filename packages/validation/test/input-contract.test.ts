import * as stats from '@survkit/stats';
import { StatsInputError } from '@survkit/stats';
import { describe, expect, it } from 'vitest';

/**
 * STYLE rule 3 / issue 14 item 7: a wrong call of a public function fails as a StatsInputError
 * that names the function and the argument — never as a TypeError from deep inside. Oracle: the
 * contract itself (no numbers involved).
 */
const frame: stats.ModelFrame = {
  time: [5, 8, 12, 3, 9, 15, 7, 11],
  event: [1, 1, 0, 1, 1, 0, 1, 1],
  variables: {
    grp: { type: 'categorical', levels: ['a', 'b'], codes: [0, 1, 0, 1, 0, 1, 0, 1] },
    age: { type: 'numeric', values: [61, 70, 55, 74, 66, 58, 59, 63] },
  },
};
const coxData: stats.CoxData = {
  time: frame.time,
  event: frame.event,
  covariates: { age: [61, 70, 55, 74, 66, 58, 59, 63] },
};

function expectInputError(call: () => unknown, fn: string, field: string): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(StatsInputError);
  const e = caught as StatsInputError;
  expect(e.fn).toBe(fn);
  expect(e.field).toBe(field);
  expect(e.message.startsWith(`${fn}: ${field}: `)).toBe(true);
}

describe('the modelling layer rejects arguments of the wrong shape with StatsInputError', () => {
  const badFrames: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 5],
    ['a string', 'frame'],
    ['an array', []],
  ];
  it.each(badFrames)('fitCoxModel(%s) names the frame', (_, bad) => {
    expectInputError(() => stats.fitCoxModel(bad as stats.ModelFrame, ['grp']), 'fitCoxModel', 'frame');
    expectInputError(
      () => stats.univariateCoxScreen(bad as stats.ModelFrame, ['grp']),
      'univariateCoxScreen',
      'frame',
    );
    expectInputError(
      () => stats.multivariableCox(bad as stats.ModelFrame, { variables: ['grp'] }, ['grp']),
      'multivariableCox',
      'frame',
    );
  });

  it('a frame without time/event arrays or variables object, and a variable that is not an object', () => {
    expectInputError(
      () => stats.fitCoxModel({ ...frame, time: 3 } as never, ['grp']),
      'fitCoxModel',
      'frame.time',
    );
    expectInputError(
      () => stats.fitCoxModel({ ...frame, event: null } as never, ['grp']),
      'fitCoxModel',
      'frame.event',
    );
    expectInputError(
      () => stats.fitCoxModel({ ...frame, variables: undefined } as never, ['grp']),
      'fitCoxModel',
      'frame.variables',
    );
    expectInputError(
      () => stats.fitCoxModel({ ...frame, variables: { grp: null } } as never, ['grp']),
      'fitCoxModel',
      'variables.grp',
    );
    // an inherited name is not a variable of the frame
    expectInputError(() => stats.fitCoxModel(frame, ['toString']), 'fitCoxModel', 'variables');
  });

  it('variable lists that are not arrays of names', () => {
    expectInputError(() => stats.fitCoxModel(frame, 'grp' as never), 'fitCoxModel', 'variables');
    expectInputError(() => stats.fitCoxModel(frame, undefined as never), 'fitCoxModel', 'variables');
    expectInputError(() => stats.fitCoxModel(frame, [1] as never), 'fitCoxModel', 'variables[0]');
    expectInputError(
      () => stats.univariateCoxScreen(frame, null as never),
      'univariateCoxScreen',
      'variables',
    );
    expectInputError(
      () => stats.multivariableCox(frame, { variables: ['grp'] }, 'grp' as never),
      'multivariableCox',
      'candidates',
    );
    expectInputError(
      () => stats.multivariableCox(frame, null as never, ['grp']),
      'multivariableCox',
      'selection',
    );
    expectInputError(
      () => stats.multivariableCox(frame, { variables: 'grp' } as never, ['grp']),
      'multivariableCox',
      'selection.variables',
    );
  });
});

describe('every public function with an options argument rejects options that are not an object', () => {
  const calls: [string, (options: never) => unknown][] = [
    ['coxPH', (o) => stats.coxPH(coxData, o)],
    ['coxFirth', (o) => stats.coxFirth(coxData, o)],
    ['coxZph', (o) => stats.coxZph(coxData, stats.coxPH(coxData), o)],
    ['fitCoxModel', (o) => stats.fitCoxModel(frame, ['grp'], o)],
    ['univariateCoxScreen', (o) => stats.univariateCoxScreen(frame, ['grp'], o)],
    ['multivariableCox', (o) => stats.multivariableCox(frame, { variables: ['grp'] }, ['grp'], o)],
    ['kaplanMeier', (o) => stats.kaplanMeier({ time: [1, 2], event: [1, 0] }, o)],
    [
      'kaplanMeierByGroup',
      (o) => stats.kaplanMeierByGroup({ time: [1, 2], event: [1, 0], group: ['a', 'b'] }, o),
    ],
    ['logRankTest', (o) => stats.logRankTest({ time: [1, 2], event: [1, 1], group: ['a', 'b'] }, o)],
    [
      'chiSquareTest',
      (o) =>
        stats.chiSquareTest(
          [
            [3, 4],
            [5, 6],
          ],
          o,
        ),
    ],
    [
      'compareCategorical',
      (o) =>
        stats.compareCategorical(
          [
            [3, 4],
            [5, 6],
          ],
          o,
        ),
    ],
    ['tabulateCategorical', (o) => stats.tabulateCategorical(['a'], ['a'], o)],
    ['wilcoxonRankSumTest', (o) => stats.wilcoxonRankSumTest([1, 2], [3, 4], o)],
  ];
  it.each(calls)('%s: null, a number and an array', (fn, call) => {
    for (const bad of [null, 5, []]) expectInputError(() => call(bad as never), fn, 'options');
  });
  it('quantile names a probs argument that is not an array', () => {
    expectInputError(() => stats.quantile([1, 2], null as never), 'quantile', 'probs');
    expectInputError(() => stats.quantile([1, 2], 0.5 as never), 'quantile', 'probs');
  });
  it('coxZph names its second argument', () => {
    expectInputError(() => stats.coxZph(coxData, null as never), 'coxZph', 'fit');
  });
});
