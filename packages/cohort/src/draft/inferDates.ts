import type { DateFormat } from './types.js';

/** The date format of a column's values, or why it is not one; null when they are not all dates. */
export type DateInference =
  | { readonly format: DateFormat; readonly decided: true }
  /** Every day and month is ≤ 12: the data cannot tell day/month from month/day. */
  | { readonly format: DateFormat; readonly decided: false }
  | null;

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DOTS = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const valid = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;

/**
 * Decides the format the import's date reader needs: ISO (YYYY-MM-DD), DD.MM.YYYY, or for a/b/YYYY
 * day/month against month/day from the data — a first part above 12 can only be a day, a second
 * part above 12 only a day too; when neither occurs the column is undecidable (DD/MM/YYYY is
 * drafted and the decision left to a person); when both occur the values are not one format.
 */
export function inferDateFormat(values: readonly string[]): DateInference {
  if (values.length === 0) return null;
  if (values.every((v) => ISO.test(v) && valid(Number(ISO.exec(v)![2]), Number(ISO.exec(v)![3]))))
    return { format: 'YYYY-MM-DD', decided: true };
  if (values.every((v) => DOTS.test(v) && valid(Number(DOTS.exec(v)![2]), Number(DOTS.exec(v)![1]))))
    return { format: 'DD.MM.YYYY', decided: true };
  if (!values.every((v) => SLASH.test(v))) return null;
  const parts = values.map((v) => SLASH.exec(v)!.slice(1, 3).map(Number) as [number, number]);
  if (parts.some(([a, b]) => a < 1 || b < 1 || a > 31 || b > 31)) return null;
  const firstIsDay = parts.some(([a]) => a > 12);
  const secondIsDay = parts.some(([, b]) => b > 12);
  if (firstIsDay && secondIsDay) return null;
  if (firstIsDay) return { format: 'DD/MM/YYYY', decided: true };
  if (secondIsDay) return { format: 'MM/DD/YYYY', decided: true };
  return { format: 'DD/MM/YYYY', decided: false };
}
