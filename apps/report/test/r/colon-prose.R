# A three-arm test study for the report's prose: R's survival::colon (Moertel et al., 1990; adjuvant
# levamisole or levamisole + 5-FU vs observation after colon cancer resection), death records only
# (etype 2), time in days. Writes the cohort CSV the report reads and the numbers its prose must quote,
# computed by survfit, survdiff and coxph on the same rows.
# Run from the repo root: Rscript apps/report/test/r/colon-prose.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/colon/colon-death.csv and
# apps/report/test/fixtures/colon-prose.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- survival::colon[survival::colon$etype == 2, c("id", "rx", "sex", "age", "obstruct", "nodes", "node4", "differ", "time", "status")]
write.csv(d, "apps/report/test/fixtures/colon/colon-death.csv", row.names = FALSE, na = "")

days_per_month <- 365.25 / 12
d$rx <- factor(d$rx, levels = c("Obs", "Lev", "Lev+5FU"))
fit <- survfit(Surv(time, status) ~ rx, data = d)
tab <- summary(fit)$table
overall <- summary(survfit(Surv(time, status) ~ 1, data = d))$table
median_of <- function(row) list(median = unname(row["median"]) / days_per_month,
                                 lower = unname(row["0.95LCL"]) / days_per_month,
                                 upper = unname(row["0.95UCL"]) / days_per_month)
arms <- lapply(seq_along(levels(d$rx)), function(i) {
  c(list(level = levels(d$rx)[i], n = unname(tab[i, "n.max"]), events = unname(tab[i, "events"])), median_of(tab[i, ]))
})
lr <- survdiff(Surv(time, status) ~ rx, data = d)
hr_rows <- function(fit) {
  s <- summary(fit)
  rows <- grep("^rx", rownames(s$coefficients))
  lapply(rows, function(r) list(level = sub("^rx", "", rownames(s$coefficients)[r]),
                                hazardRatio = unname(s$conf.int[r, "exp(coef)"]),
                                lower = unname(s$conf.int[r, "lower .95"]),
                                upper = unname(s$conf.int[r, "upper .95"]),
                                pValue = unname(s$coefficients[r, "Pr(>|z|)"])))
}
d$obstruct <- factor(d$obstruct, levels = c(0, 1))
d$node4 <- factor(d$node4, levels = c(0, 1))
uni <- coxph(Surv(time, status) ~ rx, data = d, ties = "efron")
multi <- coxph(Surv(time, status) ~ rx + obstruct + node4, data = d, ties = "efron")
out <- list(
  generatedBy = "apps/report/test/r/colon-prose.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  n = nrow(d),
  overallMedian = median_of(overall),
  arms = arms,
  logRank = list(statistic = unname(lr$chisq), df = length(lr$n) - 1,
                 pValue = pchisq(lr$chisq, length(lr$n) - 1, lower.tail = FALSE)),
  univariable = hr_rows(uni),
  multivariable = list(n = multi$n, events = multi$nevent, rx = hr_rows(multi))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "apps/report/test/fixtures/colon-prose.json")
