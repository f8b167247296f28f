/**
 * The last pass of the bucketed concordance (concordanceBuckets.ts): in time order and R's order
 * of operations, each row's diff and total are its bucket's within part (written by the replay)
 * plus the part from the lower buckets and the totals, as expanded in concordanceBuckets.ts's
 * header. The lower buckets' weights come from `LowerBuckets`.
 *
 * Preconditions: unit weights, right-censored rows [begin, end) of one stratum sorted by time
 * descending, fewer than `LOWER_MAX_ROWS` of them; `out` holds each record's within part in its
 * bucket's stream, `start` the streams' bounds, `deadInBucket` the deaths per bucket.
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

/** The event count's unit in `LowerBuckets`' packed tree: risk-set counts stay below it. */
const DEAD_UNIT = 2 ** 26;
/** Row limit of `combine`: a stratum's counts fit the packed tree (below 2^26 each, sums below 2^53). */
export const LOWER_MAX_ROWS = DEAD_UNIT;

/**
 * Risk-set ("all") and event ("dead") weights per bucket, for the question "how much weight lies
 * in the buckets below b?". Two ways of answering it are kept in step:
 * - a Fenwick tree, O(log nb) per row added and per question: right for event times with one or
 *   two rows (mostly distinct times). Each slot holds both sums packed in one double, the event
 *   count times 2²⁶ plus the risk-set count (exact: both stay below 2²⁶, the whole below 2⁵³), so
 *   a walk reads or updates one value per level: a death asks and joins both sums, and the walks
 *   are most of this pass;
 * - plain counts per bucket, turned into prefix sums over all buckets (O(nb)) once per phase of an
 *   event time whose rows all ask the same tree: right when a time has many rows (tied times, where
 *   a time's censored rows all ask the same event tree, and its deaths the same two trees).
 * The plain counts are always kept; the tree is rebuilt from them (O(nb)) when a time with few
 * rows follows times that updated the counts only.
 */
class LowerBuckets {
  /** Packed Fenwick tree over the buckets, slot i for bucket i − 1. */
  readonly tree: Float64Array;
  readonly countAll: Int32Array;
  readonly countDead: Int32Array;
  /** Prefix sums of the counts: weight in buckets below b (filled by `prefixes`). */
  readonly belowAllOf: Int32Array;
  readonly belowDeadOf: Int32Array;
  /** Whether the tree holds the counts. */
  treeValid = true;
  totalAll = 0;
  totalDead = 0;
  belowAll = 0;
  belowDead = 0;
  constructor(readonly nb: number) {
    this.tree = new Float64Array(nb + 1);
    this.countAll = new Int32Array(nb);
    this.countDead = new Int32Array(nb);
    this.belowAllOf = new Int32Array(nb);
    this.belowDeadOf = new Int32Array(nb);
  }
  /**
   * One row into the risk set of bucket b, and into the event tree too when `dead` is 1 (a number,
   * not a branch: whether a row is a death is as good as random in time order); `tree` false
   * updates the counts only.
   */
  add(b: number, dead: number, tree: boolean): void {
    this.totalAll += 1;
    this.totalDead += dead;
    this.countAll[b]!++;
    this.countDead[b]! += dead;
    this.walkUp(b, 1 + dead * DEAD_UNIT, tree);
  }
  /** One death into the event tree only (the deaths of a time with several, before they ask). */
  addDead(b: number, tree: boolean): void {
    this.totalDead += 1;
    this.countDead[b]!++;
    this.walkUp(b, DEAD_UNIT, tree);
  }
  /** The risk set only, for the deaths of a time with several, after they asked. */
  addAll(b: number, tree: boolean): void {
    this.totalAll += 1;
    this.countAll[b]!++;
    this.walkUp(b, 1, tree);
  }
  private walkUp(b: number, packed: number, tree: boolean): void {
    if (!tree) {
      this.treeValid = false;
      return;
    }
    const t = this.tree;
    for (let i = b + 1; i <= this.nb; i += i & -i) t[i]! += packed;
  }
  /** Sets `belowAll` and `belowDead` from the tree. */
  query(b: number): void {
    const t = this.tree;
    let sum = 0;
    for (let i = b; i > 0; i -= i & -i) sum += t[i]!;
    const dead = Math.floor(sum / DEAD_UNIT);
    this.belowDead = dead;
    this.belowAll = sum - dead * DEAD_UNIT;
  }
  /** Makes the tree hold the counts again (the standard linear-time Fenwick construction). */
  ensureTree(): void {
    if (this.treeValid) return;
    const { tree, countAll, countDead, nb } = this;
    for (let i = 1; i <= nb; i++) tree[i] = countAll[i - 1]! + countDead[i - 1]! * DEAD_UNIT;
    for (let i = 1; i <= nb; i++) {
      const j = i + (i & -i);
      if (j <= nb) tree[j]! += tree[i]!;
    }
    this.treeValid = true;
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
 * A run of times with one row each takes `loneRows`, a time with several `timeRows`. The sums are
 * integers, so the order they are formed in does not change them.
 */
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
  scratch: Int32Array,
): void {
  const nb = deadInBucket.length;
  const cursor = start.slice(0, nb);
  // finalPart[b]: 2·(the final event tree's weight in buckets below b) − TF, fB's lower part and TF
  // as every row's diff takes them
  const finalPart = new Int32Array(nb);
  let tf = 0;
  for (let b = 0; b < nb; b++) {
    finalPart[b] = 2 * tf;
    tf += deadInBucket[b]!;
  }
  for (let b = 0; b < nb; b++) finalPart[b]! -= tf;
  const lb = new LowerBuckets(nb);
  const lone = 8 < nb; // a lone row asks the tree (see `timeRows`)
  const parts: Parts = { cursor, finalPart, tf, out };
  let i = begin;
  while (i < end) {
    const t = time[i]!;
    if (lone && (i + 1 === end || time[i + 1] !== t)) {
      i = loneRows(time, status, rank, bits, i, end, parts, inf, counts, lb);
      continue;
    }
    let g = i + 1;
    while (g < end && time[g] === t) g++;
    timeRows(status, rank, bits, i, g, cursor, finalPart, tf, out, inf, counts, lb, scratch);
    i = g;
  }
}

/** What every row's diff takes from outside the last pass's tree (see `combine`). */
interface Parts {
  readonly cursor: Int32Array;
  readonly finalPart: Int32Array;
  readonly tf: number;
  readonly out: Int32Array;
}

/**
 * The run of times with one row each that starts at row i (nearly every time when times are
 * continuous): writes their diff and total, adds their pair counts to `counts` and returns the row
 * after the run. Without a branch on a row's status: with s = 1 for a death, 0 for a censored row,
 * the header's two expansions are one expression (a single death asks both trees before it joins
 * them, a censored row asks the event tree and joins the risk set). The tree's totals and the pair
 * counts are kept in locals through the run, and the tree walks are written out here.
 */
function loneRows(
  time: Float64Array,
  status: Uint8Array,
  rank: Int32Array,
  bits: number,
  i: number,
  end: number,
  parts: Parts,
  inf: Influence,
  counts: Float64Array,
  lb: LowerBuckets,
): number {
  const { diff, total } = inf;
  const { cursor, finalPart, tf, out } = parts;
  lb.ensureTree();
  const { tree, countAll, countDead, nb } = lb;
  let ta = lb.totalAll;
  let td = lb.totalDead;
  let c0 = counts[0]!;
  let c1 = counts[1]!;
  let k = i;
  do {
    const s = status[k]!;
    const b = rank[k]! >> bits;
    let sum = 0;
    for (let q = b; q > 0; q -= q & -q) sum += tree[q]!;
    const bd = Math.floor(sum / DEAD_UNIT);
    const ba = sum - bd * DEAD_UNIT;
    diff[k] = out[cursor[b]!++]! + td - 2 * bd + finalPart[b]! + s * (ta - 2 * ba);
    total[k] = tf - td + s * (ta - 1);
    c0 += s * (ta - ba);
    c1 += s * ba;
    ta += 1;
    td += s;
    countAll[b]!++;
    countDead[b]! += s;
    const packed = 1 + s * DEAD_UNIT;
    for (let q = b + 1; q <= nb; q += q & -q) tree[q]! += packed;
    k++;
  } while (k < end && (k + 1 === end || time[k + 1] !== time[k]));
  lb.totalAll = ta;
  lb.totalDead = td;
  counts[0] = c0;
  counts[1] = c1;
  return k;
}

/**
 * The rows [i, g) of one time, in R's order of operations (see concordanceBuckets.ts's header):
 * the censored rows, then the deaths, each in row order (the order their buckets' streams hold
 * them in). Adds the deaths' pair counts to `counts`. The rows are split by status first
 * (`splitByStatus`, into `scratch`), so that no loop branches on a row's status.
 */
// long: one loop like stratumPairs in concordance.ts, whose order of operations it repeats step for step
function timeRows(
  status: Uint8Array,
  rank: Int32Array,
  bits: number,
  i: number,
  g: number,
  cursor: Int32Array,
  finalPart: Int32Array,
  tf: number,
  out: Int32Array,
  inf: Influence,
  counts: Float64Array,
  lb: LowerBuckets,
  scratch: Int32Array,
): void {
  const { diff, total } = inf;
  const { belowAllOf, belowDeadOf } = lb;
  const nd = splitByStatus(status, i, g, scratch);
  const len = g - i;
  // a time with many rows asks prefix sums (one per phase), one with few the tree
  const tree = 8 * len < lb.nb;
  if (tree) lb.ensureTree();
  else lb.prefixes(); // the censored rows ask the event tree, which they do not change
  for (let j = 0; j < len - nd; j++) {
    const k = scratch[j]!;
    const b = rank[k]! >> bits;
    let bd: number;
    if (tree) {
      lb.query(b);
      bd = lb.belowDead;
    } else bd = belowDeadOf[b]!;
    const td = lb.totalDead;
    diff[k] = out[cursor[b]!++]! + td - 2 * bd + finalPart[b]!;
    total[k] = tf - td;
    lb.addAll(b, tree);
  }
  if (nd === 0) return;
  // a single death asks before it joins the event tree (its own +1 is in the header's
  // expansion), several deaths after they all joined it
  if (nd > 1) for (let j = len - nd; j < len; j++) lb.addDead(rank[scratch[j]!]! >> bits, tree);
  if (!tree) lb.prefixes();
  const ta = lb.totalAll;
  const td = lb.totalDead;
  const single = nd === 1 ? 1 : 0;
  let c0 = counts[0]!;
  let c1 = counts[1]!;
  for (let j = len - 1; j >= len - nd; j--) {
    const k = scratch[j]!;
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
    diff[k] = out[cursor[b]!++]! + ta + td - 2 * ba - 2 * bd + finalPart[b]!;
    total[k] = ta - td - single + tf;
    c0 += ta - ba;
    c1 += ba;
  }
  counts[0] = c0;
  counts[1] = c1;
  for (let j = len - nd; j < len; j++) {
    const b = rank[scratch[j]!]! >> bits;
    if (single === 1) lb.add(b, 1, tree);
    else lb.addAll(b, tree);
  }
}

/**
 * Splits the rows [i, g) by status without a branch on it: the censored rows go to the start of
 * `scratch` in row order, the deaths to its end in reverse row order (the last death at index
 * g − i − nDeaths). Returns the number of deaths.
 */
export function splitByStatus(status: Uint8Array, i: number, g: number, scratch: Int32Array): number {
  const last = g - i - 1;
  let nc = 0;
  let nd = 0;
  for (let k = i; k < g; k++) {
    const s = status[k]!;
    scratch[nc + s * (last - nd - nc)] = k;
    nc += 1 - s;
    nd += s;
  }
  return nd;
}
