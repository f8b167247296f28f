import type { Cohort } from '@survkit/cohort';
import { logRankTest, StatsInputError } from '@survkit/stats';
import type { AnalysisPlan } from '../plan/schema.js';
import { concatRows, groupRanks, pick, pickEvents } from './data.js';
import type { GroupSplit } from './group.js';
import type { PairwiseLogRank, PairwiseLogRankRow } from './types.js';

type Endpoint = AnalysisPlan['endpoints'][number];
type Adjust = PairwiseLogRank['adjust'];

/**
 * R's `p.adjust(p, method)` for "holm", "bonferroni" and "none", over the non-null p-values (R's
 * `n = length(p)` after dropping NAs, as `pairwise.table` passes them). Holm: sort ascending,
 * multiply the i-th smallest by m − i + 1, take the running maximum, cap at 1.
 */
export function adjustP(p: readonly (number | null)[], method: Adjust): (number | null)[] {
  const known = p.flatMap((x, i) => (x === null ? [] : [{ x, i }]));
  const m = known.length;
  const out: (number | null)[] = p.map(() => null);
  if (method === 'none') return [...p];
  if (method === 'bonferroni') {
    for (const { x, i } of known) out[i] = Math.min(1, m * x);
    return out;
  }
  const sorted = [...known].sort((a, b) => a.x - b.x);
  let running = 0;
  sorted.forEach(({ x, i }, k) => {
    running = Math.max(running, (m - k) * x);
    out[i] = Math.min(1, running);
  });
  return out;
}

/**
 * Log-rank tests of every pair of compared arms, each on the patients of its two arms only, with the
 * p-values adjusted for the number of pairs: survminer's `pairwise_survdiff(Surv(t, e) ~ arm, data,
 * p.adjust.method, rho)`, i.e. `survdiff` on each pair and `p.adjust` over the pairs. A pair where no
 * test is possible (no events in either arm) has null statistic and p, as R's NA.
 */
export function pairwiseLogRank(
  cohort: Cohort,
  endpoint: Endpoint,
  split: GroupSplit,
  adjust: Adjust,
  rho: number,
): PairwiseLogRank {
  const ep = cohort.endpoint(endpoint.name);
  const arms = split.info.levels.map((l, j) => ({ ...l, rows: split.rowsByGroup[j]! }));
  const raw: { first: string; second: string; statistic: number | null; pValue: number | null }[] = [];
  for (let b = 1; b < arms.length; b++)
    for (let a = 0; a < b; a++) {
      const first = arms[a]!;
      const second = arms[b]!;
      const rows = concatRows([first.rows, second.rows]);
      const group = groupRanks([first, second]);
      let statistic: number | null = null;
      let pValue: number | null = null;
      try {
        if (first.rows.length > 0 && second.rows.length > 0) {
          const lr = logRankTest(
            { time: pick(ep.time, rows), event: pickEvents(ep.event, rows), group },
            { rho },
          );
          statistic = lr.statistic;
          pValue = lr.pValue;
        }
      } catch (error) {
        if (!(error instanceof StatsInputError)) throw error;
      }
      raw.push({ first: first.label, second: second.label, statistic, pValue });
    }
  const adjusted = adjustP(
    raw.map((r) => r.pValue),
    adjust,
  );
  const rows: PairwiseLogRankRow[] = raw.map((r, i) => ({ ...r, adjustedP: adjusted[i] ?? null }));
  return { endpoint: endpoint.name, abbreviation: endpoint.abbreviation, adjust, rho, rows };
}
