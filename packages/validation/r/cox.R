# Reference fixtures for coxPH (and the Cox kernel evaluateCox), from R's survival package.
#
#   Rscript packages/validation/r/cox.R        (from the repository root)
#
# Writes packages/validation/fixtures/cox.json. Each case carries its data (so the TypeScript
# side runs on exactly these rows), the R call it reproduces, and R's results:
# coefficients, model-based and robust SEs, log-likelihoods, the three global tests (+ robust
# score test), concordance with its SE, iterations, warnings and the variance matrix.
# Each evaluation carries coxph(..., init = b, iter.max = 0): the log partial likelihood,
# the information matrix solve(fit$var) and the score vector at a non-optimal b.
# NA, Inf and -Inf are written as the strings "NA", "Inf", "-Inf" (JSON has no such numbers).
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})
stopifnot(packageVersion("survival") == "3.5.3")

out_file <- file.path("packages", "validation", "fixtures", "cox.json")

na2null <- function(x) if (is.null(x)) NULL else ifelse(is.na(x), NA, x)

# The coxph formula and data frame for `d` + design `x` (columns renamed x1, x2, … so any
# coefficient name survives the formula).
model_formula <- function(d, x) {
  xs <- x
  colnames(xs) <- paste0("x", seq_len(ncol(x)))
  lhs <- if (is.null(d$entry)) "Surv(time, event)" else "Surv(entry, time, event)"
  rhs <- paste(colnames(xs), collapse = " + ")
  if (!is.null(d$strata)) rhs <- paste(rhs, "+ strata(strata)")
  list(formula = as.formula(paste(lhs, "~", rhs)), data = cbind(d, xs))
}

# The case's data as the TypeScript side reads it (CoxData without cluster).
case_data <- function(d, x) {
  data <- list(time = d$time, event = d$event,
               covariates = setNames(lapply(seq_len(ncol(x)), function(j) unname(x[, j])), colnames(x)))
  if (!is.null(d$entry)) data$entry <- d$entry
  if (!is.null(d$strata)) data$strata <- d$strata
  if (!is.null(d$w)) data$weights <- d$w
  data
}

# Fit one model. `d` holds columns time, event and optional entry, strata, w, cl; `x` is a
# numeric design matrix whose column names are the coefficient names.
fit_case <- function(name, call, d, x, ties = "efron", robust = NULL, init = NULL,
                     iter.max = 20) {
  mf <- model_formula(d, x)
  f <- mf$formula
  dd <- mf$data
  args <- list(formula = f, data = dd, ties = ties, iter.max = iter.max)
  if (!is.null(d$w)) args$weights <- dd$w
  if (!is.null(d$cl)) args$cluster <- dd$cl
  if (!is.null(robust)) args$robust <- robust
  if (!is.null(init)) args$init <- init
  warns <- character(0)
  fit <- withCallingHandlers(do.call(coxph, args), warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  s <- summary(fit)
  robust_used <- !is.null(fit$naive.var)
  naive <- if (robust_used) fit$naive.var else fit$var
  coef <- unname(fit$coefficients)
  ci <- s$conf.int
  data <- case_data(d, x)
  if (!is.null(d$cl)) data$cluster <- d$cl
  options <- list(ties = ties)
  if (!is.null(robust)) options$robust <- robust
  if (!is.null(init)) options$init <- init
  if (iter.max != 20) options$maxIter <- iter.max
  list(
    name = name, call = call, data = data, options = options,
    expected = list(
      coef = I(na2null(coef)),
      se = sqrt(diag(naive)),
      robustSe = if (robust_used) sqrt(diag(fit$var)) else NULL,
      hazardRatio = unname(ci[, 1]), lower = unname(ci[, 3]), upper = unname(ci[, 4]),
      z = unname(s$coefficients[, "z"]), pValue = unname(s$coefficients[, "Pr(>|z|)"]),
      loglik = fit$loglik,
      logtest = unname(s$logtest), sctest = unname(s$sctest),
      waldtest = c(unname(fit$wald.test), unname(s$waldtest[2:3])),
      robscore = if (!is.null(s$robscore)) unname(s$robscore) else NULL,
      concordance = unname(fit$concordance["concordance"]),
      concordanceSe = unname(fit$concordance["std"]),
      iter = fit$iter, n = fit$n, nevent = fit$nevent,
      variance = unname(fit$var),
      naiveVariance = if (robust_used) unname(naive) else NULL,
      robust = robust_used,
      warnings = I(warns)
    )
  )
}

# coxph(..., init = b, iter.max = 0): R's log partial likelihood, information and score at b
eval_case <- function(name, d, x, b, ties = "efron") {
  mf <- model_formula(d, x)
  f <- mf$formula
  dd <- mf$data
  args <- list(formula = f, data = dd, ties = ties, init = b, iter.max = 0)
  if (!is.null(d$w)) args$weights <- dd$w
  fit <- do.call(coxph, args)
  w <- if (is.null(d$w)) rep(1, nrow(d)) else d$w
  score <- colSums(as.matrix(residuals(fit, type = "score")) * w)
  data <- case_data(d, x)
  list(name = name,
       call = sprintf("coxph(%s, ties = '%s', init = b, iter.max = 0); solve(fit$var)", deparse(f), ties),
       data = data, ties = ties, beta = b,
       loglik = fit$loglik[1], information = unname(solve(fit$var)), score = unname(score),
       variance = unname(fit$var), sctest = fit$score)
}

cases <- list()
evals <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x
adde <- function(x) evals[[length(evals) + 1]] <<- x

# ---- lung --------------------------------------------------------------------------------
lung2 <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog", "wt.loss")])
dl <- data.frame(time = lung2$time, event = lung2$status - 1)
xl <- as.matrix(lung2[, c("age", "sex", "ph.ecog", "wt.loss")])
for (ties in c("efron", "breslow")) {
  add(fit_case(paste("lung", ties), sprintf("coxph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, lung, ties = '%s')", ties),
               dl, xl, ties = ties))
  adde(eval_case(paste("lung", ties), dl, xl, c(0.01, -0.4, 0.3, -0.005), ties))
}
dls <- dl
dls$strata <- lung2$sex
add(fit_case("lung strata(sex)", "coxph(Surv(time, status) ~ age + ph.ecog + wt.loss + strata(sex), lung)",
             dls, xl[, c("age", "ph.ecog", "wt.loss")]))
add(fit_case("lung robust", "coxph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, lung, robust = TRUE)",
             dl, xl, robust = TRUE))
add(fit_case("lung init", "coxph(Surv(time, status) ~ age + sex, lung, init = c(0.02, -0.3))",
             dl, xl[, c("age", "sex")], init = c(0.02, -0.3)))
# aliased and constant columns: R gives NA coefficients
xsing <- cbind(xl[, c("age", "sex")], age2 = 2 * xl[, "age"] + 1, one = 1, ph.ecog = xl[, "ph.ecog"])
add(fit_case("lung aliased + constant", "coxph(Surv(time, status) ~ age + sex + I(2*age+1) + one + ph.ecog, lung)",
             dl, xsing))
# running out of iterations (R's iter.max = 2)
add(fit_case("lung iter.max = 2", "coxph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, lung, iter.max = 2)",
             dl, xl, iter.max = 2))
add(fit_case("lung iter.max = 1", "coxph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, lung, iter.max = 1)",
             dl, xl, iter.max = 1))

# ---- veteran -----------------------------------------------------------------------------
dv <- data.frame(time = veteran$time, event = veteran$status)
xv <- model.matrix(~ trt + celltype + karno + diagtime + age + prior, veteran)[, -1]
add(fit_case("veteran", "coxph(Surv(time, status) ~ trt + celltype + karno + diagtime + age + prior, veteran)", dv, xv))
add(fit_case("veteran breslow", "coxph(Surv(time, status) ~ trt + celltype + karno + diagtime + age + prior, veteran, ties = 'breslow')",
             dv, xv, ties = "breslow"))
adde(eval_case("veteran", dv, xv, c(0.1, 0.5, 0.8, 0.3, -0.02, 0.001, -0.005, 0.002)))

# ---- ovarian -----------------------------------------------------------------------------
dov <- data.frame(time = ovarian$futime, event = ovarian$fustat)
xov <- as.matrix(ovarian[, c("age", "resid.ds", "rx", "ecog.ps")])
add(fit_case("ovarian", "coxph(Surv(futime, fustat) ~ age + resid.ds + rx + ecog.ps, ovarian)", dov, xov))
add(fit_case("ovarian robust", "coxph(Surv(futime, fustat) ~ age + resid.ds + rx + ecog.ps, ovarian, robust = TRUE)",
             dov, xov, robust = TRUE))

# ---- colon: two rows per patient (recurrence, death), cluster(id) + strata(etype) ---------
colon2 <- na.omit(colon[, c("id", "time", "status", "rx", "sex", "age", "obstruct", "nodes", "etype")])
dc <- data.frame(time = colon2$time, event = colon2$status, strata = colon2$etype, cl = colon2$id)
xc <- cbind(model.matrix(~ rx, colon2)[, -1], as.matrix(colon2[, c("sex", "age", "obstruct", "nodes")]))
add(fit_case("colon cluster(id) strata(etype)",
             "coxph(Surv(time, status) ~ rx + sex + age + obstruct + nodes + strata(etype) + cluster(id), colon)",
             dc, xc))
add(fit_case("colon deaths breslow", "coxph(Surv(time, status) ~ rx + sex + age + obstruct + nodes, subset(colon, etype == 2), ties = 'breslow')",
             dc[colon2$etype == 2, c("time", "event")], xc[colon2$etype == 2, ], ties = "breslow"))

# ---- pbc (Mayo model) --------------------------------------------------------------------
pbc2 <- pbc[!is.na(pbc$trt), ]
dp <- data.frame(time = pbc2$time, event = as.numeric(pbc2$status == 2))
xp <- cbind(age = pbc2$age, edema = pbc2$edema, logbili = log(pbc2$bili),
            logalb = log(pbc2$albumin), logpro = log(pbc2$protime))
add(fit_case("pbc", "coxph(Surv(time, status == 2) ~ age + edema + log(bili) + log(albumin) + log(protime), pbc)", dp, xp))
adde(eval_case("pbc", dp, xp, c(0.03, 0.7, 0.8, -2.5, 2.0)))

# ---- heart: counting process -------------------------------------------------------------
dh <- data.frame(entry = heart$start, time = heart$stop, event = heart$event)
xh <- cbind(age = heart$age, year = heart$year, surgery = heart$surgery,
            transplant = as.numeric(heart$transplant == "1"))
add(fit_case("heart", "coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, heart)", dh, xh))
add(fit_case("heart breslow", "coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, heart, ties = 'breslow')",
             dh, xh, ties = "breslow"))
dhc <- dh
dhc$cl <- heart$id
add(fit_case("heart cluster(id)", "coxph(Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id), heart)",
             dhc, xh))
adde(eval_case("heart", dh, xh, c(0.02, -0.1, -0.5, 0.1)))

# ---- seeded random data ------------------------------------------------------------------
set.seed(20260501)
n <- 300
r1 <- data.frame(
  time = ceiling(rexp(n, 1 / 8)),                   # integer times: many ties
  event = rbinom(n, 1, 0.7),
  strata = sample(c("a", "b", "c"), n, replace = TRUE),
  w = sample(1:3, n, replace = TRUE),
  cl = rep(1:100, each = 3)
)
x1 <- cbind(z1 = rnorm(n), z2 = rbinom(n, 1, 0.4), z3 = sample(0:3, n, replace = TRUE))
for (ties in c("efron", "breslow")) {
  add(fit_case(paste("random ties+strata+weights+cluster", ties),
               sprintf("coxph(Surv(time, event) ~ z1 + z2 + z3 + strata(s), weights = w, cluster = cl, ties = '%s')", ties),
               r1, x1, ties = ties))
  adde(eval_case(paste("random ties+strata+weights", ties), r1[, c("time", "event", "strata", "w")], x1,
                 c(0.3, -0.4, 0.2), ties))
}
add(fit_case("random ties, no strata", "coxph(Surv(time, event) ~ z1 + z2 + z3)",
             r1[, c("time", "event")], x1))
# fractional weights: R turns the robust variance on by default
r1f <- r1[, c("time", "event")]
r1f$w <- round(runif(n, 0.2, 2.5), 3)
add(fit_case("random fractional weights", "coxph(Surv(time, event) ~ z1 + z2 + z3, weights = w)", r1f, x1))

# delayed entry, several rows per subject, strata, integer weights, clusters
set.seed(777)
ns <- 150
rows <- lapply(seq_len(ns), function(i) {
  k <- sample(1:4, 1)
  cuts <- sort(round(runif(k, 0, 20) * 2) / 2)
  start <- c(round(runif(1, 0, 3) * 2) / 2, cuts)
  stop <- start + c(diff(start), round(rexp(1, 1 / 6) * 2) / 2 + 0.5)
  keep <- stop > start
  start <- start[keep]; stop <- stop[keep]
  m <- length(start)
  data.frame(entry = start, time = stop, event = c(rep(0, m - 1), rbinom(1, 1, 0.75)),
             cl = i, strata = (i %% 2) + 1, w = (i %% 3) + 1,
             z1 = rnorm(m), z2 = rep(rbinom(1, 1, 0.5), m))
})
r2 <- do.call(rbind, rows)
x2 <- as.matrix(r2[, c("z1", "z2")])
for (ties in c("efron", "breslow")) {
  add(fit_case(paste("random counting process", ties),
               sprintf("coxph(Surv(entry, time, event) ~ z1 + z2 + strata(s), weights = w, cluster = id, ties = '%s')", ties),
               r2[, c("entry", "time", "event", "cl", "strata", "w")], x2, ties = ties))
  adde(eval_case(paste("random counting process", ties), r2[, c("entry", "time", "event", "strata", "w")], x2,
                 c(0.25, -0.6), ties))
}
add(fit_case("random counting process, unweighted", "coxph(Surv(entry, time, event) ~ z1 + z2)",
             r2[, c("entry", "time", "event")], x2))

# near-ties: times that differ only by floating-point noise are tied by R's aeqSurv (timefix)
set.seed(99)
nt <- 120
near <- data.frame(time = round(rexp(nt, 1 / 10), 1), event = rbinom(nt, 1, 0.8))
bump <- seq(2, nt, by = 5)
near$time[bump] <- near$time[bump] * (1 + 1e-12)
xn <- cbind(z = round(rnorm(nt), 2), g = rbinom(nt, 1, 0.5))
add(fit_case("near-tied times (aeqSurv)", "coxph(Surv(time * (1 + 1e-12 on some rows), event) ~ z + g)", near, xn))

# monotone likelihood: every x = 1 subject has the event before any x = 0 event
set.seed(5)
nm <- 40
mono <- data.frame(time = c(1:10, 11:40), event = c(rep(1, 10), rbinom(30, 1, 0.6)))
xm <- cbind(g = c(rep(1, 10), rep(0, 30)), u = round(rnorm(nm), 2))
add(fit_case("monotone likelihood", "coxph(Surv(time, event) ~ g + u)  # g = 1 die first", mono, xm))
monoc <- mono
monoc$entry <- 0
add(fit_case("monotone likelihood, counting process", "coxph(Surv(0, time, event) ~ g + u)",
             monoc[, c("entry", "time", "event")], xm))

json <- toJSON(list(generatedBy = "packages/validation/r/cox.R",
                    r = R.version.string, survival = as.character(packageVersion("survival")),
                    cases = cases, evaluations = evals),
               digits = NA, auto_unbox = TRUE, na = "string", null = "null", matrix = "rowmajor")
writeLines(json, out_file)
cat("wrote", out_file, length(cases), "cases,", length(evals), "evaluations\n")
