# Reference output for survkit's coxZph on models whose covariates are all categorical and whose
# times are tied (grouped into quarters of a year): the data on which coxZph sums by (event time × covariate
# pattern) cells (packages/stats/src/regression/coxZphCells.ts) instead of walking the rows.
# R survival 3.5-3's cox.zph(fit, transform)$table; zph_case is cox-zph.R's, unchanged.
#
# Run from the repository root:  Rscript packages/validation/r/cox-zph-patterns.R
# Writes packages/validation/fixtures/cox-zph-patterns.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/cox-zph-patterns.json"

zph_case <- function(name, form, d, ties = "efron", weights = NULL, transforms = c("km", "rank", "identity")) {
  d$.w <- if (is.null(weights)) rep(1, nrow(d)) else as.numeric(weights)  # zph1.c reads REAL()
  # cox.zph re-reads the model frame through fit$call, so the data must be visible globally
  assign("zph_data", d, envir = .GlobalEnv)
  fit <- eval(bquote(coxph(.(form), data = zph_data, ties = .(ties), weights = .w, x = TRUE, y = TRUE)),
              envir = .GlobalEnv)
  X <- fit$x
  y <- fit$y
  ny <- ncol(y)
  asgn <- fit$assign
  data_json <- list(time = unname(y[, ny - 1]), event = unname(y[, ny]),
                    covariates = setNames(lapply(seq_len(ncol(X)), function(j) unname(X[, j])), colnames(X)))
  if (ny == 3) data_json$entry <- unname(y[, 1])
  if (!is.null(fit$strata)) data_json$strata <- as.character(fit$strata)
  if (!is.null(weights)) data_json$weights <- unname(fit$weights)
  terms <- lapply(asgn, function(k) I(colnames(X)[k]))
  tables <- lapply(transforms, function(tr) {
    z <- cox.zph(fit, transform = tr)
    tb <- z$table
    list(transform = tr,
         terms = lapply(seq_len(nrow(tb) - 1), function(i)
           list(name = rownames(tb)[i], chisq = tb[i, "chisq"], df = tb[i, "df"], pValue = tb[i, "p"])),
         global = list(chisq = tb[nrow(tb), "chisq"], df = tb[nrow(tb), "df"], pValue = tb[nrow(tb), "p"]))
  })
  list(name = name, ties = ties,
       call = sprintf("cox.zph(coxph(%s, ties = '%s'%s), transform = ...)", deparse(form), ties,
                      if (is.null(weights)) "" else ", weights = w"),
       data = data_json, terms = terms, coef = I(unname(coef(fit))), tables = tables)
}

lung_m <- na.omit(lung[, c("time", "status", "sex", "ph.ecog", "inst")])
lung_m$quarter <- ceiling(lung_m$time / 91.3125)
lung_m$ecog <- factor(lung_m$ph.ecog)
lung_m$site <- factor(ifelse(lung_m$inst <= 10, "low", "high"))
vet <- veteran
vet$quarter <- ceiling(vet$time / 91.3125)
cases <- list(
  zph_case("lung quarters: sex + factor(ecog), Efron", Surv(quarter, status) ~ sex + ecog, lung_m),
  zph_case("lung quarters: sex + factor(ecog), Breslow", Surv(quarter, status) ~ sex + ecog, lung_m, ties = "breslow"),
  zph_case("lung quarters: factor(ecog) + strata(site)", Surv(quarter, status) ~ ecog + strata(site), lung_m),
  zph_case("veteran quarters: trt + celltype + prior", Surv(quarter, status) ~ trt + celltype + prior, vet),
  zph_case("veteran quarters: trt, one column", Surv(quarter, status) ~ trt, vet),
  zph_case("veteran quarters with integer case weights, Efron", Surv(quarter, status) ~ trt + celltype, vet,
           weights = as.numeric(rep(1:3, length.out = nrow(vet))))
)
writeLines(toJSON(list(generator = "packages/validation/r/cox-zph-patterns.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")), cases = cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
