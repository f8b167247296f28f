// Types of cohort.mjs, for the TypeScript benchmarks that share its generator (apps/web/bench).
/** The seed of every benchmark cohort. */
export const SEED: number;
/** Writes `n` resampled patients (ids BENCH-1 … BENCH-n) to `path`, LF line ends. */
export function writeResampledCohort(path: string, n: number, seed?: number): void;
