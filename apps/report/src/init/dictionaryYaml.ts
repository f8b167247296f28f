import type { DraftColumn, DraftEndpoint, DraftVariable, StudyDraft } from '@survkit/cohort';
import { commentLines, flowList, guessLines, scalar } from './yamlLines.js';

/**
 * The drafted dictionary as commented YAML that `loadDictionaryFile` reads: every column appears —
 * as a variable, as the `id`, or in the closing list of columns left out — and every guess stands
 * in a `# guess:` comment above what it decided.
 */
export function dictionaryYaml(draft: StudyDraft, generatedBy: string): string {
  const lines: string[] = [
    ...commentLines('', [
      `Data dictionary drafted by ${generatedBy} from ${draft.fileName} (${draft.rows} rows, ${draft.columns.length} columns).`,
      'Lines marked "guess:" were inferred from the data: check each, then delete the comment.',
      'Labels are the column names and level codes: replace them with the words your tables should show.',
    ]),
    'study:',
    `  name: ${scalar(draft.study.name)}`,
    `  title: ${scalar(draft.study.title)}  # write the study's title`,
    `missingValues: ${flowList(draft.missingValues)}`,
  ];
  const id = draft.columns.find((c) => c.role === 'id');
  if (id?.role === 'id') lines.push(...guessLines('', id.guesses), `id: ${scalar(id.name)}`);
  lines.push('variables:');
  for (const c of draft.columns)
    if (c.role === 'variable') lines.push(...variableLines(c.variable, draft.missingValues));
  lines.push('endpoints:');
  if (draft.endpoints.length === 0)
    lines.push('  []  # none recognised: add one (see packages/cohort/README.md)');
  for (const e of draft.endpoints) lines.push(...endpointLines(e));
  if (draft.group !== null) {
    if (draft.excludeMissingGroup) {
      const v = draft.group.variable;
      lines.push(
        'eligibility:',
        `  # guess: patients without \`${v}\` cannot be compared, so they are excluded`,
        `  - rule: ${scalar(`${v} recorded`)}`,
        `    reason: ${scalar(`no ${v}`)}`,
        `    include: { var: ${scalar(v)}, missing: false }`,
      );
    }
    lines.push(
      'group:',
      ...guessLines('  ', draft.group.guesses),
      `  variable: ${scalar(draft.group.variable)}`,
    );
  }
  const left = draft.columns.filter(
    (c): c is Extract<DraftColumn, { role: 'ignored' }> => c.role === 'ignored',
  );
  if (left.length > 0)
    lines.push(
      '',
      '# Columns left out of the dictionary (the import ignores a column the dictionary does not list):',
      ...left.map((c) => `#   ${c.name === '' ? '(unnamed)' : c.name}: ${c.reason}`),
    );
  return `${lines.join('\n')}\n`;
}

function variableLines(v: DraftVariable, missingValues: readonly string[]): string[] {
  const lines = [
    ...guessLines('  ', v.guesses),
    `  - name: ${scalar(v.name)}`,
    `    label: ${scalar(v.label)}`,
    `    type: ${v.type}`,
  ];
  // A column's own `missing` replaces the dictionary's list, so it repeats it.
  if (v.missing !== undefined)
    lines.push(`    missing: ${flowList([...new Set([...missingValues, ...v.missing])])}`);
  if (v.type === 'categorical') {
    lines.push('    levels:');
    for (const l of v.levels) lines.push(`      - { value: ${scalar(l.value)}, label: ${scalar(l.label)} }`);
  }
  if (v.type === 'date') lines.push(`    format: ${v.format}`);
  return lines;
}

function endpointLines(e: DraftEndpoint): string[] {
  const head = [
    ...guessLines('  ', e.guesses),
    `  - name: ${scalar(e.name)}`,
    `    label: ${scalar(e.label)}`,
  ];
  if (e.kind === 'dates')
    return [
      ...head,
      `    from: ${scalar(e.from)}`,
      `    events: ${flowList(e.events)}`,
      `    censor: ${scalar(e.censor)}`,
    ];
  if (e.kind === 'period')
    return [
      ...head,
      `    from: ${scalar(e.from)}`,
      `    to: ${scalar(e.to)}`,
      `    event: { var: ${scalar(e.status)}, eq: ${scalar(e.eventValue)} }`,
    ];
  return [
    ...head,
    `    time: ${scalar(e.time)}`,
    `    timeUnit: ${e.timeUnit}`,
    `    event: { var: ${scalar(e.status)}, eq: ${scalar(e.eventValue)} }`,
  ];
}
