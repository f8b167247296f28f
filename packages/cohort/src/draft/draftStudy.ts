import { draftEndpointColumns, findEndpoints } from './findEndpoints.js';
import { findIntermediateTimes } from './findIntermediateTimes.js';
import { type ColumnInference, inferColumn, MISSING_TOKENS, NAME_PATTERN } from './inferColumn.js';
import { orderLevels } from './levelOrder.js';
import type {
  DraftColumn,
  DraftDecision,
  DraftEndpoint,
  DraftVariable,
  RawTable,
  StudyDraft,
} from './types.js';

/** Names of comparison variables: a treatment, an arm, a group. */
const GROUP_NAME =
  /^(treatment|treat|trt|tx|rx|arm|group|grp|randomi[sz](ed|ation)|allocation|therapy|surgery|hormon|intervention|exposure)$|arm|group|treat|trt/i;
const MAX_GROUP_LEVELS = 5;

/**
 * Drafts a study dictionary from a data file's columns (no Node APIs; the web app can use it):
 * every column becomes a variable, the patient id, or a column left out with its reason; endpoints
 * and a comparison group are proposed; every uncertain choice carries a guess, and what a person
 * must decide is listed in `decisions`.
 *
 * @example
 * const draft = draftStudy(readDraftTable(bytes, 'lung.csv'));
 * draft.decisions; // [{ subject: 'time', message: 'time unit of `time`: guessed days from the range 5–1022; check' }, …]
 */
export function draftStudy(table: RawTable): StudyDraft {
  const decisions: DraftDecision[] = [];
  const seen = new Map<string, number>();
  const inferred: { inference: ColumnInference; index: number }[] = [];
  table.columns.forEach((raw, index) => {
    const problem = nameProblem(raw.name, index, seen);
    if (problem !== null) {
      decisions.push({ subject: raw.name || `column ${index + 1}`, message: problem });
      inferred.push({
        index,
        inference: {
          column: { role: 'ignored', name: raw.name, reason: problem },
          decisions: [],
          missingSeen: [],
          nMissing: 0,
        },
      });
      return;
    }
    seen.set(raw.name, index);
    const inference = inferColumn(raw, table.decimalComma);
    decisions.push(...inference.decisions);
    inferred.push({ inference, index });
  });
  let columns: DraftColumn[] = inferred.map((c) => c.inference.column);
  // One id at most: a second id-like column is kept as an ignored column, not a variable.
  const ids = columns.filter((c) => c.role === 'id');
  for (const extra of ids.slice(1))
    columns = columns.map((c) =>
      c === extra
        ? {
            role: 'ignored',
            name: c.name,
            reason: `a second identifier column (the id is \`${ids[0]!.name}\`)`,
          }
        : c,
    );
  const variables = columns.flatMap((c) => (c.role === 'variable' ? [c.variable] : []));
  const endpoints = findEndpoints(variables, decisions);
  const intermediateTimes = findIntermediateTimes(table, variables, endpoints, decisions);
  const missingByName = new Map(inferred.map((c) => [c.inference.column.name, c.inference.nMissing]));
  const group = chooseGroup(variables, endpoints, decisions);
  if (group !== null)
    columns = columns.map((c) =>
      c.role === 'variable' && c.name === group.variable.name ? { ...c, variable: group.variable } : c,
    );
  const excludeMissingGroup = group !== null && (missingByName.get(group.variable.name) ?? 0) > 0;
  if (excludeMissingGroup)
    decisions.push({
      subject: 'group',
      message: `${missingByName.get(group!.variable.name)} patients have no \`${group!.variable.name}\`: an eligibility rule excludes them; check that this is intended`,
    });
  const missingSeen = new Set(['', 'NA', ...inferred.flatMap((c) => c.inference.missingSeen)]);
  const stem = table.fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.]/g, '_');
  return {
    study: { name: /^[A-Za-z]/.test(stem) ? stem : `study_${stem}`, title: `Study of ${table.fileName}` },
    fileName: table.fileName,
    rows: table.rows,
    missingValues: MISSING_TOKENS.filter((t) => missingSeen.has(t)),
    columns,
    endpoints,
    intermediateTimes,
    group: group === null ? null : { variable: group.variable.name, guesses: group.guesses },
    excludeMissingGroup,
    decisions,
  };
}

/** Why a header cannot name a dictionary variable (empty, a repeat, not a valid name), or null. */
function nameProblem(name: string, index: number, seen: ReadonlyMap<string, number>): string | null {
  if (name === '')
    return `column ${index + 1} has no name; left out (the import refuses an empty header cell — name it)`;
  const first = seen.get(name);
  if (first !== undefined)
    return `column ${index + 1} is named \`${name}\` like column ${first + 1}; left out (the import refuses repeated names — rename one)`;
  if (!NAME_PATTERN.test(name))
    return `column \`${name}\` is not a valid variable name (letters, digits, "_" or ".", starting with a letter); left out — rename it in the file`;
  return null;
}

/**
 * The comparison group: a categorical variable of 2–5 levels named like a treatment or an arm;
 * otherwise the first other 2-level categorical variable, flagged. A yes/no variable becomes
 * categorical (no, yes) so that the plan can name its levels.
 */
function chooseGroup(
  variables: readonly DraftVariable[],
  endpoints: readonly DraftEndpoint[],
  decisions: DraftDecision[],
): { variable: DraftVariable; guesses: string[] } | null {
  const inEndpoints = new Set(endpoints.flatMap(draftEndpointColumns));
  const levelsOf = (v: DraftVariable) =>
    v.type === 'categorical' ? v.levels.length : v.type === 'boolean' ? 2 : 0;
  const candidates = variables.filter(
    (v) => !inEndpoints.has(v.name) && levelsOf(v) >= 2 && levelsOf(v) <= MAX_GROUP_LEVELS,
  );
  const named = candidates.find((v) => GROUP_NAME.test(v.name));
  const chosen = named ?? candidates.find((v) => levelsOf(v) === 2) ?? candidates[0];
  if (chosen === undefined) {
    decisions.push({
      subject: 'group',
      message:
        'no categorical variable of 2–5 levels to compare: the report needs a group variable; add one to the file and the dictionary',
    });
    return null;
  }
  const guesses = [
    named !== undefined
      ? `comparison group: \`${chosen.name}\` (named like a treatment or group, ${levelsOf(chosen)} levels)`
      : `comparison group: \`${chosen.name}\`, the first variable with ${levelsOf(chosen)} levels (none is named like a treatment or group)`,
  ];
  decisions.push({
    subject: 'group',
    message:
      named !== undefined
        ? `comparison group: guessed \`${chosen.name}\` from its name; check (and the reference level, the first)`
        : `comparison group: no variable is named like a treatment or arm; \`${chosen.name}\` was taken; choose the right one`,
  });
  if (chosen.type !== 'boolean') return { variable: chosen, guesses };
  const { levels } = orderLevels(new Map(chosen.values.map((v) => [v, 1])));
  return {
    variable: {
      type: 'categorical',
      name: chosen.name,
      label: chosen.label,
      levels,
      order: 'yes-no',
      guesses: chosen.guesses,
    },
    guesses,
  };
}
