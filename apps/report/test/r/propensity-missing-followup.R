# The propensity-score section when some patients have no follow-up: examples/gbsg with rfstime
# removed in 12 seeded rows and status in 3 others (written as gbsg-missing.csv). The score and the
# weights come from every patient with complete covariates, as glm and WeightIt see the data (the
# outcome plays no part in them); survival's coxph and survfit then drop the rows without a time or
# status (na.action = na.omit, the default). Plan: examples/gbsg's propensity block with
# method = weighting (ATT, unstabilised: w = 1 for treated, e/(1 − e) for controls).
# Run from the repo root: Rscript apps/report/test/r/propensity-missing-followup.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/propensity-missing/.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out <- "apps/report/test/fixtures/propensity-missing"
d <- read.csv("examples/gbsg/gbsg.csv", stringsAsFactors = FALSE)
set.seed(20261202)
no_time <- sort(sample(nrow(d), 12))
no_status <- sort(sample(setdiff(seq_len(nrow(d)), no_time), 3))
d$rfstime[no_time] <- NA
d$status[no_status] <- NA
write.csv(d, file.path(out, "gbsg-missing.csv"), row.names = FALSE, na = "")

d$meno <- factor(d$meno, levels = c("premenopausal", "postmenopausal"))
d$grade <- factor(d$grade, levels = c(1, 2, 3))
d$treat <- as.integer(d$hormon == "yes")
d$event <- as.integer(d$status == "recurrence_or_death")
ps <- fitted(glm(treat ~ age + meno + size + grade + nodes + pgr + er, family = binomial, data = d))
d$w <- ifelse(d$treat == 1, 1, ps / (1 - ps))
ess <- function(x) sum(x)^2 / sum(x^2)
hr <- function(fit) {
  s <- summary(fit)
  list(n = fit$n, events = fit$nevent, hazardRatio = unname(s$conf.int[1, "exp(coef)"]),
       lower = unname(s$conf.int[1, "lower .95"]), upper = unname(s$conf.int[1, "upper .95"]),
       pValue = unname(s$coefficients[1, ncol(s$coefficients)]))
}
d$months <- d$rfstime / (365.25 / 12)
kmw <- survfit(Surv(months, event) ~ treat, data = d, weights = w)
s <- summary(kmw, times = c(12, 36, 60), extend = TRUE)
landmarks <- lapply(c(treated = "treat=1", control = "treat=0"), function(arm) {
  k <- s$strata == arm
  list(time = s$time[k], survival = s$surv[k], lower = s$lower[k], upper = s$upper[k], nRisk = s$n.risk[k])
})
used <- !is.na(d$rfstime) & !is.na(d$event)
out_json <- list(
  generator = "apps/report/test/r/propensity-missing-followup.R",
  noTimeRows = no_time + 1L, noStatusRows = no_status + 1L,  # file rows: header = row 1
  n = list(treated = sum(d$treat == 1), control = sum(d$treat == 0)),
  nUsed = list(treated = sum(used & d$treat == 1), control = sum(used & d$treat == 0)),
  ess = list(treated = ess(d$w[d$treat == 1]), control = ess(d$w[d$treat == 0])),
  unadjusted = hr(coxph(Surv(rfstime, event) ~ treat, data = d)),
  weighted = hr(coxph(Surv(rfstime, event) ~ treat, data = d, weights = w, robust = TRUE)),
  weightedKm = list(landmarks = landmarks,
                    events = list(treated = sum((d$w * d$event)[used & d$treat == 1]),
                                  control = sum((d$w * d$event)[used & d$treat == 0])))
)
writeLines(toJSON(out_json, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out, "r.json"))
