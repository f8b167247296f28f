import { isFollowUpTimeName } from './findEndpoints.js';
import { MISSING_TOKENS, toNumber } from './inferColumn.js';
import type { DraftDecision, DraftEndpoint, DraftVariable, IntermediateTime, RawTable } from './types.js';

/**
 * Times measured during follow-up (survival::myeloid's `txtime`, `crtime`, `rltime`: time to
 * transplant, complete response, relapse): a number column named like a follow-up time, not an
 * endpoint's own, that never exceeds an endpoint's time in a row where both are known and reaches
 * at least a tenth of its median (`withinFollowUp`). As a
 * baseline covariate such a time favours the patients who lived long enough to reach it (immortal
 * time bias; Suissa 2008), so the drafted plan leaves it out of Table 1 and the Cox models and a
 * decision says why. Times named as before follow-up (veteran's `diagtime`) are not matched by
 * `isFollowUpTimeName`, and a column beyond the endpoint's time in any row is not one of these.
 */
export function findIntermediateTimes(
  table: RawTable,
  variables: readonly DraftVariable[],
  endpoints: readonly DraftEndpoint[],
  decisions: DraftDecision[],
): IntermediateTime[] {
  const bounds = endpoints.flatMap((e) => (e.kind === 'time' ? [e] : []));
  if (bounds.length === 0) return [];
  const inEndpoints = new Set(bounds.flatMap((e) => [e.time, e.status]));
  // a column's numbers, its own missing codes (a 999 sentinel) read as missing like the tokens
  const numbers = (name: string): (number | null)[] => {
    const extra = variables.find((v) => v.name === name)?.missing ?? [];
    const cells = table.columns.find((c) => c.name === name)?.values ?? [];
    return cells.map((cell) =>
      MISSING_TOKENS.includes(cell) || extra.includes(cell) ? null : toNumber(cell, table.decimalComma),
    );
  };
  // each endpoint's times are read once, not once per candidate column
  const boundTimes = bounds.map((e) => ({ endpoint: e, times: numbers(e.time) }));
  const found: IntermediateTime[] = [];
  for (const v of variables) {
    if (v.type !== 'continuous' || inEndpoints.has(v.name) || !isFollowUpTimeName(v.name)) continue;
    const xs = numbers(v.name);
    const bound = boundTimes.find((b) => withinFollowUp(xs, b.times))?.endpoint;
    if (bound === undefined) continue;
    const nMissing = xs.filter((x) => x === null).length;
    found.push({ variable: v.name, endpoint: bound.name });
    decisions.push({
      subject: v.name,
      message: `\`${v.name}\` looks like a time during follow-up (never beyond \`${bound.time}\` where both are known${nMissing > 0 ? `; missing for ${nMissing} patients` : ''}): left out of Table 1 and the Cox models, where a time reached during follow-up favours the patients who lived long enough to reach it (immortal time bias). If it is when the compared treatment started, name it in the plan's immortalTime.treatmentStart; if it was measured at baseline, add it back`,
    });
  }
  return found;
}

/**
 * Whether `xs` is on the follow-up's scale and within it: never above `bound` in a row where both
 * are numbers (at least one such row), and reaching at least a tenth of the median follow-up — so
 * that a short duration named like a time (pbc's `protime`, a prothrombin time in seconds beside
 * follow-up in days) is not taken for one.
 */
function withinFollowUp(xs: readonly (number | null)[], bound: readonly (number | null)[]): boolean {
  const times: number[] = [];
  let largest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = bound[i];
    if (t != null && Number.isFinite(t)) times.push(t);
    if (x == null || t == null || !Number.isFinite(x) || !Number.isFinite(t)) continue;
    if (x > t) return false;
    largest = Math.max(largest, x);
  }
  if (times.length === 0 || largest === Number.NEGATIVE_INFINITY) return false;
  times.sort((a, b) => a - b);
  const median = (times[(times.length - 1) >> 1]! + times[times.length >> 1]!) / 2;
  return largest >= median / 10;
}
