import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierResult, kaplanMeier, kaplanMeierByGroup } from '../src/index.js';
import { countTiedTimes } from '../src/survival/internal/tieCounts.js';
import { lcg } from './seededRandom.js';

// Oracle: the general path. kaplanMeierByGroup with a single group always sorts the rows, rewrites
// near-ties (collapseNearTies), counts and estimates (kaplanMeierKernel) and forms the limits in the
// result layer (buildKaplanMeierResult) — the path the R suites (survfit fixtures) check. kaplanMeier
// without weights on data that are not tie-heavy takes the one-walk kernel (kmOneWalk.ts), which
// must give the same curve bit for bit (Object.is on every element: NaN equals NaN, −0 differs from 0).

const COLUMNS = ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper'] as const;
const CONF_TYPES = ['log', 'log-log', 'plain'] as const;

/** Index of the first element where two curves differ, per column (−1 when none), and the scalars. */
function differences(a: KaplanMeierResult, b: KaplanMeierResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of COLUMNS) {
    out[key] =
      a[key].length === b[key].length ? a[key].findIndex((v, i) => !Object.is(v, b[key][i])) : 'length';
  }
  out.median = JSON.stringify(a.median) === JSON.stringify(b.median) ? -1 : [a.median, b.median];
  out.scalars = a.n === b.n && a.events === b.events && a.variance === b.variance ? -1 : 'differ';
  return out;
}

const SAME = Object.fromEntries([...COLUMNS, 'median', 'scalars'].map((k) => [k, -1]));

/** kaplanMeier and the general path on the same data, for every confidence type. */
function expectGeneralPath(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  confLevel = 0.95,
): KaplanMeierResult {
  expect(
    time.length < 1 << 14 || countTiedTimes(Float64Array.from(time), Uint8Array.from(event)) === undefined,
  ).toBe(true);
  let fit: KaplanMeierResult | undefined;
  for (const confType of CONF_TYPES) {
    fit = kaplanMeier({ time, event }, { confType, confLevel });
    const group = new Uint8Array(time.length);
    const [general] = kaplanMeierByGroup({ time, event, group }, { confType, confLevel }).curves;
    expect(differences(fit, general!), confType).toEqual(SAME);
  }
  return fit!;
}

describe('kaplanMeier one-walk kernel (unweighted, mostly-distinct times) equals the general path', () => {
  it('chains of near-tied times (relative and absolute aeqSurv tolerance) become their first time', () => {
    const rand = lcg(7);
    const n = 30_000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const u = rand();
      // continuous times; every 20th row starts a chain of up to 4 times 1e-9 (relative) apart;
      // small times 1e-9 apart fall under the absolute tolerance sqrt(eps) ≈ 1.5e-8
      if (i > 0 && u < 0.05) time[i] = time[i - 1]! * (1 + 1e-9);
      else if (u < 0.07) time[i] = rand() * 1e-6 + (i % 3) * 1e-9;
      else time[i] = -Math.log(rand()) * 40;
      event[i] = rand() < 0.6 ? 1 : 0;
    }
    const fit = expectGeneralPath(time, event);
    expect(fit.time.length).toBeLessThan(new Set(time).size);
  });

  it('times near Number.MAX_VALUE, whose sum overflows, keep their distinct rows (issue 14, defect 6)', () => {
    const rand = lcg(99);
    const n = 20_000;
    const time = Float64Array.from({ length: n }, () => Number.MAX_VALUE * (0.25 + 0.75 * rand()));
    // a few exact ties and near-ties at the top of the range
    for (let i = 0; i < 50; i++) time[i] = Number.MAX_VALUE * (1 - (i % 5) * 1e-12);
    const event = Uint8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0));
    const fit = expectGeneralPath(time, event);
    expect(fit.time.length).toBeGreaterThan(n - 100);
    // R: survfit(Surv(c(1e308, 1.5e308, 1.7e308), c(1, 1, 0)) ~ 1) has three rows
    expect(expectGeneralPath([1e308, 1.5e308, 1.7e308], [1, 1, 0]).time.length).toBe(3);
  });

  it('censored-only tails, all-censored data, censorings and events at time 0, a curve that reaches 0', () => {
    const rand = lcg(3);
    const n = 5_000;
    const time = Float64Array.from({ length: n }, (_, i) => (i < 20 ? (i % 2 === 0 ? 0 : -0) : rand() * 100));
    // every row beyond 90 is censored: the curve ends in a flat censored tail
    const event = Uint8Array.from(time, (t, i) => (t > 90 ? 0 : i % 3 === 0 ? 0 : 1));
    const tail = expectGeneralPath(time, event, 0.9);
    expect(tail.nEvent[tail.nEvent.length - 1]).toBe(0);
    const none = expectGeneralPath(time, new Uint8Array(n));
    expect(none.events).toBe(0);
    // the last subject dies: S = 0 there, where R's std.err and log limits are NaN/NA
    const zero = expectGeneralPath([1, 2, 3, 4, 5], [1, 0, 1, 0, 1]);
    expect(zero.survival[4]).toBe(0);
    expect(zero.lower[4]).toBeNaN();
    expect(expectGeneralPath([5], [1]).survival[0]).toBe(0);
  });

  it('the curve is unchanged when every row is given weight 1 (R: weights = rep(1, n))', () => {
    const rand = lcg(5);
    const time = Float64Array.from({ length: 3_000 }, () => rand() * 50);
    const event = Uint8Array.from(time, () => (rand() < 0.7 ? 1 : 0));
    const plain = kaplanMeier({ time, event });
    const weighted = kaplanMeier({ time, event, weights: new Float64Array(time.length).fill(1) });
    expect(differences(plain, weighted)).toEqual(SAME);
  });

  it('integer case weights give the curve of the rows repeated that often (weighted path vs one walk)', () => {
    const rand = lcg(17);
    const n = 2_000;
    const time = Float64Array.from({ length: n }, () => rand() * 80);
    const event = Uint8Array.from(time, () => (rand() < 0.6 ? 1 : 0));
    const weights = Uint8Array.from(time, () => 1 + Math.floor(rand() * 3));
    const repeated = { time: [] as number[], event: [] as number[] };
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < weights[i]!; r++) {
        repeated.time.push(time[i]!);
        repeated.event.push(event[i]!);
      }
    }
    for (const confType of CONF_TYPES) {
      const weighted = kaplanMeier({ time, event, weights: Array.from(weights) }, { confType });
      const walk = kaplanMeier(repeated, { confType });
      // counts are exact integers either way; the estimates follow the same expressions. R's n
      // counts rows (observations), so it differs; the weighted event total does not.
      expect(differences(walk, weighted), confType).toEqual({ ...SAME, scalars: 'differ' });
      expect([walk.n, walk.events]).toEqual([repeated.time.length, weighted.events]);
      expect(weighted.n).toBe(n);
    }
  });

  it('event and censoring counts are bytes while they fit, and widened when a time holds more than 255 of either', () => {
    const rand = lcg(11);
    const n = 4_000;
    const time = Float64Array.from({ length: n }, () => rand() * 60);
    const event = Uint8Array.from(time, () => (rand() < 0.6 ? 1 : 0));
    const narrow = expectGeneralPath(time, event);
    expect([narrow.nEvent.constructor, narrow.nCensor.constructor, narrow.nRisk.constructor]).toEqual([
      Uint8Array,
      Uint8Array,
      Uint32Array,
    ]);
    // 300 deaths at time 10 (and 255 censorings: the widest that still fits), then 256 censorings at
    // 20 + 1e-12 (a near-tie of 20: one row of the time fix with a count past a byte)
    for (let i = 0; i < 300; i++) [time[i], event[i]] = [10, 1];
    for (let i = 300; i < 555; i++) [time[i], event[i]] = [10, 0];
    for (let i = 555; i < 811; i++) [time[i], event[i]] = [i % 2 === 0 ? 20 : 20 + 1e-12, 0];
    const wide = expectGeneralPath(time, event);
    expect([wide.nEvent.constructor, wide.nCensor.constructor]).toEqual([Uint32Array, Uint32Array]);
    const at10 = wide.time.indexOf(10);
    expect([wide.nEvent[at10], wide.nCensor[at10]]).toEqual([300, 255]);
    expect(wide.nCensor[wide.time.indexOf(20)]).toBeGreaterThanOrEqual(256);
  });

  it('with hundreds of rows at a few times (counts near and past a byte) the one walk equals the general path (fast-check)', () => {
    const block = fc.record({
      time: fc.oneof(fc.constantFrom(0, -0, 1, 1 + 1e-9, 5), fc.double({ min: 0, max: 100, noNaN: true })),
      events: fc.integer({ min: 0, max: 300 }),
      censored: fc.integer({ min: 0, max: 300 }),
    });
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        const time: number[] = [];
        const event: number[] = [];
        for (const b of blocks) {
          for (let k = 0; k < b.events; k++) time.push(b.time) && event.push(1);
          for (let k = 0; k < b.censored; k++) time.push(b.time) && event.push(0);
        }
        if (time.length > 0) expectGeneralPath(time, event);
      }),
      { numRuns: 60 },
    );
  });

  it('on any small data set (ties, near-ties, zeros, huge times) the one walk equals the general path (fast-check)', () => {
    const base = [0, 1, 1 + 1e-9, 2, 2.5, 3, 1e-9, 7, 1e300, Number.MAX_VALUE, Number.MAX_VALUE / 3];
    const row = fc.record({
      time: fc.oneof(fc.constantFrom(...base), fc.double({ min: 0, max: 100, noNaN: true })),
      event: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (rows, level) => {
          expectGeneralPath(
            rows.map((r) => r.time),
            rows.map((r) => r.event),
            level,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
