import { describe, expect, it } from 'vitest';
import { logRankTest } from '../src/index.js';
import { logRankFromCounts, logRankKernel } from '../src/survival/internal/logRankKernel.js';
import { collapseNearTies, sortIntoSegments } from '../src/survival/internal/segments.js';
import { countTiedTimesByGroup } from '../src/survival/internal/tieCounts.js';
import { lcg } from './seededRandom.js';

// Oracle: the general path — the rows sorted into one segment per group, R's time fix rewriting
// them (collapseNearTies), then the G-group kernel (logRankKernel), which the survdiff R suites in
// packages/validation check. Without strata on tie-heavy data logRankTest counts the rows of each
// time in a hash table instead (countTiedTimesByGroup + logRankFromCounts), which must give the
// same sums bit for bit (Object.is on every element).

/** Tie-heavy rows: `distinct` base times (some of them near-tied chains and ±0), G groups. */
function tiedRows(n: number, distinct: number, nGroup: number, seed: number) {
  const rand = lcg(seed);
  const base = Float64Array.from({ length: distinct }, (_, k) => (k * 75) / distinct);
  // chains 1e-9 apart (relative tolerance) and tiny times under the absolute one
  for (let k = 1; k < distinct; k += 17) base[k] = base[k - 1]! * (1 + 1e-9);
  base[2] = 1e-9;
  const time = Float64Array.from({ length: n }, (_, i) =>
    i % 97 === 0 ? -0 : base[Math.floor(rand() * distinct)]!,
  );
  const event = Uint8Array.from(time, () => (rand() < 0.6 ? 1 : 0));
  const group = Uint32Array.from(time, () => Math.floor(rand() * nGroup));
  return { time, event, group };
}

function expectSameSums(d: ReturnType<typeof tiedRows>, nGroup: number): void {
  const tied = countTiedTimesByGroup(d.time, d.event, d.group, nGroup);
  expect(tied).toBeDefined();
  for (const rho of [0, 1, 0.5]) {
    const viaCounts = logRankFromCounts(tied!, nGroup, rho);
    const seg = sortIntoSegments(d.time, d.event, d.group, nGroup, undefined);
    collapseNearTies(seg);
    const oracle = logRankKernel(seg, 1, nGroup, rho);
    for (const key of ['observed', 'expected', 'variance'] as const) {
      const a = Array.from(viaCounts[key]);
      const b = Array.from(oracle[key]);
      expect(
        a.every((v, i) => Object.is(v, b[i])),
        `${key}, rho ${rho}: ${a} vs ${b}`,
      ).toBe(true);
    }
  }
}

describe('log-rank tie path (hash-table counts, no sort of the rows) equals the general path', () => {
  for (const [n, distinct, nGroup] of [
    [20_000, 300, 2],
    [100_000, 2_500, 3],
    [50_000, 1_000, 5],
  ] as const) {
    it(`n = ${n}, ${distinct} base times with near-ties and ±0, ${nGroup} groups, rho 0 / 0.5 / 1`, () => {
      expectSameSums(tiedRows(n, distinct, nGroup, n + nGroup), nGroup);
    });
  }

  it("logRankTest's observed, expected and variance on tie-heavy data are the general path's", () => {
    const d = tiedRows(40_000, 800, 2, 3);
    const group = Array.from(d.group, (g) => (g === 1 ? 'b' : 'a'));
    expect(countTiedTimesByGroup(d.time, d.event, d.group, 2)).toBeDefined();
    for (const rho of [0, 1]) {
      const test = logRankTest({ time: d.time, event: d.event, group }, { rho });
      const seg = sortIntoSegments(d.time, d.event, d.group, 2, undefined);
      collapseNearTies(seg);
      const oracle = logRankKernel(seg, 1, 2, rho);
      expect(test.groups.map((g) => [g.group, g.observed, g.expected])).toEqual([
        ['a', oracle.observed[0], oracle.expected[0]],
        ['b', oracle.observed[1], oracle.expected[1]],
      ]);
      expect(test.variance.flat()).toEqual(Array.from(oracle.variance));
    }
  });

  it('mostly-distinct data are left to the sort', () => {
    const rand = lcg(9);
    const time = Float64Array.from({ length: 40_000 }, () => -Math.log(rand()) * 30);
    const event = Uint8Array.from(time, () => (rand() < 0.6 ? 1 : 0));
    const group = Uint32Array.from(time, () => (rand() < 0.5 ? 1 : 0));
    expect(countTiedTimesByGroup(time, event, group, 2)).toBeUndefined();
  });
});
