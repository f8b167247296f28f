# Every number of the report's propensity-score section for examples/gbsg (plan block `propensity`:
# covariates age, meno, size, grade, nodes, pgr, er; both methods; ATT; unstabilised weights; 1:1
# nearest-neighbour matching on the logit within 0.2 SD), recomputed in R from examples/gbsg/gbsg.csv:
#   - glm(hormon ~ ..., binomial) with meno and grade as factors (the dictionary's levels/references);
#   - IPTW for the ATT (WeightIt's get_w_from_ps: 1 for treated, e/(1 − e) for controls, not
#     stabilised — the plan's default); Kish ESS per arm;
#   - matchit(method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2), MatchIt
#     with the 4.5.4 kernel (see packages/validation/r/matching.R for why and how it is built);
#   - balance: summary(m)$sum.all / $sum.matched (SMD with the treated SD, variance ratio) and the
#     same cobalt formulas for the weighted sample;
#   - coxph(Surv(rfstime, status) ~ hormon) unadjusted, with weights = w, robust = TRUE, and on the
#     matched sample with weights and cluster = subclass;
#   - the IPTW-weighted Kaplan–Meier curves per arm, survfit(Surv(months, event) ~ treat, weights = w)
#     (robust SE for the non-integer weights, log CI), summary() at the plan's landmarks 12, 36, 60
#     months (a month is 365.25/12 days, as the plan says) and at the axis ticks 0, 24, …, 84;
#   - the matched-sample Kaplan–Meier curves per arm, survfit(Surv(months, event) ~ treat,
#     data = match.data(m), weights = weights) (1:1 without replacement: every weight is 1, so
#     Greenwood's variance), with the same landmarks and ticks;
#   - the same curves and the matched Cox model for 1:2 matching with replacement (the same caliper),
#     where the matching weights are not all 1: survfit(weights = weights) with robust variance and
#     coxph(weights = weights, robust = TRUE) on match.data(m2);
#   - the full step table (time, n.risk, n.event, n.censor, surv, std.err of S, lower, upper) of
#     both the weighted and the matched curves: summary(fit, censored = TRUE).
# Run from the repository root:  R_LIBS=<lib with MatchIt 4.5.4 kernel> Rscript apps/report/test/r/propensity-gbsg.R
# Writes apps/report/test/fixtures/propensity-gbsg.json.
suppressPackageStartupMessages({ library(MatchIt); library(survival); library(jsonlite) })
stopifnot(packageVersion("MatchIt") >= "4.5.2.9001")
d <- read.csv("examples/gbsg/gbsg.csv", stringsAsFactors = FALSE)
d$meno <- factor(d$meno, levels = c("premenopausal", "postmenopausal"))
d$grade <- factor(d$grade, levels = c(1, 2, 3))
d$treat <- as.integer(d$hormon == "yes")
d$event <- as.integer(d$status == "recurrence_or_death")
f <- treat ~ age + meno + size + grade + nodes + pgr + er

ps <- fitted(glm(f, family = binomial, data = d))
tr <- d$treat
w <- ifelse(tr == 1, 1, ps / (1 - ps))
ess <- function(x) sum(x)^2 / sum(x^2)
m <- matchit(f, data = d, method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2)

# Balance rows in the report's order: each variable, a factor's every level (summary's names).
rows <- list(age = "age", meno = c("menopremenopausal", "menopostmenopausal"), size = "size",
             grade = c("grade1", "grade2", "grade3"), nodes = "nodes", pgr = "pgr", er = "er")
sa <- summary(m, standardize = TRUE)
X <- model.matrix(~ age + meno + size + grade + nodes + pgr + er - 1, data = d,
                  contrasts.arg = list(meno = contrasts(d$meno, FALSE), grade = contrasts(d$grade, FALSE)))
wmean <- function(x, w) sum(w * x) / sum(w)
wvar <- function(x, w) { mx <- wmean(x, w); sum(w) / (sum(w)^2 - sum(w^2)) * sum(w * (x - mx)^2) }
balance <- unlist(lapply(names(rows), function(v) lapply(rows[[v]], function(key) {
  x <- X[, key]
  binary <- all(x %in% c(0, 1))
  s1 <- if (binary) sqrt(mean(x[tr == 1]) * (1 - mean(x[tr == 1]))) else sd(x[tr == 1])
  dw <- wmean(x[tr == 1], w[tr == 1]) - wmean(x[tr == 0], w[tr == 0])
  list(variable = v, key = key,
       smdBefore = sa$sum.all[key, "Std. Mean Diff."], smdMatched = sa$sum.matched[key, "Std. Mean Diff."],
       smdWeighted = if (abs(dw) < sqrt(.Machine$double.eps)) dw else dw / s1,
       varianceRatioBefore = if (binary) NULL else sa$sum.all[key, "Var. Ratio"],
       varianceRatioMatched = if (binary) NULL else sa$sum.matched[key, "Var. Ratio"],
       varianceRatioWeighted = if (binary) NULL else wvar(x[tr == 1], w[tr == 1]) / wvar(x[tr == 0], w[tr == 0]))
})), recursive = FALSE)

hr <- function(fit) {
  ci <- summary(fit)$conf.int
  list(n = fit$n, events = fit$nevent, hazardRatio = unname(ci[1, "exp(coef)"]), lower = unname(ci[1, "lower .95"]),
       upper = unname(ci[1, "upper .95"]), pValue = unname(summary(fit)$coefficients[1, ncol(summary(fit)$coefficients)]))
}
md <- d[m$weights > 0, ]
md$w <- m$weights[m$weights > 0]
md$subclass <- m$subclass[m$weights > 0]
d$w <- w
d$months <- d$rfstime / (365.25 / 12)
kmw <- survfit(Surv(months, event) ~ treat, data = d, weights = w)
at <- function(times) {
  s <- summary(kmw, times = times, extend = TRUE)
  lapply(c(treated = "treat=1", control = "treat=0"), function(arm) {
    k <- s$strata == arm
    list(time = s$time[k], survival = s$surv[k], lower = s$lower[k], upper = s$upper[k], nRisk = s$n.risk[k])
  })
}
steps <- function(fit) {
  s <- summary(fit, censored = TRUE)
  lapply(c(treated = "treat=1", control = "treat=0"), function(arm) {
    k <- s$strata == arm
    list(time = s$time[k], nRisk = s$n.risk[k], nEvent = s$n.event[k], nCensor = s$n.censor[k],
         survival = s$surv[k], stdErr = s$std.err[k], lower = s$lower[k], upper = s$upper[k])
  })
}
at_fit <- function(fit, times) {
  s <- summary(fit, times = times, extend = TRUE)
  lapply(c(treated = "treat=1", control = "treat=0"), function(arm) {
    k <- s$strata == arm
    list(time = s$time[k], survival = s$surv[k], lower = s$lower[k], upper = s$upper[k], nRisk = s$n.risk[k])
  })
}
mdk <- match.data(m)
mdk$months <- mdk$rfstime / (365.25 / 12)
kmm <- survfit(Surv(months, event) ~ treat, data = mdk, weights = weights)
matchedKm <- list(
  unitWeights = all(mdk$weights == 1), n = list(treated = sum(mdk$treat == 1), control = sum(mdk$treat == 0)),
  events = list(treated = sum(mdk$weights[mdk$treat == 1] * mdk$event[mdk$treat == 1]),
                control = sum(mdk$weights[mdk$treat == 0] * mdk$event[mdk$treat == 0])),
  landmarks = at_fit(kmm, c(12, 36, 60)), ticks = at_fit(kmm, seq(0, 84, by = 24)), steps = steps(kmm))
m2 <- matchit(f, data = d, method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2,
              ratio = 2, replace = TRUE)
md2 <- match.data(m2)
md2$months <- md2$rfstime / (365.25 / 12)
kmm2 <- survfit(Surv(months, event) ~ treat, data = md2, weights = weights)
matchedKm2 <- list(
  unitWeights = all(md2$weights == 1), n = list(treated = sum(md2$treat == 1), control = sum(md2$treat == 0)),
  weightSum = list(treated = sum(md2$weights[md2$treat == 1]), control = sum(md2$weights[md2$treat == 0])),
  landmarks = at_fit(kmm2, c(12, 36, 60)), steps = steps(kmm2),
  cox = hr(coxph(Surv(rfstime, event) ~ treat, data = md2, weights = weights, robust = TRUE)))
weightedKm <- list(landmarks = at(c(12, 36, 60)), ticks = at(seq(0, 84, by = 24)),
                   events = list(treated = sum(w[tr == 1] * d$event[tr == 1]), control = sum(w[tr == 0] * d$event[tr == 0])))
out <- list(
  generator = "apps/report/test/r/propensity-gbsg.R", matchit = as.character(packageVersion("MatchIt")),
  n = list(treated = sum(tr == 1), control = sum(tr == 0)),
  ess = list(treated = ess(w[tr == 1]), control = ess(w[tr == 0])),
  matching = list(matchedTreated = sum(m$weights[tr == 1] > 0), matchedControl = sum(m$weights[tr == 0] > 0),
                  caliperWidth = unname(m$caliper[1])),
  balance = balance,
  unadjusted = hr(coxph(Surv(rfstime, event) ~ treat, data = d)),
  weighted = hr(coxph(Surv(rfstime, event) ~ treat, data = d, weights = w, robust = TRUE)),
  matched = hr(coxph(Surv(rfstime, event) ~ treat, data = md, weights = w, cluster = subclass)),
  weightedKm = weightedKm,
  weightedKmSteps = steps(kmw),
  matchedKm = matchedKm,
  matchedKm2 = matchedKm2)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"), "apps/report/test/fixtures/propensity-gbsg.json")
cat("wrote apps/report/test/fixtures/propensity-gbsg.json\n")
