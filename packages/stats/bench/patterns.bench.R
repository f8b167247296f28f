# R side of patterns.bench.mjs: reads the float64 columns written there (time, event, factor codes)
# and times, `repeats` times each, the model fit with its drop-one LR tests and cox.zph (terms = TRUE),
# then cox.zph(terms = FALSE) with plot.cox.zph's smooth of every column (to a null device).
#   Rscript patterns.bench.R <file> <rows> <factors> efron|breslow [repeats]
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
k <- as.integer(args[3])
ties <- args[4]
repeats <- if (length(args) >= 5) as.integer(args[5]) else 1L
con <- file(args[1], "rb")
v <- readBin(con, "double", n = n * (k + 2))
close(con)
m <- matrix(v, nrow = n)
rm(v)
d <- data.frame(time = m[, 1], event = m[, 2])
for (j in seq_len(k)) d[[paste0("v", j)]] <- factor(m[, j + 2])
rm(m)
invisible(gc())
f <- as.formula(paste("Surv(time, event) ~", paste0("v", seq_len(k), collapse = " + ")))
pdf(NULL)
med <- function(x) sprintf("%.2f s (%.2f–%.2f)", median(x), min(x), max(x))
fitE <- fitC <- zphE <- zphC <- numeric(repeats)
for (r in seq_len(repeats)) {
  st <- system.time({
    fit <- coxph(f, data = d, ties = ties)
    dr <- drop1(fit, test = "Chisq")
    z1 <- cox.zph(fit, transform = "km")
  })
  fitE[r] <- st[["elapsed"]]
  fitC[r] <- st[["user.self"]] + st[["sys.self"]]
  st <- system.time({
    z <- cox.zph(fit, transform = "km", terms = FALSE)
    for (j in seq_len(ncol(z$y))) plot(z[j])
  })
  zphE[r] <- st[["elapsed"]]
  zphC[r] <- st[["user.self"]] + st[["sys.self"]]
}
cat(sprintf("R %s survival %s fit+drop1+zph: elapsed %s, cpu %.2f s; zph residuals+smooths: elapsed %s, cpu %.2f s\n",
  getRversion(), packageVersion("survival"), med(fitE), median(fitC), med(zphE), median(zphC)))
cat("  coef", sprintf("%.6f", coef(fit)), "\n")
cat(sprintf("  loglik %.4f, zph global chisq %.4f\n", fit$loglik[2], z1$table["GLOBAL", "chisq"]))
