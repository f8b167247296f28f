/**
 * The last sort of `prepareCoxData`, kept for the next model on the same times.
 *
 * A report fits many Cox models to one endpoint over the same patients: a univariable model per
 * covariate, the multivariable model and its drop-one refits for the likelihood-ratio tests, the
 * interaction models of a forest plot — about thirty fits per endpoint on identical times. The
 * sort (and R's time fix on the sorted times) depends on the times alone, and at 10⁶ rows it is
 * about a fifth of a fit. So the stable order and the fixed sorted times of the last unstratified,
 * right-censored sort are kept with a copy of the times they came from, and reused when the next
 * call's times are the same values in the same positions (checked element by element: one
 * sequential pass, far cheaper than a sort). The reused arrays are the very ones a fresh sort
 * would give (a stable sort of equal keys), so results are bit-for-bit those of a fresh sort.
 *
 * The memo is held for the current job only (jobScoped.ts): it lives through a synchronous run of
 * fits and the garbage collector may free its memory afterwards, so a library user who fits one
 * model pays nothing but the copy.
 */
import { JobScoped } from './jobScoped.js';

/** Below this many rows a sort is cheaper than the copy and the comparison. */
const MEMO_MIN_ROWS = 4096;

interface SortMemo {
  /** The raw (unsorted) stop times the sort was made from, a private copy. */
  readonly key: Float64Array;
  readonly timefix: boolean;
  /** Stable permutation by stop time descending. */
  readonly order: Int32Array;
  /** The stop times in that order after the time fix (when `timefix`). */
  readonly time: Float64Array;
  /** Names this order for the covariate memo (coxColumnMemo.ts): a new id for every new sort kept. */
  readonly id: number;
  /** The inverse of `order` (row i's sorted position), made at the first request; null until then. */
  position: Int32Array | null;
  /** The previous memo's position array, rewritten for this order at the first request. */
  readonly spare: Int32Array | null;
  /** Status in input order of the last fit on this sort (a private copy), and in sorted order. */
  status: StatusMemo | null;
  /** The previous memo's status arrays, rewritten for this sort by `rememberStatus`. */
  readonly statusSpare: StatusMemo | null;
}

interface StatusMemo {
  readonly raw: Uint8Array;
  readonly sorted: Uint8Array;
}

const memo = new JobScoped<SortMemo>();
let lastId = 0;

/**
 * The id of the sort now remembered (0 when none): right after `recallSort` returned true or
 * `rememberSort` ran, the id of the order the caller holds.
 */
export function currentSortId(): number {
  return memo.get()?.id ?? 0;
}

/** Whether a sort of this many rows is worth remembering. */
export function memoWorthwhile(n: number): boolean {
  return n >= MEMO_MIN_ROWS;
}

/** Same values at the same positions (−0 equals +0, as in the sort; inputs hold no NaN). */
function sameTimes(a: Float64Array, b: Float64Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Copies the order and fixed sorted times of an earlier sort of exactly these times with the same
 * `timefix` into `order` and `time` (arrays the caller owns, of the times' length) and returns
 * true; false, with nothing written, when there is none.
 */
export function recallSort(
  rawTime: Float64Array,
  timefix: boolean,
  order: Int32Array,
  time: Float64Array,
): boolean {
  const m = memo.get();
  if (m === null || m.timefix !== timefix || !sameTimes(m.key, rawTime)) return false;
  order.set(m.order);
  time.set(m.time);
  return true;
}

/**
 * Keeps copies of a sort's result (the caller goes on to own and may change its arrays). The
 * copies overwrite the previous memo's own arrays when they have the same length: its arrays are
 * private (a recall hands out copies), and fresh pages cost more than the copy itself (about
 * 5 ms per MB on this kind of machine, 20 MB at 10⁶ rows).
 */
export function rememberSort(
  rawTime: Float64Array,
  timefix: boolean,
  order: Int32Array,
  time: Float64Array,
): void {
  const m = memo.get();
  if (m !== null && m.key.length === rawTime.length) {
    m.key.set(rawTime);
    m.order.set(order);
    m.time.set(time);
    const spare = m.position ?? m.spare;
    memo.set({
      key: m.key,
      timefix,
      order: m.order,
      time: m.time,
      id: ++lastId,
      position: null,
      spare,
      status: null,
      statusSpare: m.status ?? m.statusSpare,
    });
    return;
  }
  memo.set({
    key: rawTime.slice(),
    timefix,
    order: order.slice(),
    time: time.slice(),
    id: ++lastId,
    position: null,
    spare: null,
    status: null,
    statusSpare: null,
  });
}

/**
 * The inverse of the remembered order (`position[order[k]] = k`), or null when no sort is
 * remembered: right after `recallSort` returned true or `rememberSort` ran, that of the order the
 * caller holds. Read only, and only until the next `prepareCoxData` (a later sort of other times
 * rewrites this array for its own order). Made once per sort (a random write per row, as costly as
 * the covariate scatter that reads it), where each fit on the same sort made it again.
 */
export function sortPosition(): Int32Array | null {
  const m = memo.get();
  if (m === null) return null;
  if (m.position === null) {
    const n = m.order.length;
    const position = m.spare !== null && m.spare.length === n ? m.spare : new Int32Array(n);
    for (let k = 0; k < n; k++) position[m.order[k]!] = k;
    m.position = position;
  }
  return m.position;
}

/**
 * Copies the sorted status of the last fit on the remembered sort into `status` when that fit's
 * status in input order was `rawStatus` (compared element by element with its private copy) and
 * returns true; false, with nothing written, otherwise. The fits of one endpoint share their
 * events as they share their times, and the gather through the order is a random read per row
 * where the comparison and the copy are sequential.
 */
export function recallStatus(rawStatus: Uint8Array, status: Uint8Array): boolean {
  const kept = memo.get()?.status ?? null;
  if (kept === null || kept.raw.length !== rawStatus.length) return false;
  const n = rawStatus.length;
  for (let i = 0; i < n; i++) if (rawStatus[i] !== kept.raw[i]) return false;
  status.set(kept.sorted);
  return true;
}

/**
 * Keeps the status of a fit on the remembered sort (copies: the caller's arrays are its own), in
 * the arrays of the previous sort's status when there are some: two fresh arrays were 2 MB of new
 * pages per sort at 10⁶ rows, about 8 ms, several times the copy.
 */
export function rememberStatus(rawStatus: Uint8Array, status: Uint8Array): void {
  const m = memo.get();
  if (m === null) return;
  const kept = m.status ?? m.statusSpare;
  if (kept !== null && kept.raw.length === rawStatus.length) {
    kept.raw.set(rawStatus);
    kept.sorted.set(status);
    m.status = kept;
  } else m.status = { raw: rawStatus.slice(), sorted: status.slice() };
}
