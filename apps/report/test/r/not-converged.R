# Reference for a Cox model whose iterations run out (the sweep of 2 December 2026): the first
# squamous, small-cell and adeno patients of survival::veteran as examples/veteran/veteran.csv has
# them (ids 1, 16, 46: three arms of one patient, all dead, all on the standard treatment). Each
# arm's only patient dies while the others are at risk in the same order as their arms, so the
# partial likelihood has no finite maximum along the cell-type coefficients and R's coxph stops at
# iter.max with "Ran out of iterations and did not converge"; the time from diagnosis alone
# converges. Per univariable model of the veteran plan's covariates (and the multivariable model
# on cell type, treatment and Karnofsky score): whether R warned, its iterations, and its
# coefficients and HRs when it converged.
# Run from the repo root: Rscript apps/report/test/r/not-converged.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes apps/report/test/fixtures/not-converged-r.json.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
v <- read.csv("examples/veteran/veteran.csv")
d <- v[v$id %in% c(1, 16, 46), ]
stopifnot(nrow(d) == 3)
d$event <- as.integer(d$status == "dead")
d$celltype <- factor(d$celltype, levels = c("squamous", "smallcell", "adeno", "large"))
d$trt <- factor(d$trt, levels = c("standard", "test"))
d$prior <- factor(d$prior, levels = c("no", "yes"))
d$karno10 <- d$karno / 10
d$age10 <- d$age / 10

cox <- function(terms) {
  ranOut <- FALSE
  fit <- withCallingHandlers(
    coxph(as.formula(paste("Surv(time, event) ~", paste(terms, collapse = " + "))), data = d, ties = "efron"),
    warning = function(w) {
      if (grepl("Ran out of iterations", conditionMessage(w))) ranOut <<- TRUE
      invokeRestart("muffleWarning")
    })
  co <- coef(fit)
  list(terms = terms, ranOutOfIterations = ranOut, iterations = fit$iter,
       coef = if (ranOut) NULL else as.list(co[!is.na(co)]),
       hazardRatio = if (ranOut) NULL else as.list(exp(co[!is.na(co)])))
}
out <- list(
  univariate = list(celltype = cox("celltype"), karno = cox("karno10"), age = cox("age10"),
                    diagtime = cox("diagtime"), prior = cox("prior")),
  multivariable = cox(c("celltype", "trt", "karno10"))
)
write_json(out, "apps/report/test/fixtures/not-converged-r.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
