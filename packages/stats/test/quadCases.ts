import fc from 'fast-check';

const value = fc.double({ min: -1e3, max: 1e3, noNaN: true });

/**
 * A four-row update's inputs for p = 1..maxP (coxOuterQuad.ts's addWeightedQuad and its
 * WebAssembly form): six rows of p values to pick four from (any offsets, repeats allowed),
 * weights ≥ 0, a starting p×p accumulator, and whether a sum is kept too.
 */
export const quadCase = (maxP: number) =>
  fc.integer({ min: 1, max: maxP }).chain((p) =>
    fc.record({
      p: fc.constant(p),
      src: fc.array(value, { minLength: 6 * p, maxLength: 6 * p }),
      rows: fc.array(fc.integer({ min: 0, max: 5 * p }), { minLength: 4, maxLength: 4 }),
      w: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 4, maxLength: 4 }),
      acc: fc.array(value, { minLength: p * p, maxLength: p * p }),
      withSum: fc.boolean(),
    }),
  );
