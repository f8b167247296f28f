import { type Cell, resolveNotes, type TableSpec } from '@survkit/report/browser';
import { h } from './dom.ts';

const cellNotes = (cell: Cell | undefined) =>
  cell === undefined || typeof cell === 'string' ? [] : (cell.notes ?? []);

/**
 * A TableSpec (the PDF's table, from the CLI's tableSpecs) as an HTML table with its caption and notes.
 * As in the PDF, only the notes a cell refers to are listed, lettered by first appearance: a spec
 * carries every note its cells may use ("… for ." when none does).
 */
export function specTable(spec: TableSpec, testId: string): HTMLElement {
  const resolved = resolveNotes(
    spec.rows.flatMap((r) => r.cells.map(cellNotes)),
    spec.notes ?? [],
  );
  const content = (cell: Cell | undefined): (Node | string)[] => {
    if (cell === undefined) return [];
    if (typeof cell === 'string') return [cell];
    const mark = cellNotes(cell)
      .map((k) => resolved.marks.get(k))
      .join(',');
    return mark === '' ? [cell.text] : [cell.text, h('sup', {}, mark)];
  };
  const head = spec.header.map((row, r) =>
    h(
      'tr',
      {},
      ...row.map((c) => h('th', { scope: 'col', colspan: c.span ?? 1, class: r === 0 ? '' : 'sub' }, c.text)),
    ),
  );
  const body = spec.rows.map((row) =>
    h(
      'tr',
      { class: row.heading ? 'heading' : '' },
      ...row.cells.map((c, j) =>
        j === 0
          ? h('th', { scope: 'row', style: `padding-left:${0.4 + (row.indent ?? 0) * 1.2}em` }, ...content(c))
          : h('td', { class: spec.align[j] === 'left' ? 'left' : '' }, ...content(c)),
      ),
    ),
  );
  const notes = [...spec.footnotes, ...resolved.lines];
  return h(
    'figure',
    { class: 'table', 'data-testid': testId },
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': spec.label },
      h(
        'table',
        {},
        h('caption', {}, h('strong', {}, `${spec.label}. `), spec.caption),
        h('thead', {}, ...head),
        h('tbody', {}, ...body),
      ),
    ),
    notes.length === 0 ? null : h('figcaption', {}, ...notes.map((n) => h('p', {}, n))),
  );
}
