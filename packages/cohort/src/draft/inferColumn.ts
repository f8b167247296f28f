import { inferDateFormat } from './inferDates.js';
import { isYesNo, levelLabel, orderLevels } from './levelOrder.js';
import type { DraftColumn, DraftDecision, DraftVariable, RawColumn } from './types.js';

/** Tokens read as missing wherever they occur (R's read.csv writes NA, SAS and Stata "."). */
export const MISSING_TOKENS: readonly string[] = [
  '',
  'NA',
  'N/A',
  'n/a',
  'na',
  '.',
  'NULL',
  'null',
  'NaN',
  '#N/A',
];

/** Codes that often stand for "unknown" in clinical files, when outside the range of the other values. */
const SENTINELS = [9, 99, 999, 9999, -1, -9, -99, -999];

/** Words that mean a value is not known, drafted as missing codes rather than levels. */
const UNKNOWN_WORD = /^(unknown|unk|not known|missing|n\/k)$/i;

/** A name the dictionary accepts (the same rule as its schema). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** Names of a patient identifier ("patient" and "subject" alone too: as a number it would be a covariate). */
const ID_NAME =
  /^(id|pid|patid|mrn|patient([_.]?(id|no|nr|number))?|subj(ect)?([_.]?(id|no|nr))?|record[_.]?id|study[_.]?id|case[_.]?id|seq[_.]?no|.*[_.]id)$/i;

/** Identifiers of a site, a centre or a family repeat by design: they are not patients' ids. */
const CLUSTER_NAME =
  /^(site|cent|hosp|inst|clinic|cluster|fam|practice|region|country|ward|doctor|physician|surgeon)/i;

/** At most this many distinct integer values within this span make codes (0–3, 1/2) rather than a measurement (Karnofsky 50–100). */
const MAX_CODES = 6;
const MAX_CODE_SPAN = 10;
/** At most this many distinct words make a categorical column rather than free text. */
const MAX_WORDS = 12;

export interface ColumnInference {
  readonly column: DraftColumn;
  readonly decisions: readonly DraftDecision[];
  /** Missing tokens that occur in the column (for the dictionary's `missingValues`). */
  readonly missingSeen: readonly string[];
  /** How many cells are missing (missing tokens or empty). */
  readonly nMissing: number;
}

/** A cell as a number (a decimal comma only when the file uses them), else NaN. */
export const toNumber = (v: string, decimalComma: boolean): number =>
  /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/.test(v) && (decimalComma || !v.includes(','))
    ? Number(v.replace(',', '.'))
    : Number.NaN;

function countValues(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * Drafts one column: missing tokens first, then a date, an identifier, numbers (codes, or a
 * measurement, with sentinel codes such as 999 taken as missing when outside the others' range),
 * yes/no words, categories or free text. Every choice that is not certain carries a guess.
 */
export function inferColumn(raw: RawColumn, decimalComma: boolean): ColumnInference {
  const { name } = raw;
  const missingSeen = [...new Set(raw.values.filter((v) => MISSING_TOKENS.includes(v)))];
  const present = raw.values.filter((v) => !MISSING_TOKENS.includes(v));
  const decisions: DraftDecision[] = [];
  const ignored = (reason: string): ColumnInference => ({
    column: { role: 'ignored', name, reason },
    decisions: [{ subject: name || '(unnamed column)', message: reason }],
    missingSeen: [],
    nMissing: raw.values.length - present.length,
  });
  if (present.length === 0)
    return ignored(`every value of \`${name}\` is missing; left out of the dictionary`);
  const label = raw.known?.label ?? name;
  const nMissing = raw.values.length - present.length;
  const missingNote = nMissing > 0 ? `; ${nMissing} missing` : '';
  const variable = (v: DraftVariable): ColumnInference => ({
    column: { role: 'variable', name, variable: v },
    decisions,
    missingSeen,
    nMissing,
  });

  if (raw.known?.levels !== undefined)
    return variable({
      type: 'categorical',
      name,
      label,
      levels: raw.known.levels,
      order: 'file',
      guesses: [],
    });
  if (raw.known?.date === true)
    return variable({ type: 'date', name, label, format: 'YYYY-MM-DD', guesses: [] });

  const dates = inferDateFormat(present);
  if (dates !== null) {
    const guesses: string[] = [];
    if (!dates.decided) {
      const message = `date format of \`${name}\` is undecidable (no day above 12): drafted as DD/MM/YYYY; change to MM/DD/YYYY if months come first`;
      guesses.push('day/month order undecidable from the data; DD/MM/YYYY assumed');
      decisions.push({ subject: name, message });
    }
    return variable({ type: 'date', name, label, format: dates.format, guesses });
  }

  const distinct = new Set(present);
  // An identifier that repeats means several rows per patient (survival::diabetic has one row per
  // eye, kidney one per catheter): as a number it would enter Table 1 and the Cox models as a
  // covariate, and the report's one-row-per-patient methods would not hold.
  if (ID_NAME.test(name) && !CLUSTER_NAME.test(name) && distinct.size < present.length)
    return ignored(
      `\`${name}\` names patients but repeats (${distinct.size} distinct values in ${present.length} rows): more than one row per patient? The report assumes one row per patient; left out of the dictionary — keep one row per patient (or name it as the id once it is unique)`,
    );
  if (ID_NAME.test(name) && nMissing === 0 && present.length > 1)
    return {
      column: {
        role: 'id',
        name,
        guesses: [`patient identifier: the name, and ${present.length} unique values`],
      },
      decisions: [],
      missingSeen,
      nMissing,
    };

  const drafted = inferValues({ name, label, present, decimalComma, decisions, missingNote });
  return typeof drafted === 'string' ? ignored(drafted) : variable(drafted);
}

interface ValuesContext {
  readonly name: string;
  readonly label: string;
  /** The non-missing cells. */
  readonly present: readonly string[];
  readonly decimalComma: boolean;
  readonly decisions: DraftDecision[];
  /** "; n missing", or '' — for the guesses. */
  readonly missingNote: string;
}

/**
 * Numbers (all, or all but a few distinct words read as missing), yes/no words, categories, or —
 * as a string, the reason — free text the dictionary leaves out.
 */
function inferValues(c: ValuesContext): DraftVariable | string {
  const { name, label, present, decimalComma, decisions, missingNote } = c;
  const distinct = new Set(present);
  const numbers = present.map((v) => toNumber(v, decimalComma));
  const numeric = numbers.filter((x) => Number.isFinite(x));
  if (numeric.length === present.length)
    return numericVariable(name, label, present, numbers, decisions, missingNote);

  // Mostly numbers with a few distinct words: the words are probably codes for "unknown".
  const words = [...new Set(present.filter((_, i) => !Number.isFinite(numbers[i]!)))];
  if (numeric.length >= 0.8 * present.length && words.length <= 3) {
    const rest = present.filter((_, i) => Number.isFinite(numbers[i]!));
    const drafted = numericVariable(
      name,
      label,
      rest,
      rest.map((v) => toNumber(v, decimalComma)),
      decisions,
      missingNote,
    );
    const shown = words.map((w) => JSON.stringify(w)).join(', ');
    decisions.push({
      subject: name,
      message: `\`${name}\` is numeric except ${shown} (${present.length - rest.length} values): drafted as missing; check`,
    });
    return {
      ...drafted,
      missing: [...new Set([...(drafted.missing ?? []), ...words])],
      guesses: [...drafted.guesses, `${shown} read as missing: the other values are numbers`],
    };
  }

  const unknown = [...distinct].filter((v) => UNKNOWN_WORD.test(v));
  if (unknown.length > 0 && unknown.length < distinct.size) {
    // "Unknown" is a missing value written out; Table 1 shows missing values as "Unknown" anyway.
    const known = present.filter((v) => !unknown.includes(v));
    const drafted = inferValues({ ...c, present: known });
    if (typeof drafted === 'string') return drafted;
    const shown = unknown.map((w) => JSON.stringify(w)).join(', ');
    decisions.push({
      subject: name,
      message: `\`${name}\`: ${shown} drafted as missing, not as a level; check`,
    });
    return {
      ...drafted,
      missing: [...new Set([...(drafted.missing ?? []), ...unknown])],
      guesses: [...drafted.guesses, `${shown} read as missing`],
    };
  }
  const counts = countValues(present);
  if (isYesNo([...distinct]))
    return { type: 'boolean', name, label, values: [...distinct], guesses: [`yes/no values${missingNote}`] };
  if (distinct.size <= MAX_WORDS && distinct.size <= Math.max(1, present.length / 2)) {
    const { levels, order } = orderLevels(counts);
    const guesses = [`${distinct.size} distinct values${missingNote}; levels ${orderText(order)}`];
    return { type: 'categorical', name, label, levels, order, guesses };
  }
  return distinct.size === present.length
    ? `\`${name}\` looks like free text or an identifier (${distinct.size} different values in ${present.length} rows); left out of the dictionary (the import ignores it)`
    : `\`${name}\` looks like free text (${distinct.size} different values); left out of the dictionary (the import ignores it); add it as categorical if it is one`;
}

export function orderText(order: string): string {
  switch (order) {
    case 'numeric':
      return 'in numeric order of the codes';
    case 'yes-no':
      return 'no before yes';
    case 'ordinal':
      return 'in the order of their ordinal scale';
    case 'frequency':
      return 'by frequency, most frequent first (no natural order found); reorder if there is one';
    default:
      return 'as the file labels them';
  }
}

/** Integer codes (few distinct values that repeat) or a measurement; a sentinel code becomes missing. */
function numericVariable(
  name: string,
  label: string,
  present: readonly string[],
  numbers: readonly number[],
  decisions: DraftDecision[],
  missingNote: string,
): DraftVariable {
  const sentinel = findSentinel(numbers);
  const guesses: string[] = [];
  let values = present;
  let xs = numbers;
  let missing: string[] | undefined;
  if (sentinel !== null) {
    const code = present[numbers.indexOf(sentinel)]!;
    const n = numbers.filter((x) => x === sentinel).length;
    values = present.filter((_, i) => numbers[i] !== sentinel);
    xs = numbers.filter((x) => x !== sentinel);
    missing = [code];
    guesses.push(`${code} read as missing (${n} values): far outside the range of the others`);
    decisions.push({
      subject: name,
      message: `\`${name}\`: ${code} (${n} values) drafted as a missing-value code, being outside the range ${extent(xs).map(shortNumber).join('–')} of the rest; check`,
    });
  }
  const integer = xs.every(Number.isInteger);
  const distinct = new Set(values);
  const [min, max] = extent(xs);
  const codes =
    integer && distinct.size <= MAX_CODES && max - min <= MAX_CODE_SPAN && distinct.size * 2 <= values.length;
  // A site or centre number (lung's `inst`, 18 institutions coded 1–33) names a place, not an amount:
  // as a measurement it would enter the Cox models as a linear term in the code.
  const site = integer && CLUSTER_NAME.test(name) && distinct.size < values.length;
  if (codes || site) {
    const { levels } = orderLevels(countValues(values));
    guesses.unshift(
      site && !codes
        ? `${distinct.size} distinct integer codes${missingNote}, named like a site or centre: categorical, not a measurement; levels in numeric order`
        : `${distinct.size} distinct integer codes${missingNote}; levels in numeric order; labels are the codes — name them`,
    );
    return {
      type: 'categorical',
      name,
      label,
      levels: levels.map((l) => ({ ...l, label: levelLabel(l.value) })),
      order: 'numeric',
      guesses,
      ...(missing ? { missing } : {}),
    };
  }
  guesses.unshift(`numbers ${shortNumber(min)}–${shortNumber(max)}${missingNote}`);
  return {
    type: 'continuous',
    name,
    label,
    range: [min, max],
    integer,
    guesses,
    ...(missing ? { missing } : {}),
  };
}

/**
 * A sentinel for "unknown": one of 9, 99, 999, 9999 when above twice the largest other value, or a
 * negative code (−1, −9, −99, −999) when every other value is ≥ 0 — only when other values remain.
 */
export function findSentinel(numbers: readonly number[]): number | null {
  for (const s of SENTINELS) {
    if (!numbers.includes(s)) continue;
    const rest = numbers.filter((x) => x !== s);
    if (rest.length < 2) continue;
    const [min, max] = extent(rest);
    if (s > 0 ? s > 2 * max && max > 0 : min >= 0) return s;
  }
  return null;
}

/** A number for a comment: at most 4 decimals (26.2779, not 26.2778918548939). */
export function shortNumber(x: number): string {
  return String(Number(x.toFixed(4)));
}

/** Smallest and largest value, by a loop (spreading 100 000 values into Math.min overflows the stack). */
export function extent(xs: readonly number[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [min, max];
}
