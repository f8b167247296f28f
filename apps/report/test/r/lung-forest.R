# Reference numbers for the report's subgroup analysis (forest plot) on the lung example, from R's
# own copy of the data: the sex hazard ratio within each level of age group and ECOG group, and the
# likelihood-ratio test of the sex x subgroup interaction.
# Run from the repo root: Rscript apps/report/test/r/lung-forest.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/lung-forest.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
d <- survival::lung
d$event <- as.integer(d$status == 2)
d$sex <- factor(d$sex, levels = c(1, 2))
# As examples/lung/lung-dictionary.json derives them: age cut at 65 (closed on the left),
# ECOG 0-1 vs 2-3 with a missing ECOG staying missing.
d$age_group <- factor(ifelse(d$age < 65, "<65", ">=65"), levels = c("<65", ">=65"))
d$ecog_group <- factor(ifelse(is.na(d$ph.ecog), NA, ifelse(d$ph.ecog %in% c(0, 1), "0-1", "2-3")), levels = c("0-1", "2-3"))

hr <- function(fit) {
  s <- summary(fit)
  list(hazardRatio = unname(s$conf.int[1, "exp(coef)"]), lower = unname(s$conf.int[1, "lower .95"]),
       upper = unname(s$conf.int[1, "upper .95"]), pValue = unname(s$coefficients[1, "Pr(>|z|)"]))
}
overall <- c(list(n = nrow(d), events = sum(d$event)), hr(coxph(Surv(time, event) ~ sex, data = d, ties = "efron")))
variables <- lapply(c("age_group", "ecog_group"), function(v) {
  cc <- d[!is.na(d[[v]]), ]
  levels <- lapply(levels(cc[[v]]), function(l) {
    s <- cc[cc[[v]] == l, ]
    c(list(level = l, n = nrow(s), events = sum(s$event)), hr(coxph(Surv(time, event) ~ sex, data = s, ties = "efron")))
  })
  reduced <- coxph(as.formula(paste("Surv(time, event) ~ sex +", v)), data = cc, ties = "efron")
  full <- coxph(as.formula(paste("Surv(time, event) ~ sex *", v)), data = cc, ties = "efron")
  a <- anova(reduced, full)
  list(variable = v, levels = levels, interactionP = a[["Pr(>|Chi|)"]][2])
})
out <- list(
  generatedBy = "apps/report/test/r/lung-forest.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  overall = overall,
  variables = variables
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "apps/report/test/fixtures/lung-forest.json")
