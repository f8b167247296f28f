// long-file: the right-censored and (entry, time] forms share the blocked Fenwick tree and its cache layout; split apart, each half would have to export that layout.
/**
 * Harrell's concordance of a Cox model's linear predictor with its survival outcome, and its
 * infinitesimal-jackknife standard error, as R's `fit$concordance` (survival 3.5-3
 * `concordancefit(y, lp, strata, weights, cluster, reverse = TRUE, timefix = FALSE)` with
 * `src/concordance3.c` for right-censored and `concordance4` for `(entry, time]` data).
 *
 * R keeps the risk-score weights in a balanced binary tree; a Fenwick (binary indexed) tree over
 * the ranks of the linear predictor gives the same three sums (weight with a larger, smaller and
 * equal score) in O(log n), so the whole computation is O(n log n). Only the quantities behind
 * `concordance` and `std` are formed (the tied.y / tied.xy counts and the Cox variance are not).
 */

import { argsortFloat64, denseRankFloat64 } from '../../internal/sort.js';
import {
  addInfluence,
  BUCKETED_MAX_ROWS,
  bucketSpace,
  type Influence,
  stratumPairsBucketed,
} from './concordanceBuckets.js';
import type { PreparedCox } from './coxKernel.js';

/** log2 of the ranks per block of `PairTree`. */
const BLOCK_BITS = 4;

/**
 * The weights at risk by rank of the linear predictor, as two interleaved sums: slot 2r of
 * `node` holds the at-risk ("all") weight at rank r, slot 2r+1 the event ("dead") weight. Queries
 * return the weight strictly below a rank; node weights and totals give "equal" and "above".
 *
 * The ranks are cut into blocks of 16: a Fenwick (binary indexed) tree over the blocks gives the
 * weight of the blocks below a rank's block, and the rank's own block is summed from `node`.
 * With 10⁶ distinct ranks a Fenwick tree over ranks touches 20 scattered cache lines of a 16 MB
 * array per operation (most of them misses, rows arrive in time order and their ranks at
 * random); over blocks it is a 1 MB tree four levels shallower, and the block's nodes are one or
 * two adjacent lines that the caller reads anyway for the "equal" weights. With integer weights
 * the sums are exact either way; otherwise only their order of addition changed.
 */
class PairTree {
  /** Block Fenwick tree, slots 2i (all) and 2i+1 (dead) for block i−1. */
  readonly tree: Float64Array;
  readonly node: Float64Array;
  readonly blocks: number;
  totalAll = 0;
  totalDead = 0;
  belowAll = 0;
  belowDead = 0;
  /** `space`, when given, holds at least 4·size + 2 values and is zeroed and used for storage. */
  constructor(
    readonly size: number,
    space: Float64Array | null,
  ) {
    this.blocks = (size + (1 << BLOCK_BITS) - 1) >> BLOCK_BITS;
    if (space === null) {
      this.tree = new Float64Array(2 * (this.blocks + 1));
      this.node = new Float64Array(2 * size);
    } else {
      this.tree = space.subarray(0, 2 * (this.blocks + 1)).fill(0);
      this.node = space.subarray(2 * (this.blocks + 1), 2 * (this.blocks + 1) + 2 * size).fill(0);
    }
  }
  addAll(rank: number, w: number): void {
    this.node[2 * rank]! += w;
    this.totalAll += w;
    for (let i = (rank >> BLOCK_BITS) + 1; i <= this.blocks; i += i & -i) this.tree[2 * i]! += w;
  }
  addDead(rank: number, w: number): void {
    this.node[2 * rank + 1]! += w;
    this.totalDead += w;
    for (let i = (rank >> BLOCK_BITS) + 1; i <= this.blocks; i += i & -i) this.tree[2 * i + 1]! += w;
  }
  addBoth(rank: number, w: number): void {
    this.node[2 * rank]! += w;
    this.node[2 * rank + 1]! += w;
    this.totalAll += w;
    this.totalDead += w;
    for (let i = (rank >> BLOCK_BITS) + 1; i <= this.blocks; i += i & -i) {
      this.tree[2 * i]! += w;
      this.tree[2 * i + 1]! += w;
    }
  }
  /** Sets `belowAll` and `belowDead` for `rank`. */
  query(rank: number): void {
    let sa = 0;
    let sd = 0;
    for (let i = rank >> BLOCK_BITS; i > 0; i -= i & -i) {
      sa += this.tree[2 * i]!;
      sd += this.tree[2 * i + 1]!;
    }
    const node = this.node;
    for (let q = (rank >> BLOCK_BITS) << BLOCK_BITS; q < rank; q++) {
      sa += node[2 * q]!;
      sd += node[2 * q + 1]!;
    }
    this.belowAll = sa;
    this.belowDead = sd;
  }
}

/**
 * `lp`: linear predictor per sorted row of `prep`. `cluster` (sorted order) groups the
 * influence terms as R's `tapply(dfbeta, cluster, sum)`; `null` = one group per row.
 * Returns `null` values when there are no comparable pairs.
 *
 * `scratch`, when given, is memory the caller no longer needs (its contents are destroyed):
 * the work arrays (ranks, influence columns, trees; about 6.5·n values) are carved from it
 * when it is large enough, and allocated otherwise. At 10⁶ rows each freshly allocated
 * megabyte costs about as much as a pass over it, so this matters. `rankSpace` (at least n
 * values), when given, holds the ranks instead, so that a scratch of 6·n + 2 values suffices. The
 * loops live in small functions of their own (V8 compiles a hot loop with its whole function).
 */
export function coxConcordance(
  prep: PreparedCox,
  lp: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
  scratch: Float64Array | null = null,
  rankSpace: Int32Array | null = null,
): { estimate: number | null; se: number | null } {
  const { n, status, weight, strataStart } = prep;
  const nStrata = strataStart.length - 1;
  // dense ranks of the linear predictor within each stratum (exact ties share a rank, as R's
  // match(risk, sort(unique(risk)))), so each stratum gets a tree of its own size; the ranks
  // take `rankSpace` or the end of `scratch`, the influence columns and trees its start
  const rankDoubles = Math.ceil(n / 2);
  let room = scratch === null ? 0 : scratch.length;
  let rank: Int32Array;
  if (rankSpace !== null && rankSpace.length >= n) rank = rankSpace.subarray(0, n);
  else if (scratch !== null && room >= rankDoubles) {
    room -= rankDoubles;
    rank = new Int32Array(scratch.buffer, scratch.byteOffset + room * 8, n);
  } else rank = new Int32Array(n);
  const nRanks = new Int32Array(nStrata);
  // the sort's work arrays (six of n 32-bit values, 3n doubles) come from the start of `scratch`
  // too, which the influence columns only take over once the ranks are formed
  const sortScratch = scratch !== null && room >= 3 * n ? scratch : null;
  // with one stratum the ranks are read off the sort's keys (no random read of lp per row)
  if (nStrata === 1) nRanks[0] = denseRankFloat64(lp, sortScratch, rank);
  else denseRanks(lp, prep.stratum, argsortFloat64(lp, false, sortScratch), rank, nRanks);
  let maxRanks = 0;
  for (let s = 0; s < nStrata; s++) maxRanks = Math.max(maxRanks, nRanks[s]!);
  // unweighted right-censored data: the bucketed form (concordanceBuckets.ts), same results
  if (prep.entry === null && !prep.weighted && n <= BUCKETED_MAX_ROWS) {
    const pooled = scratch !== null && room >= 2 * n + Math.ceil(bucketSpace(n) / 2);
    // every row of a stratum with an event is written (not added to), so only the rows of
    // strata without one are zeroed
    const infB: Influence = pooled
      ? { diff: scratch.subarray(0, n), total: scratch.subarray(n, 2 * n) }
      : { diff: new Float64Array(n), total: new Float64Array(n) };
    const space = pooled
      ? new Int32Array(scratch.buffer, scratch.byteOffset + 16 * n, bucketSpace(n))
      : new Int32Array(bucketSpace(n));
    const counts = new Float64Array(3);
    for (let s = 0; s < nStrata; s++) {
      const begin = strataStart[s]!;
      const end = strataStart[s + 1]!;
      if (!anyEvent(status, begin, end)) {
        infB.diff.fill(0, begin, end);
        infB.total.fill(0, begin, end);
        continue;
      }
      stratumPairsBucketed(prep.time, status, rank, begin, end, nRanks[s]!, infB, counts, space);
    }
    return somersResult(weight, infB, counts, cluster, nClusters);
  }
  const pool = scratch !== null && room >= 2 * n + 4 * maxRanks + 2 ? scratch : null;
  const inf: Influence =
    pool === null
      ? { diff: new Float64Array(n), total: new Float64Array(n) }
      : { diff: pool.subarray(0, n).fill(0), total: pool.subarray(n, 2 * n).fill(0) };
  const treeSpace = pool === null ? null : pool.subarray(2 * n, 2 * n + 4 * maxRanks + 2);
  const counts = new Float64Array(3); // concordant, discordant, tied-on-x pair weights
  for (let s = 0; s < nStrata; s++) {
    const begin = strataStart[s]!;
    const end = strataStart[s + 1]!;
    if (!anyEvent(status, begin, end)) continue;
    const tr = new PairTree(nRanks[s]!, treeSpace);
    const i2 = stratumPairs(prep, begin, end, rank, tr, inf, counts);
    finishInfluence(prep, i2, begin, end, rank, tr, inf);
  }
  return somersResult(weight, inf, counts, cluster, nClusters);
}

/** Somers' d from the pair counts and its variance from the influence, as concordance C. */
function somersResult(
  weight: Float64Array,
  inf: Influence,
  counts: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
): { estimate: number | null; se: number | null } {
  const c0 = counts[0]!;
  const c1 = counts[1]!;
  const c2 = counts[2]!;
  const npair = c0 + c1 + c2;
  if (!(npair > 0)) return { estimate: null, se: null };
  const somer = (c0 - c1) / npair;
  const varSomer = somersVariance(weight, inf, npair, somer, cluster, nClusters);
  // reverse = TRUE: a larger risk score predicts a shorter time
  return { estimate: 1 - (somer + 1) / 2, se: Math.sqrt(varSomer / 4) };
}

/** Dense 0-based rank of each row's `lp` within its stratum, given `ord` sorting `lp` ascending. */
function denseRanks(
  lp: Float64Array,
  stratum: Int32Array,
  ord: Int32Array,
  rank: Int32Array,
  nRanks: Int32Array,
): void {
  const n = lp.length;
  const last = new Float64Array(nRanks.length);
  for (let k = 0; k < n; k++) {
    const r = ord[k]!;
    const s = stratum[r]!;
    if (nRanks[s] === 0 || lp[r] !== last[s]) {
      nRanks[s]!++;
      last[s] = lp[r]!;
    }
    rank[r] = nRanks[s]! - 1;
  }
}

function anyEvent(status: Uint8Array, begin: number, end: number): boolean {
  for (let k = begin; k < end; k++) if (status[k] === 1) return true;
  return false;
}

/**
 * A row entering the risk set starts its influence at minus the events already seen
 * (concordance3.c: "Initialize the influence"); the final event tree adds them back.
 */
function enterRow(k: number, rank: Int32Array, tr: PairTree, inf: Influence): void {
  const r = rank[k]!;
  tr.query(r);
  const eq = tr.node[2 * r + 1]!;
  addInfluence(inf, k, -tr.belowDead, -(tr.totalDead - tr.belowDead - eq), -eq);
}

/**
 * The rows of one stratum [begin, end) in R's order (time descending): adds the pair counts to
 * `counts` and the influence of each row so far to `inf`. Returns the position in
 * `prep.entryOrder` reached by the (entry, time] removals (unused for right-censored data).
 *
 * Kept whole, like R's concordance.c loop: the deaths, the censored rows and
 * the (entry, time] removals at one time share the tree and the tie counts of that time.
 */
// long: one loop like R's concordance.c: the deaths, the censored rows and the (entry, time] removals at one time share the tree and that time's tie counts
function stratumPairs(
  prep: PreparedCox,
  begin: number,
  end: number,
  rank: Int32Array,
  tr: PairTree,
  inf: Influence,
  counts: Float64Array,
): number {
  const { time, entry, entryOrder, status, weight } = prep;
  const node = tr.node;
  let c0 = counts[0]!;
  let c1 = counts[1]!;
  let c2 = counts[2]!;
  let i2 = begin;
  let i = begin;
  while (i < end) {
    // within tied times R puts censored rows first (order(-time, status)); rows of one time
    // are contiguous here, so take the group's censored rows, then its deaths
    const t = time[i]!;
    let g = i;
    let deaths = 0;
    while (g < end && time[g] === t) {
      if (status[g] === 1) deaths++;
      g++;
    }
    for (let k = i; k < g; k++) {
      if (status[k] !== 0) continue;
      enterRow(k, rank, tr, inf);
      tr.addAll(rank[k]!, weight[k]!);
    }
    if (deaths > 0) {
      if (entry !== null) {
        // remove rows whose entry time is at or after this death time (concordance4)
        for (; i2 < end; i2++) {
          const q = entryOrder![i2]!;
          if (entry[q]! < t) break;
          const r = rank[q]!;
          tr.query(r);
          const eq = node[2 * r + 1]!;
          addInfluence(inf, q, tr.belowDead, tr.totalDead - tr.belowDead - eq, eq);
          tr.addAll(r, -weight[q]!);
        }
      }
      if (deaths === 1) {
        // one traversal answers both the comparison with the risk set and the influence
        // start; the death's own weight is the only change to the event tree in between
        let k = i;
        while (status[k] !== 1) k++;
        const r = rank[k]!;
        const w = weight[k]!;
        tr.query(r);
        const above = tr.totalAll - tr.belowAll - node[2 * r]!;
        const eqAll = node[2 * r]!;
        c0 += w * above;
        c1 += w * tr.belowAll;
        c2 += w * eqAll;
        const eqDead = node[2 * r + 1]! + w;
        addInfluence(
          inf,
          k,
          above - tr.belowDead,
          tr.belowAll - (tr.totalDead + w - tr.belowDead - eqDead),
          eqAll - eqDead,
        );
        tr.addBoth(r, w);
      } else {
        // R compares each death with the risk set, adds the deaths to the event tree, then
        // starts their influence against it. The "all" sums a death is compared with do not
        // change while the deaths go into the event tree, so after adding them first one
        // traversal per death answers both (the same sums, added in the same order).
        for (let k = i; k < g; k++) if (status[k] === 1) tr.addDead(rank[k]!, weight[k]!);
        for (let k = i; k < g; k++) {
          if (status[k] !== 1) continue;
          const r = rank[k]!;
          const w = weight[k]!;
          tr.query(r);
          const eqAll = node[2 * r]!;
          const above = tr.totalAll - tr.belowAll - eqAll;
          c0 += w * above;
          c1 += w * tr.belowAll;
          c2 += w * eqAll;
          addInfluence(inf, k, above, tr.belowAll, eqAll);
          const eq = node[2 * r + 1]!;
          addInfluence(inf, k, -tr.belowDead, -(tr.totalDead - tr.belowDead - eq), -eq);
        }
        for (let k = i; k < g; k++) if (status[k] === 1) tr.addAll(rank[k]!, weight[k]!);
      }
    }
    i = g;
  }
  counts[0] = c0;
  counts[1] = c1;
  counts[2] = c2;
  return i2;
}

/**
 * Finishes the influence of the rows still in the tree (all rows for right-censored data)
 * against the final event tree, which no longer changes: a prefix sum over ranks answers every
 * query in O(1). It is written into the "all" slots of `node` (slot 2r: event weight below rank
 * r), which are no longer needed, so that a row's two numbers share one cache line with its
 * "equal" weight in slot 2r+1: the rows come in time order, their ranks at random.
 */
function finishInfluence(
  prep: PreparedCox,
  i2: number,
  begin: number,
  end: number,
  rank: Int32Array,
  tr: PairTree,
  inf: Influence,
): void {
  const { entry, entryOrder } = prep;
  const node = tr.node;
  const size = tr.size;
  let below = 0;
  for (let r = 0; r < size; r++) {
    node[2 * r] = below;
    below += node[2 * r + 1]!;
  }
  const totalDead = tr.totalDead;
  if (entry === null) {
    for (let q = begin; q < end; q++) {
      const r = rank[q]!;
      const b = node[2 * r]!;
      const eq = node[2 * r + 1]!;
      addInfluence(inf, q, b, totalDead - b - eq, eq);
    }
  } else {
    for (let k = i2; k < end; k++) {
      const q = entryOrder![k]!;
      const r = rank[q]!;
      const b = node[2 * r]!;
      const eq = node[2 * r + 1]!;
      addInfluence(inf, q, b, totalDead - b - eq, eq);
    }
  }
}

/**
 * Infinitesimal-jackknife variance of Somers' d: the sum of squares of the per-group sums of
 * w·((inf0 − inf1)/npair − (d/npair)·(inf0 + inf1 + inf2)). Without clusters each row is its
 * own group and the squares are summed directly.
 */
function somersVariance(
  weight: Float64Array,
  inf: Influence,
  npair: number,
  somer: number,
  cluster: Int32Array | null,
  nClusters: number,
): number {
  const { diff, total } = inf;
  const n = weight.length;
  let varSomer = 0;
  if (cluster === null) {
    for (let k = 0; k < n; k++) {
      const v = weight[k]! * (diff[k]! / npair - (somer / npair) * total[k]!);
      varSomer += v * v;
    }
    return varSomer;
  }
  const dfb = new Float64Array(nClusters);
  for (let k = 0; k < n; k++) {
    const v = weight[k]! * (diff[k]! / npair - (somer / npair) * total[k]!);
    dfb[cluster[k]!]! += v;
  }
  for (let g = 0; g < nClusters; g++) varSomer += dfb[g]! * dfb[g]!;
  return varSomer;
}
