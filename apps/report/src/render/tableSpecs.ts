// The specs of the main results tables, by the table they lay out: Table 1 (table1Spec.ts), the Cox
// tables (coxTableSpec.ts) and the pairwise log-rank tests (here). The sensitivity, immortal-time and
// propensity tables have their own *Specs modules.
import type { AnalysisResult, PairwiseLogRank } from '../analysis/types.js';
import { formatP, formatStatistic } from '../format/index.js';
import { inSentence } from '../format/reportFormat.js';
import type { TableSpec } from './table.js';

export { coxTableSpec } from './coxTableSpec.js';
export { missingValuesSentence, table1Spec } from './table1Spec.js';

const ADJUST_TEXT: Record<PairwiseLogRank['adjust'], (pairs: number) => string> = {
  holm: (m) => `adjusted for ${m} comparisons by Holm’s method (R’s p.adjust)`,
  bonferroni: (m) => `adjusted for ${m} comparisons by Bonferroni’s method (R’s p.adjust)`,
  none: () => 'not adjusted for multiplicity',
};

/** Pairwise log-rank tests between the arms (survminer's pairwise_survdiff), one row per pair. */
export function pairwiseSpec(result: AnalysisResult, pairwise: PairwiseLogRank, label: string): TableSpec {
  const km = result.survival.find((s) => s.endpoint === pairwise.endpoint);
  const test = pairwise.rho === 0 ? 'log-rank' : `Harrington–Fleming (ρ = ${pairwise.rho})`;
  return {
    label,
    caption: `Pairwise ${test} tests of ${km === undefined ? pairwise.endpoint : inSentence(km.label)} (${pairwise.abbreviation}) between the ${inSentence(result.group.label)} groups.`,
    widths: [3.2, 1.1, 1.1, 1.3],
    align: ['left', 'center', 'center', 'center'],
    header: [
      [
        { text: 'Comparison' },
        { text: 'χ² (1 df)', align: 'center' },
        { text: 'p', align: 'center' },
        { text: 'Adjusted p', align: 'center' },
      ],
    ],
    rows: pairwise.rows.map((r) => ({
      cells: [
        `${r.second} vs ${r.first}`,
        formatStatistic(r.statistic),
        formatP(r.pValue),
        formatP(r.adjustedP),
      ],
    })),
    footnotes: [
      `Each test uses the patients of its two groups only; p-values ${ADJUST_TEXT[pairwise.adjust](pairwise.rows.length)}, as survminer’s pairwise_survdiff.`,
    ],
  };
}
