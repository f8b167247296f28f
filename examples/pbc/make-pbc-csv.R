# Exports R's survival::pbc (Mayo Clinic primary biliary cholangitis data; Fleming & Harrington,
# Counting Processes and Survival Analysis, 1991) as a survkit example study.
# Run from the repo root:  Rscript examples/pbc/make-pbc-csv.R
# Writes examples/pbc/pbc.csv with all 418 patients: the first 312 took part in the randomised trial
# of D-penicillamine vs placebo; the other 106 have no treatment arm (trt NA) and are excluded by
# the dictionary's eligibility rule, not here. Laboratory values, age and time (days) are kept as R
# has them, missing values as NA; coded categories are written as the words that pbc-dictionary.json
# declares (trt 1/2, status 0/1/2, 0/1 findings, edema 0/0.5/1).
suppressPackageStartupMessages(library(survival))

p <- survival::pbc
yes_no <- function(x) ifelse(is.na(x), NA, ifelse(x == 1, "yes", "no"))
out <- data.frame(
  id = p$id,
  time = p$time,
  status = c("censored", "transplant", "dead")[p$status + 1],
  trt = c("dpenicillamine", "placebo")[p$trt],
  age = p$age,
  sex = c(m = "male", f = "female")[as.character(p$sex)],
  ascites = yes_no(p$ascites),
  hepato = yes_no(p$hepato),
  spiders = yes_no(p$spiders),
  edema = c("none", "untreated", "resistant")[match(p$edema, c(0, 0.5, 1))],
  bili = p$bili,
  chol = p$chol,
  albumin = p$albumin,
  copper = p$copper,
  alk.phos = p$alk.phos,
  ast = p$ast,
  trig = p$trig,
  platelet = p$platelet,
  protime = p$protime,
  stage = p$stage
)
stopifnot(nrow(out) == 418, sum(is.na(out$trt)) == 106, !anyNA(out$edema), !anyNA(out$sex))
write.csv(out, "examples/pbc/pbc.csv", row.names = FALSE, na = "NA")
