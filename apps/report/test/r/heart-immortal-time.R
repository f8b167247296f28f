# Oracle of the report's immortal-time analyses on examples/heart (R's survival::jasa, Stanford
# heart transplants): everything recomputed from examples/heart/heart.csv alone, with the plan's
# choices written out here (time in months = days / (365.25 / 12), landmarks at 1 and 3 months,
# adjustment for age and prior bypass surgery, Efron ties).
# Run from the repo root:  Rscript apps/report/test/r/heart-immortal-time.R
# Writes apps/report/test/fixtures/heart-immortal-time.json (R 4.2, survival 3.5-3).
suppressPackageStartupMessages({
  library(survival)
  library(splines)
  library(jsonlite)
})

d <- read.csv("examples/heart/heart.csv", na.strings = "")
day <- function(x) as.numeric(as.Date(x))
dpm <- 365.25 / 12
d$status <- as.integer(!is.na(d$death_date))
d$time <- (ifelse(d$status == 1, day(d$death_date), day(d$last_fu_date)) - day(d$accept_date)) / dpm
d$tx <- (day(d$transplant_date) - day(d$accept_date)) / dpm # NA = never transplanted
d$treated <- as.integer(d$transplant == "yes")
d$prior_surgery <- factor(d$prior_surgery, levels = c("no", "yes"))
stopifnot(all(is.na(d$tx) == (d$treated == 0)))

hr <- function(fit, term, n) {
  s <- summary(fit)
  list(hazardRatio = unname(s$conf.int[term, "exp(coef)"]), lower = unname(s$conf.int[term, "lower .95"]),
       upper = unname(s$conf.int[term, "upper .95"]), pValue = unname(s$coefficients[term, "Pr(>|z|)"]),
       n = n, events = fit$nevent)
}

tx <- d$tx[d$treated == 1]
summary_facts <- list(
  nTreated = sum(d$treated), nUntreated = sum(1 - d$treated),
  immortalTime = sum(pmin(tx, d$time[d$treated == 1])),
  treatedTime = sum(d$time[d$treated == 1]),
  medianStart = median(tx)
)

# Time-dependent treatment (tmerge) beside the naive time-fixed model, on the patients with
# follow-up > 0 (tmerge refuses a (0, 0] interval).
d0 <- subset(d, time > 0)
s <- tmerge(d0[, c("id", "age", "prior_surgery", "treated")], d0, id = id,
            death = event(time, status), trt = tdc(tx))
n0 <- nrow(d0)
cox <- list(
  zeroFollowUp = sum(d$time == 0),
  split = sum(table(s$id) == 2),
  treatedAtEnd = sum(!is.na(d0$tx) & d0$tx == d0$time),
  unadjusted = list(
    timeFixed = hr(coxph(Surv(time, status) ~ treated, data = d0), "treated", n0),
    timeDependent = hr(coxph(Surv(tstart, tstop, death) ~ trt, data = s), "trt", n0)
  ),
  adjusted = list(
    timeFixed = hr(coxph(Surv(time, status) ~ treated + age + prior_surgery, data = d0), "treated", n0),
    timeDependent = hr(coxph(Surv(tstart, tstop, death) ~ trt + age + prior_surgery, data = s), "trt", n0)
  )
)

# Landmark analyses (Anderson 1983; Dafni 2011): at risk after L, treated by L, time from L.
landmark <- function(L) {
  out <- subset(d, time <= L)
  lm <- subset(d, time > L)
  lm$trt <- as.integer(!is.na(lm$tx) & lm$tx <= L)
  lm$t <- lm$time - L
  fit <- survfit(Surv(t, status) ~ trt, data = lm)
  tab <- summary(fit)$table
  sd <- survdiff(Surv(t, status) ~ trt, data = lm)
  list(
    landmark = L, n = nrow(lm),
    excludedEvent = sum(out$status == 1), excludedCensored = sum(out$status == 0),
    treatedBy = sum(lm$trt), treatedAfter = sum(lm$trt == 0 & !is.na(lm$tx)),
    curves = lapply(1:2, function(k) list(
      n = unname(tab[k, "n.max"]), events = unname(tab[k, "events"]), median = unname(tab[k, "median"]),
      lower = unname(tab[k, "0.95LCL"]), upper = if (is.na(tab[k, "0.95UCL"])) NULL else unname(tab[k, "0.95UCL"])
    )),
    logRank = list(statistic = sd$chisq, pValue = pchisq(sd$chisq, 1, lower.tail = FALSE)),
    unadjusted = hr(coxph(Surv(t, status) ~ trt, data = lm), "trt", nrow(lm)),
    adjusted = hr(coxph(Surv(t, status) ~ trt + age + prior_surgery, data = lm), "trt", nrow(lm))
  )
}

# The PH check's residual plot (item of the sensitivity section): the multivariable model of Table 2,
# cox.zph(terms = FALSE) with the km transform, and the curve survival's plot.cox.zph draws for the
# transplant column (its code, returning instead of drawing), with its axis labels.
d$transplant <- factor(d$transplant, levels = c("no", "yes"))
fit <- coxph(Surv(time, status) ~ transplant + age + prior_surgery, data = d)
z <- cox.zph(fit, transform = "km", terms = FALSE)
zph_plot <- function(z, i, df = 4, nsmo = 40) {
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

write_json(
  list(
    source = sprintf("R %s, survival %s: apps/report/test/r/heart-immortal-time.R on examples/heart/heart.csv",
                     getRversion(), packageVersion("survival")),
    summary = summary_facts, cox = cox, landmarks = lapply(c(1, 3), landmark),
    schoenfeld = zph_plot(z, 1)
  ),
  "apps/report/test/fixtures/heart-immortal-time.json", auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"
)
