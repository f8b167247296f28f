import type { ImportIssue } from '@survkit/cohort';
import { h } from './dom.ts';

/** The import problems as the CLI lists them: row, column, value and what is wrong (the first 200). */
export function issuesTable(heading: string, issues: readonly ImportIssue[]): HTMLElement {
  return h(
    'div',
    { class: 'problems', role: 'alert', 'data-testid': 'import-errors' },
    h('h3', {}, `${heading}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`),
    h(
      'div',
      { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Import problems' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, ...['Row', 'Column', 'Value', 'Problem'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h(
          'tbody',
          {},
          ...issues
            .slice(0, 200)
            .map((i) =>
              h(
                'tr',
                {},
                h('td', {}, i.row === null ? '–' : String(i.row)),
                h('td', {}, i.column ?? '–'),
                h('td', {}, i.value === null ? '–' : JSON.stringify(i.value)),
                h('td', { class: 'left' }, i.message),
              ),
            ),
        ),
      ),
    ),
    issues.length > 200 ? h('p', {}, `… and ${issues.length - 200} more.`) : null,
    h(
      'p',
      {},
      'Fix the file, or the dictionary below (types, levels, missing codes), and the analysis reruns.',
    ),
  );
}
