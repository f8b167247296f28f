# Reference output for survkit's coxZph on models whose covariates are all categorical and whose
# times are tied (grouped into quarters of a year): the data on which coxZph sums by (event time × covariate
# pattern) cells (packages/stats/src/regression/coxZphCells.ts) instead of walking the rows.
# R survival 3.5-3's cox.zph(fit, transform)$table; zph_case is read from cox-zph.R.
#
# Run from the repository root:  Rscript packages/validation/r/cox-zph-patterns.R
# Writes packages/validation/fixtures/cox-zph-patterns.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/cox-zph-patterns.json"

for (e in parse("packages/validation/r/cox-zph.R"))
  if (is.call(e) && identical(e[[1]], as.name("<-")) && identical(as.character(e[[2]]), "zph_case"))
    eval(e, envir = .GlobalEnv)

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
