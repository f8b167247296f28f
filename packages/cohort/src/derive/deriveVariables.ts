import type { VariableSpec } from '../dictionary/schema.js';
import { allocate, levelsOf, type Table } from '../table.js';
import { evaluateCondition } from './evaluateCondition.js';

/**
 * Computes every derived variable of the dictionary, in dictionary order, into `table`.
 * A derived variable may use only variables listed before it (checked by `parseDictionary`),
 * so one pass in order is enough and cycles cannot occur.
 */
export function deriveVariables(variables: readonly VariableSpec[], table: Table): void {
  for (const spec of variables) {
    if (spec.derive === undefined) continue;
    const n = table.n;
    const d = spec.derive;
    if (d.when !== undefined) {
      const t = evaluateCondition(d.when, table);
      // Booleans are coded like their levels: 0 = no, 1 = yes, -1 = missing.
      const codes = allocate(Int32Array, n, table.memory);
      codes.set(t);
      table.columns.set(spec.name, { kind: 'codes', codes });
    } else if (d.count !== undefined) {
      const parts = d.count.map((c) => evaluateCondition(c, table));
      const values = allocate(Float64Array, n, table.memory);
      for (let i = 0; i < n; i++) {
        let k = 0;
        for (const t of parts) {
          const v = t[i]!;
          if (v < 0) {
            k = Number.NaN;
            break;
          }
          k += v;
        }
        values[i] = k;
      }
      table.columns.set(spec.name, { kind: 'values', values });
    } else if (d.cut !== undefined) {
      const source = table.columns.get(d.cut.var)!;
      const x = source.kind === 'values' ? source.values : new Float64Array(n).fill(Number.NaN);
      const breaks = d.cut.breaks;
      const codes = allocate(Int32Array, n, table.memory);
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        if (Number.isNaN(xi)) {
          codes[i] = -1;
          continue;
        }
        // Intervals closed on the left: a value equal to a break belongs to the upper level.
        let k = 0;
        while (k < breaks.length && xi >= breaks[k]!) k++;
        codes[i] = k;
      }
      table.columns.set(spec.name, { kind: 'codes', codes });
    } else if (d.cases !== undefined) {
      const levels = levelsOf(spec)!;
      const truths = d.cases.map((c) => evaluateCondition(c.when, table));
      const levelCodes = d.cases.map((c) => levels.indexOf(String(c.level)));
      const otherwise = d.otherwise === undefined ? -1 : levels.indexOf(String(d.otherwise));
      const codes = allocate(Int32Array, n, table.memory);
      for (let i = 0; i < n; i++) {
        let code = otherwise;
        for (let j = 0; j < truths.length; j++) {
          const v = truths[j]![i]!;
          if (v === 1) {
            code = levelCodes[j]!;
            break;
          }
          // An unknown case before any true one leaves the level unknown.
          if (v < 0) {
            code = -1;
            break;
          }
        }
        codes[i] = code;
      }
      table.columns.set(spec.name, { kind: 'codes', codes });
    }
  }
}
