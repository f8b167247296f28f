# Reference numbers for a three-arm study with continuous covariates and missing values: R's
# survival::colon (death records), the arms Obs / Lev / Lev+5FU, age and positive nodes entered
# linearly (age per 10 years), nodes and differentiation partly missing, time in days.
# Writes the test cohort (apps/report/test/fixtures/colon3/colon3.csv; its dictionary and plans sit
# beside it) and the oracle apps/report/test/fixtures/colon3-r.json.
# Run from the repo root: Rscript apps/report/test/r/kArm-continuous.R   (R 4.2, survival, jsonlite)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
dir <- "apps/report/test/fixtures"
d <- survival::colon[survival::colon$etype == 2, c("id", "rx", "sex", "age", "obstruct", "nodes", "differ", "etype", "time", "status")]
write.csv(d, file.path(dir, "colon3", "colon3.csv"), row.names = FALSE, na = "")

d$rx <- factor(d$rx, levels = c("Obs", "Lev", "Lev+5FU"))
d$sex <- factor(d$sex, levels = c(0, 1))
d$obstruct <- factor(d$obstruct, levels = c(0, 1))
d$differ <- relevel(factor(d$differ, levels = c(1, 2, 3)), ref = "2")
d$etype <- factor(d$etype, levels = c(1, 2))
d$age10 <- d$age / 10  # exp(coef) per 10 years = exp(10 beta) of the per-year model

# Each coefficient of a fit, named by its design column, with the HR per `per` units.
terms_of <- function(fit, per = 1) {
  b <- coef(fit); se <- sqrt(diag(vcov(fit))); z <- qnorm(0.975)
  lapply(seq_along(b), function(i) {
    if (is.na(b[i])) return(list(term = names(b)[i], hazardRatio = NULL, lower = NULL, upper = NULL, pValue = NULL))
    list(term = names(b)[i], hazardRatio = exp(per * b[[i]]), lower = exp(per * (b[[i]] - z * se[[i]])),
         upper = exp(per * (b[[i]] + z * se[[i]])), pValue = 2 * pnorm(-abs(b[[i]] / se[[i]])))
  })
}
per <- c(age = 10)
fit_on <- function(vars, data) {
  cc <- data[complete.cases(data[, vars, drop = FALSE]), ]
  coxph(reformulate(vars, "Surv(time, status)"), data = cc, ties = "efron")
}
univariate <- function(v, data) {
  fit <- suppressWarnings(fit_on(v, data))
  df <- sum(!is.na(coef(fit)))
  lr <- 2 * diff(fit$loglik)
  list(variable = v, n = fit$n, events = fit$nevent, terms = terms_of(fit, if (v %in% names(per)) per[[v]] else 1),
       lrtDf = df, lrtP = if (df > 0) pchisq(lr, df, lower.tail = FALSE) else NULL)
}
multivariable <- function(vars, data) {
  fit <- suppressWarnings(fit_on(vars, data))
  b <- coef(fit); se <- sqrt(diag(vcov(fit))); z <- qnorm(0.975)
  t <- lapply(seq_along(b), function(i) {
    v <- vars[startsWith(names(b)[i], vars)][1]
    k <- if (v %in% names(per)) per[[v]] else 1
    if (is.na(b[i])) return(list(term = names(b)[i], hazardRatio = NULL, lower = NULL, upper = NULL, pValue = NULL))
    list(term = names(b)[i], hazardRatio = exp(k * b[[i]]), lower = exp(k * (b[[i]] - z * se[[i]])),
         upper = exp(k * (b[[i]] + z * se[[i]])), pValue = 2 * pnorm(-abs(b[[i]] / se[[i]])))
  })
  list(variables = vars, n = fit$n, events = fit$nevent, terms = t)
}

covariates <- c("rx", "age", "nodes", "sex", "obstruct", "differ")
uni <- lapply(covariates, univariate, data = d)
lrp <- sapply(uni, function(u) if (is.null(u$lrtP)) NA else u$lrtP)
selected <- covariates[covariates == "rx" | (!is.na(lrp) & lrp < 0.05)]
multi <- multivariable(selected, d)

# Forest: rx HRs (Lev, Lev+5FU vs Obs) within each level; interaction LR test with its df.
forest_level <- function(s, label) {
  fit <- coxph(Surv(time, status) ~ rx, data = s, ties = "efron")
  list(level = label, n = nrow(s), events = sum(s$status), terms = terms_of(fit))
}
forest <- lapply(c("sex", "obstruct"), function(v) {
  cc <- d[!is.na(d[[v]]), ]
  levels <- lapply(levels(cc[[v]]), function(l) forest_level(cc[cc[[v]] == l, ], l))
  a <- anova(coxph(as.formula(paste("Surv(time, status) ~ rx +", v)), data = cc, ties = "efron"),
             coxph(as.formula(paste("Surv(time, status) ~ rx *", v)), data = cc, ties = "efron"))
  list(variable = v, levels = levels, interaction = list(statistic = a$Chisq[2], df = a$Df[2], pValue = a[["Pr(>|Chi|)"]][2]))
})

# survminer::pairwise_survdiff logic: survdiff on each pair (pairwise.table order), then p.adjust.
pairwise <- function(data, method) {
  lv <- levels(data$rx); rows <- list(); p <- c()
  for (i in 2:length(lv)) for (j in 1:(i - 1)) {
    s <- data[data$rx %in% c(lv[i], lv[j]), ]
    s$rx <- droplevels(s$rx)
    sd <- survdiff(Surv(time, status) ~ rx, data = s)
    pv <- pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE)
    rows[[length(rows) + 1]] <- list(first = lv[j], second = lv[i], statistic = sd$chisq, pValue = pv)
    p <- c(p, pv)
  }
  adj <- p.adjust(p, method)
  for (k in seq_along(rows)) rows[[k]]$adjustedP <- adj[k]
  list(adjust = method, rows = rows)
}
female <- d[d$sex == "0", ]
sdf <- survdiff(Surv(time, status) ~ rx, data = female)

# Constant covariate (every record is a death record): R keeps it and reports NA (colon3-constant-plan.yaml).
constant_uni <- lapply(c("rx", "age", "etype"), univariate, data = d)
constant_multi <- multivariable(c("rx", "age", "etype"), d)

# An arm absent from a subgroup level (no Lev patient with obstruction): the interaction loses that
# product term (NA), so its LR test has 1 df, not (k - 1)(m - 1) = 2.
e <- d[!(d$rx == "Lev" & d$obstruct == "1"), ]
ea <- anova(coxph(Surv(time, status) ~ rx + obstruct, data = e, ties = "efron"),
            coxph(Surv(time, status) ~ rx * obstruct, data = e, ties = "efron"))
eyes <- e[e$obstruct == "1", ]
absent <- list(n = nrow(e),
               interaction = list(statistic = ea$Chisq[2], df = ea$Df[2], pValue = ea[["Pr(>|Chi|)"]][2]),
               obstructed = list(n = nrow(eyes), events = sum(eyes$status),
                                 terms = terms_of(coxph(Surv(time, status) ~ droplevels(rx), data = eyes, ties = "efron"))))

out <- list(
  generatedBy = "apps/report/test/r/kArm-continuous.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  n = nrow(d), events = sum(d$status),
  univariate = uni, selected = selected, multivariable = multi,
  forest = forest,
  overallForest = forest_level(d, "Overall"),
  pairwiseHolm = pairwise(d, "holm"), pairwiseBonferroni = pairwise(d, "bonferroni"),
  subgroupFemale = list(n = nrow(female), statistic = sdf$chisq, df = length(sdf$n) - 1,
                        pValue = pchisq(sdf$chisq, length(sdf$n) - 1, lower.tail = FALSE)),
  constant = list(univariate = constant_uni, multivariable = constant_multi),
  absentArm = absent
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(dir, "colon3-r.json"))
