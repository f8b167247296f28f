import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logRankTest } from '../src/index.js';
import { logRankKernel } from '../src/survival/internal/logRankKernel.js';
import { logRankTwoGroups } from '../src/survival/internal/logRankTwoGroups.js';
import { collapseNearTies, scanTimes, sortIntoSegments } from '../src/survival/internal/segments.js';
import { lcg } from './seededRandom.js';

// Oracle: the general path — R's time fix rewriting the sorted rows (collapseNearTies), then the
// G-group kernel (logRankKernel), which the R suites (survdiff fixtures in packages/validation) check.
// logRankTest with two groups and no strata takes logRankTwoGroups instead, which must give the same
// sums bit for bit (Object.is on every element).

/** The sums of both kernels on the same rows (group 0/1, one stratum). */
function bothKernels(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  group: ArrayLike<number>,
  rho: number,
) {
  const n = time.length;
  const t = Float64Array.from(time);
  const e = Uint8Array.from(event);
  const g = Uint32Array.from(group);
  const fused = sortIntoSegments(t, e, g, 2, undefined);
  const twoGroups = logRankTwoGroups(fused, scanTimes(fused), rho);
  const general = sortIntoSegments(t, e, g, 2, undefined);
  collapseNearTies(general);
  const oracle = logRankKernel(general, 1, 2, rho);
  expect(n).toBe(fused.times.length);
  return { twoGroups, oracle };
}

function expectSameSums(time: ArrayLike<number>, event: ArrayLike<number>, group: ArrayLike<number>): void {
  for (const rho of [0, 1, 0.5]) {
    const { twoGroups, oracle } = bothKernels(time, event, group, rho);
    for (const key of ['observed', 'expected', 'variance'] as const) {
      const a = Array.from(twoGroups[key]);
      const b = Array.from(oracle[key]);
      expect(
        a.every((v, i) => Object.is(v, b[i])),
        `${key}, rho ${rho}: ${a} vs ${b}`,
      ).toBe(true);
    }
  }
}

describe('log-rank two-group kernel (time fix in the walk) equals the general path', () => {
  it('continuous times with chains of near-ties under both aeqSurv tolerances, and exact ties', () => {
    const rand = lcg(21);
    const n = 30_000;
    const time = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rand();
      // every 20th row continues a chain 1e-9 (relative) above the previous row's time; small times
      // 1e-9 apart fall under the absolute tolerance sqrt(eps) ≈ 1.5e-8; some rows repeat exactly
      if (i > 0 && u < 0.05) time[i] = time[i - 1]! * (1 + 1e-9);
      else if (u < 0.07) time[i] = rand() * 1e-6 + (i % 3) * 1e-9;
      else if (i > 0 && u < 0.1) time[i] = time[i - 1]!;
      else time[i] = -Math.log(rand()) * 40;
    }
    const event = Uint8Array.from(time, () => (rand() < 0.6 ? 1 : 0));
    const group = Uint8Array.from(time, () => (rand() < 0.4 ? 1 : 0));
    expectSameSums(time, event, group);
  });

  it('times near Number.MAX_VALUE, time 0 and −0, censored tails and a group without events', () => {
    const rand = lcg(5);
    const n = 5_000;
    const time = Float64Array.from({ length: n }, (_, i) =>
      i < 30 ? (i % 2 === 0 ? 0 : -0) : i < 100 ? Number.MAX_VALUE * (1 - (i % 5) * 1e-12) : rand() * 100,
    );
    const group = Uint8Array.from(time, (_, i) => i % 2);
    const event = Uint8Array.from(time, (t, i) => (t > 90 || group[i] === 1 ? 0 : 1));
    expectSameSums(time, event, group);
    expectSameSums(time, new Uint8Array(n), group);
  });

  it("logRankTest's observed, expected and variance are the general path's (two groups, no strata)", () => {
    const rand = lcg(8);
    const n = 2_000;
    const time = Float64Array.from({ length: n }, () => Math.round(rand() * 300) / 7);
    const event = Uint8Array.from(time, () => (rand() < 0.7 ? 1 : 0));
    const code = Uint8Array.from(time, () => (rand() < 0.5 ? 1 : 0));
    const group = Array.from(code, (c) => (c === 1 ? 'b' : 'a'));
    for (const rho of [0, 1]) {
      const test = logRankTest({ time, event, group }, { rho });
      const { oracle } = bothKernels(time, event, code, rho);
      expect(test.groups.map((g) => [g.group, g.observed, g.expected])).toEqual([
        ['a', oracle.observed[0], oracle.expected[0]],
        ['b', oracle.observed[1], oracle.expected[1]],
      ]);
      expect(test.variance.flat()).toEqual(Array.from(oracle.variance));
    }
  });

  it('on any small data set (ties, near-ties, zeros, huge times) the two-group walk equals the general path (fast-check)', () => {
    const base = [0, 1, 1 + 1e-9, 2, 2.5, 3, 1e-9, 7, 1e300, Number.MAX_VALUE, Number.MAX_VALUE / 3];
    const row = fc.record({
      time: fc.oneof(fc.constantFrom(...base), fc.double({ min: 0, max: 100, noNaN: true })),
      event: fc.constantFrom(0, 1),
      group: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        expectSameSums(
          rows.map((r) => r.time),
          rows.map((r) => r.event),
          rows.map((r) => r.group),
        );
      }),
      { numRuns: 300 },
    );
  });
});
