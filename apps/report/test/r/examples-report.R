# Reference numbers for the reports of the example studies veteran, pbc and gbsg (examples/<name>/),
# computed by R from each CSV alone: eligibility, endpoints and derived variables are re-derived here
# from the definitions in examples/<name>/<name>-dictionary.json, and the analysis follows
# examples/<name>/<name>-plan.yaml. Nothing is read from survkit's output.
# Run from the repo root: Rscript apps/report/test/r/examples-report.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/examples-<name>.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

# --- Variables -------------------------------------------------------------------------------------
# cut() as the dictionary's `derive.cut`: intervals closed on the left (a value equal to a break
# belongs to the upper level).
cut_left <- function(x, breaks, levels) cut(x, c(-Inf, breaks, Inf), right = FALSE, labels = levels)
yes_no <- function(x) factor(x, levels = c("no", "yes"))
# The plan's display unit of time (survival.timeUnit); the endpoints are recorded in days and
# converted as R users do, days / (365.25 / 12) for months.
days_per_unit <- list(days = 1, weeks = 7, months = 365.25 / 12, years = 365.25)

# --- Table 1 ----------------------------------------------------------------------------------------
# Categorical rows: counts by group with a missing value counted as its own "Unknown" row, and that
# row is part of the test (the report's rule, as the paper did). All-zero rows are dropped before
# testing; Pearson's chi-squared without continuity correction unless an expected count is < 5, then
# Fisher's exact test (the plan's `test: auto`).
table1_categorical <- function(x, g) {
  x <- if (anyNA(x)) factor(ifelse(is.na(x), "Unknown", as.character(x)), levels = c(levels(x), "Unknown")) else x
  tab <- table(x, g)
  tested <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
  chisq <- suppressWarnings(chisq.test(tested, correct = FALSE))
  fisher <- fisher.test(tested, workspace = 2e8)
  min_expected <- min(chisq$expected)
  test <- if (min_expected < 5) "fisher" else "chisq"
  list(kind = "categorical", counts = lapply(rownames(tab), function(l) list(level = l, counts = as.integer(tab[l, ]))),
       test = test, pValue = if (test == "chisq") chisq$p.value else fisher$p.value,
       statistic = if (test == "chisq") unname(chisq$statistic) else NA,
       chisqStatistic = unname(chisq$statistic), chisqP = chisq$p.value, fisherP = fisher$p.value,
       minExpected = min_expected)
}

# Continuous rows: n, missing, median, quartiles (quantile type 7), range per group; Wilcoxon
# rank-sum test (wilcox.test defaults: exact below 50 per group without ties, else normal with
# continuity correction) for two groups, Kruskal-Wallis for more.
table1_continuous <- function(x, g) {
  per_group <- lapply(levels(g), function(l) {
    v <- x[g == l]
    k <- v[!is.na(v)]
    list(n = length(k), missing = sum(is.na(v)), median = median(k), q1 = unname(quantile(k, 0.25)),
         q3 = unname(quantile(k, 0.75)), min = min(k), max = max(k))
  })
  samples <- lapply(levels(g), function(l) x[g == l & !is.na(x)])
  if (length(samples) == 2) {
    t <- suppressWarnings(wilcox.test(samples[[1]], samples[[2]]))
    test <- "wilcoxon"
  } else {
    t <- kruskal.test(samples)
    test <- "kruskal"
  }
  list(kind = "continuous", perGroup = per_group, test = test, statistic = unname(t$statistic), pValue = t$p.value)
}

# --- Kaplan-Meier and log-rank ----------------------------------------------------------------------
# survfit with log-transformed CIs (its default), survival at the landmarks (NA past a curve's last
# follow-up, where summary(times) gives none), the number at risk every 3 display units, and the
# log-rank test (survdiff, rho = 0) over all groups.
km_curve <- function(time, event, landmarks, risk_times) {
  fit <- survfit(Surv(time, event) ~ 1, conf.type = "log")
  tab <- summary(fit)$table
  sm <- summary(fit, times = landmarks[landmarks <= max(time)])
  lm <- lapply(landmarks, function(t) {
    i <- match(t, sm$time)
    if (is.na(i)) list(time = t, survival = NA, lower = NA, upper = NA)
    else list(time = t, survival = sm$surv[i], lower = sm$lower[i], upper = sm$upper[i])
  })
  list(n = length(time), events = sum(event), median = unname(tab["median"]), lower = unname(tab["0.95LCL"]),
       upper = unname(tab["0.95UCL"]), landmarks = lm,
       atRisk = list(time = risk_times, n = summary(fit, times = risk_times, extend = TRUE)$n.risk))
}
km_summary <- function(d, study, ep) {
  time <- d[[ep$time]] / days_per_unit[[study$timeUnit]]
  event <- d[[ep$event]]
  g <- d[[study$group$variable]]
  # The number at risk at every multiple of each step a reader expects in the display unit (days in
  # weeks, months, quarters, years; months in quarters, half years, years …) that gives a plot axis
  # of 2 to 12 intervals, up to one step past the last follow-up: the report's axis ticks are among
  # these.
  steps <- list(days = c(1, 2, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650),
                weeks = c(1, 2, 4, 8, 13, 26, 52, 104, 260, 520),
                months = c(1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200),
                years = c(1, 2, 5, 10, 20, 50, 100))[[study$timeUnit]]
  steps <- steps[ceiling(max(time) / steps) <= 12 & ceiling(max(time) / steps) >= 2]
  risk_times <- sort(unique(unlist(lapply(steps, function(s) seq(0, (ceiling(max(time) / s) + 1) * s, by = s)))))
  curves <- lapply(levels(g), function(l) c(list(group = l), km_curve(time[g == l], event[g == l], study$landmarks, risk_times)))
  overall <- km_curve(time, event, study$landmarks, risk_times)
  lr <- survdiff(Surv(time, event) ~ g, rho = 0)
  present <- sum(lr$n > 0)
  pairwise <- NULL
  if (nlevels(g) > 2) {
    # Pairwise log-rank tests on each pair's patients, Holm-adjusted (survminer::pairwise_survdiff).
    pairs <- combn(levels(g), 2, simplify = FALSE)
    tests <- lapply(pairs, function(pr) {
      keep <- g %in% pr
      survdiff(Surv(time[keep], event[keep]) ~ droplevels(g[keep]), rho = 0)
    })
    p <- vapply(tests, function(t) t$pvalue, numeric(1))
    pairwise <- lapply(seq_along(pairs), function(i) {
      list(first = pairs[[i]][1], second = pairs[[i]][2], statistic = unname(tests[[i]]$chisq), pValue = p[i],
           holm = p.adjust(p, "holm")[i], bonferroni = p.adjust(p, "bonferroni")[i])
    })
  }
  list(endpoint = ep$name, curves = curves,
       overallMedian = list(median = overall$median, lower = overall$lower, upper = overall$upper),
       logRank = list(statistic = unname(lr$chisq), df = present - 1L, pValue = lr$pvalue),
       pairwiseLogRank = pairwise)
}

# --- Cox models -------------------------------------------------------------------------------------
# coxph (Efron ties) on the patients with every covariate of the model known (complete case, as
# coxph's na.action = na.omit); Wald CI and p per row, likelihood-ratio p per variable
# (summary()$logtest of the univariable model, the test the plan's selection rule uses). A
# continuous covariate is one row: HR per unit, and per `per` units (exp(per * coef), CI
# exp(per * (coef -/+ z * se))).
cox_fit <- function(d, ep, variables) {
  f <- as.formula(paste0("Surv(", ep$time, ", ", ep$event, ") ~ ", paste0("`", variables, "`", collapse = " + ")))
  fit <- coxph(f, data = d, ties = "efron")
  list(fit = fit, n = fit$n, events = fit$nevent)
}
cox_rows <- function(res, cov, d) {
  s <- summary(res$fit)
  co <- s$coefficients
  z <- qnorm(0.975)
  name <- cov$variable
  if (is.numeric(d[[name]])) {
    term <- paste0("`", name, "`")
    i <- match(term, rownames(co))
    if (is.na(i)) i <- match(name, rownames(co))
    b <- co[i, "coef"]; se <- co[i, "se(coef)"]
    per <- if (is.null(cov$per)) 1 else cov$per
    return(list(kind = "continuous", coef = b, se = se, hazardRatio = exp(b), lower = exp(b - z * se),
                upper = exp(b + z * se), pValue = co[i, "Pr(>|z|)"], per = per, perHazardRatio = exp(per * b),
                perLower = exp(per * (b - z * se)), perUpper = exp(per * (b + z * se))))
  }
  terms <- rownames(co)
  list(kind = "categorical", reference = cov$reference, levels = lapply(levels(d[[name]])[-1], function(l) {
    i <- match(paste0(name, l), terms)
    if (is.na(i)) i <- match(paste0("`", name, "`", l), terms)
    list(level = l, hazardRatio = unname(s$conf.int[i, "exp(coef)"]), lower = unname(s$conf.int[i, "lower .95"]),
         upper = unname(s$conf.int[i, "upper .95"]), pValue = unname(co[i, "Pr(>|z|)"]))
  }))
}
with_references <- function(d, covariates) {
  for (cov in covariates) if (!is.null(cov$reference)) d[[cov$variable]] <- relevel(d[[cov$variable]], ref = cov$reference)
  d
}
cox_tables <- function(d, ep, covariates, multivariable) {
  cd <- with_references(d, covariates)
  names(covariates) <- vapply(covariates, function(c) c$variable, "")
  univariate <- lapply(covariates, function(cov) {
    res <- cox_fit(cd, ep, cov$variable)
    c(list(variable = cov$variable, n = res$n, events = res$events,
           lrtP = unname(summary(res$fit)$logtest["pvalue"]), lrtDf = unname(summary(res$fit)$logtest["df"])),
      cox_rows(res, cov, cd))
  })
  selected <- if (multivariable$rule == "explicit") multivariable$variables else {
    lrt <- vapply(univariate, function(u) u$lrtP, numeric(1))
    names(covariates)[lrt < multivariable$pBelow | names(covariates) %in% multivariable$alwaysInclude]
  }
  res <- cox_fit(cd, ep, selected)
  list(endpoint = ep$name, univariate = unname(univariate), multivariableVariables = selected,
       multivariable = list(n = res$n, events = res$events,
                            variables = lapply(selected, function(v) c(list(variable = v), cox_rows(res, covariates[[v]], cd)))))
}

# --- Forest plot -----------------------------------------------------------------------------------
# Within each level of each subgroup variable, one Cox model of the group (k - 1 arm indicators
# against the reference arm) gives each non-reference arm's HR; the likelihood-ratio test of
# group x subgroup (anova of the nested coxph fits) is on the patients with the subgroup known, with
# df = (k - 1)(m - 1) estimable interaction terms.
forest <- function(d, study, ep) {
  gv <- study$group$variable
  fd <- d
  fd[[gv]] <- relevel(fd[[gv]], ref = study$group$reference)
  hr_of <- function(dd) {
    dd[[gv]] <- droplevels(dd[[gv]])
    res <- cox_fit(dd, ep, gv)
    arms <- lapply(cox_rows(res, list(variable = gv), dd)$levels,
                   function(r) r[c("level", "hazardRatio", "lower", "upper", "pValue")])
    list(n = nrow(dd), events = sum(dd[[ep$event]]), arms = arms)
  }
  surv <- sprintf("Surv(%s, %s)", ep$time, ep$event)
  variables <- lapply(study$forest, function(name) {
    cc <- fd[!is.na(fd[[name]]), ]
    lv <- lapply(levels(cc[[name]]), function(l) c(list(level = l), hr_of(cc[cc[[name]] == l, ])))
    reduced <- coxph(as.formula(paste(surv, "~", gv, "+", name)), data = cc, ties = "efron")
    full <- coxph(as.formula(paste(surv, "~", gv, "*", name)), data = cc, ties = "efron")
    a <- anova(reduced, full)
    list(variable = name, levels = lv,
         interaction = list(statistic = a[["Chisq"]][2], df = a[["Df"]][2], pValue = a[["Pr(>|Chi|)"]][2]))
  })
  list(endpoint = ep$name, overall = hr_of(fd), variables = variables)
}

# --- Sensitivity analyses (the plan's `sensitivity` block) ----------------------------------------
# Proportional hazards: cox.zph(fit) with its defaults (transform = "km", terms = TRUE) on the
# multivariable model of cox_tables. RMST: survRM2::rmst1/rmst2 (v1.0-4) transcribed in base R
# (as packages/validation/r/timedep.R, which checks them against survfit's rmean) for each
# non-reference arm against the reference, times in the display unit, tau survRM2's default (the
# smaller of the two arms' largest follow-up times). E-value: EValue's evalues.HR formulas
# (VanderWeele & Ding 2017) of each non-reference arm's multivariable HR and its CI limit nearest 1.
rmst1 <- function(time, status, tau) {
  ft <- survfit(Surv(time, status) ~ 1)
  idx <- ft$time <= tau
  wk.time <- sort(c(ft$time[idx], tau))
  wk.surv <- ft$surv[idx]
  wk.n.risk <- ft$n.risk[idx]
  wk.n.event <- ft$n.event[idx]
  areas <- diff(c(0, wk.time)) * c(1, wk.surv)
  wk.var <- ifelse((wk.n.risk - wk.n.event) == 0, 0, wk.n.event / (wk.n.risk * (wk.n.risk - wk.n.event)))
  wk.var <- c(wk.var, 0)
  c(rmst = sum(areas), se = sqrt(sum(cumsum(rev(areas[-1]))^2 * rev(wk.var)[-1])))
}
rmst2 <- function(time, status, arm, tau) {
  z <- qnorm(0.975)
  r0 <- rmst1(time[arm == 0], status[arm == 0], tau)
  r1 <- rmst1(time[arm == 1], status[arm == 1], tau)
  one <- function(r) list(estimate = r[["rmst"]], stdErr = r[["se"]], lower = r[["rmst"]] - z * r[["se"]],
                          upper = r[["rmst"]] + z * r[["se"]])
  d_se <- sqrt(r1[["se"]]^2 + r0[["se"]]^2)
  d_est <- r1[["rmst"]] - r0[["rmst"]]
  l_est <- log(r1[["rmst"]]) - log(r0[["rmst"]])
  l_se <- sqrt(r1[["se"]]^2 / r1[["rmst"]]^2 + r0[["se"]]^2 / r0[["rmst"]]^2)
  list(tau = tau, arm = one(r1), reference = one(r0),
       difference = list(estimate = d_est, lower = d_est - z * d_se, upper = d_est + z * d_se,
                         pValue = 2 * pnorm(-abs(d_est / d_se))),
       ratio = list(estimate = exp(l_est), lower = exp(l_est - z * l_se), upper = exp(l_est + z * l_se),
                    pValue = 2 * pnorm(-abs(l_est / l_se))))
}
hr_to_rr <- function(hr, rare) if (rare) hr else (1 - 0.5^sqrt(hr)) / (1 - 0.5^sqrt(1 / hr))
evalue_rr <- function(rr) { if (rr < 1) rr <- 1 / rr; rr + sqrt(rr * (rr - 1)) }
sensitivity <- function(d, study, ep) {
  gv <- study$group$variable
  ref <- study$group$reference
  selected <- cox_tables(d, ep, study$cox, study$multivariable)$multivariableVariables
  cd <- with_references(d, study$cox)
  res <- cox_fit(cd, ep, selected)
  tab <- cox.zph(res$fit)$table
  rows <- setdiff(rownames(tab), "GLOBAL")
  ph <- list(n = res$n, events = res$events,
             terms = lapply(rows, function(r) list(variable = gsub("`", "", r), chisq = tab[r, "chisq"],
                                                   df = tab[r, "df"], pValue = tab[r, "p"])),
             global = list(chisq = tab["GLOBAL", "chisq"], df = tab["GLOBAL", "df"], pValue = tab["GLOBAL", "p"]))
  time <- d[[ep$time]] / days_per_unit[[study$timeUnit]]
  event <- d[[ep$event]]
  g <- d[[gv]]
  arms <- setdiff(study$group$order, ref)
  rmst <- lapply(arms, function(a) {
    keep <- g %in% c(a, ref)
    arm <- as.numeric(g[keep] == a)
    tau <- min(max(time[keep][arm == 0]), max(time[keep][arm == 1]))
    c(list(level = a), rmst2(time[keep], event[keep], arm, tau))
  })
  ci <- summary(res$fit)$conf.int
  evalue <- lapply(arms, function(a) {
    i <- match(paste0(gv, a), rownames(ci))
    hr <- ci[i, "exp(coef)"]; lo <- ci[i, "lower .95"]; hi <- ci[i, "upper .95"]
    rr <- hr_to_rr(hr, study$sensitivity$rare); rlo <- hr_to_rr(lo, study$sensitivity$rare)
    rhi <- hr_to_rr(hi, study$sensitivity$rare)
    list(level = a, hazardRatio = unname(hr), lower = unname(lo), upper = unname(hi), point = evalue_rr(rr),
         ci = if (rlo <= 1 && rhi >= 1) 1 else if (rr > 1) evalue_rr(rlo) else evalue_rr(rhi))
  })
  list(endpoint = ep$name, ph = ph, rmst = rmst, eValue = evalue)
}

# --- One study --------------------------------------------------------------------------------------
analyse <- function(study) {
  raw <- read.csv(study$csv, stringsAsFactors = FALSE, na.strings = c("", "NA"))
  keep <- rep(TRUE, nrow(raw))
  excluded <- list()
  for (rule in study$eligibility) {
    ok <- rule$include(raw) %in% TRUE
    excluded[[length(excluded) + 1]] <- list(reason = rule$reason, n = sum(keep & !ok))
    keep <- keep & ok
  }
  d <- study$variables(raw[keep, ])
  g <- factor(d[[study$group$variable]], levels = study$group$order)
  d[[study$group$variable]] <- g
  for (ep in study$endpoints) d[[ep$event]] <- as.integer(ep$is_event(d))
  list(
    generatedBy = "apps/report/test/r/examples-report.R",
    r = paste(R.version$major, R.version$minor, sep = "."),
    survival = as.character(packageVersion("survival")),
    study = study$name,
    timeUnit = study$timeUnit,
    flow = list(screened = nrow(raw), excluded = excluded, analysed = nrow(d)),
    groupN = as.integer(table(g)),
    table1 = lapply(study$table1, function(name) {
      x <- d[[name]]
      c(list(variable = name), if (is.numeric(x)) table1_continuous(x, g) else table1_categorical(x, g))
    }),
    survivalByGroup = lapply(study$endpoints, function(ep) km_summary(d, study, ep)),
    cox = lapply(study$endpoints, function(ep) cox_tables(d, ep, study$cox, study$multivariable)),
    forest = if (length(study$forest) > 0) lapply(study$endpoints, function(ep) forest(d, study, ep)) else list(),
    subgroupKm = lapply(study$subgroupKm, function(s) {
      sd <- d[!is.na(d[[s$variable]]) & d[[s$variable]] == s$level, ]
      list(variable = s$variable, level = s$level, n = nrow(sd),
           comparisons = lapply(study$endpoints, function(ep) km_summary(sd, study, ep)))
    }),
    sensitivity = if (is.null(study$sensitivity)) NULL else lapply(study$endpoints, function(ep) sensitivity(d, study, ep))
  )
}

write_fixture <- function(study) {
  out <- analyse(study)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"),
             sprintf("apps/report/test/fixtures/examples-%s.json", study$name))
}

source("apps/report/test/r/examples-studies.R")
for (study in studies) write_fixture(study)
