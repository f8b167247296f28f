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
import type { PreparedCox } from './coxKernel.js';
import { argsortFloat64 } from './sort.js';

class Fenwick {
  readonly tree: Float64Array;
  readonly node: Float64Array;
  total = 0;
  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    this.node = new Float64Array(size);
  }
  add(rank: number, w: number): void {
    this.node[rank]! += w;
    this.total += w;
    for (let i = rank + 1; i <= this.size; i += i & -i) this.tree[i]! += w;
  }
  /** Weight with rank < r. */
  below(rank: number): number {
    let s = 0;
    for (let i = rank; i > 0; i -= i & -i) s += this.tree[i]!;
    return s;
  }
}

/**
 * `lp`: linear predictor per sorted row of `prep`. `cluster` (sorted order) groups the
 * influence terms as R's `tapply(dfbeta, cluster, sum)`; `null` = one group per row.
 * Returns `null` values when there are no comparable pairs.
 */
export function coxConcordance(
  prep: PreparedCox,
  lp: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
): { estimate: number | null; se: number | null } {
  const { n, time, entry, entryOrder, status, weight, strataStart } = prep;
  // dense ranks of the linear predictor within each stratum (exact ties share a rank, as R's
  // match(risk, sort(unique(risk)))), so each stratum gets a tree of its own size
  const nStrata = strataStart.length - 1;
  const ord = argsortFloat64(lp, false);
  const rank = new Int32Array(n);
  const nRanks = new Int32Array(nStrata);
  const last = new Float64Array(nStrata);
  for (let k = 0; k < n; k++) {
    const r = ord[k]!;
    const s = prep.stratum[r]!;
    if (nRanks[s] === 0 || lp[r] !== last[s]) {
      nRanks[s]!++;
      last[s] = lp[r]!;
    }
    rank[r] = nRanks[s]! - 1;
  }
  // influence columns: concordant (larger score among those at risk), discordant, tied on x
  const inf0 = new Float64Array(n);
  const inf1 = new Float64Array(n);
  const inf2 = new Float64Array(n);
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  // walkup(): greater / smaller / equal weights relative to rank r
  const walk = (f: Fenwick, r: number, out: Float64Array): void => {
    const below = f.below(r);
    const eq = f.node[r]!;
    out[0] = f.total - below - eq;
    out[1] = below;
    out[2] = eq;
  };
  const ws = new Float64Array(3);
  for (let s = 0; s < nStrata; s++) {
    const begin = strataStart[s]!;
    const end = strataStart[s + 1]!;
    let anyEvent = false;
    for (let k = begin; k < end; k++)
      if (status[k] === 1) {
        anyEvent = true;
        break;
      }
    if (!anyEvent) continue;
    const all = new Fenwick(nRanks[s]!);
    const dead = new Fenwick(nRanks[s]!);
    let i2 = begin;
    let i = begin;
    while (i < end) {
      // within tied times R puts censored rows first (order(-time, status)); here rows of one
      // time are contiguous, so treat the censored ones of the group, then its deaths
      const t = time[i]!;
      let g = i;
      while (g < end && time[g] === t) g++;
      for (let k = i; k < g; k++) {
        if (status[k] !== 0) continue;
        walk(dead, rank[k]!, ws);
        inf0[k]! -= ws[1]!;
        inf1[k]! -= ws[0]!;
        inf2[k]! -= ws[2]!;
        all.add(rank[k]!, weight[k]!);
      }
      let hasDeath = false;
      for (let k = i; k < g; k++) if (status[k] === 1) hasDeath = true;
      if (hasDeath) {
        if (entry !== null) {
          // remove rows whose entry time is at or after this death time (concordance4)
          for (; i2 < end; i2++) {
            const q = entryOrder![i2]!;
            if (entry[q]! < t) break;
            walk(dead, rank[q]!, ws);
            inf0[q]! += ws[1]!;
            inf1[q]! += ws[0]!;
            inf2[q]! += ws[2]!;
            all.add(rank[q]!, -weight[q]!);
          }
        }
        for (let k = i; k < g; k++) {
          if (status[k] !== 1) continue;
          walk(all, rank[k]!, ws);
          const w = weight[k]!;
          c0 += w * ws[0]!;
          c1 += w * ws[1]!;
          c2 += w * ws[2]!;
          inf0[k]! += ws[0]!;
          inf1[k]! += ws[1]!;
          inf2[k]! += ws[2]!;
          dead.add(rank[k]!, w);
        }
        for (let k = i; k < g; k++) {
          if (status[k] !== 1) continue;
          walk(dead, rank[k]!, ws);
          inf0[k]! -= ws[1]!;
          inf1[k]! -= ws[0]!;
          inf2[k]! -= ws[2]!;
          all.add(rank[k]!, weight[k]!);
        }
      }
      i = g;
    }
    // Finish the influence of the rows still in the tree (all rows for right-censored data)
    // against the final event tree, which no longer changes: one prefix-sum array over ranks
    // answers every query in O(1).
    const below = new Float64Array(nRanks[s]! + 1);
    for (let r = 0; r < nRanks[s]!; r++) below[r + 1] = below[r]! + dead.node[r]!;
    const finish = (q: number): void => {
      const r = rank[q]!;
      const eq = dead.node[r]!;
      inf0[q]! += below[r]!;
      inf1[q]! += dead.total - below[r]! - eq;
      inf2[q]! += eq;
    };
    if (entry === null) for (let k = begin; k < end; k++) finish(k);
    else for (; i2 < end; i2++) finish(entryOrder![i2]!);
  }
  const npair = c0 + c1 + c2;
  if (!(npair > 0)) return { estimate: null, se: null };
  const somer = (c0 - c1) / npair;
  const groups = cluster === null ? n : nClusters;
  const dfb = new Float64Array(groups);
  for (let k = 0; k < n; k++) {
    const v =
      weight[k]! * ((inf0[k]! - inf1[k]!) / npair - (somer / npair) * (inf0[k]! + inf1[k]! + inf2[k]!));
    dfb[cluster === null ? k : cluster[k]!]! += v;
  }
  let varSomer = 0;
  for (let g = 0; g < groups; g++) varSomer += dfb[g]! * dfb[g]!;
  // reverse = TRUE: a larger risk score predicts a shorter time
  return { estimate: 1 - (somer + 1) / 2, se: Math.sqrt(varSomer / 4) };
}
