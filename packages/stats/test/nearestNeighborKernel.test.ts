import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../src/internal/sort.js';
import { decimalStringOrder } from '../src/propensity/internal/decimalStringOrder.js';
import { nearestNeighborKernel } from '../src/propensity/internal/nearestNeighborKernel.js';
import { nearestNeighborWalk } from './reference/nearestNeighborWalk.js';

// Oracle: MatchIt's nn_matchC_vec walked one sorted position at a time (test/reference), itself
// checked against MatchIt's match.matrix in packages/validation (matching.R). The fast kernel must
// return the identical match matrix: the same controls, in the same rounds, for every option.

type Order = 'largest' | 'smallest' | 'data';
interface Case {
  readonly z: Uint8Array;
  readonly d: Float64Array;
  readonly ratio: number;
  readonly replace: boolean;
  readonly caliper: number | null;
  readonly order: Order;
}

/** The kernel inputs exactly as nearestNeighborMatch prepares them. */
function inputs(c: Case) {
  const treatedRows = Int32Array.from(Array.from(c.z.keys()).filter((i) => c.z[i] === 1));
  const order = c.replace ? 'data' : c.order;
  const dt = Float64Array.from(treatedRows, (row) => c.d[row]!);
  const treatedOrder =
    order === 'data'
      ? treatedRows
      : Int32Array.from(argsortFloat64(dt, order === 'largest'), (j) => treatedRows[j]!);
  const sortedPos = argsortFloat64(c.d, false);
  const reuseMax = c.replace ? Number.POSITIVE_INFINITY : 1;
  return [c.d, c.z, sortedPos, treatedOrder, c.ratio, reuseMax, c.caliper] as const;
}

function bothAgree(c: Case): void {
  const fast = nearestNeighborKernel(...inputs(c));
  const walk = nearestNeighborWalk(...inputs(c));
  expect(Array.from(fast)).toEqual(Array.from(walk));
}

/** A deterministic cohort where treated units crowd the upper scores, so controls run out there. */
function crowded(n: number, seed: number, levels: number | null): Pick<Case, 'z' | 'd'> {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const z = new Uint8Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = levels === null ? rand() * 4 - 2 : Math.floor(rand() * levels) / 2;
    d[i] = x;
    z[i] = rand() < 1 / (1 + Math.exp(-1.5 * x)) ? 1 : 0;
  }
  return { z, d };
}

const caseArb = fc
  .record({
    rows: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -12, max: 12 })), {
      minLength: 2,
      maxLength: 60,
    }),
    ratio: fc.integer({ min: 1, max: 3 }),
    replace: fc.boolean(),
    caliper: fc.option(fc.constantFrom(0.25, 0.5, 1, 3), { nil: null }),
    order: fc.constantFrom<Order>('largest', 'smallest', 'data'),
  })
  .filter(({ rows }) => rows.some((r) => r[0] === 1) && rows.some((r) => r[0] === 0))
  .map(({ rows, ...o }) => ({
    z: Uint8Array.from(rows, (r) => r[0]),
    // Quarter steps: many exact ties in distance and in |difference| (left and right equidistant).
    d: Float64Array.from(rows, (r) => r[1] / 4),
    ...o,
  }));

describe('nearestNeighborKernel makes MatchIt walk’s choices (reference: nn_matchC_vec transcribed)', () => {
  it('the match matrix equals the position-by-position walk on tied distances, any ratio, replace, caliper and order', () => {
    fc.assert(fc.property(caseArb, bothAgree), { numRuns: 500 });
  });

  it('the match matrix equals the walk where the controls run out (3 000 rows, crowded treated, ties and none)', () => {
    for (const [seed, levels] of [
      [1, null],
      [2, 7],
      [3, 2],
    ] as const) {
      const { z, d } = crowded(3000, seed, levels);
      for (const ratio of [1, 2, 3])
        for (const replace of [false, true])
          for (const caliper of [null, 0.05])
            for (const order of ['largest', 'smallest', 'data'] as const) {
              if (replace && order !== 'largest') continue;
              bothAgree({ z, d, ratio, replace, caliper, order });
            }
    }
  });

  it('no control is used twice without replacement, even when every control is used (invariant)', () => {
    const { z, d } = crowded(5000, 9, null);
    const mm = nearestNeighborKernel(
      ...inputs({ z, d, ratio: 2, replace: false, caliper: null, order: 'largest' }),
    );
    const used = Array.from(mm).filter((j) => j >= 0);
    expect(new Set(used).size).toBe(used.length);
    expect(used.length).toBe(Math.min(z.length - z.reduce((a, b) => a + b, 0), mm.length));
  });
});

describe('decimalStringOrder sorts numbers as R sorts their decimal strings (oracle: the string sort)', () => {
  it('equals the permutation of the code-unit sort of String(v), on random values and powers of ten', () => {
    const arb = fc.uniqueArray(
      fc.oneof(
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 1200 }),
        fc.constantFrom(1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 9, 99, 999, 1001, 11, 101),
      ),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(arb, (values) => {
        const order = decimalStringOrder(Int32Array.from(values));
        const byString = values.map((v, k) => ({ s: String(v), k })).sort((a, b) => (a.s < b.s ? -1 : 1));
        expect(Array.from(order)).toEqual(byString.map((x) => x.k));
      }),
      { numRuns: 300 },
    );
  });
});
