/**
 * The pair counts and influence of `coxConcordance` (concordance.ts) for one stratum of
 * unweighted right-censored data, computed with sequential memory access instead of a tree over
 * all ranks.
 *
 * Why: the tree walk of concordance.ts visits rows in time order and their ranks at random, so
 * at 10⁶ rows every row costs one or two cache misses in a 16 MB tree, and the concordance was
 * the largest item of a fit. Here the ranks are cut into buckets of 2¹¹. Each query "weight below
 * rank r" is the weight in lower buckets plus the weight below r inside r's bucket. The rows are
 * first distributed to their buckets' streams in R's order of operations (one radix pass); each
 * bucket then replays that order on its own rows with a tree of 2¹¹ ranks (16 KB, cache-resident)
 * and writes each row's within-bucket sums to its stream; a last pass in time order adds the
 * lower buckets' sums from a tree over the few hundred buckets and forms the counts and
 * influences as concordance.ts does. With unit weights every sum is an integer (exact in a
 * double below 2⁵³), so the results are the same doubles as the tree's.
 *
 * R's order of operations at one time (concordance3.c, as in `stratumPairs`): the censored rows
 * each query the event tree and then join the risk set; a single death queries both trees and
 * then joins both; several deaths first join the event tree, then each queries both trees, then
 * they join the risk set.
 */

const BUCKET_BITS = 11;
const BUCKET = 1 << BUCKET_BITS;
/** Record layout: rank within the bucket in the low bits, then the kind of row and a mark. */
const KIND_SHIFT = 12;
const CENSORED = 0;
const SINGLE = 1;
const MULTI = 2;
/** Marks the first of a time's several deaths in its bucket's stream. */
const FIRST = 1 << 14;
/** Per-row results of a bucket's replay: below/equal in the risk set, the event tree, the final event tree. */
const OUT = 6;

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

/** Int32 values of work space `stratumPairsBucketed` needs for a stratum of `rows` rows. */
export function bucketSpace(rows: number): number {
  return (1 + OUT) * rows;
}

/**
 * Adds the concordant, discordant and tied pair counts of rows [begin, end) (time descending,
 * right-censored, all weights 1) to `counts` and their complete influence to `inf`. `rank` holds
 * dense ranks 0..nRanks−1 within the stratum; `space` at least `bucketSpace(end − begin)` values.
 */
export function stratumPairsBucketed(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  begin: number,
  end: number,
  nRanks: number,
  inf: Influence,
  counts: Float64Array,
  space: Int32Array,
): void {
  const m = end - begin;
  const nb = (nRanks + BUCKET - 1) >> BUCKET_BITS;
  const rec = space.subarray(0, m);
  const out = space.subarray(m, (1 + OUT) * m);
  const start = new Int32Array(nb + 1);
  const deadInBucket = new Int32Array(nb);
  for (let k = begin; k < end; k++) {
    const b = rank[k]! >> BUCKET_BITS;
    start[b + 1]!++;
    if (status[k] === 1) deadInBucket[b]!++;
  }
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  distribute(time, status, rank, begin, end, nb, start, rec);
  const tree = new Int32Array(4 * (BUCKET + 1));
  for (let b = 0; b < nb; b++) replayBucket(rec, start[b]!, start[b + 1]!, out, tree);
  combine(time, status, rank, begin, end, nb, start, deadInBucket, out, inf, counts);
}

/** Writes each row's record to its bucket's stream, in R's order of operations (see the header). */
function distribute(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  begin: number,
  end: number,
  nb: number,
  start: Int32Array,
  rec: Int32Array,
): void {
  const cursor = start.slice(0, nb);
  const lastGroup = new Int32Array(nb).fill(-1);
  let i = begin;
  while (i < end) {
    const t = time[i]!;
    let g = i;
    let deaths = 0;
    while (g < end && time[g] === t) {
      if (status[g] === 1) deaths++;
      g++;
    }
    for (let k = i; k < g; k++) {
      if (status[k] !== 0) continue;
      const r = rank[k]!;
      rec[cursor[r >> BUCKET_BITS]!++] = (r & (BUCKET - 1)) | (CENSORED << KIND_SHIFT);
    }
    for (let k = i; k < g; k++) {
      if (status[k] !== 1) continue;
      const r = rank[k]!;
      const b = r >> BUCKET_BITS;
      let code = (r & (BUCKET - 1)) | ((deaths === 1 ? SINGLE : MULTI) << KIND_SHIFT);
      if (deaths > 1 && lastGroup[b] !== i) {
        lastGroup[b] = i;
        code |= FIRST;
      }
      rec[cursor[b]!++] = code;
    }
    i = g;
  }
}

/**
 * Replays one bucket's stream [from, to) with a Fenwick tree over its ranks: `tree` holds the
 * risk-set tree (slots 0..BUCKET), the event tree (next BUCKET + 1) and the per-rank counts of
 * both (2·BUCKET). Writes per record: risk-set weight below and equal, event weight below and
 * equal at the query, and event weight below and equal in the final event tree.
 */
function replayBucket(rec: Int32Array, from: number, to: number, out: Int32Array, tree: Int32Array): void {
  tree.fill(0);
  const dead = BUCKET + 1;
  const nodeAll = 2 * (BUCKET + 1);
  const nodeDead = nodeAll + BUCKET;
  let q = from;
  while (q < to) {
    const code = rec[q]!;
    const kind = code >> KIND_SHIFT;
    if (kind !== MULTI + (FIRST >> KIND_SHIFT)) {
      const r = code & (BUCKET - 1);
      query(tree, r, out, q);
      add(tree, 0, nodeAll, r);
      if (kind === SINGLE) add(tree, dead, nodeDead, r);
      q++;
      continue;
    }
    // several deaths of one time: this record and the following unmarked MULTI records
    let e = q + 1;
    while (e < to && rec[e]! >> KIND_SHIFT === MULTI) e++;
    for (let k = q; k < e; k++) add(tree, dead, nodeDead, rec[k]! & (BUCKET - 1));
    for (let k = q; k < e; k++) query(tree, rec[k]! & (BUCKET - 1), out, k);
    for (let k = q; k < e; k++) add(tree, 0, nodeAll, rec[k]! & (BUCKET - 1));
    q = e;
  }
  // the final event tree as a prefix sum over the bucket's ranks, kept in the risk-set slots
  let below = 0;
  for (let r = 0; r < BUCKET; r++) {
    tree[nodeAll + r] = below;
    below += tree[nodeDead + r]!;
  }
  for (let k = from; k < to; k++) {
    const r = rec[k]! & (BUCKET - 1);
    out[OUT * k + 4] = tree[nodeAll + r]!;
    out[OUT * k + 5] = tree[nodeDead + r]!;
  }
}

/** One unit of weight at rank r into the Fenwick tree at `base` and the counts at `node`. */
function add(tree: Int32Array, base: number, node: number, r: number): void {
  tree[node + r]!++;
  for (let i = r + 1; i <= BUCKET; i += i & -i) tree[base + i]!++;
}

/** Below and equal counts of rank r in both trees, into record k's slots 0–3 of `out`. */
function query(tree: Int32Array, r: number, out: Int32Array, k: number): void {
  const dead = BUCKET + 1;
  let sa = 0;
  let sd = 0;
  for (let i = r; i > 0; i -= i & -i) {
    sa += tree[i]!;
    sd += tree[dead + i]!;
  }
  const o = OUT * k;
  out[o] = sa;
  out[o + 1] = tree[2 * (BUCKET + 1) + r]!;
  out[o + 2] = sd;
  out[o + 3] = tree[2 * (BUCKET + 1) + BUCKET + r]!;
}

/** Running state of `combine`: bucket-level Fenwick trees and the running totals. */
class BucketTrees {
  readonly all: Int32Array;
  readonly dead: Int32Array;
  totalAll = 0;
  totalDead = 0;
  belowAll = 0;
  belowDead = 0;
  constructor(readonly nb: number) {
    this.all = new Int32Array(nb + 1);
    this.dead = new Int32Array(nb + 1);
  }
  addAll(b: number): void {
    this.totalAll += 1;
    for (let i = b + 1; i <= this.nb; i += i & -i) this.all[i]!++;
  }
  addDead(b: number): void {
    this.totalDead += 1;
    for (let i = b + 1; i <= this.nb; i += i & -i) this.dead[i]!++;
  }
  /** Sets `belowAll` and `belowDead`: the weight in buckets below b. */
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
}

/** Adds one increment (concordant a0, discordant a1, tied a2) to row `k`'s influence. */
export function addInfluence(inf: Influence, k: number, a0: number, a1: number, a2: number): void {
  inf.diff[k]! += a0 - a1;
  inf.total[k]! += a0 + a1 + a2;
}

/**
 * The last pass, in time order and R's order of operations: each row's sums are its bucket's
 * record plus the lower buckets' weight at that moment; the counts and influences are then
 * formed with the same expressions as `stratumPairs` and `finishInfluence` (weights 1).
 */
// long: one loop like stratumPairs in concordance.ts, whose arithmetic it repeats step for step
function combine(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  begin: number,
  end: number,
  nb: number,
  start: Int32Array,
  deadInBucket: Int32Array,
  out: Int32Array,
  inf: Influence,
  counts: Float64Array,
): void {
  const cursor = start.slice(0, nb);
  const finalBelow = new Int32Array(nb);
  let totalDeadFinal = 0;
  for (let b = 0; b < nb; b++) {
    finalBelow[b] = totalDeadFinal;
    totalDeadFinal += deadInBucket[b]!;
  }
  const tr = new BucketTrees(nb);
  let c0 = counts[0]!;
  let c1 = counts[1]!;
  let c2 = counts[2]!;
  // the final event tree's sums for row k at record o (finishInfluence)
  const finish = (k: number, b: number, o: number): void => {
    const below = finalBelow[b]! + out[o + 4]!;
    const eq = out[o + 5]!;
    addInfluence(inf, k, below, totalDeadFinal - below - eq, eq);
  };
  let i = begin;
  while (i < end) {
    const t = time[i]!;
    let g = i;
    let deaths = 0;
    while (g < end && time[g] === t) {
      if (status[g] === 1) deaths++;
      g++;
    }
    for (let k = i; k < g; k++) {
      if (status[k] !== 0) continue;
      const b = rank[k]! >> BUCKET_BITS;
      const o = OUT * cursor[b]!++;
      tr.query(b);
      const belowDead = tr.belowDead + out[o + 2]!;
      const eq = out[o + 3]!;
      addInfluence(inf, k, -belowDead, -(tr.totalDead - belowDead - eq), -eq);
      tr.addAll(b);
      finish(k, b, o);
    }
    if (deaths === 1) {
      let k = i;
      while (status[k] !== 1) k++;
      const b = rank[k]! >> BUCKET_BITS;
      const o = OUT * cursor[b]!++;
      tr.query(b);
      const belowAll = tr.belowAll + out[o]!;
      const eqAll = out[o + 1]!;
      const belowDead = tr.belowDead + out[o + 2]!;
      const above = tr.totalAll - belowAll - eqAll;
      c0 += above;
      c1 += belowAll;
      c2 += eqAll;
      const eqDead = out[o + 3]! + 1;
      addInfluence(
        inf,
        k,
        above - belowDead,
        belowAll - (tr.totalDead + 1 - belowDead - eqDead),
        eqAll - eqDead,
      );
      tr.addAll(b);
      tr.addDead(b);
      finish(k, b, o);
    } else if (deaths > 1) {
      for (let k = i; k < g; k++) if (status[k] === 1) tr.addDead(rank[k]! >> BUCKET_BITS);
      for (let k = i; k < g; k++) {
        if (status[k] !== 1) continue;
        const b = rank[k]! >> BUCKET_BITS;
        const o = OUT * cursor[b]!++;
        tr.query(b);
        const belowAll = tr.belowAll + out[o]!;
        const eqAll = out[o + 1]!;
        const above = tr.totalAll - belowAll - eqAll;
        c0 += above;
        c1 += belowAll;
        c2 += eqAll;
        addInfluence(inf, k, above, belowAll, eqAll);
        const belowDead = tr.belowDead + out[o + 2]!;
        const eq = out[o + 3]!;
        addInfluence(inf, k, -belowDead, -(tr.totalDead - belowDead - eq), -eq);
        finish(k, b, o);
      }
      for (let k = i; k < g; k++) if (status[k] === 1) tr.addAll(rank[k]! >> BUCKET_BITS);
    }
    i = g;
  }
  counts[0] = c0;
  counts[1] = c1;
  counts[2] = c2;
}
