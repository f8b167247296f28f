import { describe, expect, it } from 'vitest';
import { StatsInputError } from '../src/errors.js';
import { readEvents } from '../src/internal/prepare.js';

// Oracle: the reading rule itself (1/true = event, 0/false = censored, anything else refused with
// its row), applied by the generic loop to a plain array of the same values.

describe('readEvents reads a Float64Array of flags as it reads a plain array', () => {
  it('stores 0/1 (and −0 as 0) as bytes, into the given array', () => {
    const flags = [1, 0, -0, 1, 1, 0];
    const into = new Uint8Array(flags.length).fill(7);
    const out = readEvents('kaplanMeier', Float64Array.from(flags), flags.length, into);
    expect(out).toBe(into);
    expect(Array.from(out)).toEqual(Array.from(readEvents('kaplanMeier', flags, flags.length)));
  });

  for (const bad of [2, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 5e-324, 1 + Number.EPSILON]) {
    it(`refuses ${String(bad)} with the row it is on, like the plain-array reader`, () => {
      const flags = [1, 0, 1, bad, 0];
      const typed = () => readEvents('kaplanMeier', Float64Array.from(flags), flags.length);
      expect(typed).toThrow(StatsInputError);
      try {
        typed();
      } catch (error) {
        expect(error).toMatchObject({ fn: 'kaplanMeier', field: 'event', row: 3 });
      }
      expect(typed).toThrow(
        (() => {
          try {
            readEvents('kaplanMeier', flags, flags.length);
          } catch (error) {
            return (error as Error).message;
          }
          return 'no error';
        })(),
      );
    });
  }
});
