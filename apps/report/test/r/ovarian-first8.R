# Reference numbers for the summary's wording of the univariable screen (prose.test.ts): on the
# first 8 rows of R's survival::ovarian, age's likelihood-ratio p is below 0.05 while its Wald p
# (the p Table 2 shows) is not — so a sentence "associated with the outcome (p < 0.05)" beside
# Table 2 must name the likelihood-ratio test. coxph (Efron), Surv(futime, fustat) ~ age.
# Run from the repo root: Rscript apps/report/test/r/ovarian-first8.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/ovarian-first8-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- survival::ovarian[1:8, ]
fit <- coxph(Surv(futime, fustat) ~ age, data = d, ties = "efron")
s <- summary(fit)
out <- list(
  source = "survival::ovarian[1:8, ], coxph(Surv(futime, fustat) ~ age, ties = 'efron')",
  lrtP = unname(s$logtest[["pvalue"]]),
  waldP = unname(s$coefficients["age", "Pr(>|z|)"]),
  hazardRatio = unname(s$conf.int["age", "exp(coef)"])
)
write_json(out, "apps/report/test/fixtures/ovarian-first8-r.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
