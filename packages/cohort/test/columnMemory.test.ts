import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  builtinDictionary,
  type Cohort,
  cohortParts,
  importCohortCsv,
  loadBuiltinCohort,
} from '../src/index.js';

// `columnMemory: 'shared'` only moves the columns into SharedArrayBuffers (for a worker thread to
// read without a copy): the oracle is the same file imported with private columns.

function imported(columnMemory?: 'shared' | 'private'): Cohort {
  const bytes = readFileSync(loadBuiltinCohort().csvPath);
  const result = importCohortCsv(bytes, builtinDictionary, { fileName: 'synthetic.csv', columnMemory });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.cohort;
}

/** Every per-patient column of the cohort: raw and derived variables, row numbers, endpoints. */
function columns(cohort: Cohort): { name: string; array: Int32Array | Float64Array | Uint8Array }[] {
  const parts = cohortParts(cohort);
  return [
    { name: 'rowNumbers', array: parts.rowNumbers },
    ...parts.variables.map((v) => ({ name: v.name, array: v.type === 'categorical' ? v.codes : v.values })),
    ...parts.endpoints.flatMap((e) => [
      { name: `${e.name}.time`, array: e.time },
      { name: `${e.name}.event`, array: e.event },
    ]),
  ];
}

describe("importCohortCsv's columnMemory", () => {
  it("'shared' puts every column of a plain file in shared memory, with the private import's values", () => {
    const shared = imported('shared');
    const own = imported();
    expect(shared.variables.some((v) => v.derived)).toBe(true);
    const ownColumns = columns(own);
    for (const [i, c] of columns(shared).entries()) {
      expect(c.array.buffer, c.name).toBeInstanceOf(SharedArrayBuffer);
      expect(ownColumns[i]!.array.buffer, c.name).not.toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(c.array), c.name).toEqual(Array.from(ownColumns[i]!.array));
    }
    expect(shared.ids).toEqual(own.ids);
    expect(shared.flow).toEqual(own.flow);
    expect(
      imported('private').variables.every(
        (v) => !((v.type === 'categorical' ? v.codes : v.values).buffer instanceof SharedArrayBuffer),
      ),
    ).toBe(true);
  });
});
