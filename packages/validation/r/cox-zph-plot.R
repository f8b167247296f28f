# Reference output for survkit's coxZphResiduals and coxZphSmooth: R survival 3.5-3's
# cox.zph(fit, transform, terms = FALSE) components x, time, y, var (scaled Schoenfeld residuals)
# and the curve plot.cox.zph draws through them (df = 4, nsmo = 40, se = TRUE: the code of
# survival's R/plot.cox.zph.R, with ns(..., intercept = TRUE), qr.coef and the ±2 SE band), for
# every column, on right-censored data with tied event times, Efron and Breslow, km/rank/identity.
#
# Run from the repository root:  Rscript packages/validation/r/cox-zph-plot.R
# Writes packages/validation/fixtures/cox-zph-plot.json.  R 4.2.2, survival 3.5-3, splines.
suppressPackageStartupMessages({ library(survival); library(splines); library(jsonlite) })
out_file <- "packages/validation/fixtures/cox-zph-plot.json"

# plot.cox.zph's smooth for column i, returned instead of drawn
zph_smooth <- function(z, i, df = 4, nsmo = 40) {
  xx <- z$x
  y <- z$y[, i]
  pred.x <- seq(from = min(xx), to = max(xx), length = nsmo)
  lmat <- ns(c(pred.x, xx), df = df, intercept = TRUE)
  pmat <- lmat[1:nsmo, ]
  xmat <- lmat[-(1:nsmo), ]
  qmat <- qr(xmat)
  yhat <- pmat %*% qr.coef(qmat, y)
  bk <- backsolve(qmat$qr[1:df, 1:df], diag(df))
  xtx <- bk %*% t(bk)
  seval <- ((pmat %*% xtx) * pmat) %*% rep(1, df)
  temp <- 2 * sqrt(z$var[i, i] * seval)
  list(x = pred.x, fit = drop(yhat), lower = drop(yhat - temp), upper = drop(yhat + temp))
}

plot_case <- function(name, form, d, ties = "efron", transform = "km") {
  assign("zph_data", d, envir = .GlobalEnv)
  fit <- eval(bquote(coxph(.(form), data = zph_data, ties = .(ties), x = TRUE, y = TRUE)), envir = .GlobalEnv)
  X <- fit$x
  z <- cox.zph(fit, transform = transform, terms = FALSE)
  list(name = name, ties = ties, transform = transform,
       call = sprintf("cox.zph(coxph(%s, ties = '%s'), transform = '%s', terms = FALSE)", deparse(form), ties, transform),
       data = list(time = unname(fit$y[, 1]), event = unname(fit$y[, 2]),
                   covariates = setNames(lapply(seq_len(ncol(X)), function(j) unname(X[, j])), colnames(X))),
       x = unname(z$x), time = unname(z$time),
       y = setNames(lapply(seq_len(ncol(X)), function(j) unname(z$y[, j])), colnames(X)),
       var = unname(z$var),
       smooth = setNames(lapply(seq_len(ncol(X)), function(j) zph_smooth(z, j)), colnames(X)))
}

lung_cc <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
cases <- list(
  plot_case("lung: age + sex + ph.ecog, Efron, km", Surv(time, status) ~ age + sex + ph.ecog, lung_cc),
  plot_case("lung: age + sex + ph.ecog, Breslow, km", Surv(time, status) ~ age + sex + ph.ecog, lung_cc, ties = "breslow"),
  plot_case("lung: age + sex, Efron, rank", Surv(time, status) ~ age + sex, lung_cc, transform = "rank"),
  plot_case("lung: age + sex, Efron, identity", Surv(time, status) ~ age + sex, lung_cc, transform = "identity"),
  plot_case("veteran: trt + celltype (3 columns) + karno, Efron, km", Surv(time, status) ~ trt + celltype + karno, veteran)
)
writeLines(toJSON(list(generator = "packages/validation/r/cox-zph-plot.R", r = R.version.string,
                       survival = as.character(packageVersion("survival")), cases = cases),
                  auto_unbox = TRUE, digits = NA, na = "null"), out_file)
cat("wrote", out_file, "\n")
