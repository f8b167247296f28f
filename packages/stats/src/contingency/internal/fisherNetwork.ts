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
import { upperBound } from '../../internal/search.js';
import {
  type ColumnScratch,
  countColumnChoices,
  forEachColumnFilling,
  maxLogColumnWeight,
  minLogColumnWeight,
} from './fisherColumns.js';
import {
  appendRun,
  gallopMass,
  LogSum,
  newPending,
  type Pending,
  sortAndMerge,
  sweepMass,
} from './fisherPaths.js';

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
 * A node's completions are listed when sorting them (count·log₂ count) costs at most this many
 * times the path-arc pairs that expanding its undecided paths would visit.
 */
const LIST_GAIN = 2;

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
  return new FisherNetwork(rowSums, colSums, logFactorial, limits).pValue(logThreshold);
}

/**
 * The network of one table's margins: its stages (columns, largest first), the memo of node
 * extremes and listed completions, and the work spent. One instance answers one p-value; its
 * state is the search's and is never shared.
 */
class FisherNetwork {
  private readonly nR: number;
  /** The columns, largest first: the last stages, where most nodes live, then have small remaining totals. */
  private readonly cols: Int32Array;
  /** The last stage with a choice (two columns left). */
  private readonly lastChoice: number;
  /** stageConst[k] = −log C(N_k, c_k), N_k the total of the columns from k on. */
  private readonly stageConst: Float64Array;
  private readonly radix: number;
  private readonly numericKeys: boolean;
  /** Per-stage scratch so that enumeration at one stage may recurse into the next. */
  private readonly scratch: ColumnScratch[];
  private readonly memo: Map<number | string, NodeInfo>[];
  private work = 0;
  private nodeCount = 0;
  /** Completion values held in lists, over all nodes (8 bytes each plus 8 for the prefix masses). */
  private listed = 0;

  constructor(
    private readonly rowSums: Int32Array,
    colSums: Int32Array,
    private readonly lf: Float64Array,
    private readonly limits: FisherNetworkLimits,
  ) {
    const nR = rowSums.length;
    this.nR = nR;
    this.cols = Int32Array.from(colSums).sort().reverse();
    const nC = this.cols.length;
    this.lastChoice = nC - 2;
    const remainingTotal = new Int32Array(nC + 1);
    for (let k = nC - 1; k >= 0; k--) remainingTotal[k] = remainingTotal[k + 1]! + this.cols[k]!;
    this.stageConst = new Float64Array(nC);
    for (let k = 0; k < nC; k++) {
      const nk = remainingTotal[k]!;
      const ck = this.cols[k]!;
      this.stageConst[k] = -(lf[nk]! - lf[ck]! - lf[nk - ck]!);
    }
    let maxRow = 0;
    for (const r of rowSums) maxRow = Math.max(maxRow, r);
    this.radix = maxRow + 1;
    this.numericKeys = nR * Math.log2(this.radix) < 52;
    this.scratch = Array.from({ length: nC }, () => ({
      x: new Int32Array(nR),
      child: new Int32Array(nR),
      suffix: new Int32Array(nR + 1),
    }));
    this.memo = Array.from({ length: nC }, () => new Map());
  }

  /** The node key of sorted row sums: a number while it fits in 52 bits, else a string. */
  private keyOf(rows: Int32Array): number | string {
    if (!this.numericKeys) return rows.join(',');
    let key = 0;
    for (let i = this.nR - 1; i >= 0; i--) key = key * this.radix + rows[i]!;
    return key;
  }

  /** Checked on every arc, so even a single node with millions of column choices stops on time. */
  private spend(units: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) throw new NetworkBudgetExceeded(this.work, this.nodeCount);
  }

  /** Every filling of stage k's column below `rows` (see {@link forEachColumnFilling}). */
  private forEachColumn(k: number, rows: Int32Array, visit: (w: number, mult: number) => void): void {
    forEachColumnFilling(rows, this.cols[k]!, this.stageConst[k]!, this.lf, this.scratch[k]!, visit);
  }

  /** Exact lp/sp of a node by dynamic programming over the network below it (memoized). */
  private infoOf(k: number, rows: Int32Array, key: number | string): NodeInfo {
    const cached = this.memo[k]!.get(key);
    if (cached !== undefined) return cached;
    this.nodeCount++;
    if (this.nodeCount > this.limits.maxNodes) throw new NetworkBudgetExceeded(this.work, this.nodeCount);
    const c = this.cols[k]!;
    let info: NodeInfo;
    if (k === this.lastChoice) {
      // Two columns left: the extremes have closed forms, so the completions themselves are only
      // listed (lazily, in completionsOf) for nodes that some undecided path actually reaches.
      // Charged in arc-equivalents as c + R·2^(R−1), although the closed forms below cost O(R²)
      // and O(R·2^(R−1)): an undecided path reaching this node lists and sorts its up to c + 1
      // completions, and charging that on creation is what stops a network such as a 2×3 Table 1
      // row of a 10⁵-patient cohort (21,798 such nodes with c ≈ 32,000) after ~1,900 nodes, at
      // once, rather than after tens of seconds of listing. It is also the charge under which
      // the work budget was calibrated, so the same tables pass and stop as before.
      this.spend(c + this.nR * (1 << (this.nR - 1)));
      const arcs = countColumnChoices(rows, c);
      info = {
        lp: this.stageConst[k]! + maxLogColumnWeight(rows, c, this.lf),
        sp: this.stageConst[k]! + minLogColumnWeight(rows, c, this.lf),
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
      const child = this.scratch[k]!.child;
      this.forEachColumn(k, rows, (w, mult) => {
        this.spend(1);
        arcs++;
        const ci = this.infoOf(k + 1, child, this.keyOf(child));
        if (w + ci.lp > lp) lp = w + ci.lp;
        if (w + ci.sp < sp) sp = w + ci.sp;
        count += mult * ci.count;
      });
      info = { lp, sp, count, arcs, rows: Int32Array.from(rows), sorted: undefined, cum: undefined };
    }
    this.memo[k]!.set(key, info);
    return info;
  }

  /**
   * Lists, sorts and prefix-sums the log-probabilities of every completion below a node (once per
   * node): at the last choice its column choices, before it the arcs' values plus the child's list.
   */
  private completionsOf(k: number, info: NodeInfo): Float64Array {
    if (info.sorted !== undefined) return info.sorted;
    const values = new Float64Array(info.count);
    this.listed += info.count;
    let count = 0;
    // A representative arc standing for `mult` permuted ones lists its completions `mult` times.
    if (k === this.lastChoice) {
      this.forEachColumn(k, info.rows, (w, mult) => {
        for (let r = 0; r < mult; r++) values[count++] = w;
      });
    } else {
      const child = this.scratch[k]!.child;
      this.forEachColumn(k, info.rows, (w, mult) => {
        const below = this.completionsOf(k + 1, this.memo[k + 1]!.get(this.keyOf(child))!);
        for (let r = 0; r < mult; r++) for (let t = 0; t < below.length; t++) values[count++] = w + below[t]!;
      });
    }
    this.spend(count);
    const sorted = values.sort();
    // Scale by the listed maximum: the closed-form lp may differ from it in the last bits.
    const top = sorted[count - 1]!;
    const cum = new Float64Array(count + 1);
    for (let t = 0; t < count; t++) cum[t + 1] = cum[t]! + Math.exp(sorted[t]! - top);
    info.sorted = sorted;
    info.cum = cum;
    info.lp = top;
    return sorted;
  }

  /**
   * Whether the undecided paths at a node are cheaper to resolve against its full sorted list of
   * completions (one merge-like sweep) than by expanding them along its arcs.
   */
  private worthListing(info: NodeInfo, paths: number): boolean {
    if (info.sorted !== undefined) return true;
    if (info.count > this.limits.maxListed - this.listed) return false;
    return info.count * Math.log2(info.count + 2) <= LIST_GAIN * paths * info.arcs;
  }

  /** The p-value: the stages walked from the root, each node's undecided paths resolved or carried. */
  pValue(logThreshold: number): number {
    const total = new LogSum();
    const rootRows = Int32Array.from(this.rowSums).sort();
    // Each of its children has a comparable number of arcs of its own to visit, so a root with more
    // than a quarter of the budget in arcs is refused before any work is spent.
    const rootChoices = countColumnChoices(rootRows, this.cols[0]!);
    if (rootChoices > this.limits.maxWork / 4) throw new NetworkBudgetExceeded(rootChoices, 0);
    const rootInfo = this.infoOf(0, rootRows, this.keyOf(rootRows));
    if (this.lastChoice === 0) {
      // log Σ over the root's completions with log-prob ≤ threshold of exp(log-prob)
      const sorted = this.completionsOf(0, rootInfo);
      const m = upperBound(sorted, logThreshold);
      if (m > 0) total.add(sorted[sorted.length - 1]! + Math.log(rootInfo.cum![m]!));
      return Math.min(1, total.value());
    }
    const root = newPending(rootRows, 1);
    appendRun(root, Float64Array.of(0), Float64Array.of(1), 0, 1, 0, 1);
    let stage: Pending[] = [root];
    for (let k = 0; k < this.lastChoice; k++) {
      const next = new Map<number | string, Pending>();
      for (const node of stage) this.resolveNode(k, node, logThreshold, total, next);
      stage = [...next.values()];
    }
    return Math.min(1, total.value());
  }

  /**
   * One node of stage k with its undecided past paths: the mass of the paths it decides goes to
   * `total`; the paths still undecided after its arcs are carried into `next` (stage k + 1).
   */
  private resolveNode(
    k: number,
    node: Pending,
    logThreshold: number,
    total: LogSum,
    next: Map<number | string, Pending>,
  ): void {
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
      const info = this.memo[k]!.get(this.keyOf(node.rows))!;
      if (this.worthListing(info, m)) {
        // Meet in the middle: past values ascending against completions ascending, one sweep.
        const sorted = this.completionsOf(k, info);
        this.spend(m);
        const mass = sweepMass(pv, pmass, sorted, info.cum!, logThreshold);
        if (mass > 0) total.add(pmax + sorted[sorted.length - 1]! + Math.log(mass));
        return;
      }
    }
    const childIsLast = k + 1 === this.lastChoice;
    const child = this.scratch[k]!.child;
    // This node's contributions, in units of exp(pmax), added to the total once at the end:
    // one exp per arc or resolved path instead of a log-space addition each.
    let nodeMass = 0;
    this.forEachColumn(k, node.rows, (w, mult) => {
      this.spend(1);
      const key = this.keyOf(child);
      const ci = this.memo[k + 1]!.get(key)!;
      // Paths with v + w + lp ≤ thr: whole subtree. Paths with v + w + sp > thr: nothing.
      const allBelow = upperBound(pv, logThreshold - w - ci.lp);
      if (allBelow > 0) nodeMass += mult * pcum[allBelow]! * Math.exp(w);
      const noneAbove = upperBound(pv, logThreshold - w - ci.sp);
      if (noneAbove <= allBelow) return;
      // A carried path costs about one arc: a binary search at the last stage, an append before it.
      this.spend(noneAbove - allBelow);
      // Resolve each undecided path against the child's sorted completions, when the child is
      // at the last choice or listing it is cheaper than carrying these paths through it.
      if (childIsLast || this.worthListing(ci, noneAbove - allBelow)) {
        const sorted = this.completionsOf(k + 1, ci);
        const top = sorted[sorted.length - 1]!;
        const arcMass = gallopMass(pv, pmass, allBelow, noneAbove, sorted, ci.cum!, logThreshold - w);
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
}
