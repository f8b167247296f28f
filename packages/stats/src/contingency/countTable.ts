import { StatsInputError } from '../errors.js';

/**
 * A validated r×c table of counts in row-major order, with its margins. Produced only by
 * {@link validateCountTable}, so kernels can rely on: every cell a finite non-negative integer,
 * `rowSums`/`colSums` exact, `total > 0`.
 */
export interface CountTable {
  readonly nRow: number;
  readonly nCol: number;
  /** Cell (i, j) is `cells[i * nCol + j]`. */
  readonly cells: Float64Array;
  readonly rowSums: Float64Array;
  readonly colSums: Float64Array;
  readonly total: number;
}

/**
 * Checks a table given as an array of rows and copies it into a {@link CountTable}.
 *
 * Rejects, naming the calling function and the cell: non-arrays, ragged rows, NaN/±Infinity,
 * negative or non-integer counts, fewer than 2 rows or columns, and an all-zero table. Cells
 * above 2^31 are refused because the exact tests index factorial tables by count.
 */
export function validateCountTable(fn: string, table: unknown): CountTable {
  if (!Array.isArray(table)) {
    throw new StatsInputError(fn, 'expected an array of rows (number[][])', { field: 'table' });
  }
  const nRow = table.length;
  if (nRow < 2) {
    throw new StatsInputError(fn, `has ${nRow} rows; expected at least 2`, { field: 'table' });
  }
  const first: unknown = table[0];
  if (!Array.isArray(first)) {
    throw new StatsInputError(fn, 'row 0 is not an array', { field: 'table' });
  }
  const nCol = first.length;
  if (nCol < 2) {
    throw new StatsInputError(fn, `has ${nCol} columns; expected at least 2`, { field: 'table' });
  }
  const cells = new Float64Array(nRow * nCol);
  const rowSums = new Float64Array(nRow);
  const colSums = new Float64Array(nCol);
  let total = 0;
  for (let i = 0; i < nRow; i++) {
    const row: unknown = table[i];
    if (!Array.isArray(row)) {
      throw new StatsInputError(fn, `row ${i} is not an array`, { field: 'table' });
    }
    if (row.length !== nCol) {
      throw new StatsInputError(fn, `ragged rows: row ${i} has ${row.length} cells, row 0 has ${nCol}`, {
        field: 'table',
      });
    }
    for (let j = 0; j < nCol; j++) {
      const v: unknown = row[j];
      const where = { field: `table[${i}][${j}]` };
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new StatsInputError(fn, `count is ${String(v)}; expected a non-negative integer`, where);
      }
      if (!Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
        throw new StatsInputError(fn, `count is ${v}; expected a non-negative integer`, where);
      }
      if (v > 2 ** 31 - 1) {
        throw new StatsInputError(fn, `count ${v} exceeds 2^31 - 1`, where);
      }
      cells[i * nCol + j] = v;
      rowSums[i]! += v;
      colSums[j]! += v;
      total += v;
    }
  }
  if (total === 0) {
    throw new StatsInputError(fn, 'all counts are zero', { field: 'table' });
  }
  return { nRow, nCol, cells, rowSums, colSums, total };
}

/**
 * Removes all-zero rows and columns (they carry no information for Fisher's test and make
 * Pearson's expected counts zero), then requires at least 2 non-empty rows and columns.
 */
export function dropEmptyMargins(fn: string, t: CountTable): CountTable {
  const keepRows: number[] = [];
  const keepCols: number[] = [];
  for (let i = 0; i < t.nRow; i++) if (t.rowSums[i]! > 0) keepRows.push(i);
  for (let j = 0; j < t.nCol; j++) if (t.colSums[j]! > 0) keepCols.push(j);
  if (keepRows.length < 2 || keepCols.length < 2) {
    throw new StatsInputError(
      fn,
      `has ${keepRows.length} × ${keepCols.length} non-empty rows × columns; expected at least 2 non-empty rows and 2 non-empty columns`,
      { field: 'table' },
    );
  }
  if (keepRows.length === t.nRow && keepCols.length === t.nCol) return t;
  const nRow = keepRows.length;
  const nCol = keepCols.length;
  const cells = new Float64Array(nRow * nCol);
  for (let a = 0; a < nRow; a++) {
    for (let b = 0; b < nCol; b++) cells[a * nCol + b] = t.cells[keepRows[a]! * t.nCol + keepCols[b]!]!;
  }
  return {
    nRow,
    nCol,
    cells,
    rowSums: Float64Array.from(keepRows, (i) => t.rowSums[i]!),
    colSums: Float64Array.from(keepCols, (j) => t.colSums[j]!),
    total: t.total,
  };
}

/** Expected counts under independence, E_ij = rowSum_i · colSum_j / n, in R's order of operations. */
export function expectedCounts(t: CountTable): Float64Array {
  const e = new Float64Array(t.nRow * t.nCol);
  for (let i = 0; i < t.nRow; i++) {
    for (let j = 0; j < t.nCol; j++) e[i * t.nCol + j] = (t.rowSums[i]! * t.colSums[j]!) / t.total;
  }
  return e;
}

/** Row-major flat array → readonly array of rows, for result objects. */
export function toRows(flat: Float64Array, nRow: number, nCol: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < nRow; i++) rows.push(Array.from(flat.subarray(i * nCol, (i + 1) * nCol)));
  return rows;
}
