# Reference numbers for the whole report of the built-in cohort, computed by R from the CSV alone:
# eligibility, endpoints and derived variables are re-derived here from the definitions in
# packages/cohort/src/dictionary/builtinDictionary.ts, and the analysis follows the built-in plan
# (apps/report/src/plan/builtinPlan.ts). Nothing is read from survkit's output.
# Run from the repo root: Rscript apps/report/test/r/builtin-report.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/builtin-report-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

source("apps/report/test/r/builtin-data.R")

# Table 1: counts by group, a missing value counted as its own "Unknown" row (as the report tabulates
# it); Pearson's chi-squared without continuity correction or Fisher's exact test as the plan says.
# Levels with no patient in either group are dropped before testing (R's own tables of observed data).
table1_vars <- list(
  age_group = "chisq", menstrual_status = "chisq", pathological_type = "fisher", ecog = "chisq",
  t_stage = "chisq", n_stage = "chisq", grade = "fisher", er_status = "chisq", pr_status = "chisq",
  ki67_group = "fisher", met_bone = "chisq", met_lung = "fisher", met_liver = "chisq",
  only_soft_tissue = "fisher", only_bone = "chisq", one_site = "chisq", visceral = "chisq",
  n_metastases_group = "chisq", first_line_therapy = "chisq"
)
table1 <- lapply(names(table1_vars), function(name) {
  x <- v[[name]]
  x <- if (anyNA(x)) factor(ifelse(is.na(x), "Unknown", as.character(x)), levels = c(levels(x), "Unknown")) else x
  tab <- table(x, factor(v$surgery, levels = group_order))
  counts <- lapply(rownames(tab), function(l) list(level = l, counts = as.integer(tab[l, ])))
  tested <- tab[rowSums(tab) > 0, , drop = FALSE]
  chisq <- suppressWarnings(chisq.test(tested, correct = FALSE))
  fisher <- fisher.test(tested)
  expected <- chisq$expected
  list(variable = name, test = table1_vars[[name]], counts = counts,
       pValue = if (table1_vars[[name]] == "chisq") chisq$p.value else fisher$p.value,
       chisqStatistic = unname(chisq$statistic), chisqP = chisq$p.value, fisherP = fisher$p.value,
       minExpected = min(expected))
})

# Kaplan-Meier by group with log-transformed CIs (survfit's default), survival at the landmarks (NA
# past a curve's last follow-up, where summary(times) gives none), the number at risk, log-rank test
# (survdiff, rho = 0).
landmarks <- c(12, 36, 60)
# Number at risk every 6 months (the report's axis ticks are multiples of 6 or 12 months).
risk_times <- seq(0, 120, by = 6)
km_summary <- function(dd, ep) {
  f <- as.formula(sprintf("Surv(%s_time, %s_event) ~ 1", ep, ep))
  curves <- lapply(group_order, function(g) {
    s <- dd[dd$surgery == g, ]
    fit <- survfit(f, data = s, conf.type = "log")
    tab <- summary(fit)$table
    sm <- summary(fit, times = landmarks[landmarks <= max(s[[paste0(ep, "_time")]])])
    lm <- lapply(landmarks, function(t) {
      i <- match(t, sm$time)
      if (is.na(i)) list(time = t, survival = NA, lower = NA, upper = NA)
      else list(time = t, survival = sm$surv[i], lower = sm$lower[i], upper = sm$upper[i])
    })
    list(group = g, n = nrow(s), events = sum(s[[paste0(ep, "_event")]]),
         median = unname(tab["median"]), lower = unname(tab["0.95LCL"]), upper = unname(tab["0.95UCL"]),
         landmarks = lm,
         atRisk = list(time = risk_times, n = summary(fit, times = risk_times, extend = TRUE)$n.risk))
  })
  overall <- summary(survfit(f, data = dd, conf.type = "log"))$table
  lr <- survdiff(as.formula(sprintf("Surv(%s_time, %s_event) ~ surgery", ep, ep)), data = dd, rho = 0)
  list(endpoint = ep, curves = curves,
       overallMedian = list(median = unname(overall["median"]), lower = unname(overall["0.95LCL"]),
                            upper = unname(overall["0.95UCL"])),
       logRank = list(statistic = unname(lr$chisq), df = length(lr$n) - 1L, pValue = lr$pvalue))
}

level_rows <- function(res, name, data) {
  s <- summary(res$fit)
  terms <- rownames(s$coefficients)
  lapply(levels(data[[name]])[-1], function(l) {
    term <- paste0(name, l)
    i <- match(term, terms)
    list(level = l, hazardRatio = unname(s$conf.int[i, "exp(coef)"]), lower = unname(s$conf.int[i, "lower .95"]),
         upper = unname(s$conf.int[i, "upper .95"]), pValue = unname(s$coefficients[i, "Pr(>|z|)"]),
         infinite = i %in% res$infinite)
  })
}
cox_tables <- function(ep) {
  surv <- sprintf("Surv(%s_time, %s_event)", ep, ep)
  univariate <- lapply(names(covariates), function(name) {
    res <- fit_cox(as.formula(paste(surv, "~", name)), cv)
    list(variable = name, reference = covariates[[name]], lrtP = unname(summary(res$fit)$logtest["pvalue"]),
         levels = level_rows(res, name, cv), warnings = res$warnings)
  })
  lrt <- vapply(univariate, function(u) u$lrtP, numeric(1))
  selected <- names(covariates)[lrt < 0.05 | names(covariates) == "surgery"]
  res <- fit_cox(as.formula(paste(surv, "~", paste(selected, collapse = " + "))), cv)
  list(endpoint = ep, univariate = univariate, multivariableVariables = selected,
       multivariable = list(n = res$fit$n, events = res$fit$nevent, warnings = res$warnings,
                            variables = lapply(selected, function(name) list(variable = name, levels = level_rows(res, name, cv)))))
}

# Forest plots: the surgery HR (yes vs no) within each level of each subgroup variable, and the
# likelihood-ratio test of surgery x subgroup on the patients with the subgroup known.
forest_vars <- c("age_group", "t_stage", "hr_status", "first_line_therapy", "only_bone", "visceral")
sv <- v
sv$surgery <- relevel(sv$surgery, ref = "no")
hr_of <- function(dd, ep) {
  res <- fit_cox(as.formula(sprintf("Surv(%s_time, %s_event) ~ surgery", ep, ep)), dd)
  r <- level_rows(res, "surgery", dd)[[1]]
  c(list(n = nrow(dd), events = sum(dd[[paste0(ep, "_event")]])), r[c("hazardRatio", "lower", "upper", "pValue", "infinite")])
}
forest <- function(ep) {
  surv <- sprintf("Surv(%s_time, %s_event)", ep, ep)
  variables <- lapply(forest_vars, function(name) {
    cc <- sv[!is.na(sv[[name]]), ]
    lv <- lapply(levels(cc[[name]]), function(l) c(list(level = l), hr_of(cc[cc[[name]] == l, ], ep)))
    reduced <- coxph(as.formula(paste(surv, "~ surgery +", name)), data = cc, ties = "efron")
    full <- coxph(as.formula(paste(surv, "~ surgery *", name)), data = cc, ties = "efron")
    list(variable = name, levels = lv, interactionP = anova(reduced, full)[["Pr(>|Chi|)"]][2])
  })
  list(endpoint = ep, overall = hr_of(sv, ep), variables = variables)
}

# Kaplan-Meier by group within the first-line trastuzumab + pertuzumab subgroup.
tp <- v[!is.na(v$first_line_therapy) & v$first_line_therapy == "trastuzumab_pertuzumab", ]

out <- list(
  generatedBy = "apps/report/test/r/builtin-report.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  flow = flow,
  groupN = as.integer(table(factor(v$surgery, levels = group_order))),
  table1 = table1,
  survivalByGroup = lapply(c("PFS", "OS"), function(ep) km_summary(v, ep)),
  cox = lapply(c("PFS", "OS"), cox_tables),
  forest = lapply(c("PFS", "OS"), forest),
  subgroupKm = list(list(variable = "first_line_therapy", level = "trastuzumab_pertuzumab", n = nrow(tp),
                         comparisons = lapply(c("PFS", "OS"), function(ep) km_summary(tp, ep))))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "apps/report/test/fixtures/builtin-report-r.json")
