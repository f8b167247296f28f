import type { Cell, TableSpec } from '@survkit/report/browser';
import { h } from './dom.ts';

const text = (cell: Cell | undefined) =>
  cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;

/** A TableSpec (the PDF's table, from the CLI's tableSpecs) as an HTML table with its caption and notes. */
export function specTable(spec: TableSpec, testId: string): HTMLElement {
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
          ? h('th', { scope: 'row', style: `padding-left:${0.4 + (row.indent ?? 0) * 1.2}em` }, text(c))
          : h('td', { class: spec.align[j] === 'left' ? 'left' : '' }, text(c)),
      ),
    ),
  );
  const notes = [...spec.footnotes, ...(spec.notes ?? []).map((n) => n.text)];
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
