/**
 * A small seeded pseudo-random generator for the synthetic cohort. Mulberry32 (Tommy Ettinger,
 * 2017): a 32-bit state, period 2^32, good enough for shuffling ~100 patients and simulating
 * their survival, and — unlike Math.random — reproducible from a seed on every platform.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform on [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform on (0, 1): never 0, so safe inside a logarithm. */
  open(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Standard normal, by the Box–Muller transform (one of the pair; the other is dropped). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.open())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Integer uniform on [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Picks one item with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      u -= weights[i]!;
      if (u < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }
}

/** `counts` expanded to a list with each value repeated its count, e.g. `{ a: 2, b: 1 }` → `[a, a, b]`. */
export function expand<T extends string>(counts: Readonly<Record<T, number>>): T[] {
  const out: T[] = [];
  for (const [value, n] of Object.entries(counts) as [T, number][])
    for (let i = 0; i < n; i++) out.push(value);
  return out;
}
