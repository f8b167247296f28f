# Reference numbers for a three-arm trial compared on two of its arms, with times in days shown in
# years, and Table 1 tests with missing values excluded or counted as a category (issue 9 items 4-6).
# Data: R's survival::colon, death records (etype == 2): rx Obs / Lev / Lev+5FU, 929 patients,
# differ (23 missing) and nodes (18 missing). The plan (test/fixtures/colon-arms/colon-plan.yaml)
# compares Lev+5FU with Obs, so the 310 Lev patients are left out of every number.
# Run from the repo root: Rscript apps/report/test/r/colon-arms.R
# (R 4.2.2, survival 3.5-3, jsonlite). Writes test/fixtures/colon-arms/colon.csv (the data the
# report reads) and test/fixtures/colon-arms/colon-r.json (the oracle).
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out <- "apps/report/test/fixtures/colon-arms"

d <- survival::colon[survival::colon$etype == 2, ]
csv <- data.frame(id = d$id, rx = as.character(d$rx), sex = d$sex, age = d$age, obstruct = d$obstruct,
                  differ = d$differ, nodes = d$nodes, time = d$time, status = d$status)
write.csv(csv, file.path(out, "colon.csv"), row.names = FALSE, na = "")

# As colon-dictionary.json derives it: nodes cut at 5 (closed on the left), missing stays missing.
d$nodes_group <- factor(ifelse(d$nodes < 5, "0-4", "5+"), levels = c("0-4", "5+"))
d$differ_f <- factor(d$differ, levels = 1:3)
d$sex_f <- factor(d$sex, levels = 0:1)

table1 <- function(x, arms) {
  x$rx <- factor(as.character(x$rx), levels = arms)
  # missing "exclude": R's table() drops NA; "category": addNA() keeps it as one more level.
  cat_p <- function(v) list(
    exclude = chisq.test(table(x$rx, x[[v]]), correct = FALSE)$p.value,
    category = chisq.test(table(x$rx, addNA(x[[v]], ifany = TRUE)), correct = FALSE)$p.value,
    fisher_exclude = fisher.test(table(x$rx, x[[v]]), workspace = 2e8)$p.value,
    fisher_category = fisher.test(table(x$rx, addNA(x[[v]], ifany = TRUE)), workspace = 2e8)$p.value
  )
  rank_p <- function(v) if (length(arms) == 2) wilcox.test(x[[v]] ~ x$rx)$p.value else kruskal.test(x[[v]] ~ x$rx)$p.value
  list(n = as.list(table(x$rx)), sex = cat_p("sex_f"), differ = cat_p("differ_f"),
       nodes_group = cat_p("nodes_group"), age = rank_p("age"), nodes = rank_p("nodes"))
}

km <- function(fit, times) {
  s <- summary(fit, times = times, extend = FALSE)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  list(
    # I(): one curve stays an array in the JSON (auto_unbox would make it a number).
    median = I(unname(tab[, "median"])), lower = I(unname(tab[, "0.95LCL"])), upper = I(unname(tab[, "0.95UCL"])),
    n = I(unname(tab[, "records"])), events = I(unname(tab[, "events"])),
    landmark_strata = if (is.null(s$strata)) rep("all", length(s$time)) else as.character(s$strata),
    landmark_time = s$time, landmark_surv = s$surv, landmark_lower = s$lower, landmark_upper = s$upper
  )
}

r <- d[d$rx %in% c("Obs", "Lev+5FU"), ]
r$rx <- factor(as.character(r$rx), levels = c("Lev+5FU", "Obs"))
r$years <- r$time / 365.25
by_arm <- survfit(Surv(years, status) ~ rx, data = r)
sd <- survdiff(Surv(years, status) ~ rx, data = r)
cox <- coxph(Surv(time, status) ~ relevel(rx, ref = "Obs"), data = r, ties = "efron")
cs <- summary(cox)

res <- list(
  flow = list(screened = nrow(d), not_compared_Lev = sum(d$rx == "Lev"), analysed = nrow(r)),
  table1_two_arms = table1(r, c("Lev+5FU", "Obs")),
  table1_three_arms = table1(d, c("Obs", "Lev", "Lev+5FU")),
  km_years = km(by_arm, c(1, 3, 5)),
  km_years_overall = km(survfit(Surv(years, status) ~ 1, data = r), c(1, 3, 5)),
  km_days = km(survfit(Surv(time, status) ~ rx, data = r), c(365, 1095)),
  logrank = list(chisq = sd$chisq, df = length(sd$n) - 1, p = pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE)),
  cox = list(hr = unname(cs$conf.int[1, "exp(coef)"]), lower = unname(cs$conf.int[1, "lower .95"]),
             upper = unname(cs$conf.int[1, "upper .95"]), p = unname(cs$coefficients[1, "Pr(>|z|)"]),
             n = cox$n, events = cox$nevent),
  r_version = R.version.string, survival_version = as.character(packageVersion("survival"))
)
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), file.path(out, "colon-r.json"))
