/**
 * Network algorithm for the two-sided r×c Fisher exact p-value (Mehta & Patel 1983, "A network
 * algorithm for performing Fisher's exact test in r×c contingency tables", JASA 78:427–434;
 * the algorithm behind R's FEXACT).
 *
 * A table with fixed margins is built one column at a time. Choosing column k given the row sums
 * still to be filled (r_1..r_R, total N_k) has the multivariate hypergeometric probability
 * ∏ C(r_i, x_i) / C(N_k, c_k), and the product over columns is the table's probability
 * ∏R_i! ∏C_j! / (n! ∏x_ij!). A node of the network is (stage k, multiset of remaining row sums):
 * the completions below a node and their conditional probabilities do not depend on the order of
 * its rows, so rows are kept sorted and equal multisets share one node.
 *
 * For each node we know exactly the largest (lp) and smallest (sp) log-probability of a completion:
 * with two columns left they have closed forms (a concave separable objective: greedy maximum,
 * minimum at a vertex), and earlier nodes take the best/worst arc plus child by dynamic programming
 * over the network. A path reaching a node with past log-probability v is
 *  - counted with its whole subtree, mass e^v, when v + lp ≤ threshold (every completion is as
 *    improbable as the observed table or more);
 *  - dropped when v + sp > threshold;
 *  - otherwise carried to the next stage. Paths reaching the same node with the same past value
 *    are merged (their completions are counted identically), as FEXACT does.
 * Meet in the middle: a node reached by undecided paths may list all its completion values once,
 * sorted with prefix masses (from its children's lists), so each such path is one binary search
 * (on an arc into the node) or one step of a sweep (at the node) instead of a walk through its
 * subtree. Nodes at the last stage with a choice (two columns left) are always listed; earlier
 * nodes when sorting their completions costs less than carrying their paths through their arcs
 * (the idea of meet-in-the-middle enumeration; FEXACT instead carries every path to the end).
 * Past values at a node are kept sorted with prefix masses, so the "whole subtree" and "drop"
 * cases are ranges.
 *
 * All probabilities are handled as logarithms. Each node sums its contributions relative to its
 * most probable past path and hands the total to a log-scale accumulator, so nothing overflows
 * and only contributions below ~1e-300 of a node's own mass can be lost.
 */

/** Thrown by the kernel when the network exceeds its work budget; the public function rewraps it. */
export class NetworkBudgetExceeded extends Error {
  constructor(
    readonly work: number,
    readonly nodes: number,
  ) {
    super('Fisher network budget exceeded');
  }
}

export interface FisherNetworkLimits {
  /** Maximum number of arcs (column choices) plus carried paths examined. */
  readonly maxWork: number;
  /** Maximum number of distinct network nodes kept in memory. */
  readonly maxNodes: number;
  /** Maximum number of completion values held in sorted lists, over all nodes (16 bytes each). */
  readonly maxListed: number;
}

interface NodeInfo {
  /** Largest log conditional probability of a completion below this node. */
  lp: number;
  /** Smallest log conditional probability of a completion below this node. */
  sp: number;
  /** Number of completions (tables) below this node. */
  count: number;
  /** Number of arcs (fillings of the node's column) out of this node. */
  arcs: number;
  /** The node's remaining row sums, to list its completions on demand. */
  rows: Int32Array;
  /** Built when first needed: completion log-probabilities, ascending. */
  sorted: Float64Array | undefined;
  /** With `sorted`: cum[m] = Σ_{t<m} exp(sorted[t] − lp). */
  cum: Float64Array | undefined;
}

/**
 * A node of the current stage with the past paths still undecided at it: their distinct past
 * log-probabilities (in arrival order) and how many paths share each, in `length` entries. Paths
 * arriving with the same past value (to MERGE_RESOLUTION) are merged on arrival through an
 * open-addressing hash of the quantised value: on hard tables most arriving paths repeat a value
 * already there (11 million arrivals, 0.3 million distinct values on a 4×6 table of n = 90).
 */
interface Pending {
  rows: Int32Array;
  values: Float64Array;
  freqs: Float64Array;
  length: number;
  /** Hash table: quantised value of each occupied slot, and its entry index (−1: empty). */
  keys: Float64Array;
  slots: Int32Array;
}

/** Sum of exp() of many log values without overflow or premature underflow. */
class LogSum {
  private m = Number.NEGATIVE_INFINITY;
  private s = 0;

  add(logValue: number): void {
    if (logValue === Number.NEGATIVE_INFINITY || Number.isNaN(logValue)) return;
    if (logValue <= this.m) {
      this.s += Math.exp(logValue - this.m);
    } else {
      this.s = this.s * Math.exp(this.m - logValue) + 1;
      this.m = logValue;
    }
  }

  value(): number {
    return this.s === 0 ? 0 : this.s * Math.exp(this.m);
  }
}

/**
 * A node's completions are listed when sorting them (count·log₂ count) costs at most this many
 * times the path-arc pairs that expanding its undecided paths would visit.
 */
const LIST_GAIN = 2;

/** Past values closer than this (in log-probability) are merged, as FEXACT merges equal past paths. */
const MERGE_RESOLUTION = 1e-10;

/**
 * Σ P(table) over all tables with the given margins whose log-probability is ≤ `logThreshold`.
 *
 * Preconditions: `rowSums` (length R ≥ 2) and `colSums` (length C ≥ 2) are positive integers with
 * equal totals n; `logFactorial[k] = log k!` for 0 ≤ k ≤ n. R ≤ C is cheapest (rows are the node key).
 * Throws only {@link NetworkBudgetExceeded}.
 */
export function fisherNetworkPValue(
  rowSums: Int32Array,
  colSums: Int32Array,
  logThreshold: number,
  logFactorial: Float64Array,
  limits: FisherNetworkLimits,
): number {
  const nR = rowSums.length;
  // Largest columns first: the last stages, where most nodes live, then have small remaining totals.
  const cols = Int32Array.from(colSums).sort().reverse();
  const nC = cols.length;
  const lastChoice = nC - 2;
  const lf = logFactorial;

  // remainingTotal[k] = Σ_{j ≥ k} cols[j]; stageConst[k] = −log C(N_k, c_k).
  const remainingTotal = new Int32Array(nC + 1);
  for (let k = nC - 1; k >= 0; k--) remainingTotal[k] = remainingTotal[k + 1]! + cols[k]!;
  const stageConst = new Float64Array(nC);
  for (let k = 0; k < nC; k++) {
    const nk = remainingTotal[k]!;
    const ck = cols[k]!;
    stageConst[k] = -(lf[nk]! - lf[ck]! - lf[nk - ck]!);
  }

  let maxRow = 0;
  for (const r of rowSums) maxRow = Math.max(maxRow, r);
  const radix = maxRow + 1;
  const numericKeys = nR * Math.log2(radix) < 52;
  const keyOf = (rows: Int32Array): number | string => {
    if (!numericKeys) return rows.join(',');
    let key = 0;
    for (let i = nR - 1; i >= 0; i--) key = key * radix + rows[i]!;
    return key;
  };

  let work = 0;
  let nodeCount = 0;
  // Checked on every arc, so even a single node with millions of column choices stops on time.
  const spend = (units: number): void => {
    work += units;
    if (work > limits.maxWork) throw new NetworkBudgetExceeded(work, nodeCount);
  };

  // Per-stage scratch so that enumeration at one stage may recurse into the next.
  const xs = Array.from({ length: nC }, () => new Int32Array(nR));
  const childRows = Array.from({ length: nC }, () => new Int32Array(nR));
  const suffix = Array.from({ length: nC }, () => new Int32Array(nR + 1));

  /**
   * Calls visit(w, mult) for every column vector x with Σx = cols[k], 0 ≤ x_i ≤ rows_i, up to
   * permutations among rows with equal sums: those give the same child (rows are kept sorted) with
   * the same w, so one representative (x non-increasing within each run of equal rows) stands for
   * `mult` of them. w = log ∏C(rows_i, x_i) − log C(N_k, c_k); x is left in xs[k] and the sorted
   * remaining row sums in childRows[k] when visit runs.
   */
  const forEachColumn = (k: number, rows: Int32Array, visit: (w: number, mult: number) => void): void => {
    const x = xs[k]!;
    const child = childRows[k]!;
    const suf = suffix[k]!;
    suf[nR] = 0;
    for (let i = nR - 1; i >= 0; i--) suf[i] = suf[i + 1]! + rows[i]!;
    const recurse = (i: number, left: number, partial: number): void => {
      const ri = rows[i]!;
      const tied = i > 0 && rows[i - 1] === ri;
      if (i === nR - 1) {
        if (tied && left > x[i - 1]!) return;
        x[i] = left;
        const w = partial + lf[ri]! - lf[left]! - lf[ri - left]!;
        for (let a = 0; a < nR; a++) child[a] = rows[a]! - x[a]!;
        sortSmall(child);
        visit(w, permutations(rows, x));
        return;
      }
      const lo = Math.max(0, left - suf[i + 1]!);
      const hi = Math.min(ri, left, tied ? x[i - 1]! : ri);
      const base = partial + lf[ri]!;
      for (let v = lo; v <= hi; v++) {
        x[i] = v;
        recurse(i + 1, left - v, base - lf[v]! - lf[ri - v]!);
      }
    };
    recurse(0, cols[k]!, stageConst[k]!);
  };

  const memo: Map<number | string, NodeInfo>[] = Array.from({ length: nC }, () => new Map());

  /** Exact lp/sp of a node by dynamic programming over the network below it (memoized). */
  const infoOf = (k: number, rows: Int32Array, key: number | string): NodeInfo => {
    const cached = memo[k]!.get(key);
    if (cached !== undefined) return cached;
    nodeCount++;
    if (nodeCount > limits.maxNodes) throw new NetworkBudgetExceeded(work, nodeCount);
    let info: NodeInfo;
    if (k === lastChoice) {
      // Two columns left: the extremes have closed forms, so the completions themselves are only
      // listed (lazily, in completionsOf) for nodes that some undecided path actually reaches.
      // Cost in arc-equivalents: the greedy maximum adds c units, the minimum visits R·2^(R−1) vertices.
      spend(cols[k]! + nR * (1 << (nR - 1)));
      const arcs = countColumnChoices(rows, cols[k]!);
      info = {
        lp: stageConst[k]! + maxLogColumnWeight(rows, cols[k]!, lf),
        sp: stageConst[k]! + minLogColumnWeight(rows, cols[k]!, lf),
        count: arcs,
        arcs,
        rows: Int32Array.from(rows),
        sorted: undefined,
        cum: undefined,
      };
    } else {
      let lp = Number.NEGATIVE_INFINITY;
      let sp = Number.POSITIVE_INFINITY;
      let count = 0;
      let arcs = 0;
      forEachColumn(k, rows, (w, mult) => {
        spend(1);
        arcs++;
        const child = childRows[k]!;
        const ci = infoOf(k + 1, child, keyOf(child));
        if (w + ci.lp > lp) lp = w + ci.lp;
        if (w + ci.sp < sp) sp = w + ci.sp;
        count += mult * ci.count;
      });
      info = { lp, sp, count, arcs, rows: Int32Array.from(rows), sorted: undefined, cum: undefined };
    }
    memo[k]!.set(key, info);
    return info;
  };

  // Completion values held in lists, over all nodes (8 bytes each plus 8 for the prefix masses).
  let listed = 0;

  /**
   * Lists, sorts and prefix-sums the log-probabilities of every completion below a node (once per
   * node): at the last choice its column choices, before it the arcs' values plus the child's list.
   */
  const completionsOf = (k: number, info: NodeInfo): Float64Array => {
    if (info.sorted !== undefined) return info.sorted;
    const values = new Float64Array(info.count);
    listed += info.count;
    let count = 0;
    // A representative arc standing for `mult` permuted ones lists its completions `mult` times.
    if (k === lastChoice) {
      forEachColumn(k, info.rows, (w, mult) => {
        for (let r = 0; r < mult; r++) values[count++] = w;
      });
    } else {
      forEachColumn(k, info.rows, (w, mult) => {
        const child = childRows[k]!;
        const below = completionsOf(k + 1, memo[k + 1]!.get(keyOf(child))!);
        for (let r = 0; r < mult; r++) for (let t = 0; t < below.length; t++) values[count++] = w + below[t]!;
      });
    }
    spend(count);
    const sorted = values.sort();
    // Scale by the listed maximum: the closed-form lp may differ from it in the last bits.
    const top = sorted[count - 1]!;
    const cum = new Float64Array(count + 1);
    for (let t = 0; t < count; t++) cum[t + 1] = cum[t]! + Math.exp(sorted[t]! - top);
    info.sorted = sorted;
    info.cum = cum;
    info.lp = top;
    return sorted;
  };

  /**
   * Whether the undecided paths at a node are cheaper to resolve against its full sorted list of
   * completions (one merge-like sweep) than by expanding them along its arcs.
   */
  const worthListing = (info: NodeInfo, paths: number): boolean => {
    if (info.sorted !== undefined) return true;
    if (info.count > limits.maxListed - listed) return false;
    return info.count * Math.log2(info.count + 2) <= LIST_GAIN * paths * info.arcs;
  };

  /** log Σ_{completions with log-prob ≤ t} exp(log-prob), for a last-choice node. */
  const logMassAtMost = (info: NodeInfo, t: number): number => {
    const sorted = completionsOf(lastChoice, info);
    const m = upperIndex(sorted, t);
    return m === 0 ? Number.NEGATIVE_INFINITY : sorted[sorted.length - 1]! + Math.log(info.cum![m]!);
  };

  const total = new LogSum();
  const rootRows = Int32Array.from(rowSums).sort();
  // Each of its children has a comparable number of arcs of its own to visit, so a root with more
  // than a quarter of the budget in arcs is refused before any work is spent.
  const rootChoices = countColumnChoices(rootRows, cols[0]!);
  if (rootChoices > limits.maxWork / 4) throw new NetworkBudgetExceeded(rootChoices, 0);
  const rootInfo = infoOf(0, rootRows, keyOf(rootRows));
  if (lastChoice === 0) {
    total.add(logMassAtMost(rootInfo, logThreshold));
    return Math.min(1, total.value());
  }

  const root = newPending(rootRows, 1);
  appendRun(root, Float64Array.of(0), Float64Array.of(1), 0, 1, 0, 1);
  let stage: Pending[] = [root];
  for (let k = 0; k < lastChoice; k++) {
    const next = new Map<number | string, Pending>();
    const childIsLast = k + 1 === lastChoice;
    for (const node of stage) {
      // Sort the node's past values ascending, merging values closer than MERGE_RESOLUTION,
      // with prefix masses scaled by the largest.
      const [pv, pf] = sortAndMerge(node);
      const m = pv.length;
      const pmax = pv[m - 1]!;
      // pmass[t]: path t's mass in units of exp(pmax); pcum: its prefix sums.
      const pmass = new Float64Array(m);
      const pcum = new Float64Array(m + 1);
      for (let t = 0; t < m; t++) {
        pmass[t] = pf[t]! * Math.exp(pv[t]! - pmax);
        pcum[t + 1] = pcum[t]! + pmass[t]!;
      }
      if (k > 0) {
        const info = memo[k]!.get(keyOf(node.rows))!;
        if (worthListing(info, m)) {
          // Meet in the middle: past values ascending against completions ascending, one sweep.
          const sorted = completionsOf(k, info);
          const cum = info.cum!;
          spend(m);
          let below = sorted.length;
          let mass = 0;
          for (let t = 0; t < m; t++) {
            const limit = logThreshold - pv[t]!;
            while (below > 0 && sorted[below - 1]! > limit) below--;
            if (below === 0) break;
            mass += pf[t]! * Math.exp(pv[t]! - pmax) * cum[below]!;
          }
          if (mass > 0) total.add(pmax + sorted[sorted.length - 1]! + Math.log(mass));
          continue;
        }
      }
      // This node's contributions, in units of exp(pmax), added to the total once at the end:
      // one exp per arc or resolved path instead of a log-space addition each.
      let nodeMass = 0;
      forEachColumn(k, node.rows, (w, mult) => {
        spend(1);
        const child = childRows[k]!;
        const key = keyOf(child);
        const ci = memo[k + 1]!.get(key)!;
        // Paths with v + w + lp ≤ thr: whole subtree. Paths with v + w + sp > thr: nothing.
        const allBelow = upperIndex(pv, logThreshold - w - ci.lp);
        if (allBelow > 0) nodeMass += mult * pcum[allBelow]! * Math.exp(w);
        const noneAbove = upperIndex(pv, logThreshold - w - ci.sp);
        if (noneAbove <= allBelow) return;
        // A carried path costs about one arc: a binary search at the last stage, an append before it.
        spend(noneAbove - allBelow);
        // Resolve each undecided path against the child's sorted completions, when the child is
        // at the last choice or listing it is cheaper than carrying these paths through it.
        if (childIsLast || worthListing(ci, noneAbove - allBelow)) {
          const sorted = completionsOf(k + 1, ci);
          const top = sorted[sorted.length - 1]!;
          const cum = ci.cum!;
          // Past values ascend, so each path's share of the child's list is a prefix that only
          // shrinks: search back from the previous path's end (galloping) instead of afresh.
          let below = sorted.length;
          let arcMass = 0;
          for (let t = allBelow; t < noneAbove; t++) {
            below = upperIndexBefore(sorted, logThreshold - w - pv[t]!, below);
            if (below === 0) break;
            arcMass += pmass[t]! * cum[below]!;
          }
          // One exp per arc: path t's term is exp(pv[t] + w + top − pmax)·cum = pmass[t]·e^(w+top)·cum.
          if (arcMass > 0) nodeMass += mult * arcMass * Math.exp(w + top);
          return;
        }
        let target = next.get(key);
        if (target === undefined) {
          const size = Math.max(16, noneAbove - allBelow);
          target = newPending(child, size);
          next.set(key, target);
        }
        appendRun(target, pv, pf, allBelow, noneAbove, w, mult);
      });
      if (nodeMass > 0) total.add(pmax + Math.log(nodeMass));
    }
    stage = [...next.values()];
  }
  return Math.min(1, total.value());
}

/**
 * max over x (Σx = c, 0 ≤ x_i ≤ rows_i, integers) of Σ log C(rows_i, x_i). Each term is concave in
 * x_i (log-factorials are convex), so adding units one at a time where the marginal gain
 * log((r_i − x_i)/(x_i + 1)) is largest reaches the maximum.
 */
export function maxLogColumnWeight(rows: Int32Array, c: number, lf: Float64Array): number {
  const x = new Int32Array(rows.length);
  for (let unit = 0; unit < c; unit++) {
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < rows.length; i++) {
      if (x[i]! >= rows[i]!) continue;
      const gain = Math.log((rows[i]! - x[i]!) / (x[i]! + 1));
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    x[best]!++;
  }
  return logColumnWeight(rows, x, lf);
}

/**
 * min of the same concave objective: attained at a vertex of {0 ≤ x ≤ rows, Σx = c}, where every
 * coordinate but at most one sits at 0 or rows_i. Enumerates those vertices (R·2^(R−1) of them;
 * R, the smaller table dimension, is small whenever the network is feasible).
 */
export function minLogColumnWeight(rows: Int32Array, c: number, lf: Float64Array): number {
  const nR = rows.length;
  const x = new Int32Array(nR);
  let best = Number.POSITIVE_INFINITY;
  for (let free = 0; free < nR; free++) {
    for (let mask = 0; mask < 1 << (nR - 1); mask++) {
      let filled = 0;
      for (let i = 0, bit = 0; i < nR; i++) {
        if (i === free) continue;
        x[i] = (mask >> bit++) & 1 ? rows[i]! : 0;
        filled += x[i]!;
      }
      const rest = c - filled;
      if (rest < 0 || rest > rows[free]!) continue;
      x[free] = rest;
      best = Math.min(best, logColumnWeight(rows, x, lf));
    }
  }
  return best;
}

/** Σ log C(rows_i, x_i). */
function logColumnWeight(rows: Int32Array, x: Int32Array, lf: Float64Array): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += lf[rows[i]!]! - lf[x[i]!]! - lf[rows[i]! - x[i]!]!;
  return s;
}

/** Number of vectors x with Σx = c and 0 ≤ x_i ≤ rows_i (bounded compositions), by a prefix-sum DP. */
function countColumnChoices(rows: Int32Array, c: number): number {
  let ways = new Float64Array(c + 1);
  ways[0] = 1;
  for (const r of rows) {
    const next = new Float64Array(c + 1);
    let window = 0;
    for (let s = 0; s <= c; s++) {
      window += ways[s]!;
      if (s - r - 1 >= 0) window -= ways[s - r - 1]!;
      next[s] = window;
    }
    ways = next;
  }
  return ways[c]!;
}

/** An empty pending node with room for about `size` distinct past values. */
function newPending(rows: Int32Array, size: number): Pending {
  let capacity = 16;
  while (capacity < 2 * size) capacity *= 2;
  return {
    rows: Int32Array.from(rows),
    values: new Float64Array(size),
    freqs: new Float64Array(size),
    length: 0,
    keys: new Float64Array(capacity),
    slots: new Int32Array(capacity).fill(-1),
  };
}

/** Slot of a quantised value in a power-of-two hash table (Fibonacci hashing of both 32-bit halves). */
function hashSlot(q: number, mask: number): number {
  const lo = q | 0;
  const hi = (q / 4294967296) | 0;
  return (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & mask;
}

/**
 * Adds the paths pv[from..to) + w with their frequencies (times `mult`, the arc's permuted
 * copies) to a pending node, merging each into an entry of equal quantised value when there is one.
 */
function appendRun(
  target: Pending,
  pv: Float64Array,
  pf: Float64Array,
  from: number,
  to: number,
  w: number,
  mult: number,
): void {
  for (let t = from; t < to; t++) {
    const v = pv[t]! + w;
    const q = Math.round(v / MERGE_RESOLUTION);
    const mask = target.slots.length - 1;
    let h = hashSlot(q, mask);
    let entry = target.slots[h]!;
    while (entry !== -1 && target.keys[h] !== q) {
      h = (h + 1) & mask;
      entry = target.slots[h]!;
    }
    if (entry !== -1) {
      target.freqs[entry]! += mult * pf[t]!;
      continue;
    }
    if (target.length === target.values.length) growEntries(target);
    entry = target.length++;
    target.values[entry] = v;
    target.freqs[entry] = mult * pf[t]!;
    target.keys[h] = q;
    target.slots[h] = entry;
    if (2 * target.length > target.slots.length) rehash(target);
  }
}

function growEntries(target: Pending): void {
  const size = 2 * target.values.length;
  const values = new Float64Array(size);
  const freqs = new Float64Array(size);
  values.set(target.values);
  freqs.set(target.freqs);
  target.values = values;
  target.freqs = freqs;
}

/** Doubles the hash table and re-inserts every entry. */
function rehash(target: Pending): void {
  const capacity = 2 * target.slots.length;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity);
  const slots = new Int32Array(capacity).fill(-1);
  for (let e = 0; e < target.length; e++) {
    const q = Math.round(target.values[e]! / MERGE_RESOLUTION);
    let h = hashSlot(q, mask);
    while (slots[h] !== -1) h = (h + 1) & mask;
    keys[h] = q;
    slots[h] = e;
  }
  target.keys = keys;
  target.slots = slots;
}

/**
 * A pending node's past values ascending (freqs alongside), with values closer than
 * MERGE_RESOLUTION merged: paths with equal past probability reach exactly the same completions.
 * (The hash merged equal quantised values; neighbours across a quantisation boundary merge here.)
 */
function sortAndMerge(node: Pending): [Float64Array, Float64Array] {
  const n = node.length;
  const order = new Uint32Array(n);
  for (let e = 0; e < n; e++) order[e] = e;
  const values = node.values;
  order.sort((a, b) => values[a]! - values[b]!);
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  let m = 0;
  for (let t = 0; t < n; t++) {
    const e = order[t]!;
    const x = values[e]!;
    if (m > 0 && x - v[m - 1]! <= MERGE_RESOLUTION) {
      f[m - 1]! += node.freqs[e]!;
    } else {
      v[m] = x;
      f[m] = node.freqs[e]!;
      m++;
    }
  }
  return [v.subarray(0, m), f.subarray(0, m)];
}

/** Number of entries of ascending `a` that are ≤ t. */
function upperIndex(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Number of entries of ascending `a` that are ≤ t, knowing it is at most `end`: steps back from
 * `end` by 1, 2, 4, … until an entry ≤ t, then bisects that last step (cost log of the distance).
 */
function upperIndexBefore(a: Float64Array, t: number, end: number): number {
  if (end === 0 || a[end - 1]! <= t) return end;
  let hi = end - 1; // a[hi] > t
  let step = 1;
  let lo = hi - step;
  while (lo >= 0 && a[lo]! > t) {
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  // a[hi] > t and (lo < 0 or a[lo] ≤ t): the answer lies in (lo, hi].
  lo = Math.max(lo + 1, 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many distinct column vectors a representative x stands for: within each run of equal row
 * sums, the number of distinct orderings of its x values, (run length)! / ∏ (ties among x)!.
 * x is non-increasing within each run, so equal x values are adjacent.
 */
function permutations(rows: Int32Array, x: Int32Array): number {
  let mult = 1;
  let runLength = 1;
  let tieLength = 1;
  let divisor = 1;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i] === rows[i - 1]) {
      runLength++;
      if (x[i] === x[i - 1]) {
        tieLength++;
        divisor *= tieLength;
      } else tieLength = 1;
      mult *= runLength;
      continue;
    }
    mult /= divisor;
    runLength = 1;
    tieLength = 1;
    divisor = 1;
  }
  return mult;
}

/** Insertion sort for the few row sums of a node. */
function sortSmall(a: Int32Array): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
