# Reference output for survkit's coxZphResiduals and coxZphSmooth on models whose covariates are
# all categorical, with times grouped into quarters of a year or months (heavily tied): the data on which
# coxZphResiduals sums the information by covariate pattern (coxZphResidualsPatterns.ts). Same
# components as cox-zph-plot.R, whose helpers (zph_smooth, plot_case) are read from that file.
#
# Run from the repository root:  Rscript packages/validation/r/cox-zph-plot-patterns.R
# Writes packages/validation/fixtures/cox-zph-plot-patterns.json.  R 4.2.2, survival 3.5-3, splines.
suppressPackageStartupMessages({ library(survival); library(splines); library(jsonlite) })
out_file <- "packages/validation/fixtures/cox-zph-plot-patterns.json"
for (e in parse("packages/validation/r/cox-zph-plot.R"))
  if (is.call(e) && identical(e[[1]], as.name("<-")) && as.character(e[[2]]) %in% c("zph_smooth", "plot_case"))
    eval(e, envir = .GlobalEnv)

lung_q <- na.omit(lung[, c("time", "status", "sex", "ph.ecog")])
lung_q$quarter <- ceiling(lung_q$time / 91.3125)
lung_q$ecog <- factor(lung_q$ph.ecog)
vet <- veteran
vet$month <- ceiling(vet$time / 30.4375)
cases <- list(
  plot_case("lung quarters: sex + factor(ecog), Efron, km", Surv(quarter, status) ~ sex + ecog, lung_q),
  plot_case("lung quarters: sex + factor(ecog), Breslow, km", Surv(quarter, status) ~ sex + ecog, lung_q, ties = "breslow"),
  plot_case("veteran months: trt + celltype + prior, Efron, rank", Surv(month, status) ~ trt + celltype + prior, vet,
            transform = "rank"),
  plot_case("veteran months: trt, Efron, identity", Surv(month, status) ~ trt, vet, transform = "identity")
)
writeLines(toJSON(list(generator = "packages/validation/r/cox-zph-plot-patterns.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")), cases = cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
