# Reference results for @survkit/stats fisherMonteCarloTest and rUniformStream.
# Oracle: R 4.2.2 with its default RNG (Mersenne-Twister, set.seed), stats::fisher.test(x,
# simulate.p.value = TRUE, B = B) and, for tables given as 2x2 (where fisher.test ignores
# simulate.p.value), the same C routine fisher.test calls (stats:::C_Fisher_sim) with fisher.test's
# p-value rule.
# Run from the repository root:  Rscript packages/validation/r/fisher-sim.R
# Writes packages/validation/fixtures/fisher-sim.json (committed; CI does not need R).
suppressPackageStartupMessages(library(jsonlite))
stopifnot(RNGkind()[1] == "Mersenne-Twister")

# The uniform stream: runif * 2^32 is an exact integer for Mersenne-Twister (R's MT_genrand
# returns y * 2^-32), so the fixture holds integers and the comparison is bit for bit.
# 1300 draws cross MT's 624-word regeneration twice.
runifCases <- lapply(c(1L, 42L, -7L, 0L, 2147483647L, -2147483647L, 20240109L), function(seed) {
  set.seed(seed)
  u <- runif(1300)
  list(seed = seed, scaled = u * 2^32)
})
for (r in runifCases) stopifnot(all(r$scaled == round(r$scaled)))

almost.1 <- 1 + 64 * .Machine$double.eps

# fisher.test's simulated p-value, plus the count behind it (an integer: exact comparison).
simulated <- function(x, B, seed) {
  if (all(dim(x) == 2L)) {
    set.seed(seed)
    tmp <- .Call(stats:::C_Fisher_sim, rowSums(x), colSums(x), B)
    STATISTIC <- -sum(lfactorial(x))
    count <- sum(tmp <= STATISTIC / almost.1)
    p <- (1 + count) / (B + 1)
    method <- NULL
  } else {
    set.seed(seed)
    ft <- fisher.test(x, simulate.p.value = TRUE, B = B)
    x2 <- x[rowSums(x) > 0, colSums(x) > 0, drop = FALSE]
    set.seed(seed)
    tmp <- .Call(stats:::C_Fisher_sim, rowSums(x2), colSums(x2), B)
    count <- sum(tmp <= -sum(lfactorial(x2)) / almost.1)
    p <- ft$p.value
    stopifnot(p == (1 + count) / (B + 1))
    method <- ft$method
  }
  list(table = unname(lapply(seq_len(nrow(x)), function(i) x[i, ])), B = B, seed = seed,
       pValue = p, nAsExtreme = count, method = method)
}

set.seed(20240601)
# Near independence (margins' product times a mild random association), so that p-values spread
# over (0, 1) rather than piling up at 1/(B + 1).
randomTable <- function(r, c, n, zeroProb = 0) {
  p <- outer(rgamma(r, shape = 2), rgamma(c, shape = 2)) * exp(rnorm(r * c, sd = min(0.25, 4 / sqrt(n))))
  p[runif(r * c) < zeroProb] <- 0
  if (sum(p) == 0) p[1, 1] <- 1
  matrix(rmultinom(1, n, as.vector(p)), r, c)
}
specs <- list(
  list(2, 2, 30), list(2, 2, 400), list(2, 3, 25), list(3, 2, 60), list(2, 5, 80),
  list(3, 3, 20), list(3, 3, 150), list(3, 4, 45), list(4, 3, 90), list(4, 4, 40),
  list(4, 4, 200), list(4, 5, 60), list(5, 4, 35), list(5, 5, 50), list(5, 5, 120),
  list(5, 8, 70), list(5, 8, 300), list(3, 6, 100, 0.1), list(4, 6, 80, 0.1),
  list(5, 6, 5000), list(5, 2, 100000), list(3, 4, 20000)
)
tables <- lapply(specs, function(s) randomTable(s[[1]], s[[2]], s[[3]], if (length(s) > 3) s[[4]] else 0))
# Given as 3x2 with an all-zero row: fisher.test drops it and simulates the remaining 2x2.
tables[[length(tables) + 1]] <- matrix(c(3, 0, 9, 7, 0, 2), 3, byrow = TRUE)
# Observed table the most probable one (p = 1) and one far in the tail (p = 1/(B + 1)).
tables[[length(tables) + 1]] <- matrix(c(5, 5, 5, 5, 5, 5, 5, 5, 5), 3)
tables[[length(tables) + 1]] <- matrix(c(20, 0, 0, 0, 20, 0, 0, 0, 20), 3)
# The paper's pathological-type row (Table 1), a typical Table 1 use.
tables[[length(tables) + 1]] <- matrix(c(24, 0, 0, 68, 3, 1), 2, byrow = TRUE)

seeds <- c(1L, 42L, 123L, 2024L, -5L, 987654321L, 7L)
cases <- lapply(seq_along(tables), function(i) {
  simulated(tables[[i]], if (i %% 2 == 0) 10000L else 2000L, seeds[(i - 1) %% length(seeds) + 1])
})

# Tables where R's exact fisher.test stops at once with FEXACT error 5/501 (the product of the
# smaller dimension's margins + 1 exceeds INT_MAX) even with workspace = 2e8: a Table 1 row of a
# large cohort. Their Monte Carlo p-values are among the cases above/below.
refusedTables <- list(
  matrix(c(200000, 210000, 3000, 150000, 148000, 1000), 2, byrow = TRUE),
  matrix(c(1200, 1300, 40, 1100, 1250, 55, 300, 280, 20), 3, byrow = TRUE),
  matrix(c(90000, 95000, 31000, 30000, 6000, 7000, 900, 1000), 4, byrow = TRUE)
)
refused <- lapply(refusedTables, function(x) {
  msg <- tryCatch({ fisher.test(x, workspace = 2e8); "" }, error = function(e) conditionMessage(e))
  stopifnot(grepl("FEXACT error 5", msg) || grepl("largest representable int", msg))
  list(table = unname(lapply(seq_len(nrow(x)), function(i) x[i, ])), error = msg)
})
cases <- c(cases, lapply(seq_along(refusedTables), function(i) simulated(refusedTables[[i]], 2000L, 100L + i)))

out <- list(
  generatedBy = "packages/validation/r/fisher-sim.R",
  r = R.version.string,
  rngKind = RNGkind(),
  runif = runifCases,
  tables = cases,
  refused = refused
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"),
           "packages/validation/fixtures/fisher-sim.json")
cat(sprintf("%d runif streams, %d tables, %d refused by FEXACT\n", length(runifCases), length(cases), length(refused)))
