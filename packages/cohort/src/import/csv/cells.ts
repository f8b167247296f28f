import type { VariableSpec } from '../../dictionary/schema.js';
import { type ImportIssue, makeIssue } from '../../errors.js';
import type { Column } from '../../table.js';
import { BAD, type CellReader } from '../cellReaders.js';
import type { CsvDelimiter } from '../detectFormat.js';
import { delimiterName } from '../detectFormat.js';
import { separatedValues } from './parseRecords.js';

/**
 * Stage 4a, rows: the patient records after the header, with their spreadsheet row numbers
 * (header = row 1). Blank rows are skipped (one warning counts them); a row whose number of values
 * differs from the header's is an error and is left out.
 */
export function dataRows(
  records: readonly string[][],
  width: number,
  delimiter: CsvDelimiter,
  errors: ImportIssue[],
  warnings: ImportIssue[],
): { dataRecords: string[][]; fileRows: Int32Array } {
  const dataRecords: string[][] = [];
  const fileRowList: number[] = [];
  let blank = 0;
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.every((cell) => cell.trim() === '')) {
      blank++;
      continue;
    }
    if (rec.length !== width) {
      errors.push(widthIssue(r + 1, rec.length, width, delimiter));
      continue;
    }
    dataRecords.push(rec);
    fileRowList.push(r + 1);
  }
  if (blank > 0 && dataRecords.length > 0) warnings.push(blankRowsIssue(blank));
  return { dataRecords, fileRows: Int32Array.from(fileRowList) };
}

/** A data row whose number of values differs from the header's (an error; the row is left out). */
export function widthIssue(row: number, length: number, width: number, delimiter: CsvDelimiter): ImportIssue {
  return makeIssue({
    row,
    problem: `the row has ${length} values but the header has ${width} columns`,
    expected: `${width} ${separatedValues(delimiter)} (quote values that contain ${delimiterName(delimiter)})`,
  });
}

/** The warning counting the blank rows that were skipped. */
export function blankRowsIssue(blank: number): ImportIssue {
  return makeIssue({
    problem: `${blank} blank ${blank === 1 ? 'row was' : 'rows were'} skipped`,
    expected: 'one row per patient',
  });
}

/** A cell its variable's reader cannot read (`cell` trimmed, as read). */
export function cellIssue(spec: VariableSpec, reader: CellReader, row: number, cell: string): ImportIssue {
  return makeIssue({
    row,
    column: spec.name,
    value: cell,
    problem: reader.problem(cell),
    expected: reader.expected,
  });
}

/** Stage 4b, cells: one column's cells read by its variable's type; every bad cell is an issue. */
export function readColumn(
  spec: VariableSpec,
  reader: CellReader,
  column: Column,
  records: readonly string[][],
  j: number,
  fileRows: Int32Array,
  errors: ImportIssue[],
): void {
  const n = records.length;
  // One typed target per column keeps the loop monomorphic (a 2 MB file has ~300 000 cells).
  const target: Int32Array | Float64Array = column.kind === 'codes' ? column.codes : column.values;
  for (let i = 0; i < n; i++) {
    const cell = records[i]![j]!.trim();
    const x = reader.read(cell);
    if (x === BAD) {
      errors.push(cellIssue(spec, reader, fileRows[i]!, cell));
    } else {
      target[i] = x;
    }
  }
}

/** Stage 4c, ids: the id column, each id non-empty and unique (a repeat names the first row). */
export function readIds(
  name: string,
  records: readonly string[][],
  j: number,
  fileRows: Int32Array,
  errors: ImportIssue[],
): string[] {
  const seen = new IdIndex();
  return records.map((rec, i) => checkId(name, rec[j]!.trim(), fileRows[i]!, seen, errors));
}

/** One patient id (trimmed): an issue when empty or seen before; `seen` maps ids to their row. */
export function checkId(name: string, id: string, row: number, seen: IdIndex, errors: ImportIssue[]): string {
  if (id === '') {
    errors.push(emptyIdIssue(name, row));
  } else if (seen.rowOf(id) !== undefined) {
    errors.push(repeatedIdIssue(name, id, row, seen.rowOf(id)!));
  } else {
    seen.add(id, row);
  }
  return id;
}

/** An empty patient id in `row`. */
export function emptyIdIssue(name: string, row: number): ImportIssue {
  return makeIssue({
    row,
    column: name,
    value: '',
    problem: 'the patient id is empty',
    expected: 'a unique id per row',
  });
}

/** Patient id `id` in `row` repeats the one first seen in `firstRow`. */
export function repeatedIdIssue(name: string, id: string, row: number, firstRow: number): ImportIssue {
  return makeIssue({
    row,
    column: name,
    value: id,
    problem: `patient id ${JSON.stringify(id)} repeats row ${firstRow}`,
    expected: 'a unique id per row',
  });
}

/**
 * The file row of each patient id seen so far. A V8 Map holds at most 2²⁴ (16.7 million) entries
 * and throws a RangeError past that, so the ids are spread over several maps of `shardSize` each: a
 * cohort of any length is checked, at the cost of one more lookup per 8 million ids.
 */
export class IdIndex {
  private readonly shards: Map<string, number>[] = [new Map()];

  constructor(private readonly shardSize = 1 << 23) {}

  rowOf(id: string): number | undefined {
    for (const shard of this.shards) {
      const row = shard.get(id);
      if (row !== undefined) return row;
    }
    return undefined;
  }

  add(id: string, row: number): void {
    let last = this.shards[this.shards.length - 1]!;
    if (last.size >= this.shardSize) {
      last = new Map();
      this.shards.push(last);
    }
    last.set(id, row);
  }
}
