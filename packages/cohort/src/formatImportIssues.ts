import type { ImportIssue } from './errors.js';

/**
 * Formats import problems for a person: a heading naming the file and the count, then one line
 * per problem in file order. Long lists are cut after `maxShown` lines with a count of the rest,
 * so that a file with a systematic error (every row wrong) still gives a readable message.
 *
 * @example
 * formatImportIssues(result.errors, 'cohort.csv');
 * // cohort.csv: 2 problems
 * //   - Row 4, column "age": "abc" is not a number; expected a number (years) between 0 and 120.
 * //   - Row 9, column "grade": "4" is not a level of Histological grading; expected one of "1", "2", "3", or a missing value ("", "NA", "Unknown").
 */
export function formatImportIssues(issues: readonly ImportIssue[], fileName?: string, maxShown = 50): string {
  const name = fileName ?? 'input';
  if (issues.length === 0) return `${name}: no problems`;
  const sorted = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const shown = sorted.slice(0, maxShown).map((i) => `  - ${i.message}`);
  const rest = sorted.length - shown.length;
  if (rest > 0) shown.push(`  ... and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return `${name}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}\n${shown.join('\n')}`;
}
