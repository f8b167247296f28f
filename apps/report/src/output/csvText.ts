// The CSV dialect of every --csv file: RFC 4180 quoting, "NA" for a missing or non-finite number
// (what R's write.csv writes), raw numbers unrounded so the files can be re-analysed.

/** One cell before quoting. */
export type CsvValue = string | number | boolean | null | undefined;

function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return 'NA';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NA';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header and its rows as CSV text, one line per row and a final newline. */
export function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
