# Every number of the built-in report's sensitivity analyses (surgery vs none), recomputed by R from
# packages/cohort/data/synthetic-her2-stage4-cohort.csv alone (data as builtin-data.R derives it), with
# the built-in plan's choices written out here (apps/report/src/plan/builtinPlan.ts):
#   - the multivariable Cox model of each endpoint (univariate likelihood-ratio p < 0.05, plus surgery);
#   - proportional hazards: cox.zph(fit) (transform "km", terms = TRUE) and, for the surgery column,
#     the scaled Schoenfeld residuals with plot.cox.zph's smooth and axis labels (cox.zph(terms = FALSE));
#   - RMST of surgery vs none at survRM2's default tau (survRM2::rmst2 transcribed in base R, as
#     examples-report.R), and the E-value of the adjusted surgery HR (EValue's evalues.HR, outcome common);
#   - immortal time: surgery starts at date_surgery − date_diagnosis (months); the operated patients'
#     person-time before it; tmerge + coxph(Surv(tstart, tstop, event) ~ trt [+ covariates]) beside
#     the naive coxph(Surv(time, event) ~ surgery [+ covariates]); landmark analyses at 6 and 12 months
#     (Anderson 1983; Dafni 2011: subset(time > L), treated = start ≤ L, time − L) with survfit (log CI),
#     survdiff and coxph, unadjusted and adjusted for the multivariable model's other variables;
#   - propensity score: glm(surgery ~ ecog_group + t_stage + visceral + first_line_therapy + age_group,
#     binomial); ATT weights (1 treated, e/(1 − e) controls; WeightIt's get_w_from_ps), Kish ESS;
#     matchit(method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2) (MatchIt with
#     the 4.5.4 kernel, see packages/validation/r/matching.R); balance as summary(m) and cobalt's
#     formulas for the weighted sample; coxph unadjusted, weights = w with robust = TRUE, and matched
#     with cluster = subclass; IPTW-weighted survfit at the landmarks 12, 36, 60 months and the ticks.
# Run from the repo root:  R_LIBS=/tmp/matching/Rlib2 Rscript apps/report/test/r/builtin-sensitivity.R
# (R 4.2.2, survival 3.5-3, MatchIt 4.5.2.9001 + std::abs). Writes apps/report/test/fixtures/builtin-sensitivity.json.
suppressPackageStartupMessages({ library(survival); library(splines); library(MatchIt); library(jsonlite) })
stopifnot(packageVersion("MatchIt") >= "4.5.2.9001")
source("apps/report/test/r/builtin-data.R")

# The variables this section adds to builtin-data.R's: the surgery date (dictionary treatmentStarts)
# and ECOG 0 vs 1-2 (dictionary ecog_group, the propensity model's ECOG).
v$start <- (day(d$date_surgery) - dx) / (365.25 / 12) # NA = not operated
v$treated <- as.integer(v$surgery == "yes")
v$ecog_group <- factor(ifelse(v$ecog == "0", "0", "1-2"), levels = c("0", "1-2"))
stopifnot(all(is.na(v$start) == (v$treated == 0)))
cv$start <- v$start
cv$treated <- v$treated

# The multivariable model's variables (builtin-report.R's rule): univariate LR p < 0.05, plus surgery.
selected_of <- function(ep) {
  surv <- sprintf("Surv(%s_time, %s_event)", ep, ep)
  p <- vapply(names(covariates), function(name)
    unname(summary(fit_cox(as.formula(paste(surv, "~", name)), cv)$fit)$logtest["pvalue"]), numeric(1))
  names(covariates)[p < 0.05 | names(covariates) == "surgery"]
}

hr <- function(fit, term, n) {
  s <- summary(fit)
  list(hazardRatio = unname(s$conf.int[term, "exp(coef)"]), lower = unname(s$conf.int[term, "lower .95"]),
       upper = unname(s$conf.int[term, "upper .95"]), pValue = unname(s$coefficients[term, "Pr(>|z|)"]),
       n = n, events = fit$nevent)
}
# coxph with the data inlined in its call (cox.zph re-evaluates the call's model frame), Efron ties;
# the infinite-coefficient warnings of ECOG 2 (one patient) are builtin-report.R's to record.
quiet_cox <- function(formula, data)
  suppressWarnings(eval(bquote(coxph(.(formula), data = .(data), ties = "efron"))))

# --- Proportional hazards, RMST, E-value --------------------------------------------------------------
# plot.cox.zph's curve for column i (its code, returning instead of drawing), as heart-immortal-time.R.
zph_plot <- function(fit, z, i, df = 4, nsmo = 40) {
  xx <- z$x
  y <- z$y[, i]
  pred.x <- seq(from = min(xx), to = max(xx), length = nsmo)
  lmat <- ns(c(pred.x, xx), df = df, intercept = TRUE)
  pmat <- lmat[1:nsmo, ]
  xmat <- lmat[-(1:nsmo), ]
  qmat <- qr(xmat)
  yhat <- pmat %*% qr.coef(qmat, y)
  bk <- backsolve(qmat$qr[1:df, 1:df], diag(df))
  xtx <- bk %*% t(bk)
  seval <- ((pmat %*% xtx) * pmat) %*% rep(1, df)
  temp <- 2 * sqrt(z$var[i, i] * seval)
  indx <- !duplicated(xx)
  apr1 <- approx(xx[indx], z$time[indx], seq(min(xx), max(xx), length = 17)[2 * (1:8)])
  labels <- unique(signif(apr1$y, 2))
  apr2 <- approx(z$time[indx], xx[indx], labels)
  list(coef = unname(coef(fit)[i]), x = unname(xx), time = unname(z$time), y = unname(y),
       smooth = list(x = pred.x, fit = drop(yhat), lower = drop(yhat - temp), upper = drop(yhat + temp)),
       ticks = list(time = labels, x = apr2$y))
}
rmst1 <- function(time, status, tau) {
  ft <- survfit(Surv(time, status) ~ 1)
  idx <- ft$time <= tau
  wk.time <- sort(c(ft$time[idx], tau))
  wk.surv <- ft$surv[idx]
  wk.n.risk <- ft$n.risk[idx]
  wk.n.event <- ft$n.event[idx]
  areas <- diff(c(0, wk.time)) * c(1, wk.surv)
  wk.var <- ifelse((wk.n.risk - wk.n.event) == 0, 0, wk.n.event / (wk.n.risk * (wk.n.risk - wk.n.event)))
  wk.var <- c(wk.var, 0)
  c(rmst = sum(areas), se = sqrt(sum(cumsum(rev(areas[-1]))^2 * rev(wk.var)[-1])))
}
rmst2 <- function(time, status, arm, tau) {
  z <- qnorm(0.975)
  r0 <- rmst1(time[arm == 0], status[arm == 0], tau)
  r1 <- rmst1(time[arm == 1], status[arm == 1], tau)
  one <- function(r) list(estimate = r[["rmst"]], stdErr = r[["se"]], lower = r[["rmst"]] - z * r[["se"]],
                          upper = r[["rmst"]] + z * r[["se"]])
  d_se <- sqrt(r1[["se"]]^2 + r0[["se"]]^2)
  d_est <- r1[["rmst"]] - r0[["rmst"]]
  l_est <- log(r1[["rmst"]]) - log(r0[["rmst"]])
  l_se <- sqrt(r1[["se"]]^2 / r1[["rmst"]]^2 + r0[["se"]]^2 / r0[["rmst"]]^2)
  list(tau = tau, arm = one(r1), reference = one(r0),
       difference = list(estimate = d_est, lower = d_est - z * d_se, upper = d_est + z * d_se,
                         pValue = 2 * pnorm(-abs(d_est / d_se))),
       ratio = list(estimate = exp(l_est), lower = exp(l_est - z * l_se), upper = exp(l_est + z * l_se),
                    pValue = 2 * pnorm(-abs(l_est / l_se))))
}
# The outcome is common (72 of 96 progressed or died, 40 died): HR → RR by VanderWeele's conversion.
hr_to_rr <- function(hr) (1 - 0.5^sqrt(hr)) / (1 - 0.5^sqrt(1 / hr))
evalue_rr <- function(rr) { if (rr < 1) rr <- 1 / rr; rr + sqrt(rr * (rr - 1)) }

sensitivity <- function(ep, selected) {
  time <- v[[paste0(ep, "_time")]]
  event <- v[[paste0(ep, "_event")]]
  fit <- quiet_cox(as.formula(sprintf("Surv(%s_time, %s_event) ~ %s", ep, ep, paste(selected, collapse = " + "))), cv)
  tab <- cox.zph(fit)$table
  rows <- setdiff(rownames(tab), "GLOBAL")
  ph <- list(n = fit$n, events = fit$nevent,
             terms = lapply(rows, function(r) list(variable = r, chisq = tab[r, "chisq"], df = tab[r, "df"], pValue = tab[r, "p"])),
             global = list(chisq = tab["GLOBAL", "chisq"], df = tab["GLOBAL", "df"], pValue = tab["GLOBAL", "p"]))
  z <- cox.zph(fit, transform = "km", terms = FALSE)
  arm <- v$treated
  tau <- min(max(time[arm == 0]), max(time[arm == 1]))
  ci <- summary(fit)$conf.int
  h <- ci["surgeryyes", "exp(coef)"]; lo <- ci["surgeryyes", "lower .95"]; hi <- ci["surgeryyes", "upper .95"]
  rr <- hr_to_rr(h); rlo <- hr_to_rr(lo); rhi <- hr_to_rr(hi)
  list(endpoint = ep, ph = ph,
       schoenfeld = zph_plot(fit, z, match("surgeryyes", colnames(z$y))),
       rmst = list(c(list(level = "yes"), rmst2(time, event, arm, tau))),
       eValue = list(list(level = "yes", hazardRatio = unname(h), lower = unname(lo), upper = unname(hi),
                          point = evalue_rr(rr),
                          ci = if (rlo <= 1 && rhi >= 1) 1 else if (rr > 1) evalue_rr(rlo) else evalue_rr(rhi))))
}

# --- Immortal time --------------------------------------------------------------------------------
immortal <- function(ep, selected) {
  dd <- cv
  dd$time <- dd[[paste0(ep, "_time")]]
  dd$status <- dd[[paste0(ep, "_event")]]
  dd$id <- seq_len(nrow(dd))
  adj <- setdiff(selected, "surgery")
  rhs <- function(term) paste(c(term, adj), collapse = " + ")
  tx <- dd$start[dd$treated == 1]
  summary_facts <- list(nTreated = sum(dd$treated), nUntreated = sum(1 - dd$treated),
                        immortalTime = sum(pmin(tx, dd$time[dd$treated == 1])),
                        treatedTime = sum(dd$time[dd$treated == 1]), medianStart = median(tx))
  d0 <- subset(dd, time > 0)
  s <- tmerge(d0[, c("id", adj, "treated")], d0, id = id, ev = event(time, status), trt = tdc(start))
  n0 <- nrow(d0)
  cox <- list(
    zeroFollowUp = sum(dd$time == 0), split = sum(table(s$id) == 2),
    treatedAtEnd = sum(!is.na(d0$start) & d0$start == d0$time),
    unadjusted = list(timeFixed = hr(quiet_cox(Surv(time, status) ~ treated, d0), "treated", n0),
                      timeDependent = hr(quiet_cox(Surv(tstart, tstop, ev) ~ trt, s), "trt", n0)),
    adjusted = list(
      timeFixed = hr(quiet_cox(as.formula(paste("Surv(time, status) ~", rhs("treated"))), d0), "treated", n0),
      timeDependent = hr(quiet_cox(as.formula(paste("Surv(tstart, tstop, ev) ~", rhs("trt"))), s), "trt", n0))
  )
  landmark <- function(L) {
    out <- subset(dd, time <= L)
    lm <- subset(dd, time > L)
    lm$trt <- as.integer(!is.na(lm$start) & lm$start <= L)
    lm$t <- lm$time - L
    tab <- summary(survfit(Surv(t, status) ~ trt, data = lm))$table
    sd <- survdiff(Surv(t, status) ~ trt, data = lm)
    list(landmark = L, n = nrow(lm),
         excludedEvent = sum(out$status == 1), excludedCensored = sum(out$status == 0),
         treatedBy = sum(lm$trt), treatedAfter = sum(lm$trt == 0 & !is.na(lm$start)),
         # In the plan's display order of the arms (surgery first): rows trt=1, then trt=0.
         curves = lapply(2:1, function(k) list(n = unname(tab[k, "n.max"]), events = unname(tab[k, "events"]),
                                               median = unname(tab[k, "median"]), lower = unname(tab[k, "0.95LCL"]),
                                               upper = unname(tab[k, "0.95UCL"]))),
         logRank = list(statistic = sd$chisq, pValue = pchisq(sd$chisq, 1, lower.tail = FALSE)),
         unadjusted = hr(quiet_cox(Surv(t, status) ~ trt, lm), "trt", nrow(lm)),
         adjusted = hr(quiet_cox(as.formula(paste("Surv(t, status) ~", rhs("trt"))), lm), "trt", nrow(lm)))
  }
  list(endpoint = ep, adjustedFor = adj, summary = summary_facts, cox = cox, landmarks = lapply(c(6, 12), landmark))
}

# --- Propensity score -----------------------------------------------------------------------------
pd <- v
pd$treat <- v$treated
f <- treat ~ ecog_group + t_stage + visceral + first_line_therapy + age_group
model <- glm(f, family = binomial, data = pd)
ps <- fitted(model)
tr <- pd$treat
w <- ifelse(tr == 1, 1, ps / (1 - ps))
ess <- function(x) sum(x)^2 / sum(x^2)
m <- matchit(f, data = pd, method = "nearest", distance = "glm", link = "linear.logit", caliper = 0.2)
stopifnot(isTRUE(all.equal(unname(m$distance), unname(qlogis(ps)))))
factors <- c("ecog_group", "t_stage", "visceral", "first_line_therapy", "age_group")
X <- model.matrix(~ ecog_group + t_stage + visceral + first_line_therapy + age_group - 1, data = pd,
                  contrasts.arg = lapply(setNames(factors, factors), function(f) contrasts(pd[[f]], FALSE)))
sa <- summary(m, standardize = TRUE)
wmean <- function(x, w) sum(w * x) / sum(w)
balance <- unlist(lapply(factors, function(f) lapply(paste0(f, levels(pd[[f]])), function(key) {
  x <- X[, key]
  s1 <- sqrt(mean(x[tr == 1]) * (1 - mean(x[tr == 1])))
  dw <- wmean(x[tr == 1], w[tr == 1]) - wmean(x[tr == 0], w[tr == 0])
  list(variable = f, key = key,
       smdBefore = sa$sum.all[key, "Std. Mean Diff."], smdMatched = sa$sum.matched[key, "Std. Mean Diff."],
       smdWeighted = if (abs(dw) < sqrt(.Machine$double.eps)) dw else dw / s1,
       varianceRatioBefore = NULL, varianceRatioMatched = NULL, varianceRatioWeighted = NULL)
})), recursive = FALSE)
effect <- function(fit) {
  ci <- summary(fit)$conf.int
  co <- summary(fit)$coefficients
  list(n = fit$n, events = fit$nevent, hazardRatio = unname(ci[1, "exp(coef)"]), lower = unname(ci[1, "lower .95"]),
       upper = unname(ci[1, "upper .95"]), pValue = unname(co[1, ncol(co)]))
}
md <- pd[m$weights > 0, ]
md$w <- m$weights[m$weights > 0]
md$subclass <- m$subclass[m$weights > 0]
pd$w <- w
propensity_endpoint <- function(ep, selected) {
  surv <- sprintf("Surv(%s_time, %s_event)", ep, ep)
  kmw <- survfit(as.formula(paste(surv, "~ treat")), data = pd, weights = w)
  at <- function(times) {
    lapply(c(treated = 1, control = 0), function(arm) {
      last <- max(pd[[paste0(ep, "_time")]][tr == arm])
      s <- summary(kmw, times = times, extend = TRUE)
      k <- s$strata == paste0("treat=", arm)
      # Past an arm's last follow-up the report gives no estimate (NA), as builtin-report.R's landmarks.
      beyond <- s$time[k] > last
      na <- function(x) { x[beyond] <- NA; x }
      list(time = s$time[k], survival = na(s$surv[k]), lower = na(s$lower[k]), upper = na(s$upper[k]),
           nRisk = s$n.risk[k])
    })
  }
  multivariable <- quiet_cox(as.formula(paste(surv, "~", paste(selected, collapse = " + "))), cv)
  mv <- summary(multivariable)
  list(endpoint = ep,
       unadjusted = effect(coxph(as.formula(paste(surv, "~ treat")), data = pd)),
       multivariable = list(hazardRatio = unname(mv$conf.int["surgeryyes", "exp(coef)"]),
                            lower = unname(mv$conf.int["surgeryyes", "lower .95"]),
                            upper = unname(mv$conf.int["surgeryyes", "upper .95"]),
                            pValue = unname(mv$coefficients["surgeryyes", "Pr(>|z|)"])),
       weighted = effect(coxph(as.formula(paste(surv, "~ treat")), data = pd, weights = w, robust = TRUE)),
       matched = effect(coxph(as.formula(paste(surv, "~ treat")), data = md, weights = w, cluster = subclass)),
       weightedKm = list(landmarks = at(c(12, 36, 60)), ticks = at(seq(0, 72, by = 12)),
                         events = list(treated = sum(w[tr == 1] * pd[[paste0(ep, "_event")]][tr == 1]),
                                       control = sum(w[tr == 0] * pd[[paste0(ep, "_event")]][tr == 0]))))
}

eps <- c("PFS", "OS")
selected <- lapply(setNames(eps, eps), selected_of)
out <- list(
  generatedBy = "apps/report/test/r/builtin-sensitivity.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")), matchit = as.character(packageVersion("MatchIt")),
  multivariableVariables = selected,
  sensitivity = lapply(eps, function(ep) sensitivity(ep, selected[[ep]])),
  immortalTime = lapply(eps, function(ep) immortal(ep, selected[[ep]])),
  propensity = list(
    model = list(coefficients = as.list(coef(model)), converged = model$converged,
                 fittedRange = range(ps)),
    n = list(treated = sum(tr == 1), control = sum(tr == 0)),
    ess = list(treated = ess(w[tr == 1]), control = ess(w[tr == 0])),
    matching = list(matchedTreated = sum(m$weights[tr == 1] > 0), matchedControl = sum(m$weights[tr == 0] > 0),
                    caliperWidth = unname(m$caliper[1]),
                    # Matched pairs as (treated row, control row), 1-based rows of the analysed patients.
                    pairs = unname(lapply(split(seq_len(nrow(pd))[m$weights > 0], m$subclass[m$weights > 0]),
                                          function(ix) ix[order(-tr[ix])]))),
    balance = balance,
    endpoints = lapply(eps, function(ep) propensity_endpoint(ep, selected[[ep]]))
  )
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"),
           "apps/report/test/fixtures/builtin-sensitivity.json")
cat("wrote apps/report/test/fixtures/builtin-sensitivity.json\n")
