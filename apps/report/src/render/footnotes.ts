/**
 * Footnote marks assigned at render time. A table's cells name the notes they refer to by key
 * ("test:fisher", "firth"); the marks a, b, c … are given in the order the keys are first met reading
 * the rows left to right, top to bottom, so a reader meets "a" before "b" whatever notes a table has
 * and whoever added them.
 */

/** A note referred to from cells by `key`; its mark is assigned by first appearance. */
export interface MarkedNote {
  readonly key: string;
  readonly text: string;
}

export interface ResolvedNotes {
  /** The mark of each referenced key. */
  readonly marks: ReadonlyMap<string, string>;
  /** "a Pearson’s χ² test." … in mark order; notes no cell refers to are left out. */
  readonly lines: readonly string[];
}

/** a, b, …, z, aa, ab, … */
export function markLetter(index: number): string {
  let n = index;
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/**
 * @param references every cell's note keys in reading order.
 * @throws Error when a cell refers to a key no note defines (a bug in the table's builder).
 */
export function resolveNotes(
  references: Iterable<readonly string[]>,
  notes: readonly MarkedNote[],
): ResolvedNotes {
  const byKey = new Map(notes.map((n) => [n.key, n.text]));
  const marks = new Map<string, string>();
  for (const keys of references)
    for (const key of keys) {
      if (marks.has(key)) continue;
      if (!byKey.has(key)) throw new Error(`table footnote "${key}" is referred to but not defined`);
      marks.set(key, markLetter(marks.size));
    }
  const lines = [...marks].map(([key, mark]) => `${mark} ${byKey.get(key)}`);
  return { marks, lines };
}
