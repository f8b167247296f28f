# R side of cox.bench.mjs: reads the float64 columns written there and times the coxph call
# `repeats` times (one line per run; cox.bench.mjs takes the median).
#   Rscript cox.bench.R <file> <rows> <covariates> efron|breslow [repeats]
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
p <- as.integer(args[3])
ties <- args[4]
repeats <- if (length(args) >= 5) as.integer(args[5]) else 1L
con <- file(args[1], "rb")
v <- readBin(con, "double", n = n * (p + 2))
close(con)
m <- matrix(v, nrow = n)
rm(v)
d <- data.frame(time = m[, 1], event = m[, 2], m[, -(1:2)])
rm(m)
names(d)[-(1:2)] <- paste0("x", seq_len(p))
invisible(gc())
f <- as.formula(paste("Surv(time, event) ~", paste0("x", seq_len(p), collapse = " + ")))
for (r in seq_len(repeats)) {
  st <- system.time(fit <- coxph(f, data = d, ties = ties))
  cat(sprintf("run elapsed %.2f s, cpu %.2f s\n", st[["elapsed"]], st[["user.self"]] + st[["sys.self"]]))
}
cat(sprintf("R %s survival %s coxph: %d iterations\n", getRversion(), packageVersion("survival"), fit$iter))
cat("  coef", sprintf("%.6f", coef(fit)), "\n")
cat(sprintf("  loglik %.4f, concordance %.6f\n", fit$loglik[2], fit$concordance[["concordance"]]))
