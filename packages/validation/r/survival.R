# Reference fixtures for survkit's Kaplan-Meier and log-rank family (@survkit/stats survival/).
#
# Oracle: R 4.2.2, survival 3.5-3. Run from the repository root:
#   Rscript packages/validation/r/survival.R
# Writes packages/validation/fixtures/survival-km.json and survival-logrank.json.
#
# Every case carries its own input data, so the TypeScript suite feeds the engine exactly what R saw.
# Numbers are written with jsonlite's full precision (digits = NA, 15 significant digits);
# NA and NaN become null.

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})
stopifnot(packageVersion("survival") == "3.5.3")

out_dir <- file.path("packages", "validation", "fixtures")
if (!dir.exists(out_dir)) stop("run from the repository root")

# ---------------------------------------------------------------------------------------------
# Data sets: R's public survival data plus seeded random data that exercise the edge rules.
# Events are recoded to 0/1 here (lung and pbc code death as 2).
# ---------------------------------------------------------------------------------------------
datasets <- list()
add_data <- function(name, time, event, group = NULL, strata = NULL, weights = NULL) {
  # I(): keep length-1 columns as JSON arrays under auto_unbox.
  d <- list(time = I(as.numeric(time)), event = I(as.integer(event)))
  if (!is.null(group)) d$group <- I(group)
  if (!is.null(strata)) d$strata <- I(strata)
  if (!is.null(weights)) d$weights <- I(as.numeric(weights))
  datasets[[name]] <<- d
}

add_data("aml", aml$time, aml$status, group = as.character(aml$x))
add_data("lung", lung$time, lung$status == 2, group = lung$sex)
lung_ecog <- lung[!is.na(lung$ph.ecog), ]
add_data("lung_ecog", lung_ecog$time, lung_ecog$status == 2, group = lung_ecog$sex,
         strata = lung_ecog$ph.ecog)
add_data("veteran", veteran$time, veteran$status, group = veteran$trt,
         strata = as.character(veteran$celltype))
add_data("veteran_celltype", veteran$time, veteran$status, group = as.character(veteran$celltype),
         strata = veteran$prior)
add_data("ovarian", ovarian$futime, ovarian$fustat, group = ovarian$rx, strata = ovarian$resid.ds)
colon_death <- colon[colon$etype == 2, ]
add_data("colon", colon_death$time, colon_death$status, group = as.character(colon_death$rx),
         strata = colon_death$sex)
add_data("pbc", pbc$time, pbc$status == 2, group = pbc$edema)
pbc_trt <- pbc[!is.na(pbc$trt), ]
add_data("pbc_trt", pbc_trt$time, pbc_trt$status == 2, group = pbc_trt$trt, strata = pbc_trt$stage)

set.seed(20261126)
n <- 400
add_data("ties", sample(1:15, n, replace = TRUE), rbinom(n, 1, 0.6),
         group = sample(1:3, n, replace = TRUE), strata = sample(c("a", "b"), n, replace = TRUE))
n <- 2000
add_data("continuous", round(rexp(n, 1 / 30), 3), rbinom(n, 1, 0.7),
         group = sample(c("control", "surgery"), n, replace = TRUE),
         strata = sample(1:4, n, replace = TRUE))
n <- 300
add_data("weights_integer", sample(0:40, n, replace = TRUE), rbinom(n, 1, 0.5),
         group = sample(1:2, n, replace = TRUE), weights = sample(0:3, n, replace = TRUE))
add_data("weights_fractional", sample(0:40, n, replace = TRUE), rbinom(n, 1, 0.5),
         group = sample(1:2, n, replace = TRUE), weights = round(runif(n, 0.2, 2.5), 4))
# S(t) lands exactly on 0.5 at t = 5 and drops again at 6: median = (5 + 6) / 2.
add_data("median_midpoint", 1:10, rep(1, 10))
# S(t) = 0.5 from t = 5 to the end of follow-up (10): quantile.survfit takes (5 + 10) / 2, print 5.
add_data("median_flat_end", 1:10, c(rep(1, 5), rep(0, 5)))
# Two groups, each sitting exactly on 0.5 over a flat stretch.
# Group a ends on a flat stretch at exactly 0.5; in group b the stretch at 0.5 ends with a drop.
add_data("median_groups", c(1:8, 1:6), c(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0),
         group = c(rep("a", 8), rep("b", 6)))
add_data("all_censored", c(3, 1, 2, 2, 5), rep(0, 5), group = c(1, 1, 2, 2, 2))
add_data("one_subject_event", 7, 1)
add_data("one_subject_censored", 7, 0)
add_data("reaches_zero", c(1, 2, 2, 3, 4, 4), c(1, 1, 0, 1, 1, 1), group = c(1, 2, 1, 2, 1, 2))
# Events and censorings at time 0, and a tie between an event and censorings.
add_data("time_zero", c(0, 0, 0, 1, 2, 2, 2, 3, 5, 8), c(1, 0, 1, 1, 1, 0, 0, 1, 0, 1),
         group = c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
# Times within sqrt(.Machine$double.eps) of each other are one time (timefix = TRUE).
add_data("near_ties", c(1, 1 + 1e-10, 2, 3 - 1e-12, 3, 4, 1/3, 1 - 2/3, 5, 6),
         c(1, 1, 0, 1, 0, 1, 1, 0, 1, 0), group = c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
# One group has no events; another is censored before the first event (expected = 0).
add_data("no_events_group", c(5, 6, 7, 8, 9, 10, 6, 8.5, 9.5, 11, 0.5, 0.7),
         c(1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0), group = c(rep("A", 6), rep("B", 4), "C", "C"))
# Large enough (over 2^14 rows per segment) that the engine radix-sorts instead of comparison-sorting.
n <- 40000
add_data("large", round(rexp(n, 1 / 25), 3), rbinom(n, 1, 0.8), group = sample(1:2, n, replace = TRUE))
add_data("five_groups", round(rweibull(250, 1.3, 40)), rbinom(250, 1, 0.75),
         group = sample(c(10, 2, 33, 4, 5), 250, replace = TRUE), strata = sample(1:3, 250, TRUE))

# ---------------------------------------------------------------------------------------------
# Kaplan-Meier cases
# ---------------------------------------------------------------------------------------------
curve_summary <- function(fit, probs, rows = TRUE) {
  # One curve (fit has no strata): rows, quantiles, print's median, RMST and summary(times =).
  # rows = FALSE leaves out the per-row arrays (for the large data set, to keep the file small).
  s <- summary(fit, censored = TRUE)
  std_err <- if (fit$logse) fit$std.err * fit$surv else fit$std.err
  q <- quantile(fit, probs = probs)
  tab <- summary(fit)$table
  maxt <- max(fit$time)
  at_times <- sort(unique(c(0, round(seq(0, maxt * 1.1, length.out = 8), 1),
                            fit$time[c(1, ceiling(length(fit$time) / 2))])))
  at <- summary(fit, times = at_times, extend = TRUE)
  taus <- unique(c(unname(quantile(fit$time, c(0.25, 0.5, 0.75), type = 1)), maxt))
  taus <- taus[taus >= min(fit$time)]
  rmst <- lapply(taus, function(tau) {
    tb <- summary(fit, rmean = tau)$table
    list(tau = tau, estimate = unname(tb["rmean"]), stdErr = unname(tb["se(rmean)"]))
  })
  per_row <- if (!rows) list(nRows = length(fit$time)) else list(
    time = I(fit$time), nRisk = I(fit$n.risk), nEvent = I(fit$n.event), nCensor = I(fit$n.censor),
    survival = I(fit$surv), stdErr = I(std_err), lower = I(fit$lower), upper = I(fit$upper))
  c(list(n = fit$n), per_row, list(
    # print(fit) / summary(fit)$table: the median as R prints it (survmean's rule).
    median = list(estimate = unname(tab["median"]), lower = unname(tab[grep("LCL$", names(tab))]),
                  upper = unname(tab[grep("UCL$", names(tab))])),
    quantiles = lapply(seq_along(probs), function(i)
      list(p = probs[i], estimate = unname(q$quantile[i]), lower = unname(q$lower[i]),
           upper = unname(q$upper[i]))),
    rmst = rmst,
    at = list(times = I(at_times), nRisk = I(at$n.risk), survival = I(at$surv),
              stdErr = I(at$std.err), lower = I(at$lower), upper = I(at$upper))
  ))
}

km_cases <- list()
add_km <- function(name, data_name, conf_type = "log", conf_level = 0.95, by_group = FALSE,
                   probs = c(0.1, 0.25, 0.5, 0.75, 0.9), rows = TRUE) {
  d <- datasets[[data_name]]
  df <- data.frame(time = d$time, event = d$event)
  df$w <- if (is.null(d$weights)) rep(1, nrow(df)) else d$weights
  if (by_group) {
    df$group <- d$group
    fit <- survfit(Surv(time, event) ~ group, data = df, weights = w, conf.type = conf_type,
                   conf.int = conf_level)
    levels_g <- sub("^group=", "", names(fit$strata))
    curves <- lapply(seq_along(levels_g), function(i) {
      c(list(group = levels_g[i]), curve_summary(fit[i], probs, rows))
    })
    call <- sprintf("survfit(Surv(time, event) ~ group, weights = w, conf.type = '%s', conf.int = %s)",
                    conf_type, conf_level)
  } else {
    fit <- survfit(Surv(time, event) ~ 1, data = df, weights = w, conf.type = conf_type,
                   conf.int = conf_level)
    curves <- list(c(list(group = NULL), curve_summary(fit, probs, rows)))
    call <- sprintf("survfit(Surv(time, event) ~ 1, weights = w, conf.type = '%s', conf.int = %s)",
                    conf_type, conf_level)
  }
  km_cases[[length(km_cases) + 1]] <<- list(
    name = name, data = data_name, call = call, confType = conf_type, confLevel = conf_level,
    byGroup = by_group, weighted = !is.null(d$weights), curves = curves)
}

for (ct in c("log", "log-log", "plain")) {
  for (dn in c("aml", "lung", "veteran", "ovarian", "colon", "pbc", "ties", "continuous",
               "weights_integer", "weights_fractional", "median_midpoint", "median_flat_end",
               "all_censored", "one_subject_event", "one_subject_censored", "reaches_zero",
               "time_zero", "near_ties")) {
    add_km(sprintf("%s ~ 1, %s", dn, ct), dn, conf_type = ct)
  }
  for (dn in c("aml", "lung", "veteran", "ovarian", "colon", "pbc", "ties", "continuous",
               "weights_integer", "weights_fractional", "median_groups", "all_censored",
               "reaches_zero", "time_zero", "near_ties", "no_events_group", "five_groups")) {
    add_km(sprintf("%s ~ group, %s", dn, ct), dn, conf_type = ct, by_group = TRUE)
  }
}
add_km("lung ~ 1, log, 90%", "lung", conf_level = 0.9)
add_km("large ~ 1, log", "large", rows = FALSE)
add_km("large ~ group, log-log", "large", conf_type = "log-log", by_group = TRUE, rows = FALSE)
add_km("veteran ~ group, log-log, 80%", "veteran", conf_type = "log-log", conf_level = 0.8,
       by_group = TRUE)
add_km("colon ~ group, plain, 99%", "colon", conf_type = "plain", conf_level = 0.99, by_group = TRUE)

# ---------------------------------------------------------------------------------------------
# Log-rank family cases (survdiff)
# ---------------------------------------------------------------------------------------------
lr_cases <- list()
add_lr <- function(name, data_name, rho = 0, strata = FALSE) {
  d <- datasets[[data_name]]
  df <- data.frame(time = d$time, event = d$event, group = d$group)
  if (strata) {
    df$strata <- d$strata
    fit <- survdiff(Surv(time, event) ~ group + strata(strata), data = df, rho = rho)
    call <- sprintf("survdiff(Surv(time, event) ~ group + strata(strata), rho = %s)", rho)
  } else {
    fit <- survdiff(Surv(time, event) ~ group, data = df, rho = rho)
    call <- sprintf("survdiff(Surv(time, event) ~ group, rho = %s)", rho)
  }
  obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  expct <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  levels_g <- sub("^group=", "", names(fit$n))
  lr_cases[[length(lr_cases) + 1]] <<- list(
    name = name, data = data_name, call = call, rho = rho, strata = strata,
    statistic = fit$chisq, df = sum(expct > 0) - 1, pValue = fit$pvalue,
    groups = lapply(seq_along(levels_g), function(i)
      list(group = levels_g[i], n = unname(as.vector(fit$n)[i]), observed = unname(obs[i]),
           expected = unname(expct[i]))),
    variance = I(unname(fit$var)))
}

for (rho in c(0, 0.5, 1)) {
  for (dn in c("aml", "lung", "veteran", "veteran_celltype", "ovarian", "colon", "pbc",
               "pbc_trt", "ties", "continuous", "median_groups", "reaches_zero", "time_zero",
               "near_ties", "no_events_group", "five_groups", "all_censored", "large")) {
    add_lr(sprintf("%s, rho = %s", dn, rho), dn, rho = rho)
  }
  for (dn in c("lung_ecog", "veteran", "veteran_celltype", "ovarian", "colon", "pbc_trt", "ties",
               "continuous", "five_groups")) {
    add_lr(sprintf("%s + strata, rho = %s", dn, rho), dn, rho = rho, strata = TRUE)
  }
}

meta <- list(
  generatedBy = "packages/validation/r/survival.R",
  R = R.version.string,
  survival = as.character(packageVersion("survival"))
)
used_km <- unique(vapply(km_cases, function(x) x$data, ""))
used_lr <- unique(vapply(lr_cases, function(x) x$data, ""))
write_json_file <- function(x, file) {
  writeLines(toJSON(x, digits = NA, na = "null", null = "null", auto_unbox = TRUE),
             file.path(out_dir, file))
}
write_json_file(c(meta, list(datasets = datasets[used_km], cases = km_cases)), "survival-km.json")
write_json_file(c(meta, list(datasets = datasets[used_lr], cases = lr_cases)), "survival-logrank.json")
cat(sprintf("wrote %d Kaplan-Meier cases and %d log-rank cases\n", length(km_cases), length(lr_cases)))
