# Reference output for survkit's nearestNeighborMatch, balance after matching, and weighted
# survival (IPTW / matched KM and Cox) — the oracle is R's MatchIt and survival:
#   - matchit(method = "nearest", distance = "glm", link = "linear.logit" or "logit",
#     ratio = 1/2/3, replace, caliper = 0.2 (std.caliper = TRUE) or none, m.order =
#     largest/smallest/data): match.matrix, subclass, weights, distance, caliper width;
#     on MatchIt::lalonde, survival::gbsg (hormon) and a small design with tied distances;
#   - summary(m)$sum.all / $sum.matched (means, Std. Mean Diff., Var. Ratio) for balance;
#   - survfit(Surv(rfstime, status) ~ hormon, weights = w) and coxph(..., weights = w,
#     robust = TRUE) / coxph(..., weights = weights, cluster = subclass) on gbsg.
#
# MatchIt version: the matching rule is the one of MatchIt 4.5.4–4.5.5 (nn_matchC_vec). Debian's
# r-cran-matchit is 4.5.1, which differs in two ways:
#   1. from a treated unit's second match on it compares a 0-based candidate index with the 1-based
#      indices it stored (MatchIt issue #159, fixed in 4.5.3 by commit c4d6401): for ratio > 1 it
#      skips the wrong control, and with replacement it matches the same control k times;
#   2. its `abs()` of a double resolves to C's integer abs on this platform, so every |distance
#      difference| below 1 compares as 0: the left neighbour always wins and a caliper below 1 never
#      binds (fixed upstream by std::abs, commit 4b5b2f8, MatchIt 4.5.4).
# CRAN is not reachable here and 4.5.3+ imports chk (not packaged), so the fixtures were generated
# with MatchIt built from its repository at 89b7bd8 (4.5.2.9001: the 4.5.3 nn_matchC_vec, before chk)
# with abs( → std::abs( in src/nn_matchC_vec.cpp, i.e. the 4.5.4/4.5.5 kernel:
#   git -C MatchIt archive 89b7bd8 | tar -x -C m453p
#   sed -i 's/\babs(/std::abs(/g' m453p/src/nn_matchC_vec.cpp && R CMD INSTALL -l Rlib2 m453p
#   R_LIBS=Rlib2 Rscript packages/validation/r/matching.R
#
# Run from the repository root. Writes packages/validation/fixtures/matching.json.
suppressPackageStartupMessages({ library(MatchIt); library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/matching.json"
stopifnot(packageVersion("MatchIt") >= "4.5.2.9001")

# jsonlite's digits = NA keeps 15 significant digits, which moves a double by up to 1e-15 relative
# and can turn an exact tie in |distance difference| into a strict order (or back). The distances the
# matching reads are therefore written verbatim with 17 digits (exact round trip).
exact <- function(x) structure(paste0("[", paste(sprintf("%.17g", unname(x)), collapse = ","), "]"), class = "json")
num_col <- function(x) list(type = "numeric", values = I(as.numeric(x)))
cat_col <- function(x) list(type = "categorical", levels = I(levels(x)), codes = I(as.integer(x) - 1L))

# ---- datasets -------------------------------------------------------------------------------
data("lalonde", package = "MatchIt")
lal <- lalonde
lal$race <- factor(lal$race)
gb <- survival::gbsg
ties <- local({
  set.seed(20261201)
  n <- 90
  d <- data.frame(x1 = sample(0:2, n, replace = TRUE), x2 = rbinom(n, 1, 0.5))
  d$treat <- rbinom(n, 1, plogis(-1 + 0.6 * d$x1 + 0.5 * d$x2))
  d
})
datasets <- list(
  list(name = "lalonde", data = lal, treat = "treat",
       vars = c("age", "educ", "race", "married", "nodegree", "re74", "re75")),
  list(name = "gbsg hormon", data = gb, treat = "hormon",
       vars = c("age", "meno", "size", "grade", "nodes", "pgr", "er")),
  list(name = "tied distances", data = ties, treat = "treat", vars = c("x1", "x2")))

# ---- matching cases -------------------------------------------------------------------------
grid <- function() {
  g <- list()
  for (link in c("linear.logit", "logit")) for (replace in c(FALSE, TRUE)) {
    ratios <- if (link == "logit") 1:2 else 1:3
    orders <- if (replace) "largest" else c("largest", "smallest", "data")
    for (ratio in ratios) for (caliper in list(NULL, 0.2)) for (m.order in orders)
      g[[length(g) + 1]] <- list(link = link, replace = replace, ratio = ratio, caliper = caliper, m.order = m.order)
  }
  g
}
summary_rows <- function(s, ds) {
  rows <- list()
  for (v in ds$vars) {
    x <- ds$data[[v]]
    keys <- if (is.factor(x)) paste0(v, levels(x)) else v
    lv <- if (is.factor(x)) levels(x) else list(NULL)
    for (j in seq_along(keys)) {
      one <- function(tab) list(meanTreated = tab[keys[j], "Means Treated"], meanControl = tab[keys[j], "Means Control"],
                                smd = tab[keys[j], "Std. Mean Diff."],
                                varianceRatio = if (is.na(tab[keys[j], "Var. Ratio"])) NULL else tab[keys[j], "Var. Ratio"])
      rows[[length(rows) + 1]] <- list(variable = v, level = lv[[j]], unadjusted = one(s$sum.all), adjusted = one(s$sum.matched))
    }
  }
  rows
}
match_case <- function(ds, o) {
  f <- reformulate(ds$vars, response = ds$treat)
  m <- matchit(f, data = ds$data, method = "nearest", distance = "glm", link = o$link, ratio = o$ratio,
               replace = o$replace, caliper = o$caliper, m.order = o$m.order)
  mm <- unname(m$match.matrix)
  rows <- match(mm, rownames(ds$data)) - 1L
  rows[is.na(rows)] <- -1L
  mmi <- matrix(rows, nrow = nrow(mm))
  balance <- if (o$ratio <= 2 && o$m.order == "largest" && o$link == "linear.logit")
    summary_rows(summary(m, standardize = TRUE), ds) else NULL
  list(options = list(distance = if (o$link == "logit") "ps" else "logit", ratio = o$ratio, replace = o$replace,
                      caliper = o$caliper, order = o$m.order),
       matchMatrix = I(as.integer(t(mmi))),   # row-major: treated unit t, control c
       subclass = if (is.null(m$subclass)) NULL else I(ifelse(is.na(m$subclass), 0L, as.integer(m$subclass))),
       weights = I(unname(m$weights)),
       caliperWidth = if (is.null(m$caliper)) NULL else unname(m$caliper[1]),
       nMatched = list(treated = sum(m$weights[m$treat == 1] > 0), control = sum(m$weights[m$treat == 0] > 0)),
       balance = balance)
}
frame_of <- function(ds) {
  d <- ds$data
  list(name = ds$name, treat = I(as.integer(d[[ds$treat]])), variables = setNames(lapply(ds$vars, function(v)
         if (is.factor(d[[v]])) cat_col(d[[v]]) else num_col(d[[v]])), ds$vars), psModelVariables = I(ds$vars),
       logit = exact(unname(matchit(reformulate(ds$vars, response = ds$treat), data = d, method = NULL,
                                distance = "glm", link = "linear.logit")$distance)),
       ps = exact(unname(matchit(reformulate(ds$vars, response = ds$treat), data = d, method = NULL, distance = "glm")$distance)),
       cases = lapply(grid(), function(o) match_case(ds, o)))
}
matching <- lapply(datasets, frame_of)

# ---- weighted survival on gbsg ----------------------------------------------------------------
surv_curve <- function(fit) {
  strata <- if (is.null(fit$strata)) rep("all", length(fit$time)) else rep(names(fit$strata), fit$strata)
  lapply(unique(strata), function(s) {
    k <- strata == s
    list(group = sub("^hormon=", "", s), time = I(fit$time[k]), nRisk = I(fit$n.risk[k]), nEvent = I(fit$n.event[k]),
         survival = I(fit$surv[k]), stdErr = I(if (fit$logse) fit$std.err[k] * fit$surv[k] else fit$std.err[k]), lower = I(fit$lower[k]), upper = I(fit$upper[k]))
  })
}
cox_of <- function(fit) {
  s <- summary(fit)$coefficients
  ci <- summary(fit)$conf.int
  list(coef = unname(coef(fit)), se = unname(sqrt(diag(fit$naive.var %||% fit$var))), robustSe = unname(s[1, "robust se"]),
       hazardRatio = unname(ci[1, "exp(coef)"]), lower = unname(ci[1, "lower .95"]), upper = unname(ci[1, "upper .95"]),
       z = unname(s[1, "z"]), pValue = unname(s[1, "Pr(>|z|)"]))
}
`%||%` <- function(a, b) if (is.null(a)) b else a
ps_gb <- fitted(glm(reformulate(datasets[[2]]$vars, response = "hormon"), family = binomial, data = gb))
iptw <- ifelse(gb$hormon == 1, 1 / ps_gb, 1 / (1 - ps_gb))
m11 <- matchit(reformulate(datasets[[2]]$vars, response = "hormon"), data = gb, link = "linear.logit", caliper = 0.2)
m21 <- matchit(reformulate(datasets[[2]]$vars, response = "hormon"), data = gb, link = "linear.logit", ratio = 2)
mr <- matchit(reformulate(datasets[[2]]$vars, response = "hormon"), data = gb, link = "linear.logit", replace = TRUE)
survival_case <- function(name, w, cluster = NULL) {
  d <- gb
  d$w <- w
  d$cl <- if (is.null(cluster)) seq_len(nrow(d)) else cluster
  keep <- d$w > 0
  d <- d[keep, ]
  km <- survfit(Surv(rfstime, status) ~ hormon, data = d, weights = w)
  cox <- if (is.null(cluster)) coxph(Surv(rfstime, status) ~ hormon, data = d, weights = w, robust = TRUE)
         else coxph(Surv(rfstime, status) ~ hormon, data = d, weights = w, cluster = cl)
  list(name = name, rows = I(which(keep) - 1L), weights = I(d$w),
       cluster = if (is.null(cluster)) NULL else I(as.integer(d$cl)),
       km = surv_curve(km), cox = cox_of(cox))
}
weighted <- list(
  survival_case("IPTW (ATE) weights, robust", iptw),
  survival_case("1:1 matched with caliper 0.2, cluster = subclass", m11$weights, as.integer(m11$subclass)),
  survival_case("1:2 matched, cluster = subclass", m21$weights, as.integer(m21$subclass)),
  survival_case("1:1 matched with replacement, robust", mr$weights))

writeLines(toJSON(list(generator = "packages/validation/r/matching.R", r = R.version.string,
                       matchit = as.character(packageVersion("MatchIt")),
                       survivalVersion = as.character(packageVersion("survival")),
                       gbsg = list(time = I(gb$rfstime), status = I(gb$status), hormon = I(gb$hormon)),
                       matching = matching, weighted = weighted),
                  auto_unbox = TRUE, digits = NA, na = "null", null = "null", json_verbatim = TRUE), out_file)
cat("wrote", out_file, "\n")
