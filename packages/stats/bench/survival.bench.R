# R side of survival.bench.mjs: reads the float64 columns (time, event, group) written there and
# times one call: survfit (Kaplan-Meier, one curve) or survdiff (two-group log-rank).
#   Rscript survival.bench.R <file> <rows> km|logrank
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
con <- file(args[1], "rb")
v <- readBin(con, "double", n = 3 * n)
close(con)
d <- data.frame(time = v[1:n], event = v[n + (1:n)], group = v[2 * n + (1:n)])
rm(v)
invisible(gc())
version <- sprintf("R %s survival %s", getRversion(), packageVersion("survival"))
if (args[3] == "km") {
  st <- system.time(fit <- survfit(Surv(time, event) ~ 1, data = d))
  q <- quantile(fit, 0.5)
  cat(sprintf("%s survfit: elapsed %.3f s, cpu %.3f s (%d times, median %.10g [%.10g, %.10g])\n",
              version, st[["elapsed"]], st[["user.self"]] + st[["sys.self"]], length(fit$time),
              summary(fit)$table[["median"]], q$lower, q$upper))
} else {
  st <- system.time(sd <- survdiff(Surv(time, event) ~ group, data = d))
  cat(sprintf("%s survdiff: elapsed %.3f s, cpu %.3f s (chisq %.10g)\n", version, st[["elapsed"]],
              st[["user.self"]] + st[["sys.self"]], sd$chisq))
}
