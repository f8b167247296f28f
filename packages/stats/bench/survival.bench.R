# R side of survival.bench.mjs: reads the float64 columns (time, event, group) written there and
# times survfit (Kaplan-Meier, one curve) and survdiff (two-group log-rank) on them.
#   Rscript survival.bench.R <file> <rows>
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
con <- file(args[1], "rb")
v <- readBin(con, "double", n = 3 * n)
close(con)
d <- data.frame(time = v[1:n], event = v[n + (1:n)], group = v[2 * n + (1:n)])
rm(v)
km <- system.time(fit <- survfit(Surv(time, event) ~ 1, data = d))[["elapsed"]]
q <- quantile(fit, 0.5)
cat(sprintf("R %s survival %s\n", getRversion(), packageVersion("survival")))
cat(sprintf("R survfit: %.2f s (%d distinct times, median %.10g [%.10g, %.10g])\n",
            km, length(fit$time), summary(fit)$table[["median"]], q$lower, q$upper))
lr <- system.time(sd <- survdiff(Surv(time, event) ~ group, data = d))[["elapsed"]]
cat(sprintf("R survdiff: %.2f s (chisq %.10g)\n", lr, sd$chisq))
