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
 * bucket then replays that order on its own rows with a tree of 2¹¹ ranks (16 KB, cache-resident);
 * a last pass in time order adds the lower buckets' sums from a tree over the few hundred buckets.
 *
 * Every influence and pair count is a sum of these weights with fixed integer coefficients (the
 * expressions of `stratumPairs` and `finishInfluence`, expanded below), so the within-bucket part
 * of a row's influence is folded by the replay into ONE 32-bit integer per row (and the
 * within-bucket parts of the pair counts into three running sums), and the last pass adds the
 * lower-bucket part. Until 1 December 2026 the replay wrote the six weights per row and the last
 * pass read them back through the bucket streams, a cache miss every three rows. With unit
 * weights every sum is an integer (exact in a double below 2⁵³), so the results are the same
 * doubles as the tree's whatever the order of the additions.
 *
 * R's order of operations at one time (concordance3.c, as in `stratumPairs`): the censored rows
 * each query the event tree and then join the risk set; a single death queries both trees and
 * then joins both; several deaths first join the event tree, then each queries both trees, then
 * they join the risk set.
 *
 * The expansion (bA, eA: risk-set weight below and equal to the row's rank at its query; bD, eD:
 * the event tree's; fB, fE: the final event tree's; TA, TD, TF: the totals of the risk set, the
 * event tree at the query and the final event tree), with diff = inf0 − inf1 and
 * total = inf0 + inf1 + inf2:
 * - censored row: diff = TD − 2bD − eD + 2fB + fE − TF, total = TF − TD;
 * - a death: diff = TA + TD − 2bA − eA − 2bD − eD + 2fB + fE − TF, total = TA − TD + TF (−1 for a
 *   single death, whose TD and eD are taken before it joins the event tree: its own +1 cancels
 *   in diff); pairs concordant TA − bA − eA, discordant bA, tied eA.
 * Each weight is its lower-bucket part plus its within-bucket part; eA, eD and fE lie within.
 */

import { combine, type Influence, LOWER_MAX_ROWS, splitByStatus } from './concordanceLower.js';
import {
  BUCKET,
  BUCKET_BITS,
  CENSORED,
  FIRST,
  KIND_SHIFT,
  MULTI,
  REPLAY_TREE_SIZE,
  replayBucket,
  SINGLE,
  SUM_BELOW,
  SUM_EQUAL,
} from './concordanceReplay.js';

export type { Influence } from './concordanceLower.js';

/**
 * Row limit of the bucketed form: the last pass's packed counts (concordanceLower.ts) stay below
 * 2²⁶, and a row's within-bucket part (at most 6 weights of its bucket) fits in 32 bits. Larger
 * data take the tree over all ranks (concordance.ts), whose unit-weight sums are the same integers.
 */
export const BUCKETED_MAX_ROWS = LOWER_MAX_ROWS - 1;
/** Int32 values of work space `stratumPairsBucketed` needs for a stratum of `rows` rows. */
export function bucketSpace(rows: number): number {
  return 2 * rows;
}

/**
 * Adds the concordant, discordant and tied pair counts of rows [begin, end) (time descending,
 * right-censored, all weights 1) to `counts` and writes their complete influence to `inf`. `rank`
 * holds dense ranks 0..nRanks−1 within the stratum; `space` at least `bucketSpace(end − begin)`
 * values. Precondition: end − begin ≤ `BUCKETED_MAX_ROWS`.
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
  const out = space.subarray(m, 2 * m);
  const start = new Int32Array(nb + 1);
  const deadInBucket = new Int32Array(nb);
  for (let k = begin; k < end; k++) {
    const b = rank[k]! >> BUCKET_BITS;
    start[b + 1]!++;
    deadInBucket[b]! += status[k]!;
  }
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  distribute(time, status, rank, begin, end, nb, start, rec, out);
  const tree = new Int32Array(REPLAY_TREE_SIZE);
  const within = new Float64Array(2);
  for (let b = 0; b < nb; b++) replayBucket(rec, start[b]!, start[b + 1]!, out, tree, within);
  // the records are spent: their space is the last pass's scratch
  combine(time, status, rank, BUCKET_BITS, begin, end, start, deadInBucket, out, inf, counts, rec);
  // the within-bucket parts of the pair counts: concordant TA − bA − eA, discordant bA, tied eA
  counts[0]! -= within[SUM_BELOW]! + within[SUM_EQUAL]!;
  counts[1]! += within[SUM_BELOW]!;
  counts[2]! += within[SUM_EQUAL]!;
}

/**
 * Writes each row's record to its bucket's stream, in R's order of operations (see the header). A
 * time with one row is written without a branch on its status (SINGLE is 1, CENSORED 0): in time
 * order a row's status is as good as random, and the mispredicted branches cost more than the rest.
 * `scratch` (at least end − begin values) holds a time's rows while they are split by status.
 */
function distribute(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  begin: number,
  end: number,
  nb: number,
  start: Int32Array,
  rec: Int32Array,
  scratch: Int32Array,
): void {
  const cursor = start.slice(0, nb);
  const lastGroup = new Int32Array(nb).fill(-1);
  let i = begin;
  while (i < end) {
    const t = time[i]!;
    if (i + 1 === end || time[i + 1] !== t) {
      const r = rank[i]!;
      rec[cursor[r >> BUCKET_BITS]!++] = (r & (BUCKET - 1)) | (status[i]! << KIND_SHIFT);
      i++;
      continue;
    }
    let g = i + 1;
    while (g < end && time[g] === t) g++;
    const nd = splitByStatus(status, i, g, scratch);
    const len = g - i;
    for (let j = 0; j < len - nd; j++) {
      const r = rank[scratch[j]!]!;
      rec[cursor[r >> BUCKET_BITS]!++] = (r & (BUCKET - 1)) | (CENSORED << KIND_SHIFT);
    }
    const kind = (nd === 1 ? SINGLE : MULTI) << KIND_SHIFT;
    for (let j = len - 1; j >= len - nd; j--) {
      const r = rank[scratch[j]!]!;
      const b = r >> BUCKET_BITS;
      // the first of several deaths of this time in its bucket is marked
      const first = nd > 1 ? +(lastGroup[b] !== i) : 0;
      lastGroup[b] = i;
      rec[cursor[b]!++] = (r & (BUCKET - 1)) | kind | (first * FIRST);
    }
    i = g;
  }
}

/** Adds one increment (concordant a0, discordant a1, tied a2) to row `k`'s influence. */
export function addInfluence(inf: Influence, k: number, a0: number, a1: number, a2: number): void {
  inf.diff[k]! += a0 - a1;
  inf.total[k]! += a0 + a1 + a2;
}
