# Exports R's survival::lung (NCCTG advanced lung cancer, Loprinzi et al. 1994) as the second
# example study of survkit, and writes the facts the cohort tests check the import against.
# Run from the repo root:  Rscript examples/lung/make-lung-csv.R
# Writes examples/lung/lung.csv and packages/cohort/test/fixtures/lung-r-summary.json.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

lung <- survival::lung
write.csv(lung, "examples/lung/lung.csv", row.names = FALSE, na = "NA")

days_per_month <- 365.25 / 12
summary_facts <- list(
  source = sprintf("R %s, survival %s: survival::lung", getRversion(), packageVersion("survival")),
  n = nrow(lung),
  events = sum(lung$status == 2),
  time_months_sum = sum(lung$time / days_per_month),
  missing = as.list(sapply(lung, function(x) sum(is.na(x)))),
  sex = as.list(table(factor(lung$sex, levels = 1:2, labels = c("Male", "Female")))),
  ph_ecog = as.list(table(factor(lung$ph.ecog, levels = 0:3))),
  age_65_or_more = sum(lung$age >= 65),
  ecog_2_3 = sum(lung$ph.ecog >= 2, na.rm = TRUE),
  mean_wt_loss = mean(lung$wt.loss, na.rm = TRUE)
)
write_json(summary_facts, "packages/cohort/test/fixtures/lung-r-summary.json", auto_unbox = TRUE, digits = NA,
           pretty = TRUE)
