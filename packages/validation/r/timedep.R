# Reference output for survkit's time-dependent treatment, landmark, RMST and E-value helpers
# (splitAtTreatment, landmarkData, restrictedMeanSurvival, eValue):
#   - survival::tmerge(..., death = event(futime, fustat), trt = tdc(txtime)) rows, then
#     coxph(Surv(tstart, tstop, death) ~ trt + ...) on them (Efron, Breslow, cluster(id));
#   - a landmark analysis done by hand (subset time > L, treated = txtime <= L, time - L) with
#     survfit / survdiff / coxph on the subset (Anderson, Cain & Gelber 1983; Dafni 2011);
#   - survfit's restricted mean (summary(fit, rmean = tau)$table: rmean, se(rmean)) per arm, and
#     survRM2's rmst2 (Uno et al. 2014) unadjusted difference / ratio / RMTL ratio, transcribed
#     below in base R because r-cran-survrm2 is not packaged for this Debian (apt-cache policy:
#     no candidate); each arm's survRM2 RMST and SE are checked here to equal survfit's rmean;
#   - E-values for hazard ratios (VanderWeele & Ding 2017, Ann Intern Med 167:268-274), the
#     formulas of the EValue package's evalues.HR / evalues.RR (r-cran-evalue is not packaged
#     either), written out below.
#
# Run from the repository root:  Rscript packages/validation/r/timedep.R
# Writes packages/validation/fixtures/timedep.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/timedep.json"
num <- function(x) I(unname(as.numeric(x)))

# ---------------------------------------------------------------- data sets
# Stanford heart transplant (jasa): follow-up from acceptance, transplant as the treatment.
# tmerge needs follow-up > 0, so the death on day 0 becomes day 0.5 (as the survival vignette).
jasa_base <- with(jasa, data.frame(id = seq_len(nrow(jasa)), futime = pmax(0.5, futime), fustat = fustat,
                                   txtime = wait.time, age = age, surgery = surgery))
# The vignette also moves the one transplant on the day of death back by half a day; the raw
# version keeps the tie (tmerge then leaves that patient untreated).
jasa_vig <- jasa_base
tie <- which(!is.na(jasa_vig$txtime) & jasa_vig$txtime == jasa_vig$futime)
jasa_vig$txtime[tie] <- jasa_vig$txtime[tie] - 0.5

set.seed(20261201)
n <- 160
seeded <- data.frame(id = seq_len(n), futime = pmax(1, round(rexp(n, 1 / 30))), x = round(rnorm(n), 3),
                     z = rbinom(n, 1, 0.4))
seeded$fustat <- rbinom(n, 1, 0.7)
tx <- round(runif(n, 0, 40))
tx[rbinom(n, 1, 0.35) == 1] <- NA              # never treated
tx[1:6] <- 0                                    # treated at the start of follow-up
tx[7:12] <- seeded$futime[7:12]                 # treated exactly at the end of follow-up
tx[13:16] <- seeded$futime[13:16] + 5           # after the end of follow-up
tx[17:18] <- -2                                 # before the start (tdc: treated throughout)
seeded$txtime <- tx

# ---------------------------------------------------------------- 1. tmerge + coxph
tmerge_case <- function(name, d, covs, ties = c("efron", "breslow")) {
  s <- tmerge(d[, c("id", covs)], d, id = id, death = event(futime, fustat), trt = tdc(txtime))
  fits <- lapply(ties, function(tt) {
    form <- as.formula(paste("Surv(tstart, tstop, death) ~", paste(c("trt", covs), collapse = " + ")))
    f <- coxph(form, data = s, ties = tt)
    fr <- coxph(update(form, . ~ . + cluster(id)), data = s, ties = tt)
    sm <- summary(f)
    list(ties = tt, coef = num(coef(f)), se = num(sqrt(diag(vcov(f)))), robustSe = num(sqrt(diag(vcov(fr)))),
         loglik = num(f$loglik), pValue = num(sm$coefficients[, "Pr(>|z|)"]),
         lrStatistic = unname(sm$logtest["test"]), scoreStatistic = unname(sm$sctest["test"]))
  })
  list(name = name, call = "tmerge(d, d, id = id, death = event(futime, fustat), trt = tdc(txtime))",
       input = list(time = num(d$futime), event = num(d$fustat),
                    treatmentTime = I(ifelse(is.na(d$txtime), NA, d$txtime)),
                    covariates = lapply(setNames(covs, covs), function(v) num(d[[v]]))),
       covariateNames = I(covs),
       rows = list(subject = num(match(s$id, d$id) - 1), entry = num(s$tstart), time = num(s$tstop),
                   event = num(s$death), treated = num(s$trt),
                   covariates = lapply(setNames(covs, covs), function(v) num(s[[v]]))),
       fits = fits)
}
tmerge_cases <- list(
  tmerge_case("jasa (raw, one transplant on the day of death): trt + age + surgery", jasa_base, c("age", "surgery")),
  tmerge_case("jasa (survival vignette: tied transplant moved back 0.5 day): trt + age + surgery", jasa_vig,
              c("age", "surgery")),
  tmerge_case("seeded n = 160, integer times, treatment at 0 / at end / after end / before start / never: trt + x + z",
              seeded, c("x", "z"))
)

# ---------------------------------------------------------------- 2. landmark by hand
landmark_case <- function(name, d, L) {
  keep <- d$futime > L
  ld <- d[keep, ]
  ld$treated <- as.numeric(!is.na(ld$txtime) & ld$txtime <= L)
  ld$t <- ld$futime - L
  km <- survfit(Surv(t, fustat) ~ treated, data = ld)
  kmsum <- summary(km, censored = TRUE)
  strata <- rep(names(km$strata), km$strata)
  curves <- lapply(c(0, 1), function(g) {
    idx <- strata == paste0("treated=", g)
    list(treated = g, time = num(km$time[idx]), survival = num(km$surv[idx]), nRisk = num(km$n.risk[idx]))
  })
  sd <- survdiff(Surv(t, fustat) ~ treated, data = ld)
  f <- coxph(Surv(t, fustat) ~ treated, data = ld)
  list(name = name, landmark = L,
       input = list(time = num(d$futime), event = num(d$fustat),
                    treatmentTime = I(ifelse(is.na(d$txtime), NA, d$txtime))),
       rows = num(which(keep) - 1), time = num(ld$t), event = num(ld$fustat), treated = num(ld$treated),
       km = curves,
       logrank = list(statistic = unname(sd$chisq), pValue = pchisq(sd$chisq, 1, lower.tail = FALSE),
                      observed = num(sd$obs), expected = num(sd$exp)),
       cox = list(coef = unname(coef(f)), se = unname(sqrt(vcov(f))[1, 1]),
                  pValue = unname(summary(f)$coefficients[1, "Pr(>|z|)"])))
}
landmark_cases <- list(
  landmark_case("jasa, landmark 30 days", jasa_vig, 30),
  landmark_case("jasa, landmark 90 days", jasa_vig, 90),
  landmark_case("seeded, landmark 10 (ties at the landmark)", seeded, 10),
  landmark_case("seeded, landmark 0", seeded, 0)
)

# ---------------------------------------------------------------- 3. RMST
# survRM2::rmst1 (v1.0-4), transcribed: rectangles under the KM curve up to tau, Greenwood-type variance.
rmst1 <- function(time, status, tau) {
  ft <- survfit(Surv(time, status) ~ 1)
  idx <- ft$time <= tau
  wk.time <- sort(c(ft$time[idx], tau))
  wk.surv <- ft$surv[idx]
  wk.n.risk <- ft$n.risk[idx]
  wk.n.event <- ft$n.event[idx]
  time.diff <- diff(c(0, wk.time))
  areas <- time.diff * c(1, wk.surv)
  rmst <- sum(areas)
  wk.var <- ifelse((wk.n.risk - wk.n.event) == 0, 0, wk.n.event / (wk.n.risk * (wk.n.risk - wk.n.event)))
  wk.var <- c(wk.var, 0)
  rmst.var <- sum(cumsum(rev(areas[-1]))^2 * rev(wk.var)[-1])
  c(rmst = rmst, se = sqrt(rmst.var))
}
rmst_case <- function(name, time, status, arm, tau = NULL, conf = 0.95) {
  default_tau <- min(max(time[arm == 0]), max(time[arm == 1]))
  if (is.null(tau)) tau <- default_tau
  z <- qnorm(1 - (1 - conf) / 2)
  arms <- lapply(c(0, 1), function(a) {
    fit <- survfit(Surv(time[arm == a], status[arm == a]) ~ 1)
    tb <- summary(fit, rmean = tau)$table
    r1 <- rmst1(time[arm == a], status[arm == a], tau)
    # survRM2's per-arm RMST is survfit's rmean: stop here if the transcription disagrees
    stopifnot(abs(r1[["rmst"]] - tb[["rmean"]]) < 1e-10 * tau, abs(r1[["se"]] - tb[["se(rmean)"]]) < 1e-10 * tau)
    list(arm = a, n = sum(arm == a), estimate = unname(tb[["rmean"]]), stdErr = unname(tb[["se(rmean)"]]),
         lower = r1[["rmst"]] - z * r1[["se"]], upper = r1[["rmst"]] + z * r1[["se"]])
  })
  r0 <- rmst1(time[arm == 0], status[arm == 0], tau)
  r1 <- rmst1(time[arm == 1], status[arm == 1], tau)
  # rmst2's unadjusted contrasts, arm 1 versus arm 0. Its p is 2 * (1 - pnorm(|z|)); the same number
  # written as 2 * pnorm(-|z|) keeps its relative precision for small p.
  contrast <- function(est, se, log = FALSE) {
    zz <- est / se
    if (log) list(estimate = exp(est), lower = exp(est - z * se), upper = exp(est + z * se), pValue = 2 * pnorm(-abs(zz)))
    else list(estimate = est, stdErr = se, lower = est - z * se, upper = est + z * se, pValue = 2 * pnorm(-abs(zz)))
  }
  rmtl0 <- tau - r0[["rmst"]]; rmtl1 <- tau - r1[["rmst"]]
  list(name = name, tau = if (identical(tau, default_tau)) NA else tau, tauUsed = tau, confLevel = conf,
       input = list(time = num(time), event = num(status), arm = num(arm)),
       arms = arms,
       difference = contrast(r1[["rmst"]] - r0[["rmst"]], sqrt(r1[["se"]]^2 + r0[["se"]]^2)),
       ratio = contrast(log(r1[["rmst"]]) - log(r0[["rmst"]]),
                        sqrt(r1[["se"]]^2 / r1[["rmst"]]^2 + r0[["se"]]^2 / r0[["rmst"]]^2), log = TRUE),
       lostTimeRatio = contrast(log(rmtl1) - log(rmtl0), sqrt(r1[["se"]]^2 / rmtl1^2 + r0[["se"]]^2 / rmtl0^2), log = TRUE))
}
lung2 <- lung
vet <- veteran
aml2 <- aml
rmst_cases <- list(
  rmst_case("lung: female (arm 1) vs male, default tau", lung2$time, lung2$status - 1, as.numeric(lung2$sex == 2)),
  rmst_case("lung: female vs male, tau = 365, 90% CI", lung2$time, lung2$status - 1, as.numeric(lung2$sex == 2),
            tau = 365, conf = 0.90),
  rmst_case("veteran: trt 2 vs 1, tau = 200", vet$time, vet$status, as.numeric(vet$trt == 2), tau = 200),
  rmst_case("aml: maintained vs not, default tau", aml2$time, aml2$status, as.numeric(aml2$x == "Maintained")),
  rmst_case("aml: maintained vs not, tau = 18 (an event time)", aml2$time, aml2$status, as.numeric(aml2$x == "Maintained"),
            tau = 18),
  rmst_case("seeded: z = 1 vs 0, integer times, tau = 25", seeded$futime, seeded$fustat, seeded$z, tau = 25)
)

# ---------------------------------------------------------------- 4. E-values
# evalues.HR: a common outcome (> 15% by the end of follow-up) converts each HR to an approximate RR,
# RR = (1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1/HR)); a rare one uses the HR as the RR. Then evalues.RR:
# E = RR* + sqrt(RR* (RR* - 1)) with RR* = RR or 1/RR when RR < 1; for the CI, the limit closest to 1,
# and E = 1 when the interval contains 1.
hr_to_rr <- function(hr, rare) if (rare) hr else (1 - 0.5^sqrt(hr)) / (1 - 0.5^sqrt(1 / hr))
evalue_rr <- function(rr) { if (rr < 1) rr <- 1 / rr; rr + sqrt(rr * (rr - 1)) }
evalue_case <- function(hr, lo, hi, rare) {
  rr <- hr_to_rr(hr, rare); rlo <- hr_to_rr(lo, rare); rhi <- hr_to_rr(hi, rare)
  ci <- if (rlo <= 1 && rhi >= 1) 1 else if (rr > 1) evalue_rr(rlo) else evalue_rr(rhi)
  list(hazardRatio = hr, lower = lo, upper = hi, rare = rare,
       riskRatio = list(estimate = rr, lower = rlo, upper = rhi), point = evalue_rr(rr), ci = ci)
}
evalue_cases <- list()
for (rare in c(FALSE, TRUE)) {
  for (v in list(c(0.55, 0.35, 0.86), c(2.4, 1.3, 4.43), c(1.25, 0.9, 1.74), c(0.8, 0.62, 1.03), c(3.9, 1.8, 8.7),
                 c(0.12, 0.05, 0.29), c(1.02, 1.01, 1.03))) {
    evalue_cases[[length(evalue_cases) + 1]] <- evalue_case(v[1], v[2], v[3], rare)
  }
}
# The seeded time-dependent Cox HR of trt (Efron) with its 95% CI, as a real model output.
sfit <- summary(coxph(Surv(tstart, tstop, death) ~ trt + x + z,
                      data = tmerge(seeded[, c("id", "x", "z")], seeded, id = id,
                                    death = event(futime, fustat), trt = tdc(txtime))))
ci <- sfit$conf.int["trt", ]
evalue_cases[[length(evalue_cases) + 1]] <- evalue_case(ci[[1]], ci[[3]], ci[[4]], FALSE)

writeLines(toJSON(list(generator = "packages/validation/r/timedep.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")),
                       tmerge = tmerge_cases, landmark = landmark_cases, rmst = rmst_cases, evalue = evalue_cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
