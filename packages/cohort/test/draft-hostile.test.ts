import { describe, expect, it } from 'vitest';
import {
  CohortError,
  type DraftColumn,
  type DraftVariable,
  draftStudy,
  readDraftTable,
  type StudyDraft,
} from '../src/index.js';

/** Drafts a CSV given as text; rows of `lines` are joined with newlines. */
function draft(...lines: string[]): StudyDraft {
  return draftStudy(readDraftTable(new TextEncoder().encode(`${lines.join('\n')}\n`), 'hostile.csv'));
}

function variable(d: StudyDraft, name: string): DraftVariable {
  const c = d.columns.find((x) => x.name === name && x.role === 'variable');
  if (c?.role !== 'variable') throw new Error(`no variable ${name}: ${JSON.stringify(d.columns)}`);
  return c.variable;
}

const levels = (v: DraftVariable) => (v.type === 'categorical' ? v.levels.map((l) => l.value) : null);
const ignored = (d: StudyDraft, name: string) =>
  d.columns.find(
    (c): c is Extract<DraftColumn, { role: 'ignored' }> => c.name === name && c.role === 'ignored',
  );

/** n rows of a column built from the row index. */
const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));

describe('draftStudy with hostile inputs: a clear result, never a crash', () => {
  it('an all-missing column is left out with its reason, and listed for a decision', () => {
    const d = draft('id,age,note', ...rows(10, (i) => `${i + 1},${40 + i},NA`));
    expect(ignored(d, 'note')?.reason).toMatch(/every value of `note` is missing/);
    expect(d.decisions.some((x) => x.subject === 'note')).toBe(true);
    expect(variable(d, 'age').type).toBe('continuous');
  });

  it('a one-row file: every column accounted for, numbers continuous (one value says nothing about codes)', () => {
    const d = draft('time,status,arm,when', '12,1,A,2020-01-31');
    expect(d.rows).toBe(1);
    expect(d.columns.map((c) => c.name)).toEqual(['time', 'status', 'arm', 'when']);
    expect(variable(d, 'time').type).toBe('continuous');
    expect(variable(d, 'when').type).toBe('date');
  });

  it('a header-only file: every column is all-missing and left out; an empty file is refused by name', () => {
    const d = draft('a,b');
    expect(d.columns.map((c) => c.role)).toEqual(['ignored', 'ignored']);
    expect(() => draftStudy(readDraftTable(new Uint8Array(), 'empty.csv'))).toThrow(CohortError);
    expect(() => draftStudy(readDraftTable(new Uint8Array(), 'empty.csv'))).toThrow(/empty\.csv is empty/);
  });

  it('duplicate headers: the first is drafted, the repeat left out and named for renaming', () => {
    const d = draft('age,age,sex', ...rows(8, (i) => `${50 + i},${i},${i % 2 ? 'm' : 'f'}`));
    expect(variable(d, 'age').type).toBe('continuous');
    expect(d.columns[1]).toMatchObject({ role: 'ignored', name: 'age' });
    expect(d.decisions.some((x) => /column 2 is named `age` like column 1.*rename/.test(x.message))).toBe(
      true,
    );
  });

  it('an empty header cell and a name the dictionary cannot hold are left out with the reason', () => {
    const d = draft('Age (years),,ok', ...rows(6, (i) => `${i},${i},${i}`));
    expect(ignored(d, 'Age (years)')?.reason).toMatch(/not a valid variable name/);
    expect(ignored(d, '')?.reason).toMatch(/column 2 has no name/);
  });

  it('a ragged row is refused with its row number', () => {
    expect(() => draft('a,b', '1,2', '3')).toThrow(/row 3 has 1 values but the header has 2 columns/);
  });

  it('mixed types: numbers with a few words read the words as missing (flagged); half words make categories', () => {
    const d = draft(
      'psa,mix',
      ...rows(
        20,
        (i) =>
          `${i === 3 ? 'unknown' : i === 7 ? '<0.1' : (i * 1.5).toFixed(1)},${i % 2 ? 'x' : String(i % 3)}`,
      ),
    );
    const psa = variable(d, 'psa');
    expect(psa.type).toBe('continuous');
    expect(psa.missing).toEqual(['unknown', '<0.1']);
    expect(d.decisions.some((x) => x.subject === 'psa' && /drafted as missing/.test(x.message))).toBe(true);
    expect(levels(variable(d, 'mix'))?.sort()).toEqual(['0', '1', '2', 'x']);
  });

  it('sentinel codes outside the range of the rest become missing codes, as a flagged guess', () => {
    const d = draft(
      'age,ecog,karno,score',
      ...rows(
        30,
        (i) =>
          `${i === 5 ? 999 : 40 + i},${i === 2 ? 9 : i % 4},${i === 1 ? 99 : 50 + (i % 5) * 10},${i === 4 ? -1 : i}`,
      ),
    );
    expect(variable(d, 'age').missing).toEqual(['999']);
    const ecog = variable(d, 'ecog');
    expect(ecog.missing).toEqual(['9']);
    expect(levels(ecog)).toEqual(['0', '1', '2', '3']);
    // 99 is within twice the range of Karnofsky scores (50–90): a value, not a code.
    expect(variable(d, 'karno').missing).toBeUndefined();
    expect(variable(d, 'score').missing).toEqual(['-1']);
    expect(
      d.decisions.filter((x) => /drafted as a missing-value code/.test(x.message)).map((x) => x.subject),
    ).toEqual(['age', 'ecog', 'score']);
  });

  it('missing tokens (NA, ".", empty) are recognised and collected for the dictionary', () => {
    const d = draft('x,y', ...rows(10, (i) => `${i === 0 ? '.' : i},${i === 1 ? '' : i === 2 ? 'NA' : i}`));
    expect(d.missingValues).toEqual(['', 'NA', '.']);
    expect(variable(d, 'x').type).toBe('continuous');
  });

  it('a free-text column and a second id-like column are left out with their reasons', () => {
    const d = draft('id,patient_id,comment', ...rows(10, (i) => `${i + 1},P${i},note number ${i}`));
    expect(d.columns[0]).toMatchObject({ role: 'id', name: 'id' });
    expect(ignored(d, 'patient_id')?.reason).toMatch(/second identifier/);
    expect(ignored(d, 'comment')?.reason).toMatch(/free text/);
  });
});

describe('draftStudy: levels, dates, endpoints', () => {
  it('orders levels: numeric codes numerically, no before yes, ordinal words by their scale, else by frequency', () => {
    const d = draft(
      'arm,code,flag,grade,stage,site',
      ...rows(
        24,
        (i) =>
          `${i % 2 ? 'A' : 'B'},${[10, 2, 1][i % 3]},${i % 2 ? 'yes' : 'no'},${['high', 'low', 'medium'][i % 3]},${['IV', 'I', 'III', 'II'][i % 4]},${i < 14 ? 'lung' : i < 20 ? 'bone' : 'liver'}`,
      ),
    );
    expect(levels(variable(d, 'code'))).toEqual(['1', '2', '10']);
    expect(variable(d, 'flag').type).toBe('boolean');
    expect(levels(variable(d, 'grade'))).toEqual(['low', 'medium', 'high']);
    expect(levels(variable(d, 'stage'))).toEqual(['I', 'II', 'III', 'IV']);
    const site = variable(d, 'site');
    expect(levels(site)).toEqual(['lung', 'bone', 'liver']);
    expect(site.guesses.join(' ')).toMatch(/by frequency/);
  });

  it('date formats: ISO; day/month decided by a day above 12; undecidable flagged; inconsistent not a date', () => {
    const d = draft(
      'iso,dm,md,both12,mixed',
      '2020-01-31,13/01/2020,01/13/2020,01/02/2020,13/01/2020',
      '2021-12-01,02/03/2020,02/03/2020,03/04/2020,01/13/2020',
    );
    expect(variable(d, 'iso')).toMatchObject({ type: 'date', format: 'YYYY-MM-DD' });
    expect(variable(d, 'dm')).toMatchObject({ type: 'date', format: 'DD/MM/YYYY' });
    expect(variable(d, 'md')).toMatchObject({ type: 'date', format: 'MM/DD/YYYY' });
    expect(variable(d, 'both12')).toMatchObject({ type: 'date', format: 'DD/MM/YYYY' });
    expect(d.decisions.some((x) => x.subject === 'both12' && /undecidable/.test(x.message))).toBe(true);
    expect(
      d.columns.find((c) => c.name === 'mixed')?.role === 'variable' && variable(d, 'mixed').type,
    ).not.toBe('date');
  });

  it('two endpoints paired by prefix, units from the names, 0/1 and 1/2 codings', () => {
    const d = draft(
      'os_months,os_status,pfs_days,pfs_event,treatment',
      ...rows(20, (i) => `${(i * 2.5).toFixed(1)},${i % 2},${i * 30},${1 + (i % 2)},${i % 2 ? 'A' : 'B'}`),
    );
    expect(
      d.endpoints.map((e) => (e.kind === 'time' ? [e.name, e.time, e.timeUnit, e.status, e.eventValue] : [])),
    ).toEqual([
      ['OS', 'os_months', 'months', 'os_status', '1'],
      ['PFS', 'pfs_days', 'days', 'pfs_event', '2'],
    ]);
    expect(d.group?.variable).toBe('treatment');
    expect(d.decisions.some((x) => /time unit/.test(x.message))).toBe(false);
  });

  it('a column named "censored" coded 0/1 is flagged: 1 may mean censored', () => {
    const d = draft('futime,censored', ...rows(10, (i) => `${100 + i},${i % 2}`));
    expect(d.endpoints[0]).toMatchObject({ time: 'futime', status: 'censored', eventValue: '1' });
    expect(d.decisions.some((x) => x.subject === 'censored' && /event value/.test(x.message))).toBe(true);
  });

  it('start, event and last-contact dates make a date endpoint', () => {
    const d = draft(
      'diagnosis_date,death_date,last_followup,arm',
      ...rows(
        10,
        (i) =>
          `2020-01-${String(i + 1).padStart(2, '0')},${i % 2 ? '2021-06-01' : ''},2022-01-01,${i % 2 ? 'x' : 'y'}`,
      ),
    );
    expect(d.endpoints[0]).toMatchObject({
      kind: 'dates',
      name: 'OS',
      from: 'diagnosis_date',
      events: ['death_date'],
      censor: 'last_followup',
    });
  });

  it('no endpoint and no group: both listed for a decision, not an error', () => {
    const d = draft('a,b', ...rows(5, (i) => `${i * 1.5},${i * 100}`));
    expect(d.endpoints).toEqual([]);
    expect(d.group).toBeNull();
    expect(d.decisions.map((x) => x.subject)).toEqual(['endpoints', 'group']);
  });
});
