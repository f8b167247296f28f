/**
 * The last pass of the bucketed concordance (concordanceBuckets.ts): in time order and R's order
 * of operations, each row's diff and total are its bucket's within part (written by the replay)
 * plus the part from the lower buckets and the totals, as expanded in concordanceBuckets.ts's
 * header. The lower buckets' weights come from `LowerBuckets`.
 *
 * Preconditions: unit weights, right-censored rows [begin, end) of one stratum sorted by time
 * descending; `out` holds each record's within part in its bucket's stream, `start` the streams'
 * bounds, `deadInBucket` the deaths per bucket.
 */

/**
 * Per-row influence sums. R (concordance3.c) keeps three: concordant (inf0: larger score among
 * those at risk), discordant (inf1) and tied on x (inf2); the variance reads them only as
 * inf0 − inf1 and inf0 + inf1 + inf2, so those two are accumulated instead (one column less to
 * write and to hold; each increment adds the same three terms, so only the rounding order of the
 * sums changes).
 * Both concordance paths (the tree in concordance.ts and the buckets here) write them.
 */
export interface Influence {
  /** inf0 − inf1. */
  readonly diff: Float64Array;
  /** inf0 + inf1 + inf2. */
  readonly total: Float64Array;
}

/**
 * Risk-set ("all") and event ("dead") weights per bucket, for the question "how much weight lies
 * in the buckets below b?". Two ways of answering it are kept in step:
 * - a Fenwick tree per kind, O(log nb) per row added and per question: right for event times with
 *   one or two rows (mostly distinct times);
 * - plain counts per bucket, turned into prefix sums over all buckets (O(nb)) once per phase of an
 *   event time whose rows all ask the same tree: right when a time has many rows (tied times, where
 *   a time's censored rows all ask the same event tree, and its deaths the same two trees).
 * The plain counts are always kept; the trees are rebuilt from them (O(nb)) when a time with few
 * rows follows times that updated the counts only.
 */
class LowerBuckets {
  readonly all: Int32Array;
  readonly dead: Int32Array;
  readonly countAll: Int32Array;
  readonly countDead: Int32Array;
  /** Prefix sums of the counts: weight in buckets below b (filled by `prefixes`). */
  readonly belowAllOf: Int32Array;
  readonly belowDeadOf: Int32Array;
  /** Whether the trees hold the counts. */
  treesValid = true;
  totalAll = 0;
  totalDead = 0;
  belowAll = 0;
  belowDead = 0;
  constructor(readonly nb: number) {
    this.all = new Int32Array(nb + 1);
    this.dead = new Int32Array(nb + 1);
    this.countAll = new Int32Array(nb);
    this.countDead = new Int32Array(nb);
    this.belowAllOf = new Int32Array(nb);
    this.belowDeadOf = new Int32Array(nb);
  }
  /** One row into the risk set of bucket b; `tree` false updates the counts only. */
  addAll(b: number, tree: boolean): void {
    this.totalAll += 1;
    this.countAll[b]!++;
    if (!tree) this.treesValid = false;
    else for (let i = b + 1; i <= this.nb; i += i & -i) this.all[i]!++;
  }
  addDead(b: number, tree: boolean): void {
    this.totalDead += 1;
    this.countDead[b]!++;
    if (!tree) this.treesValid = false;
    else for (let i = b + 1; i <= this.nb; i += i & -i) this.dead[i]!++;
  }
  /** Sets `belowAll` and `belowDead` from the trees. */
  query(b: number): void {
    let sa = 0;
    let sd = 0;
    for (let i = b; i > 0; i -= i & -i) {
      sa += this.all[i]!;
      sd += this.dead[i]!;
    }
    this.belowAll = sa;
    this.belowDead = sd;
  }
  /** Makes the trees hold the counts again (the standard linear-time Fenwick construction). */
  ensureTrees(): void {
    if (this.treesValid) return;
    const { all, dead, countAll, countDead, nb } = this;
    for (let i = 1; i <= nb; i++) {
      all[i] = countAll[i - 1]!;
      dead[i] = countDead[i - 1]!;
    }
    for (let i = 1; i <= nb; i++) {
      const j = i + (i & -i);
      if (j <= nb) {
        all[j]! += all[i]!;
        dead[j]! += dead[i]!;
      }
    }
    this.treesValid = true;
  }
  /** Fills `belowAllOf` and `belowDeadOf` from the counts. */
  prefixes(): void {
    const { countAll, countDead, belowAllOf, belowDeadOf, nb } = this;
    let sa = 0;
    let sd = 0;
    for (let b = 0; b < nb; b++) {
      belowAllOf[b] = sa;
      belowDeadOf[b] = sd;
      sa += countAll[b]!;
      sd += countDead[b]!;
    }
  }
}

/**
 * Writes diff and total of every row of [begin, end) and adds the deaths' lower-bucket parts of the
 * pair counts to `counts` (concordant TA − bA, discordant bA; the within parts are the caller's).
 * `bits`: log2 of the ranks per bucket.
 */
// long: one loop like stratumPairs in concordance.ts, whose order of operations it repeats step for step
export function combine(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  bits: number,
  begin: number,
  end: number,
  start: Int32Array,
  deadInBucket: Int32Array,
  out: Int32Array,
  inf: Influence,
  counts: Float64Array,
): void {
  const { diff, total } = inf;
  const nb = deadInBucket.length;
  const cursor = start.slice(0, nb);
  // finalBelow[b]: the final event tree's weight in buckets below b (fB's lower part)
  const finalBelow = new Int32Array(nb);
  let tf = 0;
  for (let b = 0; b < nb; b++) {
    finalBelow[b] = tf;
    tf += deadInBucket[b]!;
  }
  const lb = new LowerBuckets(nb);
  const { belowAllOf, belowDeadOf } = lb;
  let c0 = counts[0]!;
  let c1 = counts[1]!;
  let i = begin;
  while (i < end) {
    const t = time[i]!;
    let g = i;
    let deaths = 0;
    while (g < end && time[g] === t) {
      if (status[g] === 1) deaths++;
      g++;
    }
    // a time with many rows asks prefix sums (one per phase), one with few the trees
    const tree = 8 * (g - i) < nb;
    if (tree) lb.ensureTrees();
    else lb.prefixes(); // the censored rows ask the event tree, which they do not change
    for (let k = i; k < g; k++) {
      if (status[k] !== 0) continue;
      const b = rank[k]! >> bits;
      let bd: number;
      if (tree) {
        lb.query(b);
        bd = lb.belowDead;
      } else bd = belowDeadOf[b]!;
      const td = lb.totalDead;
      diff[k] = out[cursor[b]!++]! + td - 2 * bd - tf + 2 * finalBelow[b]!;
      total[k] = tf - td;
      lb.addAll(b, tree);
    }
    if (deaths === 0) {
      i = g;
      continue;
    }
    // a single death asks before it joins the event tree (its own +1 is in the header's
    // expansion), several deaths after they all joined it
    if (deaths > 1) for (let k = i; k < g; k++) if (status[k] === 1) lb.addDead(rank[k]! >> bits, tree);
    if (!tree) lb.prefixes();
    const ta = lb.totalAll;
    const td = lb.totalDead;
    const single = deaths === 1 ? 1 : 0;
    for (let k = i; k < g; k++) {
      if (status[k] !== 1) continue;
      const b = rank[k]! >> bits;
      let ba: number;
      let bd: number;
      if (tree) {
        lb.query(b);
        ba = lb.belowAll;
        bd = lb.belowDead;
      } else {
        ba = belowAllOf[b]!;
        bd = belowDeadOf[b]!;
      }
      diff[k] = out[cursor[b]!++]! + ta + td - 2 * ba - 2 * bd - tf + 2 * finalBelow[b]!;
      total[k] = ta - td - single + tf;
      c0 += ta - ba;
      c1 += ba;
    }
    for (let k = i; k < g; k++) {
      if (status[k] !== 1) continue;
      const b = rank[k]! >> bits;
      lb.addAll(b, tree);
      if (single === 1) lb.addDead(b, tree);
    }
    i = g;
  }
  counts[0] = c0;
  counts[1] = c1;
}
