/**
 * The last two sweeps of coxPassSweeps.ts: back up the rows, turning each event time's d/S0 (c0)
 * into the suffix sums K (added from the last time up), and down the rows, adding r·K·x·xᵀ to the
 * information and r·K·x to the score's second part four rows at a time — in WebAssembly when the
 * rows are in a WebAssembly memory (coxWasmQuad.ts), else with coxOuterQuad.ts's update. Both form
 * every entry with the same operations, so the sums are the same doubles.
 */
import { addWeightedQuad } from './coxOuterQuad.js';
import { addWeighted } from './coxPassRowOps.js';
import type { CoxWorkspace } from './coxPassSteps.js';
import type { PreparedCox } from './coxPrepare.js';
import type { WasmQuad } from './coxWasmQuad.js';

/**
 * `step[q]` ← Σ step[k] over k ≥ q in [begin, last): each row's K, the sum of d/S0 (c0) over its
 * own event time and the later ones, added from the last time up.
 */
export function suffixSums(step: Float64Array, begin: number, last: number): void {
  let sum = 0;
  for (let q = last - 1; q >= begin; q--) {
    sum += step[q]!;
    step[q] = sum;
  }
}

/** The sweep down the rows: Σ r·K·x·xᵀ into `imat` and Σ r·K·x into `drop`, four rows at a time. */
export function rowSweep(
  prep: PreparedCox,
  ws: CoxWorkspace,
  begin: number,
  last: number,
  imat: Float64Array,
  drop: Float64Array,
): void {
  const { p, x } = prep;
  const { risk } = ws;
  const step = ws.step!;
  let k = begin;
  for (; k + 3 < last; k += 4)
    addWeightedQuad(
      x,
      k * p,
      (k + 1) * p,
      (k + 2) * p,
      (k + 3) * p,
      risk[k]! * step[k]!,
      risk[k + 1]! * step[k + 1]!,
      risk[k + 2]! * step[k + 2]!,
      risk[k + 3]! * step[k + 3]!,
      p,
      imat,
      drop,
    );
  for (; k < last; k++) addWeighted(x, k * p, risk[k]! * step[k]!, p, imat, drop);
}

/**
 * `rowSweep` with the four-row update in WebAssembly (coxWasmQuad.ts) on the rows where they are:
 * the information and `drop` are copied into the memory's scratch for the sweep and back after it.
 */
export function rowSweepWasm(
  prep: PreparedCox,
  ws: CoxWorkspace,
  wasm: WasmQuad,
  begin: number,
  last: number,
  imat: Float64Array,
  drop: Float64Array,
): void {
  const { p, x } = prep;
  const { risk } = ws;
  const step = ws.step!;
  const acc = wasm.scratch.subarray(0, p * p + 1);
  const sum = wasm.scratch.subarray(p * p + 2, p * p + 2 + p);
  acc.set(imat);
  for (let j = 0; j < p; j++) sum[j] = drop[j]!;
  const row = 8 * p;
  const at = acc.byteOffset;
  const sumAt = sum.byteOffset;
  let k = begin;
  if (risk.buffer === x.buffer && step.buffer === x.buffer) {
    // the loop in WebAssembly too: one call per sweep
    const groups = Math.floor((last - begin) / 4);
    wasm.rows(x.byteOffset + k * row, risk.byteOffset + 8 * k, step.byteOffset + 8 * k, groups, p, at, sumAt);
    k += 4 * groups;
  }
  for (let o = x.byteOffset + k * row; k + 3 < last; k += 4, o += 4 * row)
    wasm.quad(
      o,
      o + row,
      o + 2 * row,
      o + 3 * row,
      risk[k]! * step[k]!,
      risk[k + 1]! * step[k + 1]!,
      risk[k + 2]! * step[k + 2]!,
      risk[k + 3]! * step[k + 3]!,
      p,
      at,
      sumAt,
    );
  copyLower(acc, imat, p);
  for (let j = 0; j < p; j++) drop[j] = sum[j]!;
  for (; k < last; k++) addWeighted(x, k * p, risk[k]! * step[k]!, p, imat, drop);
}

/** to[i][j] = from[i][j] for j ≤ i (p×p row-major). */
export function copyLower(from: Float64Array, to: Float64Array, p: number): void {
  for (let i = 0, ip = 0; i < p; i++, ip += p) for (let j = 0; j <= i; j++) to[ip + j] = from[ip + j]!;
}
