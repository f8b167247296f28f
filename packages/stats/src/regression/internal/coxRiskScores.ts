/**
 * The risk scores of the Cox passes (coxPass.ts, coxPassSweeps.ts): each sorted row's x·β and
 * w·exp(x·β), written to the workspace's eta and risk, summed in the order every pass and R's
 * coxfit6.c use (index order), so that each row gets the same double whichever pass forms it.
 */
import { type CoxWorkspace, E_PREV, Z_PREV, ZERO_BETA } from './coxPassSteps.js';

/**
 * eta = x·β and risk = w·exp(eta) for the sorted rows [from, to): all the x·β first, then the
 * exp()s. Math.exp is a call out of the compiled loop, across which every live double is saved and
 * reloaded; in a loop of its own it has little live around it (at 10⁶ × 8 the two loops take about
 * two thirds of the time of the one that interleaved them). Same doubles.
 */
export function riskScores(
  x: Float64Array,
  beta: Float64Array,
  weight: Float64Array,
  ws: CoxWorkspace,
  from: number,
  to: number,
  p: number,
): void {
  const { eta, risk, state: st } = ws;
  if (st[ZERO_BETA] === 1) {
    // β = 0 (the usual first pass): x·β is ±0 for finite x and exp(±0)·w is exactly w
    for (let k = from; k < to; k++) {
      eta[k] = 0;
      risk[k] = weight[k]!;
    }
    return;
  }
  if (p >= 8) linearPredictors8(x, beta, eta, from, to, p);
  else linearPredictors(x, beta, eta, from, to, 0, p);
  let rest = from; // rows whose exp() is taken here
  if (ws.wasm !== null && weight.buffer === risk.buffer && to - from >= 2) {
    // two exp() per instruction in WebAssembly (coxWasmExp.ts), the same doubles
    const pairs = (to - from) >> 1;
    ws.wasm.exps(eta.byteOffset + 8 * from, risk.byteOffset + 8 * from, weight.byteOffset + 8 * from, pairs);
    rest += 2 * pairs;
  }
  // A row with the same x·β as the row before reuses its exp(): with a few indicator columns
  // (most of a report's models) neighbouring rows often share their covariates, and exp is
  // most of this loop. The value is the same double either way.
  let zPrev = st[Z_PREV]!;
  let ePrev = st[E_PREV]!;
  for (let k = rest; k < to; k++) {
    const z = eta[k]!;
    if (z !== zPrev) {
      zPrev = z;
      ePrev = Math.exp(z);
    }
    risk[k] = ePrev * weight[k]!;
  }
  st[Z_PREV] = zPrev;
  st[E_PREV] = ePrev;
}

/**
 * eta[k] = x_k·β for the rows [from, to), continuing the sum in eta[k] when `start` > 0: four terms
 * a step (the loop's overhead is most of it at small p), added in index order.
 */
function linearPredictors(
  x: Float64Array,
  beta: Float64Array,
  eta: Float64Array,
  from: number,
  to: number,
  start: number,
  p: number,
): void {
  for (let k = from, off = from * p; k < to; k++, off += p) {
    let z = start === 0 ? 0 : eta[k]!;
    let i = start;
    for (; i + 3 < p; i += 4)
      z =
        z +
        beta[i]! * x[off + i]! +
        beta[i + 1]! * x[off + i + 1]! +
        beta[i + 2]! * x[off + i + 2]! +
        beta[i + 3]! * x[off + i + 3]!;
    for (; i < p; i++) z += beta[i]! * x[off + i]!;
    eta[k] = z;
  }
}

/**
 * `linearPredictors` for p ≥ 8 with the first eight coefficients in locals (the generic loop
 * reloads β and checks its bounds for every row: about half again the time at p = 8); the same
 * additions in the same order.
 */
function linearPredictors8(
  x: Float64Array,
  beta: Float64Array,
  eta: Float64Array,
  from: number,
  to: number,
  p: number,
): void {
  const b0 = beta[0]!;
  const b1 = beta[1]!;
  const b2 = beta[2]!;
  const b3 = beta[3]!;
  const b4 = beta[4]!;
  const b5 = beta[5]!;
  const b6 = beta[6]!;
  const b7 = beta[7]!;
  for (let k = from, off = from * p; k < to; k++, off += p) {
    const z = 0 + b0 * x[off]! + b1 * x[off + 1]! + b2 * x[off + 2]! + b3 * x[off + 3]!;
    eta[k] = z + b4 * x[off + 4]! + b5 * x[off + 5]! + b6 * x[off + 6]! + b7 * x[off + 7]!;
  }
  if (p > 8) linearPredictors(x, beta, eta, from, to, 8, p);
}
