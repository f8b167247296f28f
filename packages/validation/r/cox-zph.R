# Reference output for survkit's coxZph: R survival 3.5-3's cox.zph (the score test of
# beta(t) = beta + theta * g(t), per term (terms = TRUE) and global), for transforms "km", "rank"
# and "identity", right-censored and counting-process data, strata, case weights, Efron and Breslow.
#
# Run from the repository root:  Rscript packages/validation/r/cox-zph.R
# Writes packages/validation/fixtures/cox-zph.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_file <- "packages/validation/fixtures/cox-zph.json"

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

lung_cc <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog", "wt.loss")])
vet <- veteran
cases <- list(
  zph_case("lung: age + sex + ph.ecog, Efron", Surv(time, status) ~ age + sex + ph.ecog, lung_cc),
  zph_case("lung: age + sex + ph.ecog, Breslow", Surv(time, status) ~ age + sex + ph.ecog, lung_cc, ties = "breslow"),
  zph_case("lung: age + ph.ecog + wt.loss + strata(sex)", Surv(time, status) ~ age + ph.ecog + wt.loss + strata(sex), lung_cc),
  zph_case("veteran: trt + celltype (3-column term) + karno", Surv(time, status) ~ trt + celltype + karno, vet),
  zph_case("heart (start, stop]: age + year + surgery + transplant", Surv(start, stop, event) ~ age + year + surgery + transplant,
           heart),
  zph_case("veteran with integer case weights, Breslow", Surv(time, status) ~ trt + karno + diagtime, vet, ties = "breslow",
           weights = as.numeric(rep(1:3, length.out = nrow(vet))))
)
writeLines(toJSON(list(generator = "packages/validation/r/cox-zph.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")), cases = cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
