import { describe, expect, it } from 'vitest';
import {
  type Cohort,
  convertTime,
  DAYS_PER_MONTH,
  formatImportIssues,
  importCohortCsv,
  parseDictionary,
} from '../src/index.js';
import { GOOD_ROWS, mini, miniCsv } from './helpers.js';

function imported(text: string, dictionary = mini): Cohort {
  const result = importCohortCsv(text, dictionary);
  if (!result.ok) throw new Error(formatImportIssues(result.errors));
  return result.cohort;
}

function codes(cohort: Cohort, name: string): number[] {
  const v = cohort.variable(name);
  if (v.type !== 'categorical') throw new Error(`${name} is not categorical`);
  return [...v.codes];
}

function values(cohort: Cohort, name: string): number[] {
  const v = cohort.variable(name);
  if (v.type === 'categorical') throw new Error(`${name} is categorical`);
  return [...v.values];
}

describe('derived variables', () => {
  const d = parseDictionary({
    study: { name: 'd', title: 'Derived' },
    variables: [
      { name: 'age', label: 'Age', type: 'continuous' },
      {
        name: 'age_group',
        label: 'Age',
        type: 'categorical',
        levels: [{ value: '<50' }, { value: '>=50', label: '≥50' }],
        derive: { cut: { var: 'age', breaks: [50] } },
      },
      { name: 'a', label: 'A', type: 'boolean' },
      { name: 'b', label: 'B', type: 'boolean' },
      { name: 'c', label: 'C', type: 'boolean' },
      {
        name: 'only_a',
        label: 'Only A',
        type: 'boolean',
        derive: {
          when: {
            allOf: [
              { var: 'a', eq: 'yes' },
              {
                noneOf: [
                  { var: 'b', eq: 'yes' },
                  { var: 'c', eq: 'yes' },
                ],
              },
            ],
          },
        },
      },
      {
        name: 'any',
        label: 'Any',
        type: 'boolean',
        derive: {
          when: {
            anyOf: [
              { var: 'a', eq: 'yes' },
              { var: 'b', eq: 'yes' },
            ],
          },
        },
      },
      { name: 'not_a', label: 'Not A', type: 'boolean', derive: { when: { not: { var: 'a', eq: 'yes' } } } },
      { name: 'a_known', label: 'A known', type: 'boolean', derive: { when: { var: 'a', missing: false } } },
      {
        name: 'count',
        label: 'Count',
        type: 'continuous',
        derive: {
          count: [
            { var: 'a', eq: 'yes' },
            { var: 'b', eq: 'yes' },
            { var: 'c', eq: 'yes' },
          ],
        },
      },
      { name: 'er', label: 'ER', type: 'categorical', levels: ['neg', 'pos'] },
      { name: 'pr', label: 'PR', type: 'categorical', levels: ['neg', 'pos'] },
      {
        name: 'hr',
        label: 'HR',
        type: 'categorical',
        levels: ['neg', 'pos'],
        derive: {
          cases: [
            {
              when: {
                anyOf: [
                  { var: 'er', eq: 'pos' },
                  { var: 'pr', eq: 'pos' },
                ],
              },
              level: 'pos',
            },
          ],
          otherwise: 'neg',
        },
      },
    ],
  });
  // Columns: age, a, b, c, er, pr.
  const cohort = imported(
    [
      'age,a,b,c,er,pr',
      '49.9,yes,no,no,neg,neg',
      '50,yes,NA,yes,NA,pos',
      ',yes,NA,no,NA,neg',
      '72,no,NA,NA,pos,NA',
      '18,NA,no,no,neg,NA',
      '',
    ].join('\n'),
    d,
  );

  it('cut: intervals closed on the left (50 is ≥50), missing stays missing', () => {
    expect(codes(cohort, 'age_group')).toEqual([0, 1, -1, 1, 0]);
  });

  it("allOf/noneOf/anyOf/not follow Kleene's three-valued logic", () => {
    // Row 3: a yes, b missing, c yes → noneOf is false (c) → only_a false whatever b is.
    // Row 4: a yes, b missing, c no → noneOf unknown → only_a unknown (missing).
    // Row 5: a no → only_a false although b and c are missing.
    expect(codes(cohort, 'only_a')).toEqual([1, 0, -1, 0, -1]);
    // anyOf: true as soon as one part is true, even with a missing part (rows 3, 4).
    expect(codes(cohort, 'any')).toEqual([1, 1, 1, -1, -1]);
    expect(codes(cohort, 'not_a')).toEqual([0, 0, 0, 1, -1]);
    // "missing" tests are never unknown.
    expect(codes(cohort, 'a_known')).toEqual([1, 1, 1, 1, 0]);
  });

  it('count: the number of conditions that hold, missing if any is unknown', () => {
    const c = values(cohort, 'count');
    expect(c[0]).toBe(1);
    expect(c.slice(1).every(Number.isNaN)).toBe(true);
  });

  it('cases: first true case wins; an unknown case before any true one leaves the level missing', () => {
    // HR status = ER or PR positive: (neg,neg) neg; (NA,pos) pos; (NA,neg) unknown; (pos,NA) pos; (neg,NA) unknown.
    expect(codes(cohort, 'hr')).toEqual([0, 1, -1, 1, -1]);
  });

  it('derived variables are flagged and listed in dictionary order', () => {
    expect(cohort.variables.map((v) => `${v.name}${v.derived ? '*' : ''}`)).toEqual([
      'age',
      'age_group*',
      'a',
      'b',
      'c',
      'only_a*',
      'any*',
      'not_a*',
      'a_known*',
      'count*',
      'er',
      'pr',
      'hr*',
    ]);
    expect(() => cohort.variable('nope')).toThrow(
      /There is no variable named "nope" in this cohort; expected one of "age", "age_group"/,
    );
  });
});

describe('endpoints from dates (hand-counted days)', () => {
  const cohort = imported(
    miniCsv(
      ...GOOD_ROWS,
      'p4,70,m,no,2021-01-01,2021-02-01,2021-03-01,2021-03-01',
      'p5,70,m,no,2021-01-01,2021-01-01,,2021-06-01',
    ),
  );
  const pfs = cohort.endpoint('PFS');
  const os = cohort.endpoint('OS');

  it('PFS: progression or death (the earlier), else censored at last follow-up', () => {
    // p1: progression 2020-01-01 → 2020-07-01 = 182 days (leap year: 31+29+31+30+31+30).
    // p2: death 2020-03-15 → 2021-03-15 = 365 days, no progression: death is the PFS event.
    // p3: censored 2019-06-01 → 2020-06-01 = 366 days (contains 2020-02-29).
    // p4: progression on day 31, death on day 59: PFS ends at progression.
    // p5: progression on the day of diagnosis: time 0 with an event.
    expect([...pfs.event]).toEqual([1, 1, 0, 1, 1]);
    expect([...pfs.time]).toEqual([182, 365, 366, 31, 0]);
    expect(pfs.unit).toBe('days');
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(convertTime(182, pfs.unit, 'months')).toBe(182 / 30.4375);
  });

  it('OS: death, else censored at last follow-up', () => {
    // p1 censored at 2021-01-01 (366 days), p4 dies 2021-03-01 (59 days), p5 censored 2021-06-01 (151 days).
    expect([...os.event]).toEqual([0, 1, 0, 1, 0]);
    expect([...os.time]).toEqual([366, 365, 366, 59, 151]);
    expect(cohort.endpoints).toEqual([
      { name: 'PFS', label: 'Progression-free survival' },
      { name: 'OS', label: 'Overall survival' },
    ]);
    expect(() => cohort.endpoint('DFS')).toThrow(
      /There is no endpoint named "DFS" in this cohort; expected one of "PFS", "OS"/,
    );
  });
});

describe('endpoints given directly as time + event columns', () => {
  const dictionaryFor = (timeUnit: 'days' | 'weeks' | 'months' | 'years') =>
    parseDictionary({
      study: { name: 't', title: 'T' },
      variables: [
        { name: 'time', label: 'Time', type: 'continuous', min: 0 },
        { name: 'status', label: 'Status', type: 'categorical', levels: ['1', '2'] },
      ],
      endpoints: [
        { name: 'OS', label: 'Overall survival', time: 'time', timeUnit, event: { var: 'status', eq: 2 } },
      ],
    });
  const text = 'time,status\n365.25,2\n30.4375,1\n0,2\n';

  it('keeps the time in its dictionary unit and reads the event from the condition', () => {
    for (const unit of ['days', 'weeks', 'months', 'years'] as const) {
      const os = imported(text, dictionaryFor(unit)).endpoint('OS');
      expect([unit, os.unit, [...os.time]]).toEqual([unit, unit, [365.25, 30.4375, 0]]);
      expect([...os.event]).toEqual([1, 0, 1]);
    }
  });

  it('converts between units with one constant set (a month is 365.25 / 12 days)', () => {
    // Oracle: the definitions — R users convert with time / (365.25 / 12), a week is 7 days.
    expect(convertTime(365.25, 'days', 'months')).toBe(12);
    expect(convertTime(30.4375, 'days', 'months')).toBe(1);
    expect(convertTime(1, 'years', 'months')).toBe(12);
    expect(convertTime(2, 'weeks', 'days')).toBe(14);
    expect(convertTime(12, 'months', 'years')).toBe(1);
    expect(convertTime(123.4, 'weeks', 'weeks')).toBe(123.4);
    expect(convertTime(1, 'weeks', 'months')).toBeCloseTo(7 / 30.4375, 15);
  });

  it('a time column without its unit is an error naming the key, never a default', () => {
    const input = {
      study: { name: 't', title: 'T' },
      variables: [
        { name: 'time', label: 'Time', type: 'continuous', min: 0 },
        { name: 'status', label: 'Status', type: 'categorical', levels: ['1', '2'] },
      ],
      endpoints: [
        { name: 'PFS', label: 'PFS', time: 'time', timeUnit: 'days', event: { var: 'status', eq: 2 } },
        { name: 'OS', label: 'Overall survival', time: 'time', event: { var: 'status', eq: 2 } },
      ],
    };
    expect(() => parseDictionary(input, 'd.json')).toThrow(
      'd.json is not a valid study dictionary (1 problem):\n  - d.json, at endpoints[1].timeUnit: no unit for the time column "time"; expected one of "days", "weeks", "months", "years".',
    );
  });

  it('a missing time or an unknown event status leaves the patient out of the endpoint (R: na.omit), a negative time is an error', () => {
    const os = imported('time,status\n10,2\nNA,1\n5,NA\n', dictionaryFor('days')).endpoint('OS');
    expect([...os.missing]).toEqual([1, 2]);
    expect([os.time[0], os.event[0]]).toEqual([10, 1]);
    const result = importCohortCsv('time,status\n10,2\n-1,1\nNA,NA\n', dictionaryFor('days'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([[3, 'time']]);
    const none = importCohortCsv('time,status\nNA,2\n5,NA\n', dictionaryFor('days'));
    expect(none.ok ? [] : none.errors.map((e) => e.message)).toEqual([
      'every analysed patient (2) has no known OS time or status, so OS cannot be analysed (rows 2, 3); expected a time value and a known status for at least one patient.',
    ]);
  });
});

describe('eligibility flow', () => {
  const d = parseDictionary({
    study: { name: 'e', title: 'E' },
    variables: [
      { name: 'invasive', label: 'Invasive', type: 'boolean' },
      { name: 'her2', label: 'HER2', type: 'categorical', levels: ['neg', 'pos'] },
      { name: 'age', label: 'Age', type: 'continuous', allowMissing: false },
    ],
    eligibility: [
      { rule: 'Invasive carcinoma', reason: 'not invasive', include: { var: 'invasive', eq: 'yes' } },
      { rule: 'HER2-positive', reason: 'not HER2-positive', include: { var: 'her2', eq: 'pos' } },
    ],
  });

  it('counts each excluded patient once, under the first rule failed; unknown is excluded', () => {
    const cohort = imported(
      [
        'invasive,her2,age',
        'yes,pos,50', // analysed
        'no,pos,', // rule 1 (and incomplete: allowed, not analysed)
        'no,neg,40', // rules 1 and 2: counted under rule 1
        'NA,pos,40', // rule 1 unknown: excluded
        'yes,neg,40', // rule 2
        'yes,NA,40', // rule 2 unknown
        'yes,pos,61', // analysed
      ].join('\n'),
      d,
    );
    expect(cohort.flow).toEqual({
      screened: 7,
      excluded: [
        { rule: 'Invasive carcinoma', reason: 'not invasive', n: 3 },
        { rule: 'HER2-positive', reason: 'not HER2-positive', n: 2 },
      ],
      analysed: 2,
    });
    expect(cohort.n).toBe(2);
    expect([...cohort.rowNumbers]).toEqual([2, 8]);
    expect(values(cohort, 'age')).toEqual([50, 61]);
  });

  it('excluded rows must still be well-formed', () => {
    const result = importCohortCsv('invasive,her2,age\nyes,pos,50\nno,maybe,40\n', d);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => [e.row, e.column, e.value])).toEqual([[3, 'her2', 'maybe']]);
  });

  it('no eligible patient is an error that shows the flow', () => {
    const result = importCohortCsv('invasive,her2,age\nno,pos,50\nyes,neg,40\n', d);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.message)).toEqual([
        'No patient meets every eligibility rule (1 not invasive; 1 not HER2-positive); expected at least one eligible patient.',
      ]);
    }
  });
});
