// Patient ids are checked for repeats in an index spread over several maps, because one V8 Map
// throws a RangeError past 2²⁴ entries (a cohort of 17 million rows with an id column would stop
// with an internal error). Small shards exercise the spreading on a few ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkId, IdIndex } from '../src/import/csv/cells.js';
import type { ImportIssue } from '../src/index.js';

describe('IdIndex: the rows of the ids seen, over several maps', () => {
  it('finds an id in any shard, and a repeat of an id from the first shard after several more', () => {
    const index = new IdIndex(3);
    const ids = Array.from({ length: 11 }, (_, i) => `P${i}`);
    for (const [i, id] of ids.entries()) index.add(id, i + 2);
    for (const [i, id] of ids.entries()) expect(index.rowOf(id)).toBe(i + 2);
    expect(index.rowOf('P11')).toBeUndefined();
    const errors: ImportIssue[] = [];
    checkId('id', 'P0', 40, index, errors);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.row).toBe(40);
    expect(errors[0]!.message).toContain('repeats row 2');
  });

  it('reports the same repeats as one map, whatever the shard size (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 9 }),
        (keys, size) => {
          const firstRow = new Map<string, number>();
          const expected: string[] = [];
          keys.forEach((k, i) => {
            const id = `id${k}`;
            const seen = firstRow.get(id);
            if (seen === undefined) firstRow.set(id, i + 2);
            else expected.push(`${i + 2}:${seen}`);
          });
          const index = new IdIndex(size);
          const errors: ImportIssue[] = [];
          for (const [i, k] of keys.entries()) checkId('id', `id${k}`, i + 2, index, errors);
          const got = errors.map((e) => `${e.row}:${/repeats row (\d+)/.exec(e.message)![1]}`);
          expect(got).toEqual(expected);
        },
      ),
    );
  });
});
