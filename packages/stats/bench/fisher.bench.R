# R side of fisher.bench.mjs: times fisher.test(x, workspace = 2e8) on the harder r x c tables of
# packages/validation/fixtures/contingency.json (field fisherHard, written by r/contingency.R).
#   Rscript packages/stats/bench/fisher.bench.R [fixture]   (from the repository root)
# Prints one line per table: index, shape, n, elapsed and CPU seconds, p-value.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
file <- if (length(args) >= 1) args[1] else "packages/validation/fixtures/contingency.json"
fx <- fromJSON(file, simplifyVector = FALSE)
for (i in seq_along(fx$fisherHard)) {
  x <- do.call(rbind, lapply(fx$fisherHard[[i]]$table, unlist))
  st <- system.time(p <- fisher.test(x, workspace = 2e8)$p.value)
  cat(sprintf("R %d %dx%d n=%d elapsed=%.2f cpu=%.2f p=%.10g\n", i - 1, nrow(x), ncol(x), sum(x),
              st[["elapsed"]], st[["user.self"]] + st[["sys.self"]], p))
}
