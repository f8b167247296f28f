# Reference fixture for survival times at the ends of the double range (survkit issue 14, defect 6:
# times near 1e308 were merged into one time because the time fix's mean overflowed).
#
# Oracle: R 4.2.2, survival 3.5-3 (whose aeqSurv takes mean(abs(y)) in long double). Run from the
# repository root:
#   Rscript packages/validation/r/extreme-times.R
# Writes packages/validation/fixtures/extreme-times.json. Each case carries its own data; the same
# data are fitted by survfit (one curve and by group), survdiff and coxph (Efron and Breslow).

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})
stopifnot(packageVersion("survival") == "3.5.3")
out_file <- file.path("packages", "validation", "fixtures", "extreme-times.json")
if (!dir.exists(dirname(out_file))) stop("run from the repository root")

# No random numbers: every value is written out, so the fixture reads as its own documentation.
base_time <- c(1, 1.5, 1.7, 1.2, 0.9, 1.6, 1.1, 1.3, 1.75, 0.5, 1.45, 0.8)
base_event <- c(1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1)
base_group <- c(1, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1)
base_x <- c(0.5, -1.2, 0.3, 2.1, -0.4, 0.9, 1.4, -0.7, 0.2, -1.5, 1.1, 0.6)
data_sets <- list(
  # the issue's example, with one covariate so that coxph has something to fit
  list(name = "issue example, times 1e308 1.5e308 1.7e308",
       time = c(1e308, 1.5e308, 1.7e308), event = c(1, 1, 0), group = c(1, 2, 2),
       x = c(1, 0, 0.5)),
  # twelve times between 5e307 and 1.75e308: their sum overflows a double
  list(name = "twelve times near the largest double", time = base_time * 1e308,
       event = base_event, group = base_group, x = base_x),
  # the same plus a relative near-tie at that scale (1.2e308 and 1.2e308 * (1 + 1e-12)) that
  # R's time fix must still merge
  list(name = "near the largest double with a relative near-tie",
       time = c(base_time * 1e308, 1.2e308 * (1 + 1e-12)), event = c(base_event, 1),
       group = c(base_group, 1), x = c(base_x, -0.3)),
  # tiny times: the absolute tolerance ties all of them, as in R
  list(name = "tiny times (all within the absolute tolerance)", time = base_time * 1e-300,
       event = base_event, group = base_group, x = base_x),
  # the same data on an ordinary scale, for comparison: every number above but the times agrees
  list(name = "ordinary scale", time = base_time * 10, event = base_event, group = base_group,
       x = base_x)
)

km_curve <- function(fit) {
  s <- summary(fit, censored = TRUE)
  list(time = I(fit$time), nRisk = I(fit$n.risk), nEvent = I(fit$n.event),
       nCensor = I(fit$n.censor), survival = I(fit$surv), stdErr = I(s$std.err),
       lower = I(fit$lower), upper = I(fit$upper))
}

cases <- lapply(data_sets, function(d) {
  df <- data.frame(time = d$time, event = d$event, group = d$group, x = d$x)
  km <- survfit(Surv(time, event) ~ 1, data = df)
  by <- survfit(Surv(time, event) ~ group, data = df)
  lr <- survdiff(Surv(time, event) ~ group, data = df)
  cox <- lapply(c("efron", "breslow"), function(ties) {
    fit <- coxph(Surv(time, event) ~ x, data = df, ties = ties)
    list(ties = ties, coef = unname(coef(fit)), se = unname(sqrt(diag(fit$var))),
         loglik = I(fit$loglik), iterations = fit$iter)
  })
  list(name = d$name, data = list(time = I(d$time), event = I(d$event), group = I(d$group),
                                  x = I(d$x)),
       km = km_curve(km),
       kmByGroup = lapply(seq_along(by$strata), function(i) km_curve(by[i])),
       logRank = list(statistic = lr$chisq, observed = I(unname(lr$obs)),
                      expected = I(unname(lr$exp))),
       cox = cox)
})

# Stratified log-rank with 9 strata x 2 groups (18 curves: the engine's merged path for many curves)
# and near-tied times across strata, which R's time fix merges before the data are split.
strata_case <- local({
  k <- 0:71
  time <- 1 + (k %% 12) + ifelse(k %% 5 == 0, 1e-10, 0) + ifelse(k %% 7 == 0, 0.5, 0)
  event <- as.integer(k %% 3 != 0)
  group <- k %% 2 + 1
  strata <- k %/% 8
  sd <- survdiff(Surv(time, event) ~ group + strata(strata))
  list(name = "18 curves with near-ties across strata",
       data = list(time = I(time), event = I(event), group = I(group), strata = I(strata)),
       statistic = sd$chisq, observed = I(unname(rowSums(sd$obs))),
       expected = I(unname(rowSums(sd$exp))))
})

json <- toJSON(list(generatedBy = "packages/validation/r/extreme-times.R", R = R.version.string,
                    survival = as.character(packageVersion("survival")), cases = cases,
                    stratifiedLogRank = strata_case),
               digits = NA, auto_unbox = TRUE, na = "null", null = "null")
writeLines(json, out_file)
cat("wrote", out_file, length(cases), "cases\n")
