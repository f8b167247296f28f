import type { DraftLevel, LevelOrder } from './types.js';

/** Words read as yes/no (compared in lower case); a column of only these becomes a boolean. */
const YES = ['yes', 'y', 'true'];
const NO = ['no', 'n', 'false'];

/** Ordinal scales whose words give the levels' order (lower case; alternatives at one rank). */
const SCALES: readonly (readonly (readonly string[])[])[] = [
  [['low'], ['medium', 'moderate', 'intermediate', 'mid'], ['high']],
  [['none', 'absent'], ['mild', 'slight'], ['moderate'], ['severe', 'marked']],
  [
    ['i', '1'],
    ['ii', '2'],
    ['iii', '3'],
    ['iv', '4'],
  ],
  [['never'], ['former', 'ex', 'past'], ['current']],
  [
    ['negative', 'neg'],
    ['positive', 'pos'],
  ],
  [
    ['pre', 'premenopausal'],
    ['peri', 'perimenopausal'],
    ['post', 'postmenopausal'],
  ],
  [['well'], ['moderately'], ['poorly']],
];

export function isYesNo(values: readonly string[]): boolean {
  return (
    values.length > 0 && values.every((v) => YES.includes(v.toLowerCase()) || NO.includes(v.toLowerCase()))
  );
}

export function isNumericCode(value: string): boolean {
  return /^[-+]?\d+(\.\d+)?$/.test(value);
}

/** "recurrence_or_death" → "Recurrence or death"; codes and mixed-case words are kept as written. */
export function levelLabel(value: string): string {
  if (!/^[a-z][a-z0-9_ ]*$/.test(value)) return value;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * Orders the distinct values of a categorical column: numeric codes (also after one shared prefix,
 * "ECOG 0") in numeric order, no before yes,
 * the words of a known ordinal scale (low/medium/high, none/mild/moderate/severe, I–IV, …) in the
 * scale's order, otherwise by frequency (most frequent first, so the default reference is the largest
 * group; ties alphabetical).
 */
export function orderLevels(counts: ReadonlyMap<string, number>): {
  levels: DraftLevel[];
  order: LevelOrder;
} {
  const values = [...counts.keys()];
  const make = (sorted: string[], order: LevelOrder) => ({
    levels: sorted.map((value) => ({ value, label: levelLabel(value) })),
    order,
  });
  if (values.every(isNumericCode))
    return make(
      values.sort((a, b) => Number(a) - Number(b)),
      'numeric',
    );
  // Words ending in a number after one shared prefix ("ECOG 0", "ECOG 1", "Stage 2") are codes too.
  const coded = values.map((v) => /^(.*?)(\d+(?:\.\d+)?)$/.exec(v));
  if (coded.every((m) => m !== null && m[1] === coded[0]![1]))
    return make(
      values.sort((a, b) => Number(/[\d.]+$/.exec(a)![0]) - Number(/[\d.]+$/.exec(b)![0])),
      'numeric',
    );
  if (isYesNo(values)) {
    const rank = (v: string) => (NO.includes(v.toLowerCase()) ? 0 : 1);
    return make(
      values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
      'yes-no',
    );
  }
  for (const scale of SCALES) {
    const rank = (v: string) => scale.findIndex((words) => words.includes(v.toLowerCase()));
    if (values.every((v) => rank(v) >= 0) && new Set(values.map(rank)).size === values.length)
      return make(
        values.sort((a, b) => rank(a) - rank(b)),
        'ordinal',
      );
  }
  return make(
    values.sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b)),
    'frequency',
  );
}
