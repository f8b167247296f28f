# Reference results for @survkit/stats contingency tables, rank tests and descriptives.
# Oracle: R 4.2.2, stats::chisq.test, fisher.test, wilcox.test, kruskal.test, quantile(type = 7), median.
# Run from the repository root:  Rscript packages/validation/r/contingency.R
# Writes packages/validation/fixtures/contingency.json (committed; CI does not need R).
suppressPackageStartupMessages(library(jsonlite))
set.seed(20240503)

# Random r x c table with total n; `zeroProb` knocks out cells so that sparse tables and
# all-zero rows/columns occur. Cell propensities are skewed so that both independent-looking
# and strongly associated tables appear.
randomTable <- function(r, c, n, zeroProb) {
  p <- matrix(rgamma(r * c, shape = 0.7), r, c)
  p[runif(r * c) < zeroProb] <- 0
  if (sum(p) == 0) p[1, 1] <- 1
  matrix(rmultinom(1, n, as.vector(p)), r, c)
}

# Sizes kept such that the exact test stays within FEXACT's workspace and a test run stays fast.
maxN <- function(r, c) {
  m <- min(r, c)
  if (m == 2 && max(r, c) == 2) return(500)
  if (m == 2) return(300)
  if (m == 3) return(if (max(r, c) == 3) 90 else 60)
  if (m == 4) return(if (max(r, c) == 4) 45 else 35)
  30
}

tables <- list()
for (r in 2:5) for (c in 2:5) {
  reps <- if (r == 2 && c == 2) 40 else 18
  for (k in seq_len(reps)) {
    nmax <- maxN(r, c)
    n <- if (k %% 3 == 0) sample(5:20, 1) else sample(10:nmax, 1)
    zeroProb <- c(0, 0.15, 0.35)[k %% 3 + 1]
    tables[[length(tables) + 1]] <- randomTable(r, c, n, zeroProb)
  }
}
# Hand-picked edge cases: the paper's Table 1 shapes, ties in probability, tiny p-values.
tables[[length(tables) + 1]] <- matrix(c(24, 0, 0, 68, 3, 1), 2, byrow = TRUE)
tables[[length(tables) + 1]] <- matrix(c(0, 10, 8, 6, 0, 25, 17, 30), 2, byrow = TRUE)
tables[[length(tables) + 1]] <- matrix(c(5, 5, 5, 5), 2)
tables[[length(tables) + 1]] <- matrix(c(3, 3, 3, 3, 3, 3, 3, 3, 3), 3)
tables[[length(tables) + 1]] <- matrix(c(50, 0, 0, 50), 2)
tables[[length(tables) + 1]] <- matrix(c(100, 0, 0, 0, 100, 0, 0, 0, 100), 3)
tables[[length(tables) + 1]] <- matrix(c(1, 0, 0, 1), 2)
tables[[length(tables) + 1]] <- matrix(c(200, 10, 30, 20, 5, 35, 0, 0, 0, 0), 2, byrow = TRUE)
tables[[length(tables) + 1]] <- matrix(c(20, 40, 60, 50, 30, 30, 10, 25, 20, 15), 2, byrow = TRUE)
tables[[length(tables) + 1]] <- matrix(c(5, 8, 7, 5, 6, 5, 7, 7, 7, 6, 5, 7, 6, 7, 6, 6), 4, byrow = TRUE)
tables[[length(tables) + 1]] <- matrix(c(10, 2, 5, 8, 3, 9, 6, 7, 4, 8, 12, 1, 8, 5, 2, 10), 4, byrow = TRUE)

cases <- list()
for (x in tables) {
  nonEmpty <- sum(rowSums(x) > 0) >= 2 && sum(colSums(x) > 0) >= 2
  if (!nonEmpty) next
  fullMargins <- all(rowSums(x) > 0) && all(colSums(x) > 0)
  fisherP <- tryCatch(fisher.test(x, workspace = 2e8)$p.value, error = function(e) NA)
  if (is.na(fisherP)) next
  case <- list(table = unname(lapply(seq_len(nrow(x)), function(i) as.numeric(x[i, ]))), fisherP = fisherP)
  if (fullMargins) {
    a <- suppressWarnings(chisq.test(x, correct = TRUE))
    b <- suppressWarnings(chisq.test(x, correct = FALSE))
    case$chisqCorrected <- list(statistic = unname(a$statistic), df = unname(a$parameter),
                                pValue = a$p.value, method = a$method)
    case$chisq <- list(statistic = unname(b$statistic), df = unname(b$parameter), pValue = b$p.value,
                       method = b$method,
                       expected = unname(lapply(seq_len(nrow(x)), function(i) unname(b$expected[i, ]))))
  }
  cases[[length(cases) + 1]] <- case
}

# Wilcoxon rank-sum: exact (n < 50, no ties), ties (normal + continuity), large n, correct = FALSE.
wilcoxCases <- list()
addWilcox <- function(x, y, correct = TRUE) {
  w <- withCallingHandlers(wilcox.test(x, y, correct = correct),
                           warning = function(w) invokeRestart("muffleWarning"))
  wilcoxCases[[length(wilcoxCases) + 1]] <<- list(x = I(x), y = I(y), correct = correct,
    statistic = unname(w$statistic), pValue = w$p.value, method = w$method)
}
for (k in 1:12) addWilcox(round(rnorm(sample(3:25, 1), 0.5), 6), round(rnorm(sample(3:25, 1)), 6))
for (k in 1:4) addWilcox(round(rnorm(sample(30:49, 1), 0.3), 6), round(rnorm(sample(30:49, 1)), 6))
for (k in 1:8) addWilcox(sample(0:8, sample(4:30, 1), TRUE), sample(1:10, sample(4:30, 1), TRUE))
for (k in 1:4) addWilcox(round(rexp(sample(50:90, 1)), 6), round(rexp(sample(20:80, 1), 1.4), 6))
for (k in 1:4) addWilcox(sample(20:60, sample(10:70, 1), TRUE), sample(25:65, sample(10:70, 1), TRUE),
                         correct = (k %% 2 == 0))
addWilcox(c(1, 2, 3), c(4, 5, 6))
addWilcox(c(10.5), c(1, 2, 3, 4))

kruskalCases <- list()
for (k in 1:12) {
  g <- sample(2:5, 1)
  samples <- lapply(seq_len(g), function(i) {
    m <- sample(2:25, 1)
    if (k %% 2 == 0) sample(1:12, m, TRUE) else round(rnorm(m, i / 3), 5)
  })
  kt <- kruskal.test(samples)
  kruskalCases[[length(kruskalCases) + 1]] <- list(samples = lapply(samples, I), statistic = unname(kt$statistic),
    df = unname(kt$parameter), pValue = kt$p.value, method = kt$method)
}

probs <- c(0, 0.1, 0.25, 0.5, 0.75, 0.9, 1)
quantileCases <- list()
for (k in 1:25) {
  m <- c(1, 2, 3, sample(4:60, 22))[k]
  v <- if (k %% 3 == 0) as.numeric(sample(1:9, m, TRUE)) else round(rlnorm(m, 3, 0.6), 4)
  quantileCases[[length(quantileCases) + 1]] <- list(values = I(v), probs = probs,
    quantiles = unname(quantile(v, probs, type = 7)), median = median(v), min = min(v), max = max(v))
}

# Harder r x c tables for the Fisher network (wide tables, n up to 300), each with R's answer and
# R's own elapsed time. Seeded separately so the cases above do not change. Drawn as in
# randomTable() with rising gamma shapes (flatter propensities = weaker association = more work).
# Left out by index: the draws that R 4.2.2 cannot finish within 10 s with workspace = 2e8 on the
# machine that generated this fixture (a 4x5 table that timed out at 25 s, a 4x5 table and a 5x5
# table taking 19 s and 14 s, two 2x10 tables: one timed out, one "FEXACT error 7").
set.seed(20261126)
hardShapes <- list(c(3, 6, 150), c(4, 5, 120), c(5, 5, 80), c(2, 10, 300), c(4, 6, 90), c(3, 8, 120))
hardSkip <- c(5, 6, 12, 13, 14)  # 1-based positions in the draw order below
hardCases <- list()
draw <- 0
for (s in hardShapes) for (k in 1:4) {
  draw <- draw + 1
  p <- matrix(rgamma(s[1] * s[2], shape = c(4, 8, 16, 30)[k]), s[1], s[2])
  x <- matrix(rmultinom(1, s[3], as.vector(p)), s[1], s[2])
  if (draw %in% hardSkip) next
  t0 <- proc.time()[["elapsed"]]
  fisherP <- fisher.test(x, workspace = 2e8)$p.value
  hardCases[[length(hardCases) + 1]] <- list(
    table = unname(lapply(seq_len(nrow(x)), function(i) as.numeric(x[i, ]))), fisherP = fisherP,
    rSeconds = round(proc.time()[["elapsed"]] - t0, 2))
}

out <- list(
  generatedBy = "packages/validation/r/contingency.R",
  r = R.version.string,
  tables = cases,
  fisherHard = hardCases,
  wilcox = wilcoxCases,
  kruskal = kruskalCases,
  quantile = quantileCases
)
dir.create("packages/validation/fixtures", showWarnings = FALSE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"),
           "packages/validation/fixtures/contingency.json")
cat("tables:", length(cases), " fisherHard:", length(hardCases), " wilcox:", length(wilcoxCases), " kruskal:", length(kruskalCases),
    " quantile:", length(quantileCases), "\n")
