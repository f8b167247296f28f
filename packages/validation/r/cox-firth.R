# Reference output for survkit's coxFirth (Firth's penalized Cox regression, Heinze & Schemper 2001).
# R's coxphf package is not available here, so this script is an independent implementation of the
# same definitions using only survival::coxph as the likelihood engine:
#   pl(b) = l(b) + 1/2 log det I(b),  with l(b) = coxph(..., init = b, iter.max = 0)$loglik[2]
#                                     and  I(b) = solve(fit$var) from the same call;
#   estimate  = argmax pl (optim BFGS, gradient by numDeriv's Richardson extrapolation, reltol 1e-15);
#   profile   = max over the other coefficients of pl with b_j fixed (optim BFGS);
#   CI        = the b_j where 2 (pl(est) - profile(b_j)) = qchisq(conf, 1)   (uniroot, tol 1e-11);
#   p-value   = pchisq(2 (pl(est) - profile(0)), 1, lower.tail = FALSE)        (coxphf's penalized LR);
#   global LR = 2 (pl(est) - pl(0)) on p df.
# Rescaled covariates (x * 1e8, x * 1e-4): the likelihood is still coxph's on the rescaled column,
# but optim, numDeriv and uniroot work on g = b * unit (the coefficient per unit of the original
# column), because their absolute steps and tolerances (numDeriv's 1e-4, uniroot's 1e-11) would
# otherwise be meaningless next to coefficients of size 1e-8 or 1e4. The reported numbers are
# those of the rescaled column (coef = g / unit).
#
# Run from the repository root:  Rscript packages/validation/r/cox-firth.R
# Writes packages/validation/fixtures/cox-firth.json.  R 4.2.2, survival 3.5-3, numDeriv.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(numDeriv) })
out_file <- "packages/validation/fixtures/cox-firth.json"

firth_case <- function(name, d, covs, ties, strata = NULL, conf = 0.95, unit = rep(1, length(covs))) {
  rhs <- paste(covs, collapse = " + ")
  if (!is.null(strata)) rhs <- paste0(rhs, " + strata(", strata, ")")
  lhs <- if (is.null(d$entry)) "Surv(time, event)" else "Surv(entry, time, event)"
  form <- as.formula(paste(lhs, "~", rhs))
  p <- length(covs)
  plb <- function(b) {
    fit <- tryCatch(suppressWarnings(coxph(form, data = d, ties = ties, init = b, iter.max = 0)),
                    error = function(e) NULL)
    if (is.null(fit)) return(-1e10)   # exp() overflow far from the optimum: a wall for optim
    ld <- determinant(fit$var, logarithm = TRUE)
    v <- fit$loglik[2] - 0.5 * as.numeric(ld$modulus)
    if (is.finite(v)) v else -1e10   # var numerically singular (I underflows): also a wall
  }
  # the optimizer's coordinates: g = b * unit
  pl <- function(g) plb(g / unit)
  gr <- function(g) numDeriv::grad(pl, g)
  sdx <- sapply(seq_along(covs), function(j) sd(d[[covs[j]]] / unit[j]))
  maximize <- function(f, g, start, scale) {
    optim(start, f, g, method = "BFGS",
          control = list(fnscale = -1, reltol = 1e-15, maxit = 2000, parscale = 1 / scale))
  }
  # start from the ordinary estimate with runaway coefficients pulled back to +-3
  ord0 <- suppressWarnings(coxph(form, data = d, ties = ties))
  start <- unname(coef(ord0)) * unit; start[!is.finite(start) | abs(start) > 5] <- 3 * sign(start[!is.finite(start) | abs(start) > 5])
  start[is.na(start)] <- 0
  est <- maximize(pl, gr, start, sdx)
  # polish with Newton steps on the Richardson gradient and Hessian
  b <- est$par
  for (k in 1:3) b <- b - solve(numDeriv::hessian(pl, b), gr(b))
  pl_hat <- pl(b)
  V <- suppressWarnings(coxph(form, data = d, ties = ties, init = b / unit, iter.max = 0))$var
  profile <- function(j, bj) {
    if (p == 1) return(pl(bj))
    f <- function(o) { bb <- numeric(p); bb[j] <- bj; bb[-j] <- o; pl(bb) }
    maximize(f, NULL, b[-j], sdx[-j])$value
  }
  q <- qchisq(conf, 1)
  terms <- lapply(seq_len(p), function(j) {
    g <- function(bj) 2 * (pl_hat - profile(j, bj)) - q
    se <- sqrt(V[j, j])
    w <- 2 * qnorm(1 - (1 - conf) / 2) * se * unit[j]
    hi <- b[j] + w; while (g(hi) < 0) hi <- b[j] + 2 * (hi - b[j])
    lo <- b[j] - w; while (g(lo) < 0) lo <- b[j] - 2 * (b[j] - lo)
    upper <- uniroot(g, c(b[j], hi), tol = 1e-11)$root
    lower <- uniroot(g, c(lo, b[j]), tol = 1e-11)$root
    lr0 <- 2 * (pl_hat - profile(j, 0))
    list(name = covs[j], coef = b[j] / unit[j], se = se, lower = exp(lower / unit[j]), upper = exp(upper / unit[j]),
         coefLower = lower / unit[j], coefUpper = upper / unit[j],
         lrStatistic = lr0, pValue = pchisq(lr0, 1, lower.tail = FALSE))
  })
  pl0 <- pl(rep(0, p))
  # the ordinary fit, for "finite exactly where the ordinary fit runs off to infinity"
  warns <- character(0)
  ord <- withCallingHandlers(coxph(form, data = d, ties = ties),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  data_json <- list(time = d$time, event = d$event,
                    covariates = setNames(lapply(covs, function(v) as.numeric(d[[v]])), covs))
  if (!is.null(strata)) data_json$strata <- as.character(d[[strata]])
  if (!is.null(d$entry)) data_json$entry <- d$entry
  list(name = name, ties = ties, confLevel = conf,
       call = sprintf("argmax of coxph(%s, ties = '%s', init = b, iter.max = 0): loglik[2] + log det(I)/2",
                      deparse(form), ties),
       data = data_json,
       penalizedLogLik = list(null = pl0, model = pl_hat),
       likelihoodRatioTest = list(statistic = 2 * (pl_hat - pl0), df = p,
                                  pValue = pchisq(2 * (pl_hat - pl0), p, lower.tail = FALSE)),
       penalizedScoreAtEstimate = I(gr(b) * unit),
       terms = terms,
       ordinary = list(coef = I(unname(coef(ord))), warnings = I(warns)))
}

cases <- list()
lung_cc <- na.omit(data.frame(time = lung$time, event = as.integer(lung$status == 2),
                              age = lung$age, female = as.integer(lung$sex == 2), ecog = lung$ph.ecog))
cases[[length(cases) + 1]] <- firth_case("lung: age + female + ecog, Efron", lung_cc, c("age", "female", "ecog"), "efron")
cases[[length(cases) + 1]] <- firth_case("lung: female + ecog, Breslow", lung_cc, c("female", "ecog"), "breslow")

# Monotone likelihood: a binary covariate whose four patients are all censored (no events in
# that group): the ordinary coefficient runs off to -infinity; Firth's is finite.
set.seed(20240501)
nm <- 60
mono <- data.frame(time = round(rexp(nm, 0.1), 1) + 1, event = rbinom(nm, 1, 0.7), x = round(rnorm(nm), 2))
mono$c <- 0L
mono$c[which(mono$event == 0)[1:4]] <- 1L
cases[[length(cases) + 1]] <- firth_case("monotone: all-censored group c + x, Efron", mono, c("c", "x"), "efron")
cases[[length(cases) + 1]] <- firth_case("monotone: all-censored group c + x, Breslow", mono, c("c", "x"), "breslow")
cases[[length(cases) + 1]] <- firth_case("monotone: group c alone (one coefficient), Efron", mono, "c", "efron")

# The paper's Table 3 situation: integer-month times with ties, ECOG 2 held by a single patient
# who has the first death (all events of that group happen while it is the only one at risk).
set.seed(7)
np <- 50
pap <- data.frame(time = pmax(1, round(rexp(np, 1 / 30))), event = rbinom(np, 1, 0.6),
                  ecog1 = rbinom(np, 1, 0.4), trt = rbinom(np, 1, 0.5))
pap$ecog2 <- 0L
k <- which.min(pap$time); pap$time[k] <- 0.5; pap$event[k] <- 1L; pap$ecog2[k] <- 1L; pap$ecog1[k] <- 0L
cases[[length(cases) + 1]] <- firth_case("single ECOG 2 patient with the first death, tied months, Efron",
                                         pap, c("ecog1", "ecog2", "trt"), "efron")

# Strata: veteran, separate baseline hazards per cell type
vet <- data.frame(time = veteran$time, event = veteran$status, trt = veteran$trt - 1,
                  karno = veteran$karno, celltype = as.character(veteran$celltype))
cases[[length(cases) + 1]] <- firth_case("veteran: trt + karno + strata(celltype), Efron", vet, c("trt", "karno"),
                                         "efron", strata = "celltype", conf = 0.9)

# Counting-process rows: the Stanford heart transplant data, (start, stop] with a time-varying transplant
hrt <- data.frame(entry = heart$start, time = heart$stop, event = heart$event, age = heart$age,
                  surgery = heart$surgery, transplant = as.integer(as.character(heart$transplant)))
cases[[length(cases) + 1]] <- firth_case("heart (start, stop]: age + surgery + transplant, Breslow", hrt,
                                         c("age", "surgery", "transplant"), "breslow")

# Issue 14: Firth's fit must not depend on a covariate's unit. One separated data set of 20 rows
# (a continuous covariate that is largest in every risk set at each event: monotone likelihood),
# as given and with the covariate multiplied by 1e8 and by 1e-4.
set.seed(20261201)
ns <- 20
sep <- data.frame(time = sample(ns), event = as.integer(runif(ns) < 0.75))
# x is in "days" (hundreds to thousands), so that both rescalings keep the hazard ratios and their
# limits representable: about exp(160) per unit of x * 1e-4, 1 + 1.6e-10 per unit of x * 1e8
sep$x <- round(100 * (60 - 2 * sep$time + runif(ns, 0, 1.5)))
sep$z <- round(rnorm(ns), 2)
sep$x_e8 <- sep$x * 1e8
sep$x_em4 <- sep$x * 1e-4
cases[[length(cases) + 1]] <- firth_case("separated 20 rows: x, Efron", sep, "x", "efron")
cases[[length(cases) + 1]] <- firth_case("separated 20 rows: x * 1e8, Efron", sep, "x_e8", "efron", unit = 1e8)
cases[[length(cases) + 1]] <- firth_case("separated 20 rows: x * 1e-4, Efron", sep, "x_em4", "efron", unit = 1e-4)
cases[[length(cases) + 1]] <- firth_case("separated 20 rows: x * 1e-4 + z, Breslow", sep, c("x_em4", "z"), "breslow",
                                         unit = c(1e-4, 1))

writeLines(toJSON(list(generator = "packages/validation/r/cox-firth.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")), cases = cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
