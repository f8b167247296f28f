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
