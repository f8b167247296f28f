# The example studies as examples-report.R analyses them: each dictionary's variables, the derived
# variables the plan uses, eligibility rules and endpoints written again in R (examples/<name>/<name>-dictionary.json),
# and each plan's choices (examples/<name>/<name>-plan.yaml). `cox` is the plan's Cox covariate list,
# continuous variables entered as numbers (HR per unit and per `per`).
# Sourced by examples-report.R (run from the repo root).

# Endpoint times are recorded in days (the dictionaries' timeUnit); `timeUnit` of a study is the
# plan's display unit, in which its landmarks are given.
endpoint <- function(name, time, is_event) {
  list(name = name, time = time, event = paste0(name, "_event"), is_event = is_event)
}
categorical <- function(variable, reference) list(variable = variable, reference = reference)
continuous <- function(variable, per = NULL) list(variable = variable, per = per)

veteran <- list(
  name = "veteran",
  csv = "examples/veteran/veteran.csv",
  eligibility = list(),
  variables = function(d) {
    d$trt <- factor(d$trt, levels = c("standard", "test"))
    d$celltype <- factor(d$celltype, levels = c("squamous", "smallcell", "adeno", "large"))
    d$karno_group <- cut_left(d$karno, 60, c("<60", ">=60"))
    d$prior <- yes_no(d$prior)
    d
  },
  endpoints = list(endpoint("OS", "time", function(d) d$status == "dead")),
  group = list(variable = "celltype", order = c("squamous", "smallcell", "adeno", "large"), reference = "squamous"),
  table1 = c("trt", "karno", "karno_group", "diagtime", "age", "prior"),
  timeUnit = "days",
  landmarks = c(90, 180, 365),
  cox = list(categorical("celltype", "squamous"), categorical("trt", "standard"), continuous("karno", 10),
             continuous("age", 10), continuous("diagtime"), categorical("prior", "no")),
  multivariable = list(rule = "explicit", variables = c("celltype", "trt", "karno")),
  forest = c("trt", "karno_group", "prior"),
  subgroupKm = list(),
  sensitivity = list(rare = FALSE)
)

pbc <- list(
  name = "pbc",
  csv = "examples/pbc/pbc.csv",
  eligibility = list(list(reason = "not randomised, no treatment arm", include = function(d) !is.na(d$trt))),
  variables = function(d) {
    d$trt <- factor(d$trt, levels = c("dpenicillamine", "placebo"))
    d$age_group <- cut_left(d$age, 50, c("<50", ">=50"))
    d$sex <- factor(d$sex, levels = c("female", "male"))
    for (v in c("ascites", "hepato", "spiders")) d[[v]] <- yes_no(d[[v]])
    d$edema <- factor(d$edema, levels = c("none", "untreated", "resistant"))
    d$bili_group <- cut_left(d$bili, 2, c("<2", ">=2"))
    d$stage <- factor(d$stage, levels = c("1", "2", "3", "4"))
    d
  },
  endpoints = list(endpoint("OS", "time", function(d) d$status == "dead")),
  group = list(variable = "trt", order = c("dpenicillamine", "placebo"), reference = "placebo"),
  table1 = c("age", "sex", "stage", "edema", "ascites", "hepato", "spiders", "bili", "albumin", "chol", "copper",
             "alk.phos", "ast", "trig", "platelet", "protime"),
  timeUnit = "years",
  landmarks = c(1, 5, 10),
  cox = list(categorical("trt", "placebo"), continuous("age", 10), categorical("sex", "female"),
             categorical("edema", "none"), continuous("bili"), continuous("albumin"),
             continuous("copper", 100), continuous("protime"), categorical("stage", "1")),
  multivariable = list(rule = "explicit",
                                 variables = c("trt", "age", "edema", "bili", "albumin", "copper", "protime", "stage")),
  forest = c("age_group", "sex", "bili_group"),
  subgroupKm = list(list(variable = "bili_group", level = ">=2"))
)

gbsg <- list(
  name = "gbsg",
  csv = "examples/gbsg/gbsg.csv",
  eligibility = list(),
  variables = function(d) {
    d$meno <- factor(d$meno, levels = c("premenopausal", "postmenopausal"))
    d$grade <- factor(d$grade, levels = c("1", "2", "3"))
    d$nodes_group <- cut_left(d$nodes, c(4, 10), c("1-3", "4-9", ">=10"))
    d$pgr_status <- cut_left(d$pgr, 10, c("negative", "positive"))
    d$hormon <- factor(d$hormon, levels = c("yes", "no"))
    d
  },
  endpoints = list(endpoint("RFS", "rfstime", function(d) d$status == "recurrence_or_death")),
  group = list(variable = "hormon", order = c("yes", "no"), reference = "no"),
  table1 = c("age", "meno", "size", "grade", "nodes", "pgr", "er"),
  timeUnit = "months",
  landmarks = c(12, 36, 60),
  cox = list(categorical("hormon", "no"), continuous("age", 10), categorical("meno", "premenopausal"),
             continuous("size", 10), categorical("grade", "1"), continuous("nodes"), continuous("pgr", 100),
             continuous("er", 100)),
  multivariable = list(rule = "univariate-p", pBelow = 0.05, alwaysInclude = "hormon"),
  forest = c("meno", "grade", "nodes_group", "pgr_status"),
  subgroupKm = list(list(variable = "meno", level = "postmenopausal")),
  # sensitivity: cox.zph, RMST at survRM2's default tau, E-value with a common outcome
  sensitivity = list(rare = FALSE)
)

studies <- list(veteran, pbc, gbsg)
