# Reference numbers for a report that must still render where R still answers (issue 14 item 8):
# R's own lung data (survival::lung, as examples/lung/lung.csv) with
#   "femaleCensored": every female patient censored (no events in one group), and
#   "allCensored":    every patient censored (no events at all).
# survdiff's chi-square, df and p (NA where R gives NA) and coxph's (Efron) coefficients per term,
# univariate and multivariable (age_group + ecog_group + sex), with R's "may be infinite" warning
# recorded as a flag. Time in days: the log-rank and Cox statistics do not change with the time unit.
# Run from the repo root: Rscript apps/report/test/r/not-estimable.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/not-estimable-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
base <- survival::lung
base$sex <- factor(base$sex, levels = c(1, 2))
# As examples/lung/lung-dictionary.json derives them.
base$age_group <- factor(ifelse(base$age < 65, "<65", ">=65"), levels = c("<65", ">=65"))
base$ecog_group <- factor(ifelse(is.na(base$ph.ecog), NA, ifelse(base$ph.ecog %in% c(0, 1), "0-1", "2-3")),
                          levels = c("0-1", "2-3"))
na <- function(x) if (is.null(x) || length(x) == 0 || !is.finite(x)) NA else unname(x)

cox <- function(d, terms) {
  infinite <- FALSE
  fit <- withCallingHandlers(
    coxph(as.formula(paste("Surv(time, event) ~", paste(terms, collapse = " + "))), data = d, ties = "efron"),
    warning = function(w) {
      if (grepl("may be infinite", conditionMessage(w))) infinite <<- TRUE
      invokeRestart("muffleWarning")
    })
  s <- summary(fit)$coefficients
  list(terms = lapply(rownames(s), function(t) list(
         term = t, coef = na(s[t, "coef"]), hazardRatio = na(s[t, "exp(coef)"]),
         pValue = na(s[t, "Pr(>|z|)"]))),
       n = fit$n, nEvents = fit$nevent, infinite = infinite)
}

scenario <- function(d) {
  sd <- suppressWarnings(survdiff(Surv(time, event) ~ sex, data = d))
  # survdiff's print method: df = number of groups with a non-zero variance diagonal - 1.
  df <- sum(diag(sd$var) > 0) - 1
  p <- if (df > 0) pchisq(sd$chisq, df, lower.tail = FALSE) else NA
  list(logRank = list(statistic = sd$chisq, df = df, pValue = p),
       univariate = lapply(c("age_group", "ecog_group", "sex"), function(v) c(list(variable = v), cox(d, v))),
       multivariable = cox(d, c("age_group", "ecog_group", "sex")))
}

fem <- base; fem$event <- as.integer(fem$status == 2 & fem$sex == "1")
all <- base; all$event <- 0L
out <- list(
  generatedBy = "apps/report/test/r/not-estimable.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  femaleCensored = scenario(fem),
  allCensored = scenario(all)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "apps/report/test/fixtures/not-estimable-r.json")
