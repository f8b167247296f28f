import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type DraftColumn,
  draftStudy,
  loadDictionaryFile,
  readDraftTable,
  type StudyDictionary,
  type StudyDraft,
  type VariableSpec,
} from '../src/index.js';

/**
 * Oracle: the hand-written dictionaries of examples/ (lung, veteran, pbc, gbsg), whose types and
 * levels were written from R's survival package documentation of each data set. The draft is made
 * from the data alone and must agree on every raw variable: its type, its level values (and their
 * order where the values are numeric codes), the id column, and the endpoint's time, unit, status
 * and event value.
 */
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const STUDIES = ['lung', 'veteran', 'pbc', 'gbsg'] as const;

function draftOf(study: string, ext: 'csv' | 'sav'): StudyDraft {
  const file = `${study}.${ext}`;
  return draftStudy(readDraftTable(new Uint8Array(readFileSync(repo(`examples/${study}/${file}`))), file));
}

const oracleOf = (study: string) => loadDictionaryFile(repo(`examples/${study}/${study}-dictionary.json`));

const isNoYes = (values: readonly string[]) =>
  [...values]
    .map((v) => v.toLowerCase())
    .sort()
    .join(',') === 'no,yes';

/** The draft's column agrees with the oracle's variable (a yes/no pair may be boolean or categorical). */
function expectAgrees(column: DraftColumn | undefined, spec: VariableSpec, where: string): void {
  expect(column?.role, where).toBe('variable');
  if (column?.role !== 'variable') return;
  const v = column.variable;
  const draftLevels =
    v.type === 'categorical' ? v.levels.map((l) => l.value) : v.type === 'boolean' ? ['no', 'yes'] : null;
  switch (spec.type) {
    case 'continuous':
    case 'date':
      expect(v.type, where).toBe(spec.type);
      if (spec.type === 'date' && v.type === 'date') expect(v.format, where).toBe(spec.format);
      return;
    case 'boolean':
      expect(draftLevels !== null && isNoYes(draftLevels), `${where}: a yes/no variable`).toBe(true);
      return;
    case 'categorical': {
      const oracle = spec.levels.map((l) => l.value);
      if (isNoYes(oracle)) {
        expect(draftLevels !== null && isNoYes(draftLevels), `${where}: a yes/no variable`).toBe(true);
        return;
      }
      expect(v.type, where).toBe('categorical');
      // Numeric codes have one right order; word levels are compared as a set (the draft orders
      // words it does not know by frequency, and says so in its comment).
      if (oracle.every((l) => /^\d+$/.test(l))) expect(draftLevels, where).toEqual(oracle);
      else expect([...(draftLevels ?? [])].sort(), where).toEqual([...oracle].sort());
    }
  }
}

function expectDraftMatchesOracle(draft: StudyDraft, oracle: StudyDictionary, file: string): void {
  const byName = new Map(draft.columns.map((c) => [c.name, c]));
  const raw = oracle.variables.filter((v) => v.derive === undefined);
  for (const spec of raw) expectAgrees(byName.get(spec.name), spec, `${file}: ${spec.name}`);
  if (oracle.id !== undefined) expect(byName.get(oracle.id)?.role, `${file}: id ${oracle.id}`).toBe('id');
  // Every column of the file is accounted for, and nothing is invented.
  const known = new Set([...raw.map((v) => v.name), ...(oracle.id === undefined ? [] : [oracle.id])]);
  expect(draft.columns.map((c) => c.name).sort()).toEqual([...known].sort());
  const [endpoint] = oracle.endpoints;
  const [drafted] = draft.endpoints;
  expect(draft.endpoints).toHaveLength(1);
  if (endpoint?.kind !== 'time' || drafted?.kind !== 'time')
    throw new Error(`${file}: expected time endpoints`);
  expect(drafted.time).toBe(endpoint.time);
  expect(drafted.timeUnit).toBe(endpoint.timeUnit);
  expect(drafted.status).toBe(endpoint.event.var);
  expect(drafted.eventValue).toBe(String(endpoint.event.eq));
  // The group is a categorical variable of 2–5 levels of the oracle (the authors chose among them).
  const group = oracle.variables.find((v) => v.name === draft.group?.variable);
  expect(
    group?.type === 'categorical' || group?.type === 'boolean',
    `${file}: group ${draft.group?.variable}`,
  ).toBe(true);
}

describe('draftStudy on the example studies agrees with their hand-written dictionaries', () => {
  for (const study of STUDIES)
    for (const ext of ['csv', 'sav'] as const)
      it(`${study}.${ext}: types, levels, id, endpoint`, () => {
        expectDraftMatchesOracle(draftOf(study, ext), oracleOf(study), `${study}.${ext}`);
      });

  it('the group variable is the oracle’s where one is named like a treatment, and flagged where none is', () => {
    expect(draftOf('pbc', 'csv').group?.variable).toBe(oracleOf('pbc').group?.variable);
    expect(draftOf('gbsg', 'csv').group?.variable).toBe(oracleOf('gbsg').group?.variable);
    // lung has no treatment column: the first 2-level variable is taken and a person must decide.
    const lung = draftOf('lung', 'csv');
    expect(lung.group?.variable).toBe(oracleOf('lung').group?.variable);
    expect(lung.decisions.some((d) => d.subject === 'group' && /choose/.test(d.message))).toBe(true);
  });

  it('pbc: the non-randomised patients without a treatment arm are excluded, as the oracle’s eligibility rule does', () => {
    const draft = draftOf('pbc', 'csv');
    expect(draft.excludeMissingGroup).toBe(true);
    expect(oracleOf('pbc').eligibility[0]?.include).toEqual({ var: 'trt', missing: false });
  });

  it('the time unit is guessed from the range and listed for a decision (none of the files names it)', () => {
    for (const study of STUDIES) {
      const draft = draftOf(study, 'csv');
      const time = draft.endpoints[0]!.kind === 'time' ? draft.endpoints[0]!.time : '';
      expect(
        draft.decisions.some(
          (d) => d.subject === time && /time unit .* guessed days from the range/.test(d.message),
        ),
      ).toBe(true);
    }
  });

  it('lung.xlsx (test/fixtures/xlsx, typed cells): lung’s variables as from the CSV, a date cell column a date, "Unknown" missing', () => {
    const file = 'lung.xlsx';
    const bytes = new Uint8Array(readFileSync(new URL(`./fixtures/xlsx/${file}`, import.meta.url)));
    const draft = draftStudy(readDraftTable(bytes, file));
    // Oracle: lung-dictionary.json, plus the workbook's extra columns as test/xlsx.test.ts's dictionary types them.
    const byName = new Map(draft.columns.map((c) => [c.name, c]));
    for (const spec of oracleOf('lung').variables.filter((v) => v.derive === undefined))
      expectAgrees(byName.get(spec.name), spec, `${file}: ${spec.name}`);
    expect(draft.endpoints).toEqual(draftOf('lung', 'csv').endpoints);
    const entry = byName.get('entry');
    expect(entry?.role === 'variable' && entry.variable).toMatchObject({
      type: 'date',
      format: 'YYYY-MM-DD',
    });
    const ecog = byName.get('ecog_text');
    expect(ecog?.role === 'variable' && ecog.variable).toMatchObject({
      type: 'categorical',
      levels: ['ECOG 0', 'ECOG 1', 'ECOG 2', 'ECOG 3'].map((value) => ({ value, label: value })),
      missing: ['Unknown'],
    });
    // Not checked: `entry_serial` holds bare Excel serials with no date format, which nothing
    // tells from numbers; the draft calls it continuous and a person must say it is a date.
  });

  it('an SPSS file’s value labels are its levels’ labels, taken as given (lung.sav)', () => {
    const draft = draftOf('lung', 'sav');
    const sex = draft.columns.find((c) => c.name === 'sex');
    // Oracle: the labels R's haven wrote into lung.sav (packages/cohort/test/r/write-sav-fixtures.R), as lung-dictionary.json names them.
    const oracle = oracleOf('lung').variables.find((v) => v.name === 'sex');
    if (sex?.role !== 'variable' || sex.variable.type !== 'categorical' || oracle?.type !== 'categorical')
      throw new Error('sex');
    expect(sex.variable.levels).toEqual(oracle.levels);
    expect(sex.variable.guesses).toEqual([]);
  });
});
