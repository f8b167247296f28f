import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWeightedQuad } from '../src/regression/internal/coxOuterQuad.js';
import { quadCase } from './quadCases.js';

/**
 * coxOuterQuad.ts writes the four-row update out (the leading 8×8 triangle) and takes later rows
 * two at a time. Oracle: the plain double loop it replaced (below, as it stood in coxPassSweeps.ts),
 * which forms each entry as acc + (v1·s1 + v2·s2) + (v3·s3 + v4·s4). The kernel forms the same
 * expression, so every entry of acc and sum is the same double (Object.is, no tolerance), for every
 * p from 1 to 13 (below, at and above the written-out eight), rows at any offsets (overlapping too)
 * and any finite weights.
 */
function plainLoop(
  src: Float64Array,
  o: readonly number[],
  w: readonly number[],
  p: number,
  acc: Float64Array,
  sum: Float64Array | null,
): void {
  const [o1, o2, o3, o4] = o as [number, number, number, number];
  const [w1, w2, w3, w4] = w as [number, number, number, number];
  for (let i = 0, ip = 0; i < p; i++, ip += p) {
    const v1 = w1 * src[o1 + i]!;
    const v2 = w2 * src[o2 + i]!;
    const v3 = w3 * src[o3 + i]!;
    const v4 = w4 * src[o4 + i]!;
    if (sum !== null) sum[i] = sum[i]! + (v1 + v2) + (v3 + v4);
    for (let j = 0; j <= i; j++)
      acc[ip + j] =
        acc[ip + j]! + (v1 * src[o1 + j]! + v2 * src[o2 + j]!) + (v3 * src[o3 + j]! + v4 * src[o4 + j]!);
  }
}

describe('coxOuterQuad: the four-row update', () => {
  it('every entry of acc and sum is the same double as the plain double loop, for p = 1..13', () => {
    fc.assert(
      fc.property(quadCase(13), ({ p, src, rows, w, acc, withSum }) => {
        const s = Float64Array.from(src);
        const expectAcc = Float64Array.from(acc);
        const gotAcc = Float64Array.from(acc);
        const expectSum = withSum ? Float64Array.from(acc.slice(0, p)) : null;
        const gotSum = withSum ? Float64Array.from(acc.slice(0, p)) : null;
        plainLoop(s, rows, w, p, expectAcc, expectSum);
        addWeightedQuad(
          s,
          rows[0]!,
          rows[1]!,
          rows[2]!,
          rows[3]!,
          w[0]!,
          w[1]!,
          w[2]!,
          w[3]!,
          p,
          gotAcc,
          gotSum,
        );
        for (let k = 0; k < p * p; k++) expect(Object.is(gotAcc[k], expectAcc[k])).toBe(true);
        if (gotSum !== null)
          for (let k = 0; k < p; k++) expect(Object.is(gotSum[k], expectSum![k])).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
