# The built-in cohort as R reads it, shared by builtin-report.R and builtin-sensitivity.R: the CSV,
# eligibility, PFS/OS in months and the variables as factors, all re-derived from the definitions in
# packages/cohort/src/dictionary/builtinDictionary.ts; the Cox covariates of the built-in plan with
# their references, and a coxph wrapper that records R's infinite-coefficient warnings.
# Sourced from the repo root (the scripts' working directory); needs survival.
raw <- read.csv("packages/cohort/data/synthetic-her2-stage4-cohort.csv", stringsAsFactors = FALSE,
                na.strings = c("", "NA"), colClasses = "character")

# Eligibility (dictionary `eligibility`, in order): each excluded patient is counted under the first
# rule they fail.
rules <- list(
  "not invasive breast carcinoma" = function(d) d$invasive_carcinoma == "yes",
  "not metastatic at initial diagnosis" = function(d) d$de_novo_metastatic == "yes",
  "not HER2-positive" = function(d) d$her2_status == "positive",
  "no anti-HER2 therapy" = function(d) d$anti_her2_therapy == "yes",
  "other primary tumour or unknown primary" = function(d) d$other_primary == "no"
)
keep <- rep(TRUE, nrow(raw))
excluded <- list()
for (reason in names(rules)) {
  ok <- rules[[reason]](raw) %in% TRUE
  excluded[[length(excluded) + 1]] <- list(reason = reason, n = sum(keep & !ok))
  keep <- keep & ok
}
d <- raw[keep, ]
flow <- list(screened = nrow(raw), excluded = excluded, analysed = nrow(d))

# Endpoints (dictionary `endpoints`): months = days / (365.25 / 12) from diagnosis to the first event
# date, else to the last follow-up.
day <- function(x) as.numeric(as.Date(x))
dx <- day(d$date_diagnosis); pr <- day(d$date_progression)
de <- day(d$date_death); fu <- day(d$date_last_followup)
pfs_end <- pmin(pr, de, na.rm = TRUE)
d$PFS_event <- as.integer(!is.na(pfs_end))
d$PFS_time <- (ifelse(is.na(pfs_end), fu, pfs_end) - dx) / (365.25 / 12)
d$OS_event <- as.integer(!is.na(de))
d$OS_time <- (ifelse(is.na(de), fu, de) - dx) / (365.25 / 12)

# Variables as factors with the dictionary's levels (values as written in the CSV); "Unknown" and
# empty cells are missing where the dictionary says so. Derived variables as the dictionary derives them.
yn <- function(x) factor(x, levels = c("no", "yes"))
unknown <- function(x) ifelse(x %in% c("", "NA", "Unknown"), NA, x)
age <- as.numeric(d$age)
ki67 <- as.numeric(d$ki67)
nmet <- as.numeric(d$n_metastases)
sites <- c("met_bone", "met_lung", "met_liver", "met_soft_tissue", "met_brain", "met_other")
nsites <- rowSums(d[, sites] == "yes")
only <- function(site) yn(ifelse(nsites == 1 & d[[site]] == "yes", "yes", "no"))
v <- data.frame(
  surgery = yn(ifelse(d$primary_surgery %in% c("radical", "palliative"), "yes", "no")),
  # cut(breaks = 50) is closed on the left: 50 belongs to ">=50".
  age_group = factor(ifelse(age < 50, "<50", ">=50"), levels = c("<50", ">=50")),
  menstrual_status = factor(d$menstrual_status, levels = c("premenopausal", "postmenopausal")),
  pathological_type = factor(unknown(d$pathological_type), levels = c("ductal", "lobular")),
  ecog = factor(d$ecog, levels = c("0", "1", "2")),
  t_stage = factor(d$t_stage, levels = c("T0-2", "T3-4")),
  n_stage = factor(d$n_stage, levels = c("N0-1", "N2-3")),
  grade = factor(unknown(d$grade), levels = c("1", "2", "3")),
  er_status = factor(d$er_status, levels = c("negative", "positive")),
  pr_status = factor(d$pr_status, levels = c("negative", "positive")),
  hr_status = factor(ifelse(d$er_status == "positive" | d$pr_status == "positive", "positive", "negative"),
                     levels = c("negative", "positive")),
  ki67_group = factor(ifelse(ki67 < 15, "<15%", ">=15%"), levels = c("<15%", ">=15%")),
  met_bone = yn(d$met_bone), met_lung = yn(d$met_lung), met_liver = yn(d$met_liver),
  only_soft_tissue = only("met_soft_tissue"),
  only_bone = only("met_bone"),
  one_site = yn(ifelse(nsites == 1, "yes", "no")),
  visceral = yn(ifelse(d$met_lung == "yes" | d$met_liver == "yes" | d$met_brain == "yes", "yes", "no")),
  n_metastases_group = factor(ifelse(nmet < 2, "1", ifelse(nmet < 4, "2-3", ">=4")), levels = c("1", "2-3", ">=4")),
  first_line_therapy = factor(d$first_line_therapy, levels = c("trastuzumab", "trastuzumab_pertuzumab")),
  PFS_time = d$PFS_time, PFS_event = d$PFS_event, OS_time = d$OS_time, OS_event = d$OS_event,
  stringsAsFactors = FALSE
)
# Display order of the groups (plan `group.order`) and the hazard-ratio reference ("no").
group_order <- c("yes", "no")

# Cox models (Efron ties) with the plan's reference levels; Wald CI and p per level, likelihood-ratio
# p per variable (summary()$logtest of the univariate model, the test the plan's selection rule uses).
covariates <- c(ecog = "0", t_stage = "T0-2", met_lung = "no", met_liver = "no", only_bone = "no",
                one_site = "no", visceral = "no", first_line_therapy = "trastuzumab", surgery = "no")
cv <- v
for (name in names(covariates)) cv[[name]] <- relevel(cv[[name]], ref = covariates[[name]])

# A fit whose partial likelihood has no finite maximum makes coxph warn ("Loglik converged before
# variable k ; coefficient may be infinite."); its HR is then not a number to compare, only to flag.
fit_cox <- function(formula, data) {
  warnings <- character(0)
  fit <- withCallingHandlers(coxph(formula, data = data, ties = "efron"), warning = function(w) {
    warnings <<- c(warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  infinite <- integer(0)
  for (w in warnings) {
    m <- regmatches(w, regexpr("variables? [0-9 ,]+", w))
    if (length(m) == 1) infinite <- c(infinite, as.integer(strsplit(trimws(sub("variables? ", "", m)), "[ ,]+")[[1]]))
  }
  list(fit = fit, warnings = warnings, infinite = infinite)
}
