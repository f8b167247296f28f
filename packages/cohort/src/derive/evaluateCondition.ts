import type { Condition } from '../dictionary/schema.js';
import { levelsOf, type Table } from '../table.js';

/** Three-valued truth over rows: 1 = true, 0 = false, -1 = unknown (a tested value is missing). */
export type Truth = Int8Array;

const TRUE = 1;
const FALSE = 0;
const UNKNOWN = -1;

/**
 * Evaluates a dictionary condition for every row of a table with Kleene's three-valued logic
 * (as SQL does), so that a missing value makes a rule unknown rather than silently false.
 * Preconditions: the dictionary was validated (every referenced variable exists in `table` and
 * every compared value fits its type), so this never throws for data reasons.
 */
export function evaluateCondition(c: Condition, table: Table): Truth {
  const n = table.n;
  if (c.var !== undefined) return evaluateTest(c, table);
  const out = new Int8Array(n);
  if (c.not !== undefined) {
    const t = evaluateCondition(c.not, table);
    for (let i = 0; i < n; i++) out[i] = t[i] === UNKNOWN ? UNKNOWN : 1 - t[i]!;
    return out;
  }
  const parts = (c.allOf ?? c.anyOf ?? c.noneOf ?? []).map((p) => evaluateCondition(p, table));
  // noneOf(a, b) = allOf(not a, not b): the same loop as allOf with each part negated.
  const negate = c.noneOf !== undefined;
  const decisive = c.anyOf !== undefined ? TRUE : FALSE;
  for (let i = 0; i < n; i++) {
    let result = 1 - decisive;
    for (const t of parts) {
      let v = t[i]!;
      if (negate && v !== UNKNOWN) v = 1 - v;
      if (v === decisive) {
        result = decisive;
        break;
      }
      if (v === UNKNOWN) result = UNKNOWN;
    }
    out[i] = result;
  }
  return out;
}

function evaluateTest(c: Condition, table: Table): Truth {
  const name = c.var!;
  const column = table.columns.get(name)!;
  const spec = table.specs.get(name)!;
  const n = table.n;
  const out = new Int8Array(n);
  if (column.kind === 'codes') {
    const levels = levelsOf(spec)!;
    const index = (v: string | number) => levels.indexOf(String(v));
    const eq = c.eq === undefined ? -2 : index(c.eq);
    const ne = c.ne === undefined ? -2 : index(c.ne);
    const inSet = c.in === undefined ? null : new Set(c.in.map(index));
    const notInSet = c.notIn === undefined ? null : new Set(c.notIn.map(index));
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      if (c.missing !== undefined) {
        out[i] = code < 0 === c.missing ? TRUE : FALSE;
        if (out[i] === FALSE || code < 0) continue;
      } else if (code < 0) {
        out[i] = UNKNOWN;
        continue;
      }
      const ok =
        (eq === -2 || code === eq) &&
        (ne === -2 || code !== ne) &&
        (inSet === null || inSet.has(code)) &&
        (notInSet === null || !notInSet.has(code));
      out[i] = ok ? TRUE : FALSE;
    }
    return out;
  }
  const inSet = c.in === undefined ? null : new Set(c.in.map(Number));
  const notInSet = c.notIn === undefined ? null : new Set(c.notIn.map(Number));
  for (let i = 0; i < n; i++) {
    const x = column.values[i]!;
    const absent = Number.isNaN(x);
    if (c.missing !== undefined) {
      out[i] = absent === c.missing ? TRUE : FALSE;
      if (out[i] === FALSE || absent) continue;
    } else if (absent) {
      out[i] = UNKNOWN;
      continue;
    }
    const ok =
      (c.eq === undefined || x === c.eq) &&
      (c.ne === undefined || x !== c.ne) &&
      (c.gt === undefined || x > c.gt) &&
      (c.gte === undefined || x >= c.gte) &&
      (c.lt === undefined || x < c.lt) &&
      (c.lte === undefined || x <= c.lte) &&
      (inSet === null || inSet.has(x)) &&
      (notInSet === null || !notInSet.has(x));
    out[i] = ok ? TRUE : FALSE;
  }
  return out;
}
