# Reference numbers for the whole report of the built-in cohort, computed by R from the CSV alone:
# eligibility, endpoints and derived variables are re-derived here from the definitions in
# packages/cohort/src/dictionary/builtinDictionary.ts, and the analysis follows the built-in plan
# (apps/report/src/plan/builtinPlan.ts). Nothing is read from survkit's output.
# Run from the repo root: Rscript apps/report/test/r/builtin-report.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/builtin-report-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

raw <- read.csv("packages/cohort/data/synthetic-her2-stage4-cohort.csv", stringsAsFactors = FALSE,
                na.strings = c("", "NA"), colClasses = "character")

# Eligibility (dictionary `eligibility`, in order): each excluded patient is counted under the first
# rule they fail.
rules <- list(
  "not invasive breast carcinoma" = function(d) d$invasive_carcinoma == "yes",
  "not metastatic at initial diagnosis" = function(d) d$de_novo_metastatic == "yes",
  "not HER2-positive" = function(d) d$her2_status == "positive",
  "no anti-HER2 therapy" = function(d) d$anti_her2_therapy == "yes",
  "other primary tumour or unknown primary" = function(d) d$other_primary == "no"
)
keep <- rep(TRUE, nrow(raw))
excluded <- list()
for (reason in names(rules)) {
  ok <- rules[[reason]](raw) %in% TRUE
  excluded[[length(excluded) + 1]] <- list(reason = reason, n = sum(keep & !ok))
  keep <- keep & ok
}
d <- raw[keep, ]
flow <- list(screened = nrow(raw), excluded = excluded, analysed = nrow(d))

# Endpoints (dictionary `endpoints`): months = days / (365.25 / 12) from diagnosis to the first event
# date, else to the last follow-up.
day <- function(x) as.numeric(as.Date(x))
dx <- day(d$date_diagnosis); pr <- day(d$date_progression)
de <- day(d$date_death); fu <- day(d$date_last_followup)
pfs_end <- pmin(pr, de, na.rm = TRUE)
d$PFS_event <- as.integer(!is.na(pfs_end))
d$PFS_time <- (ifelse(is.na(pfs_end), fu, pfs_end) - dx) / (365.25 / 12)
d$OS_event <- as.integer(!is.na(de))
d$OS_time <- (ifelse(is.na(de), fu, de) - dx) / (365.25 / 12)

# Variables as factors with the dictionary's levels (values as written in the CSV); "Unknown" and
# empty cells are missing where the dictionary says so. Derived variables as the dictionary derives them.
yn <- function(x) factor(x, levels = c("no", "yes"))
unknown <- function(x) ifelse(x %in% c("", "NA", "Unknown"), NA, x)
age <- as.numeric(d$age)
ki67 <- as.numeric(d$ki67)
nmet <- as.numeric(d$n_metastases)
sites <- c("met_bone", "met_lung", "met_liver", "met_soft_tissue", "met_brain", "met_other")
nsites <- rowSums(d[, sites] == "yes")
only <- function(site) yn(ifelse(nsites == 1 & d[[site]] == "yes", "yes", "no"))
v <- data.frame(
  surgery = yn(ifelse(d$primary_surgery %in% c("radical", "palliative"), "yes", "no")),
  # cut(breaks = 50) is closed on the left: 50 belongs to ">=50".
  age_group = factor(ifelse(age < 50, "<50", ">=50"), levels = c("<50", ">=50")),
  menstrual_status = factor(d$menstrual_status, levels = c("premenopausal", "postmenopausal")),
  pathological_type = factor(unknown(d$pathological_type), levels = c("ductal", "lobular")),
  ecog = factor(d$ecog, levels = c("0", "1", "2")),
  t_stage = factor(d$t_stage, levels = c("T0-2", "T3-4")),
  n_stage = factor(d$n_stage, levels = c("N0-1", "N2-3")),
  grade = factor(unknown(d$grade), levels = c("1", "2", "3")),
  er_status = factor(d$er_status, levels = c("negative", "positive")),
  pr_status = factor(d$pr_status, levels = c("negative", "positive")),
  hr_status = factor(ifelse(d$er_status == "positive" | d$pr_status == "positive", "positive", "negative"),
                     levels = c("negative", "positive")),
  ki67_group = factor(ifelse(ki67 < 15, "<15%", ">=15%"), levels = c("<15%", ">=15%")),
  met_bone = yn(d$met_bone), met_lung = yn(d$met_lung), met_liver = yn(d$met_liver),
  only_soft_tissue = only("met_soft_tissue"),
  only_bone = only("met_bone"),
  one_site = yn(ifelse(nsites == 1, "yes", "no")),
  visceral = yn(ifelse(d$met_lung == "yes" | d$met_liver == "yes" | d$met_brain == "yes", "yes", "no")),
  n_metastases_group = factor(ifelse(nmet < 2, "1", ifelse(nmet < 4, "2-3", ">=4")), levels = c("1", "2-3", ">=4")),
  first_line_therapy = factor(d$first_line_therapy, levels = c("trastuzumab", "trastuzumab_pertuzumab")),
  PFS_time = d$PFS_time, PFS_event = d$PFS_event, OS_time = d$OS_time, OS_event = d$OS_event,
  stringsAsFactors = FALSE
)
# Display order of the groups (plan `group.order`) and the hazard-ratio reference ("no").
group_order <- c("yes", "no")

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

# Cox models (Efron ties) with the plan's reference levels; Wald CI and p per level, likelihood-ratio
# p per variable (summary()$logtest of the univariate model, the test the plan's selection rule uses).
covariates <- c(ecog = "0", t_stage = "T0-2", met_lung = "no", met_liver = "no", only_bone = "no",
                one_site = "no", visceral = "no", first_line_therapy = "trastuzumab", surgery = "no")
cv <- v
for (name in names(covariates)) cv[[name]] <- relevel(cv[[name]], ref = covariates[[name]])

# A fit whose partial likelihood has no finite maximum makes coxph warn ("Loglik converged before
# variable k ; coefficient may be infinite."); its HR is then not a number to compare, only to flag.
fit_cox <- function(formula, data) {
  warnings <- character(0)
  fit <- withCallingHandlers(coxph(formula, data = data, ties = "efron"), warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  infinite <- integer(0)
  for (w in warnings) {
    m <- regmatches(w, regexpr("variables? [0-9 ,]+", w))
    if (length(m) == 1) infinite <- c(infinite, as.integer(strsplit(trimws(sub("variables? ", "", m)), "[ ,]+")[[1]]))
  }
  list(fit = fit, warnings = warnings, infinite = infinite)
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
