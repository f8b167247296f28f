import { StatsInputError } from '../errors.js';

const FN = 'rUniformStream';

/** Mersenne-Twister period parameters (Matsumoto & Nishimura 1998), as in R's RNG.c. */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** R's `i2_32m1` = 1/(2^32 − 1), used by `fixup` to keep 0 and 1 out of the stream. */
const I2_32M1 = 2.328306437080797e-10;
/** MT_genrand's scale to [0, 1): 2^−32. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * The uniform stream of R's default generator after `set.seed(seed)`: the values of
 * `set.seed(seed); runif(n)` in order, bit for bit (R ≥ 3.6 defaults: `RNGkind("Mersenne-Twister")`).
 *
 * Transcribed from R's `src/main/RNG.c`: `RNG_Init` scrambles the seed by 50 steps of the LCG
 * `seed = 69069·seed + 1` (32-bit unsigned), fills the 625 seed words by further LCG steps,
 * `FixupSeeds` sets the first word (MT's `mti`) to 624, and each draw is `fixup(MT_genrand())`.
 * It exists so that Monte Carlo p-values can be reproduced in R with the same seed.
 *
 * @param seed - an integer, as R's `set.seed` takes (|seed| ≤ 2^31 − 1).
 * @returns a function returning the next uniform in (0, 1) on each call.
 * @throws {StatsInputError} when `seed` is not an integer in that range.
 * @example
 * // R: set.seed(42); runif(2)  # 0.914806 0.9370754
 * const u = rUniformStream(42);
 * [u(), u()]; // [0.914806043496355…, 0.937075413297862…]
 */
export function rUniformStream(seed: number): () => number {
  if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31 - 1) {
    throw new StatsInputError(FN, `seed is ${String(seed)}; expected an integer with |seed| ≤ 2^31 − 1`, {
      field: 'seed',
    });
  }
  const mt = initialState(seed);
  let mti = N;
  return () => {
    if (mti >= N) {
      regenerate(mt);
      mti = 0;
    }
    let y = mt[mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    const x = (y >>> 0) * TWO_POW_MINUS_32;
    // R's fixup(): 0 and 1 are never returned.
    if (x <= 0) return 0.5 * I2_32M1;
    if (1 - x <= 0) return 1 - 0.5 * I2_32M1;
    return x;
  };
}

/** R's RNG_Init for MERSENNE_TWISTER: LCG scrambling, then seed words 1..624 become mt[0..623]. */
function initialState(seed: number): Uint32Array {
  let s = seed >>> 0;
  const lcg = () => {
    s = (Math.imul(69069, s) + 1) >>> 0;
    return s;
  };
  for (let j = 0; j < 50; j++) lcg();
  // Word 0 is mti (overwritten with 624 by FixupSeeds) but still consumes one LCG step.
  lcg();
  const mt = new Uint32Array(N);
  for (let i = 0; i < N; i++) mt[i] = lcg();
  return mt;
}

/** MT_genrand's block step: generate N words at one time. */
function regenerate(mt: Uint32Array): void {
  let kk = 0;
  let y: number;
  for (; kk < N - M; kk++) {
    y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
    mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; kk < N - 1; kk++) {
    y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
    mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
  mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}
