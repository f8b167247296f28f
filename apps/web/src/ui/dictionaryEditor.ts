import { h } from './dom.ts';

// biome-ignore lint/suspicious/noExplicitAny: the dictionary input is the CLI's JSON, edited in place
type Json = any;

const TYPES = ['categorical', 'boolean', 'continuous', 'date'] as const;
const levelValue = (l: Json) => (typeof l === 'string' ? l : String(l.value));
/** An empty cell is a missing code too; it is shown and typed as "" so it is not lost between commas. */
const showCode = (code: string) => (code === '' ? '""' : code);
const readCode = (code: string) => (code === '""' ? '' : code);
const list = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Changing a variable's type drops the keys of its old type (a date format, levels…) and adds the new one's. */
function applyType(v: Json, t: string): void {
  v.type = t;
  if (t !== 'categorical') {
    delete v.levels;
    delete v.reference;
  } else v.levels ??= ['(edit levels)'];
  if (t !== 'continuous') {
    delete v.unit;
    delete v.min;
    delete v.max;
    delete v.integer;
  }
  if (t === 'date') v.format ??= 'YYYY-MM-DD';
  else delete v.format;
  if (t !== 'boolean') {
    delete v.trueValues;
    delete v.falseValues;
  }
}

/** New levels from a comma-separated list; a level kept from before keeps its label. */
function setLevels(v: Json, text: string): void {
  const labels = new Map(
    (v.levels as Json[]).map((l) => [levelValue(l), typeof l === 'string' ? undefined : l.label]),
  );
  v.levels = list(text).map((value) =>
    labels.get(value) === undefined ? value : { value, label: labels.get(value) },
  );
}

/** One variable's row: its cells edit `v` in place and call `changed`. */
function variableRow(v: Json, i: number, changed: () => void): HTMLElement {
  const id = `var-${i}`;
  const derived = v.derive !== undefined;
  const input = (
    key: string,
    value: string,
    label: string,
    apply: (text: string) => void,
    disabled = false,
  ) =>
    h('input', {
      id: `${id}-${key}`,
      value,
      'aria-label': `${label} of ${v.name}`,
      disabled,
      onchange: (e: Event) => {
        apply((e.target as HTMLInputElement).value);
        changed();
      },
    });
  const type = h(
    'select',
    {
      id: `${id}-type`,
      'aria-label': `Type of ${v.name}`,
      disabled: derived,
      onchange: (e: Event) => {
        applyType(v, (e.target as HTMLSelectElement).value);
        changed();
      },
    },
    ...TYPES.map((t) => h('option', { value: t, selected: v.type === t }, t)),
  );
  const levels = v.type === 'categorical' ? (v.levels as Json[]).map(levelValue).join(', ') : '';
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, v.name, derived ? h('span', { class: 'muted' }, ' (derived)') : null),
    h('td', {}, type),
    h(
      'td',
      {},
      input('label', v.label ?? '', 'Label', (t) => {
        v.label = t;
      }),
    ),
    h(
      'td',
      {},
      v.type === 'categorical'
        ? input('levels', levels, 'Levels, in order, comma-separated', (t) => setLevels(v, t))
        : h('span', { class: 'muted' }, v.type === 'continuous' && v.unit ? `unit: ${v.unit}` : '—'),
    ),
    h(
      'td',
      {},
      v.type === 'categorical'
        ? input('reference', v.reference ?? '', 'Reference level', (t) => {
            if (t === '') delete v.reference;
            else v.reference = t;
          })
        : '',
    ),
    h(
      'td',
      {},
      input(
        'missing',
        (v.missing ?? []).map(showCode).join(', '),
        'Missing codes, comma-separated (default: the dictionary’s)',
        (t) => {
          if (t === '') delete v.missing;
          else v.missing = list(t).map(readCode);
        },
        derived,
      ),
    ),
  );
}

/**
 * The dictionary's variables as an editable table: type, label, levels in order, reference level,
 * missing codes. Edits change the dictionary object (the file the CLI reads) and call `changed`.
 */
export function dictionaryEditor(dictionary: Json, changed: () => void): HTMLElement {
  const rows = (dictionary.variables as Json[]).map((v, i) => variableRow(v, i, changed));
  return h(
    'div',
    { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Dictionary variables' },
    h(
      'table',
      { class: 'dictionary' },
      h(
        'caption',
        {},
        `Variables of ${dictionary.study?.name ?? 'the study'} — edit a cell and press Tab; the analysis reruns.`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Variable', 'Type', 'Label', 'Levels (in order)', 'Reference', 'Missing codes'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}

/** A labelled drop-down whose choice goes to `apply`. */
function labelledSelect(
  id: string,
  label: string,
  value: string,
  options: readonly string[],
  apply: (v: string) => void,
): HTMLElement {
  return h(
    'label',
    { for: id },
    label,
    ' ',
    h(
      'select',
      { id, onchange: (e: Event) => apply((e.target as HTMLSelectElement).value) },
      ...options.map((o) => h('option', { value: o, selected: o === value }, o)),
    ),
  );
}

/** An endpoint from dates, described (edited in the dictionary file, not here). */
function datesEndpointText(e: Json): string {
  if (e.to !== undefined)
    return `${e.name} (${e.label}): from ${e.from} to ${e.to}, event when ${e.event?.var} = ${e.event?.eq ?? '…'} — edit start/end date endpoints in the dictionary file.`;
  return `${e.name} (${e.label}): from ${e.from} to ${(e.events ?? []).join(' or ')}, censored at ${e.censor} — edit dates endpoints in the dictionary file.`;
}

/** The endpoints as a short editable form: time column, unit and the event rule (time endpoints). */
export function endpointEditor(dictionary: Json, changed: () => void): HTMLElement {
  const endpoints = (dictionary.endpoints ?? []) as Json[];
  const names = (dictionary.variables as Json[]).map((v) => v.name as string);
  const select = (
    id: string,
    label: string,
    value: string,
    options: readonly string[],
    apply: (v: string) => void,
  ) =>
    labelledSelect(id, label, value, options, (v) => {
      apply(v);
      changed();
    });
  const items = endpoints.map((e, i) => {
    if (e.time === undefined) return h('li', {}, datesEndpointText(e));
    return h(
      'li',
      {},
      h('strong', {}, `${e.name} (${e.label}): `),
      select(`ep-${i}-time`, 'time', e.time, names, (v) => {
        e.time = v;
      }),
      ' ',
      select(`ep-${i}-unit`, 'in', e.timeUnit, ['days', 'weeks', 'months', 'years'], (v) => {
        e.timeUnit = v;
      }),
      ' ',
      select(`ep-${i}-event`, 'event when', e.event?.var ?? '', names, (v) => {
        e.event = { var: v, eq: e.event?.eq ?? '1' };
      }),
      ' = ',
      h('input', {
        id: `ep-${i}-eq`,
        class: 'short',
        value: String(e.event?.eq ?? ''),
        'aria-label': `Event value of ${e.name}`,
        onchange: (ev: Event) => {
          e.event = { var: e.event?.var, eq: (ev.target as HTMLInputElement).value };
          changed();
        },
      }),
    );
  });
  const add = h(
    'button',
    {
      type: 'button',
      onclick: () => {
        dictionary.endpoints = [
          ...endpoints,
          {
            name: `EP${endpoints.length + 1}`,
            label: 'Overall survival',
            time: names[0],
            timeUnit: 'days',
            event: { var: names[1] ?? names[0], eq: '1' },
          },
        ];
        changed();
      },
    },
    'Add a time + event endpoint',
  );
  return h(
    'div',
    {},
    h('h3', {}, 'Endpoints'),
    endpoints.length === 0 ? h('p', {}, 'No endpoint yet.') : h('ul', {}, ...items),
    add,
  );
}
