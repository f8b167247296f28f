import { StatsInputError } from '../errors.js';

/** Pooled mid-ranks of several samples and the tie structure, as R's `rank()` and `table()` give them. */
export interface PooledRanks {
  /** Mid-rank of every pooled observation, samples concatenated in order. */
  readonly ranks: Float64Array;
  /** Σ (t³ − t) over groups of tied values (0 when there are no ties). */
  readonly tieSum: number;
  /** Whether any two observations are equal. */
  readonly hasTies: boolean;
}

/**
 * Validates the samples (finite numbers, each non-empty) and copies them into one Float64Array.
 * `names` label the samples in error messages, e.g. `['x', 'y']`.
 */
export function pooledSample(
  fn: string,
  samples: readonly unknown[],
  names: readonly string[],
): Float64Array {
  let total = 0;
  samples.forEach((s, g) => {
    if (!Array.isArray(s) && !ArrayBuffer.isView(s)) {
      throw new StatsInputError(fn, 'expected an array of numbers', { field: names[g]! });
    }
    const len = (s as ArrayLike<unknown>).length;
    if (len === 0) throw new StatsInputError(fn, 'needs at least one observation', { field: names[g]! });
    total += len;
  });
  const pooled = new Float64Array(total);
  let k = 0;
  samples.forEach((s, g) => {
    const a = s as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new StatsInputError(
          fn,
          `value is ${String(v)}; expected a finite number (remove missing values first)`,
          {
            field: names[g]!,
            row: i,
          },
        );
      }
      pooled[k++] = v;
    }
  });
  return pooled;
}

/**
 * Mid-ranks (ties get the average of the ranks they span, R's `ties.method = "average"`) and the
 * tie correction sum. Precondition: every value finite.
 */
export function midRanks(values: Float64Array): PooledRanks {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    // Positions i..j (0-based) hold equal values: their ranks i+1..j+1 average to (i + j) / 2 + 1.
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]!] = rank;
    const size = j - i + 1;
    tieSum += size * size * size - size;
    i = j + 1;
  }
  return { ranks, tieSum, hasTies: tieSum > 0 };
}
