# The forest plot's interaction likelihood-ratio test when the interaction model's iterations run
# out: seven patients (found by a seeded search over small random data sets), two arms (A, B) and a
# two-level subgroup (x, y). R's coxph fits arm + s and arm alone, but arm * s stops at iter.max
# with "Ran out of iterations and did not converge": anova() of the two would compare a stopping
# point, so the report shows the test as not estimable, as Tables 2-3 and the forest's rows do.
# Run from the repo root: Rscript apps/report/test/r/interaction-not-converged.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/interaction-not-converged/.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out <- "apps/report/test/fixtures/interaction-not-converged"
d <- data.frame(
  id = 1:7,
  time = c(4, 12, 5, 17, 6, 14, 19),
  status = c(0, 1, 1, 1, 0, 1, 0),
  arm = factor(c("B", "B", "B", "B", "A", "A", "B"), levels = c("A", "B")),
  s = factor(c("x", "x", "x", "x", "x", "y", "y"), levels = c("x", "y"))
)
write.csv(d, file.path(out, "seven.csv"), row.names = FALSE)
cox <- function(f) {
  ranOut <- FALSE
  fit <- withCallingHandlers(coxph(f, data = d, ties = "efron"), warning = function(w) {
    if (grepl("Ran out of iterations", conditionMessage(w))) ranOut <<- TRUE
    invokeRestart("muffleWarning")
  })
  list(ranOutOfIterations = ranOut, iterations = fit$iter, loglik = fit$loglik[2])
}
write_json(list(
  arm = cox(Surv(time, status) ~ arm),
  reduced = cox(Surv(time, status) ~ arm + s),
  full = cox(Surv(time, status) ~ arm * s)
), file.path(out, "interaction-not-converged-r.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
