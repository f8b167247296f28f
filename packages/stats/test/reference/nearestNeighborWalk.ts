/**
 * The oracle of the matching kernel's tests: MatchIt's `nn_matchC_vec` (MatchIt 4.5.4–4.5.5,
 * src/nn_matchC_vec.cpp) transcribed step by step, walking one sorted position at a time as the
 * C++ does. This was the engine's kernel until the walk's O(n²) worst case showed at 10⁶ rows;
 * `nearestNeighborKernel` must make exactly its choices.
 */
// long: a step-by-step transcription of nn_matchC_vec, one function as the C++ is, so that the two
// can be read side by side (MatchIt's version differences: see nearestNeighborKernel's header).
export function nearestNeighborWalk(
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
  let first = ts.indexOf(0);
  let last = ts.lastIndexOf(0);
  let treatedLeft = n1;
  let controlsLeft = n - n1;

  const already = (row: number, r: number, j: number): boolean => {
    const unit = sortedPos[j]!;
    for (let c = 0; c < r; c++) if (mm[row * ratio + c] === unit) return true;
    return false;
  };
  /** The first acceptable control from `ii` stepping by `step`, or -1 (find_left/find_right). */
  const walk = (ii: number, row: number, r: number, step: 1 | -1): number => {
    for (let k = ii + step; step < 0 ? k >= first : k <= last; k += step) {
      if (ts[k] === 1 || !usable[k] || already(row, r, k)) continue;
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
      }
      if (treatedLeft === 0 || controlsLeft === 0) return mm;
      while (!(ts[first] === 0 && usable[first])) first++;
      while (!(ts[last] === 0 && usable[last])) last--;
    }
  }
  return mm;
}
