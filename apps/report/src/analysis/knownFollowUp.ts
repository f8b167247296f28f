import type { Cohort } from '@survkit/cohort';
import type { AnalysisPlan } from '../plan/schema.js';
import { filterRows, type Rows } from './data.js';
import type { GroupSplit } from './group.js';
import type { MissingFollowUp } from './survivalTypes.js';

/** Per cohort row, whether it is in `missing` (increasing indices); null when nobody is. */
function missingMask(n: number, missing: Int32Array): Uint8Array | null {
  if (missing.length === 0) return null;
  const mask = new Uint8Array(n);
  for (const i of missing) mask[i] = 1;
  return mask;
}

/**
 * The grouped cohort as one endpoint's analyses see it: its patients without a known time or status
 * (the cohort endpoint's `missing`) left out of every group, as R's na.omit leaves such rows out of
 * survfit, survdiff and coxph. The same object when nobody is missing, so the usual report pays
 * nothing.
 */
export function withKnownFollowUp<G extends { readonly cohort: Cohort; readonly split: GroupSplit }>(
  grouped: G,
  endpoint: string,
): { readonly cohort: Cohort; readonly split: GroupSplit } {
  const { cohort, split } = grouped;
  const mask = missingMask(cohort.n, cohort.endpoint(endpoint).missing);
  if (mask === null) return grouped;
  const known = (rows: Rows) => filterRows(rows, (r) => mask[r] === 0);
  const rowsByGroup = split.rowsByGroup.map(known);
  const narrowed: GroupSplit = {
    ...split,
    rowsByGroup,
    rows: known(split.rows),
    info: { ...split.info, levels: split.info.levels.map((l, j) => ({ ...l, n: rowsByGroup[j]!.length })) },
  };
  return { cohort, split: narrowed };
}

/**
 * For the flow chart and the text: per plan endpoint, the analysed patients (a compared group) left
 * out of its analyses for an unknown time or status, with their file rows.
 */
export function missingFollowUp(cohort: Cohort, plan: AnalysisPlan, split: GroupSplit): MissingFollowUp[] {
  return plan.endpoints.flatMap((e) => {
    const mask = missingMask(cohort.n, cohort.endpoint(e.name).missing);
    if (mask === null) return [];
    const left = filterRows(split.rows, (r) => mask[r] === 1);
    if (left.length === 0) return [];
    return [
      {
        endpoint: e.name,
        abbreviation: e.abbreviation,
        n: left.length,
        rows: Array.from(left, (r) => cohort.rowNumbers[r]!),
      },
    ];
  });
}
