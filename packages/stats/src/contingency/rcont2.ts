/**
 * Patefield's algorithm AS 159 (Applied Statistics 1981, 30(1)): a random r×c table with given
 * margins, uniformly over tables weighted by their hypergeometric probability. A transcription of
 * R's `rcont2` (src/library/stats/src/rcont.c, R ≥ 4.1), so that the same uniform stream gives the
 * same tables as R's `r2dtable` and `fisher.test(simulate.p.value = TRUE)`.
 *
 * Preconditions (the caller validates): `rowSums`/`colSums` positive integers with equal sums
 * `total`; `logFact[k]` is log k! for k = 0..total built as R's `fisher_sim` builds it (a running
 * sum of log i, not lgamma, so that the arithmetic is R's); `jwork` holds ≥ ncol ints.
 * Writes the table column-major (`matrix[i + j·nrow]`, R's layout). Never throws.
 */
export function rcont2(
  rowSums: Int32Array,
  colSums: Int32Array,
  total: number,
  logFact: Float64Array,
  unifRand: () => number,
  jwork: Int32Array,
  matrix: Int32Array,
): void {
  const nrow = rowSums.length;
  const ncol = colSums.length;
  const nr1 = nrow - 1;
  const nc1 = ncol - 1;
  let ib = 0;
  for (let j = 0; j < nc1; j++) jwork[j] = colSums[j]!;
  let jc = total;
  for (let l = 0; l < nr1; l++) {
    let ia = rowSums[l]!;
    let ic = jc;
    jc -= ia;
    let m = 0;
    for (; m < nc1; m++) {
      const id = jwork[m]!;
      const ie = ic;
      ib = ie - ia;
      const ii = ib - id;
      ic -= id;
      if (ie === 0) {
        // Row l is full: the rest of it is zero.
        for (let j = m; j < nc1; j++) matrix[l + j * nrow] = 0;
        ia = 0;
        break;
      }
      const nlm = drawCell(ia, ib, ic, id, ie, ii, logFact, unifRand);
      matrix[l + m * nrow] = nlm;
      ia -= nlm;
      jwork[m]! -= nlm;
    }
    matrix[l + nc1 * nrow] = ia;
  }
  for (let m = 0; m < nc1; m++) matrix[nr1 + m * nrow] = jwork[m]!;
  matrix[nr1 + nc1 * nrow] = ib - matrix[nr1 + (nc1 - 1) * nrow]!;
}

/**
 * One cell of rcont2: inverts the conditional hypergeometric distribution of cell (l, m) by
 * searching outward from its mean, alternately up and down, as rcont.c's "Outer Loop" does
 * (including its restart with U = sumprb·unif_rand() when rounding leaves the sum short of U).
 */
function drawCell(
  ia: number,
  ib: number,
  ic: number,
  id: number,
  ie: number,
  ii: number,
  logFact: Float64Array,
  unifRand: () => number,
): number {
  let u = unifRand();
  for (;;) {
    let nlm = Math.trunc(ia * (id / ie) + 0.5);
    let x = Math.exp(
      logFact[ia]! +
        logFact[ib]! +
        logFact[ic]! +
        logFact[id]! -
        logFact[ie]! -
        logFact[nlm]! -
        logFact[id - nlm]! -
        logFact[ia - nlm]! -
        logFact[ii + nlm]!,
    );
    if (x >= u) return nlm;
    let sumprb = x;
    let y = x;
    let nll = nlm;
    let lsp: boolean;
    do {
      // Increment the entry.
      let j = (id - nlm) * (ia - nlm);
      lsp = nlm === ia || nlm === id;
      if (!lsp) {
        nlm++;
        x *= j / (nlm * (ii + nlm));
        sumprb += x;
        if (sumprb >= u) return nlm;
      }
      let lsm: boolean;
      do {
        // Decrement the entry.
        j = nll * (ii + nll);
        lsm = nll === 0;
        if (!lsm) {
          nll--;
          y *= j / ((id - nll) * (ia - nll));
          sumprb += y;
          if (sumprb >= u) return nll;
          if (!lsp) break;
        }
      } while (!lsm);
    } while (!lsp);
    u = sumprb * unifRand();
  }
}
