/**
 * The replay of one rank bucket's stream for the bucketed concordance (concordanceBuckets.ts, whose
 * header gives the expansion these within-bucket parts belong to), and the layout of its records.
 */

export const BUCKET_BITS = 11;
export const BUCKET = 1 << BUCKET_BITS;
/** Record layout: rank within the bucket in the low bits, then the kind of row and a mark. */
export const KIND_SHIFT = 12;
export const CENSORED = 0;
export const SINGLE = 1;
export const MULTI = 2;
/** Marks the first of a time's several deaths in its bucket's stream (kind MULTI | 4 = 6). */
export const FIRST = 1 << 14;
/** Slots of `within`: Σ bA and Σ eA (within-bucket parts) over the deaths. */
export const SUM_BELOW = 0;
export const SUM_EQUAL = 1;
/** Start of the per-rank counts in `replayWide`'s interleaved tree. */
const NODE = 2 * (BUCKET + 1);
/** Int32 values of the `tree` work array `replayBucket` takes. */
export const REPLAY_TREE_SIZE = NODE + 2 * BUCKET;
/**
 * Buckets of fewer rows than this take `replayPacked`: no count of such a bucket reaches 2¹⁵, so
 * a risk-set count and an event count share one 32-bit integer (event count in the high half).
 */
const PACKED_MAX_ROWS = 1 << 15;
const HALF = 16;
const LOW = (1 << HALF) - 1;
/** Start of the per-rank counts in `replayPacked`'s tree. */
const PACKED_NODE = BUCKET + 1;

/**
 * Replays one bucket's stream [from, to): writes per record the within-bucket part of its row's
 * diff (see concordanceBuckets.ts's header: −2bD − eD, and −2bA − eA too for a death, at its
 * query; then 2fB + fE from the final event tree) and adds the deaths' within-bucket bA and eA to
 * `within`. `tree`: `REPLAY_TREE_SIZE` values of work space.
 */
export function replayBucket(
  rec: Int32Array,
  from: number,
  to: number,
  out: Int32Array,
  tree: Int32Array,
  within: Float64Array,
): void {
  if (to - from < PACKED_MAX_ROWS) replayPacked(rec, from, to, out, tree, within);
  else replayWide(rec, from, to, out, tree, within);
}

/**
 * `replayBucket` for a bucket of fewer than 2¹⁵ rows (nearly every bucket unless many rows share a
 * linear predictor): one Fenwick tree whose every slot holds both sums, the event count times 2¹⁶
 * plus the risk-set count. A walk then reads or updates one 32-bit value per level where the
 * interleaved tree of `replayWide` touches two, the tree is half the size (16 KB, in the first
 * level cache), and the two sums are exact integers either way. Slots 1..BUCKET are the tree,
 * `PACKED_NODE` + r the counts at rank r.
 */
function replayPacked(
  rec: Int32Array,
  from: number,
  to: number,
  out: Int32Array,
  tree: Int32Array,
  within: Float64Array,
): void {
  tree.fill(0, 0, PACKED_NODE + BUCKET);
  let sumBelow = 0;
  let sumEqual = 0;
  let q = from;
  while (q < to) {
    const code = rec[q]!;
    const kind = code >> KIND_SHIFT;
    // (an unmarked MULTI record only ever follows another death of its time in this bucket)
    if (q + 1 === to || rec[q + 1]! >> KIND_SHIFT !== MULTI) {
      // s = 1 for a death (asks both sums, joins both), 0 for a censored row (asks the event sum,
      // joins the risk set): one expression, no branch on a random status. A death that is the
      // only one of its time in this bucket though its time has several (a marked MULTI record
      // with no unmarked one after it; most of them when times are tied) is a single death that
      // joined the event sums before asking: the same expression with its own 1 in eD.
      const s = +(kind !== CENSORED);
      const own = kind >> 2; // 1 for MULTI | FIRST, 0 for SINGLE and CENSORED
      const r = code & (BUCKET - 1);
      let sum = 0;
      for (let i = r; i > 0; i -= i & -i) sum += tree[i]!;
      const node = tree[PACKED_NODE + r]!;
      const sa = sum & LOW;
      const eqAll = node & LOW;
      out[q] = -2 * (sum >> HALF) - (node >> HALF) - own - s * (2 * sa + eqAll);
      sumBelow += s * sa;
      sumEqual += s * eqAll;
      addPacked(tree, r, 1 | (s << HALF));
      q++;
      continue;
    }
    // several deaths of one time: this record and the following unmarked MULTI records join the
    // event sums, ask, then join the risk set
    let e = q + 1;
    while (e < to && rec[e]! >> KIND_SHIFT === MULTI) e++;
    for (let k = q; k < e; k++) addPacked(tree, rec[k]! & (BUCKET - 1), 1 << HALF);
    for (let k = q; k < e; k++) {
      const r = rec[k]! & (BUCKET - 1);
      let sum = 0;
      for (let i = r; i > 0; i -= i & -i) sum += tree[i]!;
      const node = tree[PACKED_NODE + r]!;
      const sa = sum & LOW;
      const eqAll = node & LOW;
      out[k] = -2 * (sum >> HALF) - (node >> HALF) - 2 * sa - eqAll;
      sumBelow += sa;
      sumEqual += eqAll;
    }
    for (let k = q; k < e; k++) addPacked(tree, rec[k]! & (BUCKET - 1), 1);
    q = e;
  }
  within[SUM_BELOW]! += sumBelow;
  within[SUM_EQUAL]! += sumEqual;
  // the final event tree's 2fB + fE per rank, in place of the counts (no longer read)
  let below = 0;
  for (let r = 0; r < BUCKET; r++) {
    const dead = tree[PACKED_NODE + r]! >> HALF;
    tree[PACKED_NODE + r] = 2 * below + dead;
    below += dead;
  }
  for (let k = from; k < to; k++) out[k]! += tree[PACKED_NODE + (rec[k]! & (BUCKET - 1))]!;
}

function addPacked(tree: Int32Array, r: number, inc: number): void {
  tree[PACKED_NODE + r]! += inc;
  for (let i = r + 1; i <= BUCKET; i += i & -i) tree[i]! += inc;
}

/**
 * `replayBucket` for a bucket of any size, with a Fenwick tree over its ranks. `tree` interleaves
 * the risk-set ("all") and event ("dead") sums: slots 2i and 2i + 1 of the Fenwick tree for
 * i = 1..BUCKET, then from `NODE` the per-rank counts of both (2r and 2r + 1). Interleaved, a
 * death's two queries and a single death's two additions are one walk each over one cache line
 * per level, where two separate trees took two walks. Writes per record the within-bucket part
 * of its row's diff (see the header: −2bD − eD, and −2bA − eA too for a death, at its query; then
 * 2fB + fE from the final event tree).
 */
function replayWide(
  rec: Int32Array,
  from: number,
  to: number,
  out: Int32Array,
  tree: Int32Array,
  within: Float64Array,
): void {
  tree.fill(0, 0, NODE + 2 * BUCKET);
  let sumBelow = 0;
  let sumEqual = 0;
  let q = from;
  while (q < to) {
    const code = rec[q]!;
    const kind = code >> KIND_SHIFT;
    const r = code & (BUCKET - 1);
    if (kind <= SINGLE) {
      // s = 1 for a single death (asks both trees, joins both), 0 for a censored row (asks the
      // event tree, joins the risk set): one expression, no branch on a random status
      const s = kind;
      let sa = 0;
      let sd = 0;
      for (let i = r; i > 0; i -= i & -i) {
        sa += tree[2 * i]!;
        sd += tree[2 * i + 1]!;
      }
      const eqAll = tree[NODE + 2 * r]!;
      out[q] = -2 * sd - tree[NODE + 2 * r + 1]! - s * (2 * sa + eqAll);
      sumBelow += s * sa;
      sumEqual += s * eqAll;
      tree[NODE + 2 * r]!++;
      tree[NODE + 2 * r + 1]! += s;
      for (let i = r + 1; i <= BUCKET; i += i & -i) {
        tree[2 * i]!++;
        tree[2 * i + 1]! += s;
      }
      q++;
    } else {
      // several deaths of one time: this record and the following unmarked MULTI records
      let e = q + 1;
      while (e < to && rec[e]! >> KIND_SHIFT === MULTI) e++;
      for (let k = q; k < e; k++) add(tree, rec[k]! & (BUCKET - 1), 1);
      for (let k = q; k < e; k++) {
        const rk = rec[k]! & (BUCKET - 1);
        let sa = 0;
        let sd = 0;
        for (let i = rk; i > 0; i -= i & -i) {
          sa += tree[2 * i]!;
          sd += tree[2 * i + 1]!;
        }
        const eqAll = tree[NODE + 2 * rk]!;
        out[k] = -2 * sd - tree[NODE + 2 * rk + 1]! - 2 * sa - eqAll;
        sumBelow += sa;
        sumEqual += eqAll;
      }
      for (let k = q; k < e; k++) add(tree, rec[k]! & (BUCKET - 1), 0);
      q = e;
    }
  }
  within[SUM_BELOW]! += sumBelow;
  within[SUM_EQUAL]! += sumEqual;
  finalEvents(rec, from, to, out, tree);
}

/** One unit at rank r into the interleaved tree's sums of `kind` (0 all, 1 dead). */
function add(tree: Int32Array, r: number, kind: 0 | 1): void {
  tree[NODE + 2 * r + kind]!++;
  for (let i = r + 1; i <= BUCKET; i += i & -i) tree[2 * i + kind]!++;
}

/**
 * Adds 2fB + fE of the final event tree to every record of [from, to): the event counts as a
 * prefix sum over the bucket's ranks, written into the "all" count slots (no longer read) so that
 * a rank's two numbers share a cache line.
 */
function finalEvents(rec: Int32Array, from: number, to: number, out: Int32Array, tree: Int32Array): void {
  let below = 0;
  for (let r = 0; r < BUCKET; r++) {
    tree[NODE + 2 * r] = below;
    below += tree[NODE + 2 * r + 1]!;
  }
  for (let k = from; k < to; k++) {
    const r = rec[k]! & (BUCKET - 1);
    out[k]! += 2 * tree[NODE + 2 * r]! + tree[NODE + 2 * r + 1]!;
  }
}
