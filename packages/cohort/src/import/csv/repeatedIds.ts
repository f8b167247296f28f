import type { ImportIssue } from '../../errors.js';
import { repeatedIdIssue } from './cells.js';

/**
 * `checkId`'s repeats for a whole id column at once: every id equal to an earlier non-empty one,
 * named with the first one's row, in row order. Used where ids arrive by the million (the plain
 * path): a V8 Map of 10⁷ ids costs seconds of scattered memory access and breaks past 2²⁴
 * entries, whereas here the ids are hashed in order (FNV-1a over UTF-16 code units), the hashes
 * sorted by two stable radix passes of 16 bits, and only ids of equal hash compared as strings.
 * Empty ids are not ids (`checkId` reports them and never counts them).
 */
export function repeatedIds(
  name: string,
  ids: readonly string[],
  fileRows: Int32Array,
  errors: ImportIssue[],
): void {
  const n = ids.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hash(ids[i]!);
  const order = radixOrder(hashes);
  const found: { i: number; first: number }[] = [];
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && hashes[order[b]!] === hashes[order[a]!]) b++;
    // A run of equal hashes, in row order (the sort is stable): each id against those before it.
    for (let x = a + 1; x < b; x++) {
      const id = ids[order[x]!]!;
      if (id === '') continue;
      for (let y = a; y < x; y++) {
        if (ids[order[y]!] === id) {
          found.push({ i: order[x]!, first: order[y]! });
          break;
        }
      }
    }
    a = b;
  }
  found.sort((p, q) => p.i - q.i);
  for (const { i, first } of found)
    errors.push(repeatedIdIssue(name, ids[i]!, fileRows[i]!, fileRows[first]!));
}

function hash(id: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The indices 0…n−1 ordered by `keys`, ties in index order (LSD radix sort, two 16-bit digits). */
function radixOrder(keys: Uint32Array): Int32Array {
  const n = keys.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(1 << 16);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = order[i]!;
      next[counts[(keys[k]! >>> shift) & 0xffff]!++] = k;
    }
    [order, next] = [next, order];
  }
  return order;
}
