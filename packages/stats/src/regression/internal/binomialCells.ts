/**
 * The cells of a binomial GLM's data: groups of rows identical in every design column, in the
 * outcome and in the prior weight. Such rows share η, μ, the working response and the working
 * weight at every IRLS step of `glm.fit`, so c identical rows of prior weight w enter the weighted
 * least squares exactly as one row of weight c·w, and their deviance as that row's times c: the
 * fit on the cells is the fit on the rows, up to rounding (the QR sees √(c·w)-scaled rows instead
 * of c copies; the sums are grouped). A design of categorical variables has a few hundred cells
 * at any n — the propensity model of a 10⁶-patient cohort then costs a fit of hundreds of rows.
 *
 * Preconditions: `x` column-major n×p and finite; `y`, `w` finite (as `binomialIrls`).
 */
import { type IrlsFrom, mustartEta } from './binomialIrls.js';

/** The cells, and the cell of each row. */
export interface BinomialCells {
  readonly count: number;
  /** One representative row per cell, column-major count×p. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The prior weight of each of the cell's rows (glm.fit's start reads it). */
  readonly w: Float64Array;
  /** Rows in the cell. */
  readonly size: Float64Array;
  readonly cellOf: Int32Array;
}

/** murmur3's 32-bit mixing step. */
function mix(h: number, v: number): number {
  let k = Math.imul(v, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  const g = (h ^ Math.imul(k, 0x1b873593)) >>> 0;
  return (Math.imul((g << 13) | (g >>> 19), 5) + 0xe6546b64) >>> 0;
}

/** A hash of each row's bits over the columns, computed column by column (contiguous reads). */
function rowHashes(cols: readonly Float64Array[], n: number): Uint32Array {
  const h = new Uint32Array(n);
  for (const col of cols) {
    const bits = new Uint32Array(col.buffer, col.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) h[i] = mix(mix(h[i]!, bits[2 * i]!), bits[2 * i + 1]!);
  }
  for (let i = 0; i < n; i++) {
    let v = h[i]!;
    v = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
    v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
    h[i] = (v ^ (v >>> 16)) >>> 0;
  }
  return h;
}

/**
 * Groups the rows into cells (open addressing on the row hash, rows compared value by value), or
 * `null` as soon as there are more than `maxCells`: then grouping saves too little to be worth it.
 */
export function binomialCells(
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array,
  maxCells: number,
): BinomialCells | null {
  const cols = [y, w];
  for (let j = 0; j < p; j++) cols.push(x.subarray(j * n, (j + 1) * n));
  const hash = rowHashes(cols, n);
  let size = 1;
  while (size < 2 * maxCells + 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const first: number[] = []; // the first row of each cell
  const cellOf = new Int32Array(n);
  const same = (a: number, b: number): boolean => {
    for (const col of cols) if (col[a] !== col[b]) return false;
    return true;
  };
  for (let i = 0; i < n; i++) {
    let slot = hash[i]! & (size - 1);
    let cell = table[slot]!;
    while (cell >= 0 && !same(first[cell]!, i)) {
      slot = (slot + 1) & (size - 1);
      cell = table[slot]!;
    }
    if (cell < 0) {
      if (first.length === maxCells) return null;
      cell = first.length;
      first.push(i);
      table[slot] = cell;
    }
    cellOf[i] = cell;
  }
  const g = first.length;
  const cx = new Float64Array(g * p);
  for (let j = 0; j < p; j++) for (let c = 0; c < g; c++) cx[j * g + c] = x[j * n + first[c]!]!;
  const rows = new Float64Array(g);
  for (let i = 0; i < n; i++) rows[cellOf[i]!] = rows[cellOf[i]!]! + 1;
  return {
    count: g,
    x: cx,
    y: Float64Array.from(first, (i) => y[i]!),
    w: Float64Array.from(first, (i) => w[i]!),
    size: rows,
    cellOf,
  };
}

/** Per-row values of a per-cell array. */
export function expandCells(cells: BinomialCells, v: Float64Array): Float64Array {
  const out = new Float64Array(cells.cellOf.length);
  for (let i = 0; i < out.length; i++) out[i] = v[cells.cellOf[i]!]!;
  return out;
}

/**
 * The rows the IRLS fits: the data's own, or its cells when there are at most a quarter as many —
 * each cell then a row of prior weight (rows in it) × (its rows' weight), glm.fit's start computed
 * from its rows' own weight, and the deviance summed over the data's rows.
 */
export interface FitRows {
  readonly x: Float64Array;
  readonly m: number;
  readonly y: Float64Array;
  readonly w: Float64Array;
  readonly from: IrlsFrom;
  readonly cells: BinomialCells | null;
}

export function fitRows(x: Float64Array, n: number, p: number, y: Float64Array, w: Float64Array): FitRows {
  const cells = binomialCells(x, n, p, y, w, Math.floor(n / 4));
  if (cells === null) return { x, m: n, y, w, from: {}, cells };
  return {
    x: cells.x,
    m: cells.count,
    y: cells.y,
    w: Float64Array.from(cells.size, (c, k) => c * cells.w[k]!),
    from: { etaStart: mustartEta(cells.y, cells.w), cells: { cellOf: cells.cellOf, rowWeight: cells.w } },
    cells,
  };
}
