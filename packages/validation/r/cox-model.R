# Reference output for survkit's Cox modelling layer (fitCoxModel / univariateCoxScreen /
# multivariableCox): factors with relevel(), complete-case rows, per-level HR/CI/p as
# summary(coxph(...)), per-variable likelihood-ratio tests (full model against the model refitted
# without the variable, on the same rows) and block Wald tests, R's "coefficient may be infinite"
# flag, and cox.zph(fit)$table with one joint test per variable.
#
# Run from the repository root:  Rscript packages/validation/r/cox-model.R
# Writes packages/validation/fixtures/cox-model.json.  R 4.2.2, survival 3.5-3.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

out_file <- "packages/validation/fixtures/cox-model.json"
num <- function(x) { x <- as.numeric(x); x[!is.finite(x)] <- NA; x }
# Result vectors keep R's infinities as the strings "Inf"/"-Inf" (JSON has no Inf); NA -> null.
numl <- function(x) I(lapply(as.numeric(x), function(v)
  if (is.na(v)) NA else if (is.infinite(v)) (if (v > 0) "Inf" else "-Inf") else v))

# A frame in survkit's ModelFrame shape: factors as level names + 0-based codes (-1 = NA).
frame_json <- function(df, time, event, vars, refs = list()) {
  variables <- list()
  for (v in vars) {
    x <- df[[v]]
    if (is.factor(x)) {
      codes <- as.integer(x) - 1L
      codes[is.na(codes)] <- -1L
      entry <- list(type = "categorical", levels = levels(x), codes = codes)
      if (!is.null(refs[[v]])) entry$reference <- refs[[v]]
      variables[[v]] <- entry
    } else {
      variables[[v]] <- list(type = "numeric", values = num(x))
    }
  }
  list(time = num(df[[time]]), event = num(df[[event]]), variables = variables)
}

# One model: coxph on the complete cases, with the factor reference levels applied by relevel().
# `refs` maps variable -> reference level.  Empty levels are dropped (droplevels) so that R's
# design matches survkit's, which drops them with a warning instead of reporting an NA column.
fit_model <- function(df, vars, refs, ties = "efron", conf = 0.95) {
  d <- df[complete.cases(df[, c("time", "event", vars)]), , drop = FALSE]
  for (v in vars) if (is.factor(d[[v]])) {
    d[[v]] <- droplevels(d[[v]])
    if (!is.null(refs[[v]]) && refs[[v]] %in% levels(d[[v]])) d[[v]] <- relevel(d[[v]], ref = refs[[v]])
  }
  f <- as.formula(paste("Surv(time, event) ~", paste(sprintf("`%s`", vars), collapse = " + ")))
  warns <- character(0)
  # cox.zph re-reads the model frame through fit$call, so the data must be visible globally
  assign("model_data", d, envir = .GlobalEnv)
  fit <- withCallingHandlers(eval(bquote(coxph(.(f), data = model_data, ties = .(ties))), envir = .GlobalEnv),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  zt <- cox.zph(fit, transform = "km")$table
  zph <- list(transform = "km",
              terms = lapply(seq_len(nrow(zt) - 1), function(i)
                list(name = rownames(zt)[i], chisq = zt[i, "chisq"], df = zt[i, "df"], pValue = zt[i, "p"])),
              global = list(chisq = zt[nrow(zt), "chisq"], df = zt[nrow(zt), "df"], pValue = zt[nrow(zt), "p"]))
  s <- summary(fit, conf.int = conf)
  # survkit's column names: variable=level for factors, the variable for numerics
  asg <- attr(model.matrix(fit), "assign")
  nm <- character(0)
  for (k in seq_along(vars)) {
    v <- vars[k]
    if (is.factor(d[[v]])) nm <- c(nm, paste0(v, "=", levels(d[[v]])[-1])) else nm <- c(nm, v)
  }
  inf <- integer(0)
  for (w in warns) if (grepl("coefficient may be infinite", w)) {
    idx <- sub("^Loglik converged before variable +([0-9, ]+) ?;.*$", "\\1", w)
    inf <- c(inf, as.integer(strsplit(gsub(" ", "", idx), ",")[[1]]))
  }
  b <- coef(fit); V <- vcov(fit)
  tests <- lapply(seq_along(vars), function(k) {
    cols <- which(asg == k)
    ok <- cols[!is.na(b[cols])]
    wald <- drop(t(b[ok]) %*% solve(V[ok, ok, drop = FALSE], b[ok]))
    if (length(vars) == 1) {
      lr <- 2 * (fit$loglik[2] - fit$loglik[1]); df_lr <- length(ok)
    } else {
      f0 <- as.formula(paste("Surv(time, event) ~", paste(sprintf("`%s`", vars[-k]), collapse = " + ")))
      fit0 <- suppressWarnings(coxph(f0, data = d, ties = ties))
      lr <- 2 * (fit$loglik[2] - fit0$loglik[2]); df_lr <- sum(!is.na(b)) - sum(!is.na(coef(fit0)))
    }
    list(variable = vars[k],
         lrt = list(statistic = lr, df = df_lr, pValue = pchisq(lr, df_lr, lower.tail = FALSE)),
         wald = list(statistic = wald, df = length(ok), pValue = pchisq(wald, length(ok), lower.tail = FALSE)))
  })
  list(
    variables = I(vars), references = refs, ties = ties, confLevel = conf,
    call = sprintf("summary(coxph(%s, data = complete cases, ties = '%s'), conf.int = %s)", deparse(f), ties, conf),
    n = fit$n, nEvents = fit$nevent, nDropped = nrow(df) - fit$n,
    loglik = numl(fit$loglik),
    terms = list(name = I(nm), coef = numl(b), se = numl(sqrt(diag(V))),
                 hazardRatio = numl(s$conf.int[, 1]), lower = numl(s$conf.int[, 3]),
                 upper = numl(s$conf.int[, 4]), pValue = numl(s$coefficients[, 5])),
    infinite = I(nm[inf]),
    termTests = tests,
    phTest = zph,
    warnings = I(warns)
  )
}

cases <- list()

# lung: ECOG as a factor (reference 0, and by relevel reference 1), sex, numeric age and weight loss
lung2 <- data.frame(time = lung$time, event = as.integer(lung$status == 2),
                    ecog = factor(lung$ph.ecog, levels = 0:3),
                    sex = factor(lung$sex, levels = 1:2, labels = c("male", "female")),
                    age = lung$age, wt.loss = lung$wt.loss)
lung_vars <- c("ecog", "sex", "age", "wt.loss")
for (refs in list(list(ecog = "0", sex = "male"), list(ecog = "1", sex = "female"))) {
  models <- list()
  for (v in lung_vars) models[[length(models) + 1]] <- fit_model(lung2, v, refs)
  models[[length(models) + 1]] <- fit_model(lung2, lung_vars, refs)
  models[[length(models) + 1]] <- fit_model(lung2, c("ecog", "sex"), refs, ties = "breslow", conf = 0.9)
  cases[[length(cases) + 1]] <- list(
    name = sprintf("lung, ecog ref %s, sex ref %s", refs$ecog, refs$sex),
    frame = frame_json(lung2, "time", "event", lung_vars, refs), models = models)
}

# lung without the single ECOG 3 patient: level 3 is empty and must be dropped with a warning
lung3 <- lung2[is.na(lung2$ecog) | lung2$ecog != "3", ]
cases[[length(cases) + 1]] <- list(
  name = "lung without ECOG 3 (empty level dropped)",
  frame = frame_json(lung3, "time", "event", c("ecog", "sex"), list(ecog = "0")),
  models = list(fit_model(lung3, "ecog", list(ecog = "0")), fit_model(lung3, c("ecog", "sex"), list(ecog = "0"))))

# veteran: cell type against "large", treatment, Karnofsky score, prior therapy
vet <- data.frame(time = veteran$time, event = veteran$status,
                  celltype = factor(veteran$celltype), trt = factor(veteran$trt, labels = c("standard", "test")),
                  karno = veteran$karno, prior = factor(veteran$prior, levels = c(0, 10), labels = c("no", "yes")))
vet_refs <- list(celltype = "large", trt = "standard", prior = "no")
vet_vars <- c("celltype", "trt", "karno", "prior")
vm <- lapply(vet_vars, function(v) fit_model(vet, v, vet_refs))
vm[[length(vm) + 1]] <- fit_model(vet, vet_vars, vet_refs)
cases[[length(cases) + 1]] <- list(name = "veteran, celltype ref large",
  frame = frame_json(vet, "time", "event", vet_vars, vet_refs), models = vm)

# Monotone likelihood, two ways R meets it.  (1) A "c" group of four patients, all censored (as the
# paper's Table 3 ECOG 2 row in the multivariable model): the coefficient runs to -infinity and R warns
# "Loglik converged before variable 2 ; coefficient may be infinite." with a huge SE and p ~ 0.997.
# (2) A single "c" patient with the very first death: the information collapses during the iterations
# and R reports the coefficient as NA without a warning.
set.seed(20240501)
nm <- 60
mono <- data.frame(time = round(rexp(nm, 0.1), 1) + 1, event = rbinom(nm, 1, 0.7))
mono$grp <- factor(sample(c("a", "b"), nm, replace = TRUE), levels = c("a", "b", "c"))
mono$x <- round(rnorm(nm), 2)
m_cens <- mono
m_cens$grp[which(mono$event == 0)[1:4]] <- "c"
m_cens$x[c(5, 17)] <- NA
cases[[length(cases) + 1]] <- list(name = "monotone likelihood: a 'c' group of four, all censored",
  frame = frame_json(m_cens, "time", "event", c("grp", "x"), list(grp = "a")),
  models = list(fit_model(m_cens, "grp", list(grp = "a")), fit_model(m_cens, c("grp", "x"), list(grp = "a"))))
m_first <- mono
first <- which.min(m_first$time)
m_first$time[first] <- 0.5; m_first$event[first] <- 1; m_first$grp[first] <- "c"
cases[[length(cases) + 1]] <- list(name = "monotone likelihood: single 'c' patient with the first death (R: NA)",
  frame = frame_json(m_first, "time", "event", c("grp", "x"), list(grp = "a")),
  models = list(fit_model(m_first, "grp", list(grp = "a")), fit_model(m_first, c("grp", "x"), list(grp = "a"))))

writeLines(toJSON(list(generator = "packages/validation/r/cox-model.R",
                       r = R.version.string, survival = as.character(packageVersion("survival")),
                       cases = cases), auto_unbox = TRUE, digits = NA, na = "null", null = "null"), out_file)
cat("wrote", out_file, "\n")
