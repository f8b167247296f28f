import { describe, expect, it } from 'vitest';
import { prepareCoxData } from '../src/regression/internal/coxPrepare.js';
import { lehmer } from './seededRandom.js';

/**
 * `prepareCoxData` reuses the previous sort when the times are the same (coxSortMemo.ts). The
 * invariant: a prepared model never depends on what was prepared before it. Each expectation
 * compares against the same data prepared first (a sort made from scratch), so a memo that
 * recognised times by the array's identity, or ignored the time-fix option, would fail here.
 */
const N = 6000; // above the memo's threshold

function data(seed: number, ties: boolean) {
  const rand = lehmer(seed);
  const time = new Float64Array(N);
  const event = new Float64Array(N);
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t = -Math.log(rand()) * 10;
    // near-ties (1e-10 apart) for the time fix to merge, exact ties when `ties`
    time[i] = ties ? Math.round(t) + (i % 3 === 0 ? 1e-10 : 0) + 1 : t + 1;
    event[i] = rand() < 0.7 ? 1 : 0;
    x[i] = rand();
  }
  return { time, event, covariates: { x } };
}

const fresh = (d: ReturnType<typeof data>, timefix = true) =>
  prepareCoxData('coxPH', { ...d, time: d.time.slice() }, { timefix });

describe('prepareCoxData: a prepared model does not depend on the one prepared before it', () => {
  it('times changed in place between two fits are sorted again', () => {
    // oracle: a stable argsort by time descending, the kernel's order, by the built-in sort
    const reference = (time: Float64Array) =>
      Int32Array.from(Array.from({ length: N }, (_, i) => i).sort((i, j) => time[j]! - time[i]!));
    const a = data(11, false);
    const b = data(29, false);
    expect(prepareCoxData('coxPH', b).order).toEqual(reference(b.time));
    expect(prepareCoxData('coxPH', a).order).toEqual(reference(a.time));
    a.time.set(b.time); // the same array object now holds b's values
    const got = prepareCoxData('coxPH', { ...b, time: a.time });
    expect(got.order).toEqual(reference(b.time));
    expect(got.x).toEqual(fresh(b).x);
  });

  it('the same times again give the same order and fixed times, with and without the time fix', () => {
    const d = data(7, true);
    const fixed = fresh(d, true);
    const unfixed = fresh(d, false);
    // the near-ties make the two differ, so reusing one for the other would show
    expect(fixed.time).not.toEqual(unfixed.time);
    expect(prepareCoxData('coxPH', d, { timefix: false }).time).toEqual(unfixed.time);
    expect(prepareCoxData('coxPH', d).time).toEqual(fixed.time);
    const again = prepareCoxData('coxPH', d);
    expect(again.order).toEqual(fixed.order);
    expect(again.status).toEqual(fixed.status);
    expect(again.time).toEqual(fixed.time);
  });

  it('arrays of a recalled sort belong to the model: changing them does not reach the next one', () => {
    const d = data(5, true);
    const first = prepareCoxData('coxPH', d);
    const expected = first.time.slice();
    const second = prepareCoxData('coxPH', d);
    second.time.fill(0);
    second.order.fill(0);
    const third = prepareCoxData('coxPH', d);
    expect(third.time).toEqual(expected);
    expect(third.order).toEqual(first.order);
  });
});
