import { describe, expect, it } from 'vitest';
import { argsortFloat64, denseRankFloat64 } from '../src/internal/sort.js';
import { sortByMagnitude } from '../src/survival/internal/radixSort.js';

// Oracle: the built-in stable Array sort (ES2019) with a numeric comparator. Sizes above the
// radix thresholds (4096 for the Cox argsort, 2^14 for the survival sort) take the radix paths.
function sample(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    // heavy ties, negatives, ±0, tiny and huge magnitudes
    out[i] =
      u < 0.2
        ? Math.round(rand() * 20)
        : u < 0.3
          ? rand() < 0.5
            ? -0
            : 0
          : u < 0.4
            ? -rand() * 1e300
            : (rand() - 0.3) * 1e3;
  }
  return out;
}

/**
 * ±(1000 + j·2⁻¹¹ + m·2⁻⁴⁰): the high word is ±1000 + j·2⁻¹¹ (a unit in the last place of 1000 is
 * 2⁻⁴³, the low word spans 2³² of them), m only changes the low word. Rows with j < 5 form runs of
 * ~1000 (radix path), the others runs of ~16 (insertion), with exact ties; one row in 7 negative.
 */
function lowWordRuns(n: number, seed: number): Float64Array {
  let s = seed;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = i % 3 === 0 ? s % 5 : 5 + (s % 1500);
    const m = (s >>> 12) % 50;
    v[i] = (i % 7 === 0 ? -1 : 1) * (1000 + j * 2 ** -11 + m * 2 ** -40);
  }
  return v;
}

describe('radix sorts agree with a stable comparator sort', () => {
  for (const n of [100, 20_000]) {
    for (const descending of [false, true]) {
      it(`argsortFloat64 is the stable ${descending ? 'descending' : 'ascending'} order (n = ${n}), sortedOut the sorted values`, () => {
        const v = sample(n, 7 + n);
        const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
          descending ? v[b]! - v[a]! : v[a]! - v[b]!,
        );
        for (const scratch of [null, new Float64Array(3 * n)]) {
          const sorted = new Float64Array(n);
          const perm = argsortFloat64(v, descending, scratch, sorted);
          expect(Array.from(perm)).toEqual(expected);
          expect(Array.from(sorted)).toEqual(expected.map((i) => v[i]! + 0));
        }
      });
    }
  }

  it('argsortFloat64 orders values that differ only in the low 32 bits (runs of equal high word: short, long, tied)', () => {
    const n = 30_000;
    const v = lowWordRuns(n, 12345);
    for (const descending of [false, true]) {
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
        descending ? v[b]! - v[a]! : v[a]! - v[b]!,
      );
      const sorted = new Float64Array(n);
      expect(Array.from(argsortFloat64(v, descending, new Float64Array(3 * n), sorted))).toEqual(expected);
      expect(Array.from(sorted)).toEqual(expected.map((i) => v[i]!));
    }
  });

  it('sortByMagnitude orders by |x| and keeps every signed value (n = 20 000)', () => {
    const n = 20_000;
    const v = sample(n, 99).map((x) => Math.min(Math.abs(x), 1e300) * (x < 0 || Object.is(x, -0) ? -1 : 1));
    const sorted = Float64Array.from(v);
    sortByMagnitude(sorted, new Float64Array(n));
    for (let k = 1; k < n; k++) expect(Math.abs(sorted[k]!)).toBeGreaterThanOrEqual(Math.abs(sorted[k - 1]!));
    const key = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
    expect(Array.from(sorted, key).sort()).toEqual(Array.from(v, key).sort());
  });

  it('sortByMagnitude orders values that differ only in the low 32 bits (runs of equal high word) and keeps every signed value', () => {
    // runs of ~1000 (radix path) and ~16 (insertion), exact ties, both signs (lowWordRuns)
    const n = 30_000;
    const v = lowWordRuns(n, 54321);
    const sorted = Float64Array.from(v);
    sortByMagnitude(sorted, new Float64Array(n));
    const expected = Array.from(v, Math.abs).sort((a, b) => a - b);
    expect(Array.from(sorted, Math.abs)).toEqual(expected);
    expect(Array.from(sorted).sort((a, b) => a - b)).toEqual(Array.from(v).sort((a, b) => a - b));
  });
});

describe('denseRankFloat64 gives the dense ranks of the values', () => {
  // Oracle: R's match(x, sort(unique(x))) - 1 restated with a Set and the built-in sort; -0 and
  // +0 are one value, as in R.
  const ranksOf = (v: Float64Array): number[] => {
    const distinct = [...new Set(Array.from(v, (x) => x + 0))].sort((a, b) => a - b);
    const at = new Map(distinct.map((x, r) => [x, r]));
    return Array.from(v, (x) => at.get(x + 0)!);
  };
  for (const [label, v] of [
    ['ties, ±0, huge and tiny values (radix path)', sample(30_000, 5)],
    ['values that differ only in the low 32 bits (radix path)', lowWordRuns(20_000, 9)],
    ['a small sample (comparator path)', sample(500, 11)],
  ] as const)
    it(label, () => {
      const rank = new Int32Array(v.length);
      const count = denseRankFloat64(v, new Float64Array(3 * v.length), rank);
      const expected = ranksOf(v);
      expect(count).toBe(Math.max(...expected) + 1);
      expect(Array.from(rank)).toEqual(expected);
      expect(denseRankFloat64(v, null, new Int32Array(v.length))).toBe(count);
    });
});
