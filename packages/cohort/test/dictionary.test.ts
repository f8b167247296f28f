import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  builtinDictionary,
  builtinDictionaryInput,
  CohortError,
  dictionaryJsonSchema,
  loadDictionaryFile,
  parseDictionary,
} from '../src/index.js';

const base = {
  study: { name: 's', title: 'S' },
  variables: [
    { name: 'age', label: 'Age', type: 'continuous' },
    { name: 'sex', label: 'Sex', type: 'categorical', levels: ['f', 'm'] },
  ],
};

function issuesOf(input: unknown): { column: string | null; expected: string; message: string }[] {
  try {
    parseDictionary(input, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(CohortError);
    return [...(e as CohortError).issues];
  }
  throw new Error('expected the dictionary to be rejected');
}

describe('parseDictionary', () => {
  it('normalises: string levels get labels, the first level is the reference, "" is always missing', () => {
    const d = parseDictionary(base);
    const sex = d.variables[1]!;
    expect(sex).toMatchObject({
      type: 'categorical',
      levels: [
        { value: 'f', label: 'f' },
        { value: 'm', label: 'm' },
      ],
      reference: 'f',
      missingLabel: 'Unknown',
      required: true,
      allowMissing: true,
      missing: ['', 'NA'],
    });
    expect(d.endpoints).toEqual([]);
    expect(d.eligibility).toEqual([]);
  });

  it('reports every shape problem with its key path, not just the first', () => {
    const issues = issuesOf({
      study: { name: 's' },
      variables: [
        { name: 'age', label: 'Age', type: 'number' },
        { name: '1bad', label: 'X', type: 'boolean' },
        { name: 'sex', label: 'Sex', type: 'categorical', levels: [] },
      ],
      extra: true,
    });
    const paths = issues.map((i) => i.column);
    expect(paths).toEqual(
      expect.arrayContaining([
        'study.title',
        'variables[0].type',
        'variables[1].name',
        'variables[2].levels',
      ]),
    );
    expect(issues.some((i) => i.message.includes('extra'))).toBe(true);
    for (const i of issues) expect(i.message.startsWith('test.json, at ')).toBe(true);
  });

  it('the thrown CohortError message lists every issue', () => {
    expect(() =>
      parseDictionary({ study: { name: 's', title: 'S' }, variables: [{ name: 'a', label: 'A' }] }, 'x.yaml'),
    ).toThrow(
      /x\.yaml is not a valid study dictionary \(1 problem\):\n {2}- x\.yaml, at variables\[0\]\.type:/,
    );
  });

  it('rejects duplicate names, unknown references and wrong reference levels', () => {
    const issues = issuesOf({
      ...base,
      variables: [
        ...base.variables,
        { name: 'age', label: 'Again', type: 'continuous' },
        { name: 'grp', label: 'G', type: 'categorical', levels: ['a', 'b'], reference: 'c' },
        { name: 'old', label: 'Old', type: 'boolean', derive: { when: { var: 'later', eq: 'yes' } } },
        { name: 'later', label: 'Later', type: 'boolean' },
      ],
      endpoints: [{ name: 'OS', label: 'OS', from: 'age', events: ['nope'], censor: 'age' }],
      group: { variable: 'age' },
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.column, i.message]));
    expect(byPath['variables[2].name']).toMatch(/"age" is used by two variables/);
    expect(byPath['variables[3].reference']).toMatch(/"c" is not a level; expected one of "a", "b"/);
    // A derived variable may only use variables listed before it: no cycles by construction.
    expect(byPath['variables[4].derive.when.var']).toMatch(
      /"later" is not a variable defined before this point/,
    );
    expect(byPath['endpoints[0].from']).toMatch(/"age" is continuous; expected a date variable/);
    expect(byPath['endpoints[0].events[0]']).toMatch(/"nope" is not a variable/);
    expect(byPath['group.variable']).toMatch(/expected a categorical or boolean variable/);
  });

  it('checks conditions against the variable types: levels exist, no order on categories, numbers for continuous', () => {
    const issues = issuesOf({
      ...base,
      variables: [
        ...base.variables,
        {
          name: 'x',
          label: 'X',
          type: 'boolean',
          derive: {
            when: {
              allOf: [
                { var: 'sex', eq: 'other' },
                { var: 'sex', gt: 1 },
                { var: 'age', in: ['old'] },
              ],
            },
          },
        },
      ],
      eligibility: [{ rule: 'r', reason: 'q', include: { var: 'sex' } }],
    });
    const paths = issues.map((i) => i.column).sort();
    expect(paths).toEqual([
      'eligibility[0].include',
      'variables[2].derive.when.allOf[0].eq',
      'variables[2].derive.when.allOf[1].gt',
      'variables[2].derive.when.allOf[2].in',
    ]);
  });

  it('checks derivations: one form, matching type, cut levels = breaks + 1, increasing breaks, case levels', () => {
    const issues = issuesOf({
      ...base,
      variables: [
        ...base.variables,
        {
          name: 'g1',
          label: 'G',
          type: 'categorical',
          levels: ['a', 'b', 'c'],
          derive: { cut: { var: 'age', breaks: [50, 40] } },
        },
        {
          name: 'g2',
          label: 'G',
          type: 'categorical',
          levels: ['a', 'b'],
          derive: { cut: { var: 'age', breaks: [40, 50] } },
        },
        { name: 'g3', label: 'G', type: 'continuous', derive: { when: { var: 'sex', eq: 'f' } } },
        {
          name: 'g4',
          label: 'G',
          type: 'categorical',
          levels: ['a'],
          derive: { cases: [{ when: { var: 'sex', eq: 'f' }, level: 'z' }], otherwise: 'y' },
        },
        { name: 'g5', label: 'G', type: 'boolean', derive: {} },
      ],
    });
    expect(issues.map((i) => i.column)).toEqual([
      'variables[2].derive.cut.breaks[1]',
      'variables[3].levels',
      'variables[4].derive.when',
      'variables[5].derive.cases[0].level',
      'variables[5].derive.otherwise',
      'variables[6].derive',
    ]);
  });

  it('rejects levels that would read the same cell two ways', () => {
    const issues = issuesOf({
      ...base,
      variables: [
        {
          name: 'a',
          label: 'A',
          type: 'categorical',
          levels: ['yes', { value: 'y', label: 'YES' }],
          missing: ['y'],
        },
      ],
    });
    expect(issues.map((i) => i.column)).toEqual(['variables[0].levels[1]', 'variables[0].missing']);
  });

  it('the built-in dictionary validates, with the paper labels', () => {
    expect(parseDictionary(builtinDictionaryInput)).toEqual(builtinDictionary);
    const labels = (name: string) => {
      const v = builtinDictionary.variables.find((x) => x.name === name);
      return v?.type === 'categorical' ? v.levels.map((l) => l.label) : [];
    };
    // Table 1 of Lu et al. (2024) prints these labels.
    expect(labels('age_group')).toEqual(['<50', '≥50']);
    expect(labels('menstrual_status')).toEqual(['Premenopausal', 'Postmenopause']);
    expect(labels('pathological_type')).toEqual(['Invasive ductal carcinoma', 'Invasive lobular carcinoma']);
    expect(labels('t_stage')).toEqual(['T0-2', 'T3-4']);
    expect(labels('n_stage')).toEqual(['N0-1', 'N2-3']);
    expect(labels('ki67_group')).toEqual(['<15%', '≥15%']);
    expect(labels('n_metastases_group')).toEqual(['1', '2-3', '≥4']);
    expect(labels('first_line_therapy')).toEqual(['Trastuzumab', 'Trastuzumab+Pertuzumab']);
    expect(builtinDictionary.endpoints.map((e) => e.name)).toEqual(['PFS', 'OS']);
    // The arms' display names are the built-in plan's group.labels (one place), not the dictionary's.
    expect(builtinDictionary.group).toEqual({ variable: 'surgery', order: ['yes', 'no'] });
  });

  it('the former group.columns is an unknown key that points to group.order and the level labels', () => {
    const input = { ...builtinDictionaryInput, group: { variable: 'surgery', columns: [] } };
    expect(() => parseDictionary(input, 'd.json')).toThrow(
      'd.json, at group: unknown key "columns"; expected "order" (level values in display order); an arm is named by its level\'s label or the plan\'s group.labels.',
    );
  });

  it('a group order naming an unknown level is an error at its key', () => {
    const input = {
      ...builtinDictionaryInput,
      group: { variable: 'surgery', order: ['yes', 'maybe'] },
    };
    expect(() => parseDictionary(input, 'd.json')).toThrow(
      'd.json, at group.order[1]: "maybe" is not a level of surgery; expected "no", "yes" (found "maybe").',
    );
  });
});

describe('treatmentStarts: a treatment started during follow-up', () => {
  it('the built-in dictionary declares surgery = yes as starting on date_surgery', () => {
    expect(builtinDictionary.treatmentStarts).toEqual([
      { variable: 'surgery', level: 'yes', date: 'date_surgery' },
    ]);
  });

  it('a level given as a number is kept as the level name', () => {
    const d = parseDictionary({
      ...base,
      variables: [
        { name: 'arm', label: 'Arm', type: 'categorical', levels: ['0', '1'] },
        { name: 't_arm', label: 'Start', type: 'continuous' },
      ],
      treatmentStarts: [{ variable: 'arm', level: 1, time: 't_arm' }],
    });
    expect(d.treatmentStarts).toEqual([{ variable: 'arm', level: '1', time: 't_arm' }]);
  });

  it('names the key of an unknown level, a variable of the wrong type and a second start for the same level', () => {
    const issues = issuesOf({
      ...base,
      variables: [
        { name: 'arm', label: 'Arm', type: 'categorical', levels: ['a', 'b'] },
        { name: 'd_arm', label: 'Start', type: 'date' },
        { name: 'x', label: 'X', type: 'continuous' },
      ],
      treatmentStarts: [
        { variable: 'arm', level: 'c', date: 'd_arm' },
        { variable: 'x', level: 'b', date: 'x' },
        { variable: 'arm', level: 'b', time: 'd_arm' },
        { variable: 'arm', level: 'b', date: 'd_arm' },
      ],
    });
    expect(issues.map((i) => i.column)).toEqual([
      'treatmentStarts[0].level',
      'treatmentStarts[1].variable',
      'treatmentStarts[1].date',
      'treatmentStarts[2].time',
      'treatmentStarts[3]',
    ]);
    expect(issues[0]!.message).toContain('"c" is not a level of arm');
    expect(issues[4]!.message).toContain('a second start for arm = "b"');
  });

  it('a start with both a date and a time is a shape error', () => {
    const issues = issuesOf({
      ...base,
      variables: [{ name: 'arm', label: 'Arm', type: 'boolean' }],
      treatmentStarts: [{ variable: 'arm', level: 'yes', date: 'a', time: 'b' }],
    });
    expect(issues.map((i) => i.column)).toEqual(['treatmentStarts[0]']);
  });
});

describe('dictionary.schema.json', () => {
  it('is the current zod schema as JSON Schema (regenerate with scripts/write-dictionary-schema.mjs)', () => {
    const committed = JSON.parse(readFileSync(new URL('../dictionary.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(dictionaryJsonSchema());
  });
});

describe('loadDictionaryFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'survkit-dict-'));

  it('reads JSON and YAML to the same dictionary', () => {
    writeFileSync(join(dir, 'd.json'), JSON.stringify(builtinDictionaryInput));
    writeFileSync(join(dir, 'd.yaml'), stringify(builtinDictionaryInput));
    expect(loadDictionaryFile(join(dir, 'd.json'))).toEqual(builtinDictionary);
    expect(loadDictionaryFile(join(dir, 'd.yaml'))).toEqual(builtinDictionary);
  });

  it('names the file in syntax errors, unreadable files and unsupported extensions', () => {
    writeFileSync(join(dir, 'bad.json'), '{ "study": ');
    expect(() => loadDictionaryFile(join(dir, 'bad.json'))).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadDictionaryFile(join(dir, 'missing.yml'))).toThrow(/cannot be read/);
    expect(() => loadDictionaryFile(join(dir, 'd.txt'))).toThrow(/unsupported extension "\.txt"/);
    writeFileSync(join(dir, 'invalid.yml'), 'study: { name: s, title: S }\nvariables: []\n');
    expect(() => loadDictionaryFile(join(dir, 'invalid.yml'))).toThrow(/invalid\.yml, at variables:/);
  });
});
