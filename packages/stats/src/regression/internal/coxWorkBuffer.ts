/**
 * The one large work buffer of a Cox fit, and a spare kept for the next fit.
 *
 * Why: on this kind of machine (a VM) the first write to a freshly mapped page costs about
 * 5 ms per megabyte — at 10⁶ rows × 8 covariates the 64 MB covariate matrix alone took ≈ 0.3 s
 * of page faults, a quarter of a fit, before a single multiplication — and allocations above
 * glibc's 32 MB mmap ceiling are always fresh pages. A fit therefore takes one buffer that holds
 * the sorted covariates and, around them, every large scratch array of the fit (the sort's work
 * arrays, the concordance's ranks, influence columns and trees), instead of allocating each
 * separately, and `coxOrdinary` gives the buffer back when the fit is done. A report fits about
 * thirty models per endpoint on the same rows: every fit after the first writes into pages that
 * are already mapped.
 *
 * Ownership is exclusive: `takeWorkBuffer` hands the spare out at most once (a nested or
 * concurrent fit gets fresh memory), and only the owner returns it, after its last use. The
 * contents are never read before being written (callers treat the buffer as uninitialised).
 * The spare is held for the current job only (jobScoped.ts), as the sort memo: it survives a
 * synchronous run of fits and the garbage collector may free it afterwards.
 */
import { wasmBackedArray, wholeBuffer } from './coxWasmQuad.js';
import { JobScoped } from './jobScoped.js';

const spare = new JobScoped<Float64Array>();

/**
 * Fresh buffers are this much larger than asked: the next, somewhat larger fit (a report's models
 * grow from one covariate to ten, then to the time-dependent rows) then reuses this one. The
 * headroom is only address space until a fit writes there — the kernel maps a page on its first
 * write — whereas a new buffer for each larger fit paid every page's first write again (≈ 0.5 s per
 * 10⁶-row fit that outgrew the spare, several times per report thread).
 */
const HEADROOM = 1.5;

/**
 * A Float64Array of exactly `length` values whose contents are unspecified: the spare when it is
 * large enough (a small fit in a large spare writes only the pages it uses), otherwise fresh
 * memory with headroom.
 */
export function takeWorkBuffer(length: number): Float64Array {
  const s = spare.get();
  if (s !== null && s.length >= length) {
    spare.set(null);
    return s.length === length ? s : s.subarray(0, length);
  }
  // in a WebAssembly memory where there is one: the passes' outer products then run there (coxWasmQuad.ts)
  const fresh = Math.ceil(length * HEADROOM);
  return (wasmBackedArray(fresh) ?? new Float64Array(fresh)).subarray(0, length);
}

/** Gives a buffer from `takeWorkBuffer` back; the caller must not touch it afterwards. */
export function returnWorkBuffer(buffer: Float64Array): void {
  // all of its memory but a WebAssembly memory's scratch region
  const whole = wholeBuffer(buffer);
  const s = spare.get();
  if (s === null || s.length < whole.length) spare.set(whole);
}

/**
 * The main part holds at least this many values per row (plus 2): the radix sort needs 3, the
 * concordance 6 (two influence columns, the block tree and the node weights).
 */
export const WORK_COLUMNS = 6;

/** One fit's views of its work buffer: `main` first, the per-row arrays after it. */
export interface CoxWorkLayout {
  /** x (n×p) at its start, scratch around it: `PreparedCox.work`, handed back as a whole. */
  readonly main: Float64Array;
  /** Sorted stop times. */
  readonly time: Float64Array;
  /** Case weights in input order (sorted order too when all are 1). */
  readonly weight: Float64Array;
  /**
   * 3n values for the passes' eta, risk and per-row coefficients (coxPassSweeps.ts), and the row
   * scatter's positions before them.
   */
  readonly rows: Float64Array;
  /** The sort's permutation. */
  readonly order: Int32Array;
  /** Sorted status. */
  readonly status: Uint8Array;
  /**
   * Status in input order, zeroed: inside `main`, after the sort's work arrays (3n values) and
   * read only before the covariates are written there.
   */
  readonly rawStatus: Uint8Array;
}

/** Takes a work buffer for n rows and p covariates and cuts it into the fit's arrays. */
export function coxWorkLayout(n: number, p: number): CoxWorkLayout {
  const mainLength = n * Math.max(p, WORK_COLUMNS) + 2;
  const orderDoubles = Math.ceil(n / 2);
  const work = takeWorkBuffer(mainLength + 5 * n + orderDoubles + Math.ceil(n / 8));
  const { buffer, byteOffset } = work;
  let at = mainLength;
  const take = (length: number): Float64Array => {
    at += length;
    return work.subarray(at - length, at);
  };
  const time = take(n);
  const weight = take(n);
  const rows = take(3 * n);
  const order = new Int32Array(buffer, byteOffset + 8 * at, n);
  at += orderDoubles;
  return {
    main: work.subarray(0, mainLength),
    time,
    weight,
    rows,
    order,
    status: new Uint8Array(buffer, byteOffset + 8 * at, n),
    rawStatus: new Uint8Array(buffer, byteOffset + 24 * n, n).fill(0),
  };
}
