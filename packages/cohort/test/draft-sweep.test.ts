import { describe, expect, it } from 'vitest';
import { type DraftColumn, draftStudy, readDraftTable, type StudyDraft } from '../src/index.js';

/**
 * Shapes of R's own survival datasets that the repository's examples do not cover, found by a
 * robustness sweep of `survkit init`: survival::diabetic and survival::kidney (two rows per patient
 * under an `id` column), survival::nwtco (a `seqno` row number), survival::rotterdam and
 * survival::mgus2 (two time/status pairs, rtime/recur and dtime/death, ptime/pstat and futime/death).
 */
function draft(...lines: string[]): StudyDraft {
  return draftStudy(readDraftTable(new TextEncoder().encode(`${lines.join('\n')}\n`), 'sweep.csv'));
}

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));
const column = (d: StudyDraft, name: string): DraftColumn | undefined =>
  d.columns.find((c) => c.name === name);

describe('draftStudy on R datasets’ shapes: no identifier drafted as a covariate', () => {
  it('an `id` column that repeats (two rows per patient, as survival::diabetic) is left out and flagged', () => {
    const d = draft(
      'id,time,status,trt,age',
      ...rows(40, (i) => `${Math.floor(i / 2) + 1},${10 + i},${i % 3 ? 1 : 0},${i % 2},${30 + (i % 17)}`),
    );
    expect(column(d, 'id')?.role).toBe('ignored');
    expect(
      d.decisions.some((x) => x.subject === 'id' && /more than one row per patient/.test(x.message)),
    ).toBe(true);
  });

  it('a unique `seqno` row number (survival::nwtco) is the identifier, not a covariate', () => {
    const d = draft(
      'seqno,time,status,stage',
      ...rows(30, (i) => `${i + 1},${5 + i},${i % 2},${(i % 4) + 1}`),
    );
    expect(column(d, 'seqno')?.role).toBe('id');
  });

  it('a unique numeric `patient` or `subject` column is the identifier, not a continuous covariate in Table 1', () => {
    for (const name of ['patient', 'Subject', 'MRN']) {
      const d = draft(
        `${name},time,status,stage`,
        ...rows(30, (i) => `${1000 + 7 * i},${5 + i},${i % 2},${(i % 4) + 1}`),
      );
      expect(column(d, name)?.role).toBe('id');
    }
  });
});

describe('draftStudy on R datasets’ shapes: every time/status pair is an endpoint', () => {
  it('rtime/recur and dtime/death (survival::rotterdam) are RFS and OS — not "OS" from recur, with dtime and death drafted as covariates', () => {
    const d = draft(
      'pid,hormon,age,rtime,recur,dtime,death',
      ...rows(
        40,
        (i) =>
          `${i + 1},${i % 2},${40 + (i % 30)},${100 + 7 * i},${i % 3 ? 1 : 0},${200 + 9 * i},${i % 4 ? 0 : 1}`,
      ),
    );
    const pairs = d.endpoints.map((e) => (e.kind === 'time' ? [e.name, e.time, e.status] : [e.name]));
    expect(pairs).toEqual([
      ['RFS', 'rtime', 'recur'],
      ['OS', 'dtime', 'death'],
    ]);
  });

  it('ptime/pstat beside futime/death (survival::mgus2): two endpoints with distinct names', () => {
    const d = draft(
      'id,sex,ptime,pstat,futime,death',
      ...rows(30, (i) => `${i + 1},${i % 2 ? 'F' : 'M'},${1 + i},${i % 5 ? 0 : 1},${2 + i},${i % 3 ? 1 : 0}`),
    );
    const pairs = d.endpoints.map((e) => (e.kind === 'time' ? [e.name, e.time, e.status] : [e.name]));
    expect(pairs).toEqual([
      ['OS', 'futime', 'death'],
      ['PSTAT', 'ptime', 'pstat'],
    ]);
  });
});
