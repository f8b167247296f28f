import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cohort, formatImportIssues, importCohortCsv } from '../src/index.js';
import { MINI_HEADER, mini } from './helpers.js';

function cohortOf(text: string): Cohort {
  const result = importCohortCsv(text, mini);
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result.cohort;
}

/** Everything an import produces, as plain arrays, for comparing two imports. */
function snapshot(c: Cohort) {
  return {
    n: c.n,
    ids: c.ids,
    rows: [...c.rowNumbers],
    variables: c.variables.map((v) => (v.type === 'categorical' ? [...v.codes] : [...v.values])),
    endpoints: c.endpoints.map((e) => [[...c.endpoint(e.name).time], [...c.endpoint(e.name).event]]),
  };
}

const day0 = Date.UTC(2016, 0, 1) / 86_400_000;
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** A valid mini-study patient: diagnosis, then optional progression, optional death, last follow-up. */
const patient = fc
  .record({
    age: fc.integer({ min: 18, max: 95 }),
    sex: fc.constantFrom('f', 'm', 'Female', 'MALE', 'NA', ''),
    bone: fc.constantFrom('yes', 'no', 'Y', 'n', '1', '0', ''),
    dx: fc.integer({ min: 0, max: 2500 }),
    progAfter: fc.option(fc.integer({ min: 0, max: 2000 })),
    deathAfter: fc.option(fc.integer({ min: 0, max: 2000 })),
    fuAfter: fc.integer({ min: 0, max: 2000 }),
  })
  .map((p) => {
    const dx = day0 + p.dx;
    const prog = p.progAfter === null ? null : dx + p.progAfter;
    const death = p.deathAfter === null ? null : (prog ?? dx) + p.deathAfter;
    const fu = death ?? (prog ?? dx) + p.fuAfter;
    return [
      p.age,
      p.sex,
      p.bone,
      iso(dx),
      prog === null ? '' : iso(prog),
      death === null ? '' : iso(death),
      iso(fu),
    ];
  });

const patients = fc.array(patient, { minLength: 1, maxLength: 30 });

function csv(rows: readonly (string | number)[][], eol = '\n', quoteAll = false): string {
  const cell = (v: string | number) => (quoteAll ? `"${v}"` : String(v));
  return [MINI_HEADER, ...rows.map((r, i) => [`p${i}`, ...r].map(cell).join(','))].join(eol) + eol;
}

describe('import properties (fast-check)', () => {
  it('import is unchanged by CRLF vs LF line ends', () => {
    fc.assert(
      fc.property(patients, (rows) => {
        expect(snapshot(cohortOf(csv(rows, '\r\n')))).toEqual(snapshot(cohortOf(csv(rows, '\n'))));
      }),
      { numRuns: 60 },
    );
  });

  it('import is unchanged by quoting every field and by a byte-order mark', () => {
    fc.assert(
      fc.property(patients, (rows) => {
        const plain = snapshot(cohortOf(csv(rows)));
        expect(snapshot(cohortOf(csv(rows, '\n', true)))).toEqual(plain);
        expect(snapshot(cohortOf(`\uFEFF${csv(rows)}`))).toEqual(plain);
      }),
      { numRuns: 60 },
    );
  });

  it('PFS never exceeds OS, and an OS event is always a PFS event', () => {
    fc.assert(
      fc.property(patients, (rows) => {
        const c = cohortOf(csv(rows));
        const pfs = c.endpoint('PFS');
        const os = c.endpoint('OS');
        for (let i = 0; i < c.n; i++) {
          expect(pfs.time[i]!).toBeLessThanOrEqual(os.time[i]!);
          expect(pfs.time[i]!).toBeGreaterThanOrEqual(0);
          if (os.event[i] === 1) expect(pfs.event[i]).toBe(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('every corrupted cell is reported once, at its row and column', () => {
    fc.assert(
      fc.property(
        patients,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(1, 2, 4)), { minLength: 1, maxLength: 5 }),
        (rows, hits) => {
          const table = rows.map((r) => [...r]);
          const expected = new Set<string>();
          const names = ['age', 'sex', 'bone', 'dx'];
          for (const [r, col] of hits) {
            const i = r % table.length;
            // col indexes the row without its id: 1 = sex, 2 = bone, 4 = prog (a date).
            table[i]![col] = col === 4 ? '2020-13-01' : 'zz';
            expected.add(`${i + 2}:${col === 4 ? 'prog' : names[col]}`);
          }
          const result = importCohortCsv(csv(table), mini);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(new Set(result.errors.map((e) => `${e.row}:${e.column}`))).toEqual(expected);
          expect(result.errors).toHaveLength(expected.size);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('a plain file read line by line gives exactly the issues, warnings and cohort csv-parse gives', () => {
    // One quoted header cell sends the same file through csv-parse (`parseRecords`); without it the
    // file is plain (no quote, one kind of line end) and read by `plainRows.ts`.
    const set = (r: string[], i: number, v: string) =>
      i < r.length ? r.map((cell, k) => (k === i ? v : cell)) : r;
    const damage = fc.constantFrom(
      (r: string[]) => set(r, 1, 'zz'), // age not a number
      (r: string[]) => set(r, 2, 'x'), // sex not a level
      (r: string[]) => set(r, 5, '2020-02-30'), // prog not a date
      (r: string[]) => set(r, 4, ''), // dx missing: may not be missing for an analysed patient
      (r: string[]) => r.slice(0, 5), // too few values
      (r: string[]) => [...r, 'extra'], // too many values
      () => ['', '', '', '', '', '', '', ''], // a blank row of delimiters
      () => ['  '], // a blank row of spaces
      (r: string[]) => set(r, 0, ''), // empty id
      (r: string[]) => set(r, 0, 'p0'), // repeated id
    );
    fc.assert(
      fc.property(
        patients,
        fc.array(fc.tuple(fc.nat(), damage), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, hits, eol) => {
          const table = rows.map((r, i) => [`p${i}`, ...r.map(String)]);
          for (const [k, hit] of hits) table[k % table.length] = hit(table[k % table.length]!);
          const body = table.map((r) => r.join(',')).join(eol);
          const plain = importCohortCsv(`${MINI_HEADER}${eol}${body}${eol}`, mini);
          const quoted = importCohortCsv(`"id"${MINI_HEADER.slice(2)}${eol}${body}${eol}`, mini);
          if (plain.ok && quoted.ok) {
            expect(snapshot(plain.cohort)).toEqual(snapshot(quoted.cohort));
            expect(plain.warnings).toEqual(quoted.warnings);
          } else {
            expect(plain).toEqual(quoted);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
