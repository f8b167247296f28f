/**
 * The rows of one stop time joining the sums of coxPass.ts's event-time pass (coxfit6.c's order):
 * S0, the log-likelihood and the score as the rows come, and r·x·xᵀ into the risk-set sums, or into
 * the deaths' separate sums (R's a2/cmat2) when Efron's correction needs them.
 *
 * The outer products go in four rows at a time (one pass over the p×p sums per four rows,
 * coxOuterQuad.ts's update or its WebAssembly form): each kind of row is listed as it comes and
 * the list is taken four by four, then a pair and a row left over. This adds the rows in the order
 * the pairing of rows as they came did (a pair held until the next completed, the two then added in
 * one pass), so the sums are the same doubles, with one call per list instead of one per four rows,
 * and without the pairing's branches per row. Times with few rows (and sums outside a WebAssembly
 * memory) keep that pairing, in JavaScript.
 */
import { addScaledRow } from './coxOuterQuad.js';
import {
  addOuter,
  addOuterPair,
  addOuterQuad,
  type CoxWorkspace,
  DEADWT,
  DENOM,
  DENOM2,
  LOGLIK,
  NRISK,
} from './coxPassSteps.js';
import type { PreparedCox } from './coxPrepare.js';

/** Rows a list holds (a multiple of four): a full list's rows go in before it is reused. */
export const LIST_ROWS = 1024;

/**
 * Adds the rows [from, to) (one stop time) to the risk-set sums, or their deaths to the separate
 * sums a2/cmat2 when `separate`; the deaths' weights and w·eta go to `u` and the log-likelihood.
 * When not `separate`, a row left without a partner is not added to a/cmat but returned (else
 * −1), for `breslowStepAdding` to add while it reads the same sums (its S0 is already in).
 */
export function addGroup(
  prep: PreparedCox,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): number {
  return ws.wasm !== null && to - from >= LISTED_ROWS
    ? addGroupListed(prep, ws, from, to, dtime, separate, u)
    : addGroupPaired(prep, ws, from, to, dtime, separate, u);
}

/**
 * Stop times with at least this many rows are listed (`addGroupListed`); smaller ones, most of them
 * where times are mostly distinct, are paired as they come (`addGroupPaired`): two calls per list
 * cost more than the pairing's branches on a few rows (at 10⁶ rows, p = 2, distinct times: about
 * a tenth of a fit), and at small p the update is a few entries.
 */
const LISTED_ROWS = 16;

/** `addGroup` by lists of rows (the header's), their four-row updates in WebAssembly. */
function addGroupListed(
  prep: PreparedCox,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): number {
  const { p, x, status, weight, entry } = prep;
  const { a, a2, cmat, cmat2, eta, risk, added, lists, state: st } = ws;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) {
    a2.fill(0);
    cmat2.fill(0);
  }
  let joined = 0; // rows listed for the risk-set sums, at lists[0..)
  let died = 0; // deaths listed for their separate sums, at lists[LIST_ROWS..)
  for (let q = from; q < to; q++) {
    if (entry !== null) {
      if (entry[q]! >= dtime) continue;
      added![q] = 1;
    }
    nrisk++;
    const r = risk[q]!;
    if (status[q] === 1) {
      const w = weight[q]!;
      deadwt += w;
      loglik += w * eta[q]!;
      addScaledRow(u, x, q * p, w, p);
      if (separate) {
        denom2 += r;
        lists[LIST_ROWS + died++] = q;
        if (died === LIST_ROWS) died = addListed(prep, ws, LIST_ROWS, died, a2, cmat2);
        continue;
      }
    }
    denom += r;
    lists[joined++] = q;
    if (joined === LIST_ROWS) joined = addListed(prep, ws, 0, joined, a, cmat);
  }
  let pend = addListed(prep, ws, 0, joined, a, cmat);
  const pend2 = addListed(prep, ws, LIST_ROWS, died, a2, cmat2);
  if (pend >= 0) pend = lists[pend]!;
  if (pend2 >= 0) addOuter(x, lists[pend2]! * p, p, risk[lists[pend2]!]!, a2, cmat2);
  if (separate && pend >= 0) {
    addOuter(x, pend * p, p, risk[pend]!, a, cmat);
    pend = -1;
  }
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  st[DEADWT] = deadwt;
  st[DENOM2] = denom2;
  return pend;
}

/**
 * Adds the `count` rows listed at lists[at..) to `sum`/`acc`: four at a time, then a pair. Returns
 * the position in `lists` of a row left over (when `count` is odd), else −1; 0 when the list was
 * full (`count` is then a multiple of four and nothing is left: the new count).
 */
function addListed(
  prep: PreparedCox,
  ws: CoxWorkspace,
  at: number,
  count: number,
  sum: Float64Array,
  acc: Float64Array,
): number {
  const { p, x } = prep;
  const { risk, lists, wasm } = ws;
  const full = count - (count % 4);
  if (wasm !== null) {
    if (full > 0)
      wasm.list(
        lists.byteOffset + 4 * at,
        full / 4,
        x.byteOffset,
        risk.byteOffset,
        p,
        acc.byteOffset,
        sum.byteOffset,
      );
  } else
    for (let k = at; k < at + full; k += 4)
      addOuterQuad(x, lists[k]!, lists[k + 1]!, lists[k + 2]!, lists[k + 3]!, p, risk, sum, acc, null);
  if (count === LIST_ROWS) return 0;
  const rest = count - full;
  if (rest >= 2) {
    const q1 = lists[at + full]!;
    const q2 = lists[at + full + 1]!;
    addOuterPair(x, q1 * p, q2 * p, p, risk[q1]!, risk[q2]!, sum, acc);
  }
  return rest % 2 === 1 ? at + count - 1 : -1;
}

/**
 * `addGroup` pairing the rows as they come, in JavaScript: a row waits for a partner, a completed
 * pair for the next one, and the two pairs go in with one pass over the sums.
 */
// long: one loop over a time's rows; the pairing of rows for the two sums (a row waiting for a partner,
// a completed pair waiting for the next) is carried in locals, which a split would have to store
function addGroupPaired(
  prep: PreparedCox,
  ws: CoxWorkspace,
  from: number,
  to: number,
  dtime: number,
  separate: boolean,
  u: Float64Array,
): number {
  const { p, x, status, weight, entry } = prep;
  const { a, a2, cmat, cmat2, eta, risk, added, state: st } = ws;
  let loglik = st[LOGLIK]!;
  let denom = st[DENOM]!;
  let nrisk = st[NRISK]!;
  let deadwt = 0;
  let denom2 = 0;
  if (separate) {
    a2.fill(0);
    cmat2.fill(0);
  }
  // Rows are added to the sums two at a time (one pass over the p×p sums per pair): about
  // a third faster than one at a time, and only the order of additions changes. A completed pair
  // is held until the next one completes, and the two go in with one pass over the sums
  // (`addOuterQuad`, the same additions in the same order, without storing and reloading the sums
  // in between): tied times add most rows this way.
  let pend = -1; // a row waiting for a partner in the risk-set sums
  let pend2 = -1; // same for the deaths' separate sums
  let held = -1; // first row of a completed pair waiting for the next pair (risk-set sums)
  let heldWith = -1;
  let held2 = -1; // same for the deaths' separate sums
  let heldWith2 = -1;
  for (let q = from; q < to; q++) {
    if (entry !== null) {
      if (entry[q]! >= dtime) continue;
      added![q] = 1;
    }
    nrisk++;
    const r = risk[q]!;
    if (status[q] === 1) {
      const w = weight[q]!;
      const off = q * p;
      deadwt += w;
      loglik += w * eta[q]!;
      addScaledRow(u, x, off, w, p);
      if (separate) {
        denom2 += r;
        if (pend2 < 0) pend2 = q;
        else if (held2 < 0) {
          held2 = pend2;
          heldWith2 = q;
          pend2 = -1;
        } else {
          addOuterQuad(x, held2, heldWith2, pend2, q, p, risk, a2, cmat2, null);
          held2 = -1;
          pend2 = -1;
        }
        continue;
      }
    }
    denom += r;
    if (pend < 0) pend = q;
    else if (held < 0) {
      held = pend;
      heldWith = q;
      pend = -1;
    } else {
      addOuterQuad(x, held, heldWith, pend, q, p, risk, a, cmat, null);
      held = -1;
      pend = -1;
    }
  }
  if (held >= 0) addOuterPair(x, held * p, heldWith * p, p, risk[held]!, risk[heldWith]!, a, cmat);
  if (held2 >= 0) addOuterPair(x, held2 * p, heldWith2 * p, p, risk[held2]!, risk[heldWith2]!, a2, cmat2);
  if (separate && pend >= 0) {
    addOuter(x, pend * p, p, risk[pend]!, a, cmat);
    pend = -1;
  }
  if (pend2 >= 0) addOuter(x, pend2 * p, p, risk[pend2]!, a2, cmat2);
  st[LOGLIK] = loglik;
  st[DENOM] = denom;
  st[NRISK] = nrisk;
  st[DEADWT] = deadwt;
  st[DENOM2] = denom2;
  return pend;
}
