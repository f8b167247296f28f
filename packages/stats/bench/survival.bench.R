# R side of survival.bench.mjs: reads the float64 columns (time, event, group) written there and
# times one call `repeats` times (one line per run; survival.bench.mjs takes the median): survfit
# (Kaplan-Meier, one curve) or survdiff (two-group log-rank).
#   Rscript survival.bench.R <file> <rows> km|logrank [repeats]
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
repeats <- if (length(args) >= 4) as.integer(args[4]) else 1L
con <- file(args[1], "rb")
v <- readBin(con, "double", n = 3 * n)
close(con)
d <- data.frame(time = v[1:n], event = v[n + (1:n)], group = v[2 * n + (1:n)])
rm(v)
invisible(gc())
version <- sprintf("R %s survival %s", getRversion(), packageVersion("survival"))
run <- function(st) {
  cat(sprintf("run elapsed %.3f s, cpu %.3f s\n", st[["elapsed"]], st[["user.self"]] + st[["sys.self"]]))
}
if (args[3] == "km") {
  for (r in seq_len(repeats)) run(system.time(fit <- survfit(Surv(time, event) ~ 1, data = d)))
  q <- quantile(fit, 0.5)
  cat(sprintf("%s survfit: %d times, median %.10g [%.10g, %.10g]\n", version, length(fit$time),
              summary(fit)$table[["median"]], q$lower, q$upper))
} else {
  for (r in seq_len(repeats)) run(system.time(sd <- survdiff(Surv(time, event) ~ group, data = d)))
  cat(sprintf("%s survdiff: chisq %.10g\n", version, sd$chisq))
}
