# An arm defined in the dictionary with no patients: colon (test/fixtures/colon-arms/colon.csv)
# without its levamisole-alone patients, rx still a factor of three levels (Obs, Lev, Lev+5FU) as
# the dictionary defines it. R leaves the empty level out where it has nothing to say: survfit has
# no stratum for it, survdiff compares two groups (df = 1), and chisq.test on Table 1's counts is
# run with the empty column dropped (the report's rule); coxph gives the empty level's coefficient
# NA. So the report drops the arm from its tables and figures, with a note.
# Run from the repo root: Rscript apps/report/test/r/empty-arm.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/empty-arm-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- read.csv("apps/report/test/fixtures/colon-arms/colon.csv")
d <- d[d$rx != "Lev", ]
d$rx <- factor(d$rx, levels = c("Obs", "Lev", "Lev+5FU"))
km <- survfit(Surv(time, status) ~ rx, data = d)
tab <- summary(km)$table
lr <- survdiff(Surv(time, status) ~ rx, data = d)
cx <- coxph(Surv(time, status) ~ rx, data = d, ties = "efron")
sex <- table(d$sex, d$rx)
tested <- sex[rowSums(sex) > 0, colSums(sex) > 0, drop = FALSE]
out <- list(
  n = nrow(d),
  byArm = as.list(table(d$rx)),
  strata = names(km$strata),
  kmN = unname(tab[, "records"]), kmEvents = unname(tab[, "events"]), kmMedianDays = unname(tab[, "median"]),
  logRank = list(statistic = unname(lr$chisq), df = length(lr$n) - 1L,
                 pValue = pchisq(lr$chisq, length(lr$n) - 1L, lower.tail = FALSE)),
  cox = list(coef = as.list(coef(cx)), hazardRatio = unname(exp(coef(cx)["rxLev+5FU"])),
             lower = unname(summary(cx)$conf.int["rxLev+5FU", "lower .95"]),
             upper = unname(summary(cx)$conf.int["rxLev+5FU", "upper .95"])),
  sexChisqP = suppressWarnings(chisq.test(tested, correct = FALSE))$p.value
)
write_json(out, "apps/report/test/fixtures/empty-arm-r.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
