import { describe, expect, it } from 'vitest';
import {
  draftStudy,
  formatImportIssues,
  importCohortCsv,
  parseDictionary,
  readDraftTable,
} from '../src/index.js';

// The third endpoint form: a start date, an end date and a vital status, as clinicians keep it.
const variables = [
  { name: 'date_dx', label: 'Date of diagnosis', type: 'date' },
  { name: 'date_last', label: 'Date of last contact', type: 'date' },
  { name: 'vital', label: 'Vital status', type: 'categorical', levels: ['alive', 'dead'] },
  { name: 'date_death', label: 'Date of death', type: 'date' },
  { name: 'futime', label: 'Follow-up', type: 'continuous' },
];
const os = {
  name: 'OS',
  label: 'Overall survival',
  from: 'date_dx',
  to: 'date_last',
  event: { var: 'vital', eq: 'dead' },
};
const dictionaryWith = (endpoint: Record<string, unknown>) =>
  parseDictionary({ study: { name: 's', title: 'S' }, variables, endpoints: [endpoint] }, 'd.json');

describe('endpoint from a start date, an end date and a status', () => {
  it('time = end − start in days (hand-counted), event = the status condition', () => {
    const header = 'date_dx,date_last,vital,date_death,futime';
    const text = [
      header,
      '2020-01-01,2020-07-01,dead,,1', // 31+29+31+30+31+30 = 182 days (2020 is a leap year)
      '2019-06-01,2020-06-01,alive,,1', // 366 days (contains 2020-02-29)
      '2021-03-01,2021-03-01,dead,,1', // death on the day of diagnosis: time 0 with an event
    ].join('\n');
    const result = importCohortCsv(text, dictionaryWith(os));
    if (!result.ok) throw new Error(formatImportIssues(result.errors));
    const ep = result.cohort.endpoint('OS');
    expect([ep.unit, [...ep.time], [...ep.event]]).toEqual(['days', [182, 366, 0], [1, 0, 1]]);
  });

  it('an end before the start is an error naming the row and both columns', () => {
    const text =
      'date_dx,date_last,vital,date_death,futime\n2020-01-01,2020-07-01,dead,,1\n2020-05-02,2020-05-01,alive,,1\n';
    const result = importCohortCsv(text, dictionaryWith(os));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column, e.value])).toEqual([[3, 'date_last', '2020-05-01']]);
    expect(result.errors[0]!.message).toContain(
      'OS would end (date_last 2020-05-01) before it starts (date_dx 2020-05-02)',
    );
    expect(result.errors[0]!.message).toContain('expected date_last on or after date_dx');
  });

  it('no end date, mixed forms and non-date columns are dictionary errors at their keys', () => {
    const { to: _to, ...noTo } = os;
    expect(() => dictionaryWith(noTo)).toThrow(
      'd.json, at endpoints[0]: no "to" date; expected the end date variable (the date of the event or of last contact)',
    );
    expect(() => dictionaryWith({ ...os, censor: 'date_last', events: ['date_death'] })).toThrow(
      'd.json, at endpoints[0]: "from"/"to"/"event" mixed with "events", "censor"; expected one form:',
    );
    expect(() => dictionaryWith({ ...os, timeUnit: 'days' })).toThrow(
      /"from"\/"to"\/"event" mixed with "timeUnit"/,
    );
    expect(() => dictionaryWith({ ...os, to: 'futime' })).toThrow(
      /at endpoints\[0\]\.to: "futime" is continuous; expected a date variable/,
    );
    const { event: _event, ...noEvent } = os;
    expect(() => dictionaryWith(noEvent)).toThrow(/at endpoints\[0\]: no "event" condition/);
  });
});

describe('draftStudy: a start date, an end date and a status column', () => {
  const draftOf = (lines: string[]) =>
    draftStudy(readDraftTable(new TextEncoder().encode(`${lines.join('\n')}\n`), 'clinic.csv'));
  const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));
  const day = (i: number, offset: number) =>
    `2020-${String((i % 12) + 1).padStart(2, '0')}-${String(offset).padStart(2, '0')}`;

  it('0/1 status: 1 = event, with the dates named as diagnosis and last contact', () => {
    const d = draftOf([
      'dx_date,last_contact,status,arm',
      ...rows(30, (i) => `${day(i, 1)},${day(i, 20)},${i % 3 === 0 ? 1 : 0},${i % 2 === 0 ? 'A' : 'B'}`),
    ]);
    expect(d.endpoints).toEqual([
      expect.objectContaining({
        kind: 'period',
        name: 'OS',
        from: 'dx_date',
        to: 'last_contact',
        status: 'status',
        eventValue: '1',
      }),
    ]);
    expect(d.group?.variable).toBe('arm');
  });

  it('an end date not named like one is taken when it is the only other date; no start date, no endpoint', () => {
    const d = draftOf([
      'date_diagnosis,date2,vital_status',
      ...rows(20, (i) => `${day(i, 1)},${day(i, 25)},${i % 2 === 0 ? 'dead' : 'alive'}`),
    ]);
    expect(d.endpoints).toEqual([
      expect.objectContaining({ kind: 'period', from: 'date_diagnosis', to: 'date2', eventValue: 'dead' }),
    ]);
    const none = draftOf(['date1,date2,vital_status', ...rows(20, (i) => `${day(i, 1)},${day(i, 25)},dead`)]);
    expect(none.endpoints).toEqual([]);
  });
});
