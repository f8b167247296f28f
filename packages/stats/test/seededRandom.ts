/**
 * The tests' seeded uniform draws on (0, 1): Park & Miller's minimal standard generator
 * (s ← 16807·s mod 2³¹ − 1), so that a test's data are the same on every run and machine.
 */
export function lehmer(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * Seeded draws on [0, 1) from the 32-bit linear congruential generator of Numerical Recipes
 * (s ← 1664525·s + 1013904223 mod 2³²), the kernel-equivalence tests' data.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
