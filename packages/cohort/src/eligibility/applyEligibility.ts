import type { CohortFlow } from '../cohort.js';
import { evaluateCondition } from '../derive/evaluateCondition.js';
import type { EligibilityRule } from '../dictionary/schema.js';
import type { Table } from '../table.js';

export interface EligibilityResult {
  /** Indices (into the table) of the patients who meet every rule, in file order. */
  readonly keep: Int32Array;
  readonly flow: CohortFlow;
}

/**
 * Applies the inclusion rules in dictionary order, as a CONSORT-style flow: each excluded
 * patient is counted once, under the first rule they fail. A rule that cannot be decided
 * (its condition is unknown because a value is missing) excludes the patient, since
 * eligibility must be shown, not assumed.
 */
export function applyEligibility(rules: readonly EligibilityRule[], table: Table): EligibilityResult {
  const n = table.n;
  const alive = new Uint8Array(n).fill(1);
  const excluded = rules.map((r) => {
    const t = evaluateCondition(r.include, table);
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (alive[i] === 1 && t[i] !== 1) {
        alive[i] = 0;
        count++;
      }
    }
    return Object.freeze({ rule: r.rule, reason: r.reason, n: count });
  });
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (alive[i] === 1) keep.push(i);
  return {
    keep: Int32Array.from(keep),
    flow: Object.freeze({ screened: n, excluded: Object.freeze(excluded), analysed: keep.length }),
  };
}
