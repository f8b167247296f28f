/**
 * Greedy nearest-neighbour matching on a scalar distance: MatchIt's `nn_matchC_vec`
 * (src/nn_matchC_vec.cpp) as of MatchIt 4.5.4–4.5.5, making the same choices in the same order.
 *
 * Preconditions (checked by `nearestNeighborMatch`): `sortedPos` is the stable ascending order of
 * `distance` (R's `order(distance)`); `treatedOrder` lists treated row indices in the order they
 * choose (m.order); `z` is 0/1; `ratio` ≥ 1; `caliper` is in distance units or null.
 *
 * The rule, per round r = 1..ratio and per treated unit in `treatedOrder`: walk left and right
 * from the unit in the sorted distance, skipping treated units, controls no longer available and
 * controls this unit already has; the first candidate on a side that lies beyond the caliper ends
 * that side. The nearer of the two sides wins, the LEFT (smaller distance) one on a tie in
 * |difference| (`<=`). A unit that finds none leaves the matching. A control is unavailable once
 * used `reuseMax` times (1 without replacement). Matching stops when every treated unit is done
 * or every control is used.
 *
 * MatchIt 4.5.1 (the Debian package) compares a 0-based candidate index with the 1-based indices
 * it has stored when it skips "controls this unit already has"; from the second round on it then
 * skips the wrong control (a neighbour in data order) and, with replacement, reuses the same
 * control k times. MatchIt 4.5.3 fixed this (NEWS: "Fixed a bug when using method = "nearest"
 * with replace = TRUE and ratio greater than 1", commit c4d6401); this kernel follows the fix. 4.5.1–4.5.3
 * also call C's integer `abs` on the distance differences on Linux builds (|d| < 1 compares as 0, so the
 * left neighbour always wins and a caliper below 1 never binds), fixed by `std::abs` in 4.5.4; the
 * differences here are real-valued, as in 4.5.4–4.5.5.
 *
 * Cost: MatchIt walks one position at a time, so a walk crosses every treated unit and every used
 * control between a unit and its match — O(n²) in the worst case, and tens of seconds at 10⁶ rows,
 * where dense regions of the score run out of controls. Here each side jumps straight to the next
 * available control through a disjoint-set forest over the sorted positions (path halving; Tarjan
 * 1975): a position's parent points towards the next available control on that side, and using up
 * a control links it to its neighbour. The candidates visited, and so every choice, are the ones of
 * MatchIt's walk; the cost is O(n α(n)) plus the sort, and, with replacement, at most r skips of
 * controls the unit already has per walk.
 */

/** A union–find "next available control" finder on one side of the sorted distances. */
interface Side {
  /** parent[k + 1] for positions −1..n (−1 and n are the sentinels "none"), offset by one. */
  readonly parent: Int32Array;
}

/** The nearest available control at or beyond position `k` (−1 or n if none). */
function find(side: Side, k: number): number {
  const p = side.parent;
  let i = k + 1;
  while (p[i] !== i) {
    const up = p[p[i]!]!;
    p[i] = up;
    i = up;
  }
  return i - 1;
}

/** Forests for both directions: treated positions point past themselves from the start. */
function sides(ts: Uint8Array): { left: Side; right: Side } {
  const n = ts.length;
  const left = new Int32Array(n + 2);
  const right = new Int32Array(n + 2);
  left[0] = 0;
  right[0] = 0;
  left[n + 1] = n + 1;
  right[n + 1] = n + 1;
  for (let k = 0; k < n; k++) {
    left[k + 1] = ts[k] === 0 ? k + 1 : k;
    right[k + 1] = ts[k] === 0 ? k + 1 : k + 2;
  }
  return { left: { parent: left }, right: { parent: right } };
}

// long: the body of nn_matchC_vec's loops, kept together so the two can be read side by side
// (and MatchIt's version differences above checked against it).
export function nearestNeighborKernel(
  distance: Float64Array,
  z: Uint8Array,
  sortedPos: Int32Array,
  treatedOrder: Int32Array,
  ratio: number,
  reuseMax: number,
  caliper: number | null,
): Int32Array {
  const n = distance.length;
  const n1 = treatedOrder.length;
  // Position in the sorted order of each row, and the sorted distance/treatment.
  const posOf = new Int32Array(n);
  const ds = new Float64Array(n);
  const ts = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    posOf[sortedPos[j]!] = j;
    ds[j] = distance[sortedPos[j]!]!;
    ts[j] = z[sortedPos[j]!]!;
  }
  // Row of each treated unit in the match matrix: treated units in data order.
  const rowOf = new Int32Array(n).fill(-1);
  let t = 0;
  for (let i = 0; i < n; i++) if (z[i] === 1) rowOf[i] = t++;

  const mm = new Int32Array(n1 * ratio).fill(-1);
  const usable = new Uint8Array(n).fill(1); // can_be_matched, indexed by sorted position
  const timesMatched = new Int32Array(n);
  const { left, right } = sides(ts);
  let treatedLeft = n1;
  let controlsLeft = n - n1;

  const already = (row: number, r: number, j: number): boolean => {
    const unit = sortedPos[j]!;
    for (let c = 0; c < r; c++) if (mm[row * ratio + c] === unit) return true;
    return false;
  };
  /** find_left/find_right: the first acceptable control from `ii` stepping by `step`, or −1. */
  const walk = (ii: number, row: number, r: number, step: 1 | -1): number => {
    const side = step < 0 ? left : right;
    for (let k = find(side, ii + step); k >= 0 && k < n; k = find(side, k + step)) {
      // Only with replacement can a control this unit already has still be available.
      if (r > 0 && already(row, r, k)) continue;
      if (caliper !== null && Math.abs(ds[ii]! - ds[k]!) > caliper) return -1;
      return k;
    }
    return -1;
  };

  for (let r = 0; r < ratio; r++) {
    for (let i = 0; i < n1; i++) {
      const unit = treatedOrder[i]!;
      const ii = posOf[unit]!;
      if (!usable[ii]) continue;
      const row = rowOf[unit]!;
      const kl = walk(ii, row, r, -1);
      const kr = walk(ii, row, r, 1);
      let k: number;
      if (kl >= 0 && kr >= 0) k = Math.abs(ds[kl]! - ds[ii]!) <= Math.abs(ds[kr]! - ds[ii]!) ? kl : kr;
      else if (kl >= 0) k = kl;
      else if (kr >= 0) k = kr;
      else {
        usable[ii] = 0;
        treatedLeft--;
        if (treatedLeft === 0) return mm;
        continue;
      }
      mm[row * ratio + r] = sortedPos[k]!;
      if (++timesMatched[ii]! >= ratio) {
        usable[ii] = 0;
        treatedLeft--;
      }
      if (++timesMatched[k]! >= reuseMax) {
        usable[k] = 0;
        controlsLeft--;
        // Link the used control to its neighbours: later walks jump over it.
        left.parent[k + 1] = k;
        right.parent[k + 1] = k + 2;
      }
      if (treatedLeft === 0 || controlsLeft === 0) return mm;
    }
  }
  return mm;
}
