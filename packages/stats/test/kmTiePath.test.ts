import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierByGroup } from '../src/index.js';
import { countTiedTimes } from '../src/survival/internal/tieCounts.js';
import { lcg } from './seededRandom.js';

// Oracle: kaplanMeierByGroup with a single group always takes the general path (sortIntoSegments +
// collapseNearTies + kaplanMeierKernel), whose curves the R suites check. kaplanMeier without
// weights takes one of two faster paths — tie-heavy data (≥ 2^14 rows, fewer than one distinct time
// per 16 rows) are counted in a hash table (survival/internal/tieCounts.ts), other data sorted and
// walked once with the time fix, the estimate and the limits fused in (kmOneWalk.ts). Both must agree bit for bit.
function tied(
  n: number,
  levels: number,
  seed: number,
  scale: number,
): { time: Float64Array; event: Uint8Array } {
  const rand = lcg(seed);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    const base = (Math.floor(rand() * levels) / levels) * scale;
    // ±0, exact ties, and times 1e-10 (relative) apart that R's time fix merges into one
    time[i] = u < 0.02 ? (rand() < 0.5 ? -0 : 0) : u < 0.1 ? base * (1 + 1e-10) : base;
    event[i] = rand() < 0.6 ? 1 : 0;
  }
  return { time, event };
}

const sameCurve = (a: ReturnType<typeof kaplanMeier>, b: ReturnType<typeof kaplanMeier>): void => {
  for (const key of ['time', 'nRisk', 'nEvent', 'nCensor', 'survival', 'stdErr', 'lower', 'upper'] as const) {
    const x = a[key];
    const y = b[key];
    expect(x.length, key).toBe(y.length);
    // first row whose values differ (Object.is: NaN equals NaN, every bit counts), −1 for none
    expect(
      x.findIndex((v, i) => !Object.is(v, y[i])),
      key,
    ).toBe(-1);
  }
  expect(a.median).toEqual(b.median);
  expect(a.n).toBe(b.n);
  expect(a.events).toBe(b.events);
};

describe('kaplanMeier: its fast paths equal the general sort path bit for bit', () => {
  // the last scale puts the times near Number.MAX_VALUE, where their sum overflows (issue 14, defect 6)
  for (const [n, levels, scale] of [
    [20_000, 300, 75],
    [100_000, 2_500, 625],
    [20_000, 300, Number.MAX_VALUE / 2],
  ] as const) {
    it(`n = ${n}, ${levels} distinct base times up to ${scale}, near-ties and ±0 (every CI type)`, () => {
      const d = tied(n, levels, n + levels, scale);
      const group = new Uint8Array(n);
      expect(countTiedTimes(d.time, d.event)).toBeDefined();
      for (const confType of ['log', 'log-log', 'plain'] as const) {
        const fit = kaplanMeier(d, { confType });
        const [viaSort] = kaplanMeierByGroup({ ...d, group }, { confType }).curves;
        sameCurve(fit, viaSort!);
        // the near-ties were merged: fewer rows than distinct input values
        expect(fit.time.length).toBeLessThan(new Set(Array.from(d.time, (t) => t + 0)).size);
      }
    });
  }

  for (const n of [1_000, 40_000]) {
    it(`mostly-distinct data (n = ${n}, some near-ties): the fused one-walk kernel equals the sort path`, () => {
      const rand = lcg(11 + n);
      const time = new Float64Array(n);
      for (let i = 0; i < n; i++)
        time[i] = i > 0 && rand() < 0.01 ? time[i - 1]! * (1 + 1e-10) : -Math.log(rand()) * 30;
      const event = Uint8Array.from({ length: n }, () => (rand() < 0.7 ? 1 : 0));
      expect(countTiedTimes(time, event)).toBeUndefined();
      for (const confType of ['log', 'log-log', 'plain'] as const) {
        const fit = kaplanMeier({ time, event }, { confType });
        sameCurve(
          fit,
          kaplanMeierByGroup({ time, event, group: new Uint8Array(n) }, { confType }).curves[0]!,
        );
        expect(fit.time.length).toBeGreaterThan(n / 2);
        expect(fit.time.length).toBeLessThan(new Set(time).size);
      }
    });
  }
});

describe('kaplanMeier count columns (CountArray)', () => {
  // Invariant of the public type: without case weights the counts are whole numbers stored as
  // unsigned integers on every path (Uint32Array from tie counting and the per-group sort path;
  // the one walk's event and censoring counts Uint8Array while they fit in a byte); with non-unit
  // weights they are Float64Array sums of weights. The values themselves are checked against the
  // general path above and against R in packages/validation.
  const rand = lcg(5);
  const n = 20_000;
  const distinct = Float64Array.from({ length: n }, () => -Math.log(rand()) * 30);
  const tied = distinct.map((t) => Math.round(t));
  const event = Uint8Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0));
  const columns = ['nRisk', 'nEvent', 'nCensor'] as const;
  const kinds = (fit: { nRisk: object; nEvent: object; nCensor: object }) =>
    columns.map((c) => fit[c].constructor.name);

  it('are unsigned integer arrays without weights (tie path, one walk, by group) and sum to the rows', () => {
    expect(countTiedTimes(tied, event)).toBeDefined();
    expect(countTiedTimes(distinct, event)).toBeUndefined();
    const group = new Uint8Array(n);
    const fits = [
      kaplanMeier({ time: tied, event }),
      kaplanMeier({ time: distinct, event }),
      kaplanMeier({ time: distinct, event, weights: new Float64Array(n).fill(1) }),
      kaplanMeierByGroup({ time: distinct, event, group }).curves[0]!,
      kaplanMeierByGroup({ time: tied, event, group }).curves[0]!,
    ];
    for (const [f, fit] of fits.entries()) {
      // fits 1 and 2 take the one walk (distinct times, unit weights dropped), whose counts fit a byte
      const counts = f === 1 || f === 2 ? 'Uint8Array' : 'Uint32Array';
      expect(kinds(fit)).toEqual(['Uint32Array', counts, counts]);
      expect(fit.nRisk[0]).toBe(n);
      let rows = 0;
      for (let k = 0; k < fit.time.length; k++) rows += fit.nEvent[k]! + fit.nCensor[k]!;
      expect(rows).toBe(n);
    }
  });

  it('are Float64Arrays of weighted sums with case weights', () => {
    const weights = Float64Array.from({ length: n }, (_, i) => (i % 3) + 0.5);
    const fit = kaplanMeier({ time: distinct, event, weights });
    expect(kinds(fit)).toEqual(['Float64Array', 'Float64Array', 'Float64Array']);
    const total = weights.reduce((a, b) => a + b, 0);
    expect(fit.nRisk[0]).toBeCloseTo(total, 6);
  });
});
