# Reference output for survkit's logisticRegression, propensityWeights and balanceTable.
#   - glm(family = binomial) with summary(fit)$coefficients, deviance, AIC, iterations,
#     fitted values, warnings (word for word) and drop1(fit, test = "LRT"), on infert, mtcars,
#     survival::lung, survival::colon, a separated and an aliased design, weights, no intercept,
#     and designs of factors only (fitted by cells of identical rows).
#   - IPTW (ATE/ATT, stabilised, trimmed by PS quantiles, truncated at weight quantiles) and
#     effective sample sizes, computed by the formulas of WeightIt (get_w_from_ps, trim, ESS)
#     written out below in base R: cobalt/WeightIt are not packaged for this Debian
#     (apt-cache policy r-cran-cobalt r-cran-weightit: no candidates).
#   - Balance tables (SMD, variance ratio) by cobalt's definitions (col_w_smd, col_w_vr,
#     col.w.v), written out in base R.
#
# Run from the repository root:  Rscript packages/validation/r/propensity.R
# Writes packages/validation/fixtures/propensity.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/propensity.json"

na_null <- function(x) { x <- unname(x); lapply(x, function(v) if (is.na(v)) NULL else v) }

glm_case <- function(name, form, d, weights = NULL, maxit = 25) {
  d$.w <- if (is.null(weights)) rep(1, nrow(d)) else weights
  warns <- character(0)
  fit <- withCallingHandlers(
    glm(form, family = binomial, data = d, weights = .w, control = glm.control(maxit = maxit)),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  X <- model.matrix(fit)
  intercept <- attr(terms(fit), "intercept") == 1
  cols <- if (intercept) colnames(X)[-1] else colnames(X)
  asgn <- attr(X, "assign")
  tl <- attr(terms(fit), "term.labels")
  term_defs <- lapply(seq_along(tl), function(k) list(name = tl[k], columns = I(colnames(X)[asgn == k])))
  d1 <- suppressWarnings(drop1(fit, test = "LRT"))
  sm <- summary(fit)$coefficients
  b <- coef(fit)
  se <- rep(NA_real_, length(b)); z <- se; p <- se
  se[!is.na(b)] <- sm[, 2]; z[!is.na(b)] <- sm[, 3]; p[!is.na(b)] <- sm[, 4]
  list(name = name, call = paste(deparse(form), collapse = ""),
       data = list(y = unname(fit$y), covariates = setNames(lapply(cols, function(cn) unname(X[, cn])), cols),
                   weights = if (is.null(weights)) NULL else unname(d$.w)),
       intercept = intercept, maxit = maxit, terms = term_defs,
       names = I(names(b)), coef = na_null(b), se = na_null(se), z = na_null(z), pValue = na_null(p),
       deviance = fit$deviance, nullDeviance = fit$null.deviance, aic = fit$aic,
       dfResidual = fit$df.residual, dfNull = fit$df.null, rank = fit$rank,
       iter = fit$iter, converged = fit$converged, fitted = I(unname(fitted(fit))), warnings = I(warns),
       drop1 = lapply(seq_along(tl), function(k) list(name = tl[k], deviance = d1[tl[k], "Deviance"],
                                                      statistic = d1[tl[k], "LRT"], df = d1[tl[k], "Df"],
                                                      pValue = if (is.na(d1[tl[k], "Pr(>Chi)"])) NULL else d1[tl[k], "Pr(>Chi)"])))
}

infert2 <- infert
infert2$age2 <- 2 * infert2$age + 1   # aliased with age and the intercept
lung_cc <- na.omit(lung[, c("status", "age", "sex", "ph.ecog", "wt.loss")])
lung_cc$dead <- lung_cc$status - 1
lung_cc$ecog <- factor(lung_cc$ph.ecog)
set.seed(11)
sep <- data.frame(x = c(1:10, 3.5, 7.5), g = factor(rep(c("a", "b", "c"), 4)))
sep$y <- as.numeric(sep$x > 5)
quasi <- data.frame(x = c(1:12), y = c(0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1), z = c(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1))
colon1 <- na.omit(subset(colon, etype == 1 & rx != "Lev",
                         select = c(rx, age, sex, obstruct, perfor, adhere, nodes, differ, extent)))
colon1$treat <- as.numeric(colon1$rx == "Lev+5FU")
colon1$differ <- factor(colon1$differ, labels = c("well", "moderate", "poor"))
colon1$extent <- factor(colon1$extent, labels = c("submucosa", "muscle", "serosa", "contiguous"))
wts <- rep(1:3, length.out = nrow(infert))
wfrac <- seq(0.4, 2.2, length.out = nrow(mtcars))
wzero <- rep(c(1, 0, 2, 1, 0, 3), length.out = nrow(infert))   # zero weights leave rows out of the fit

# Designs of factors only, where most rows repeat: logisticRegression fits them by cells (rows equal
# in every column, outcome and weight), so these cases check that path against glm's row-wise fit —
# with integer and zero weights, an aliased factor and the report's kind of model at 2,000 rows.
lung_cc$ecog_f <- factor(lung_cc$ph.ecog)
cells <- local({
  set.seed(20261202)
  n <- 2000
  d <- data.frame(a = factor(sample(c("x", "y", "z"), n, replace = TRUE)),
                  b = factor(sample(c("no", "yes"), n, replace = TRUE, prob = c(0.7, 0.3))),
                  c = factor(sample(c("c1", "c2", "c3", "c4"), n, replace = TRUE)))
  d$b2 <- d$b   # the same indicator under another name: aliased
  d$treat <- rbinom(n, 1, plogis(-0.5 + 0.4 * (d$a == "y") - 0.8 * (d$a == "z") + 0.9 * (d$b == "yes") +
                                   0.3 * as.integer(d$c)))
  d$w <- sample(c(0, 1, 2, 3), n, replace = TRUE, prob = c(0.1, 0.5, 0.3, 0.1))
  d
})

glm_cases <- list(
  glm_case("infert", case ~ age + parity + spontaneous + induced, infert),
  glm_case("infert education factor", case ~ education + age + spontaneous + induced, infert),
  glm_case("infert aliased column", case ~ age + age2 + spontaneous, infert2),
  glm_case("infert integer weights", case ~ age + spontaneous + induced, infert, weights = wts),
  glm_case("infert zero weights", case ~ age + parity + induced, infert, weights = wzero),
  glm_case("infert maxit 2", case ~ age + parity + spontaneous + induced, infert, maxit = 2),
  glm_case("mtcars am ~ hp + wt", am ~ hp + wt, mtcars),
  glm_case("mtcars vs ~ mpg fractional weights", vs ~ mpg, mtcars, weights = wfrac),
  glm_case("mtcars no intercept", vs ~ 0 + mpg + wt, mtcars),
  glm_case("lung dead ~ age + sex + ecog", dead ~ age + sex + ecog + wt.loss, lung_cc),
  glm_case("separated", y ~ x, sep),
  glm_case("separated with factor", y ~ x + g, sep),
  glm_case("quasi-separated", y ~ x + z, quasi),
  glm_case("colon propensity model", treat ~ age + sex + obstruct + perfor + adhere + nodes + differ + extent, colon1),
  glm_case("cells: lung dead ~ sex + ecog", dead ~ sex + ecog_f, lung_cc),
  glm_case("cells: colon binary and factor covariates", treat ~ sex + obstruct + perfor + adhere + differ + extent, colon1),
  glm_case("cells: factors at 2000 rows", treat ~ a + b + c, cells),
  glm_case("cells: weights 0-3 and an aliased factor", treat ~ a + b + b2 + c, cells, weights = cells$w)
)

# ---- IPTW, WeightIt's definitions ----------------------------------------------------------
ps_fit <- glm(treat ~ age + sex + obstruct + perfor + adhere + nodes + differ + extent, family = binomial, data = colon1)
ps <- unname(fitted(ps_fit))
tr <- colon1$treat
q7 <- function(x, p) unname(quantile(x, p, type = 7))
ess <- function(w) sum(w)^2 / sum(w^2)
iptw <- function(estimand, stabilize = FALSE, trim = NULL, truncate = NULL) {
  w <- if (estimand == "ATE") ifelse(tr == 1, 1 / ps, 1 / (1 - ps)) else ifelse(tr == 1, 1, ps / (1 - ps))
  kept <- rep(TRUE, length(ps))
  lim <- NULL; wlim <- NULL
  if (!is.null(trim)) {
    lo <- if (is.null(trim$lower)) -Inf else q7(ps, trim$lower)
    hi <- if (is.null(trim$upper)) Inf else q7(ps, trim$upper)
    kept <- ps >= lo & ps <= hi
    w[!kept] <- 0
    lim <- list(lower = if (is.null(trim$lower)) NULL else lo, upper = if (is.null(trim$upper)) NULL else hi)
  }
  if (stabilize) w <- w * ifelse(tr == 1, mean(tr[kept] == 1), mean(tr[kept] == 0))
  if (!is.null(truncate)) {
    adj <- kept & (estimand == "ATE" | tr == 0)
    lo <- if (is.null(truncate$lower)) -Inf else q7(w[adj], truncate$lower)
    hi <- if (is.null(truncate$upper)) Inf else q7(w[adj], truncate$upper)
    nt <- sum(adj & (w > hi | w < lo))
    w[adj & w > hi] <- hi
    w[adj & w < lo] <- lo
    wlim <- list(lower = if (is.null(truncate$lower)) NULL else lo, upper = if (is.null(truncate$upper)) NULL else hi,
                 nTruncated = nt)
  }
  list(options = list(estimand = estimand, stabilize = stabilize, trim = trim, truncate = truncate),
       weights = I(w), trimmed = I(as.integer(!kept)), psLimits = lim, weightLimits = wlim,
       treated = list(n = sum(tr == 1), sumWeights = sum(w[tr == 1]), ess = ess(w[tr == 1])),
       control = list(n = sum(tr == 0), sumWeights = sum(w[tr == 0]), ess = ess(w[tr == 0])))
}
weight_cases <- list(
  iptw("ATE"), iptw("ATE", stabilize = TRUE), iptw("ATT"), iptw("ATT", stabilize = TRUE),
  iptw("ATE", stabilize = TRUE, trim = list(lower = 0.05, upper = 0.95)),
  iptw("ATE", truncate = list(lower = 0.01, upper = 0.99)),
  iptw("ATT", truncate = list(upper = 0.95)),
  iptw("ATE", stabilize = TRUE, trim = list(upper = 0.9), truncate = list(upper = 0.98))
)

# ---- balance, cobalt's definitions --------------------------------------------------------
wmean <- function(x, w) sum(w * x) / sum(w)
wvar <- function(x, w, binary) {
  if (binary) { m <- wmean(x, w); return(m * (1 - m)) }
  m <- wmean(x, w); sum(w) / (sum(w)^2 - sum(w^2)) * sum(w * (x - m)^2)
}
bal_stats <- function(x, w, binary, denom) {
  m1 <- wmean(x[tr == 1], w[tr == 1]); m0 <- wmean(x[tr == 0], w[tr == 0])
  d <- m1 - m0
  smd <- if (abs(d) < sqrt(.Machine$double.eps)) d else d / denom
  vr <- if (binary) NULL else wvar(x[tr == 1], w[tr == 1], FALSE) / wvar(x[tr == 0], w[tr == 0], FALSE)
  list(meanTreated = m1, meanControl = m0, smd = smd, varianceRatio = vr)
}
bal_vars <- c("age", "sex", "nodes", "differ", "extent")
balance <- function(estimand, weight_case) {
  w <- weight_cases[[weight_case]]$weights
  rows <- list()
  one <- rep(1, length(tr))
  for (v in bal_vars) {
    col <- colon1[[v]]
    xs <- if (is.factor(col)) lapply(levels(col), function(l) list(level = l, x = as.numeric(col == l), bin = TRUE))
          else list(list(level = NULL, x = as.numeric(col), bin = all(col %in% c(0, 1))))
    for (c in xs) {
      v1 <- wvar(c$x[tr == 1], one[tr == 1], c$bin); v0 <- wvar(c$x[tr == 0], one[tr == 0], c$bin)
      denom <- if (estimand == "ATE") sqrt((v1 + v0) / 2) else sqrt(v1)
      rows[[length(rows) + 1]] <- list(variable = v, level = c$level, type = if (c$bin) "binary" else "continuous",
                                       unadjusted = bal_stats(c$x, one, c$bin, denom),
                                       adjusted = bal_stats(c$x, w, c$bin, denom))
    }
  }
  list(estimand = estimand, weightCase = weight_case, rows = rows)
}
balance_cases <- list(balance("ATE", 2), balance("ATE", 5), balance("ATT", 3), balance("ATT", 7))

# The propensity model as logisticModel takes it: these variables, in formula order, give the
# glm case "colon propensity model"; the balance tables use bal_vars.
frame <- list(
  treat = I(tr), ps = I(ps),
  psModelVariables = I(c("age", "sex", "obstruct", "perfor", "adhere", "nodes", "differ", "extent")),
  balanceVariables = I(bal_vars),
  variables = list(
    age = list(type = "numeric", values = I(colon1$age)),
    sex = list(type = "numeric", values = I(colon1$sex)),
    nodes = list(type = "numeric", values = I(colon1$nodes)),
    obstruct = list(type = "numeric", values = I(colon1$obstruct)),
    perfor = list(type = "numeric", values = I(colon1$perfor)),
    adhere = list(type = "numeric", values = I(colon1$adhere)),
    differ = list(type = "categorical", levels = I(levels(colon1$differ)), codes = I(as.integer(colon1$differ) - 1L)),
    extent = list(type = "categorical", levels = I(levels(colon1$extent)), codes = I(as.integer(colon1$extent) - 1L))))

writeLines(toJSON(list(generator = "packages/validation/r/propensity.R", r = R.version.string,
                       glm = glm_cases, colon = frame, weights = weight_cases, balance = balance_cases),
                  auto_unbox = TRUE, digits = NA, na = "null", null = "null"), out_file)
cat("wrote", out_file, "\n")
