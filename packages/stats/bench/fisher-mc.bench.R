# R side of fisher-mc.bench.mjs: times set.seed(seed); fisher.test(x, simulate.p.value = TRUE, B = 1e5)
# on the tables of packages/validation/fixtures/fisher-sim.json that R's exact test refuses (field
# refused), i.e. Table 1 rows of large cohorts.
#   Rscript packages/stats/bench/fisher-mc.bench.R   (from the repository root)
# Prints one line per table: index, shape, n, elapsed and CPU seconds, p-value.
suppressPackageStartupMessages(library(jsonlite))
fx <- fromJSON("packages/validation/fixtures/fisher-sim.json", simplifyVector = FALSE)
for (i in seq_along(fx$refused)) {
  x <- do.call(rbind, lapply(fx$refused[[i]]$table, unlist))
  set.seed(2024)
  st <- system.time(p <- fisher.test(x, simulate.p.value = TRUE, B = 1e5)$p.value)
  cat(sprintf("R %d %dx%d n=%d elapsed=%.2f cpu=%.2f p=%.17g\n", i - 1, nrow(x), ncol(x), sum(x),
              st[["elapsed"]], st[["user.self"]] + st[["sys.self"]], p))
}
