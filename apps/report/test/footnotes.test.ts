import { describe, expect, it } from 'vitest';
import { markLetter, resolveNotes } from '../src/render/footnotes.js';

// Invariant: a table's footnote marks are lettered a, b, c … in the order the cells first refer to
// them, reading the rows top to bottom and each row left to right — whatever order the notes were
// defined in, and whichever notes a table happens to have.
describe('footnote marks are assigned by first appearance', () => {
  const notes = [
    { key: 'test:chisq', text: 'Pearson’s χ² test.' },
    { key: 'test:fisher', text: 'Fisher’s exact test.' },
    { key: 'auto-rule', text: 'Test chosen by the plan.' },
    { key: 'test:wilcoxon', text: 'Wilcoxon rank-sum test.' },
    { key: 'test:kruskal', text: 'Kruskal–Wallis test.' },
  ];

  it('a table using only the Kruskal–Wallis and χ² tests gets marks a and b, not e and a', () => {
    const resolved = resolveNotes([[], ['test:kruskal'], [], ['test:chisq'], ['test:kruskal']], notes);
    expect([...resolved.marks]).toEqual([
      ['test:kruskal', 'a'],
      ['test:chisq', 'b'],
    ]);
    expect(resolved.lines).toEqual(['a Kruskal–Wallis test.', 'b Pearson’s χ² test.']);
  });

  it('several notes in one cell are lettered in the cell’s order; later cells reuse earlier marks', () => {
    const resolved = resolveNotes([['test:fisher', 'auto-rule'], ['test:chisq'], ['test:fisher']], notes);
    expect(resolved.lines.map((l) => l.slice(0, 1))).toEqual(['a', 'b', 'c']);
    expect(resolved.marks.get('auto-rule')).toBe('b');
  });

  it('notes no cell refers to are left out; a reference to an undefined note is an error', () => {
    expect(resolveNotes([[], []], notes).lines).toEqual([]);
    expect(() => resolveNotes([['missing-note']], notes)).toThrow(/missing-note/);
  });

  it('letters run a … z, then aa, ab …', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(markLetter)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'az', 'ba']);
  });
});
