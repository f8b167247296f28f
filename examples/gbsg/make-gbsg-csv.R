# Exports R's survival::gbsg (German Breast Cancer Study Group 2 trial of node-positive breast
# cancer, 686 patients with complete data; Schumacher et al., J Clin Oncol 1994;12:2086-93) as a
# survkit example study.
# Run from the repo root:  Rscript examples/gbsg/make-gbsg-csv.R
# Writes examples/gbsg/gbsg.csv. Numbers are kept as R has them (age in years, tumour size in mm,
# positive nodes, progesterone and oestrogen receptors in fmol/l, recurrence-free time in days);
# coded categories are written as the words that gbsg-dictionary.json declares
# (meno 0/1, hormon 0/1, status 0/1 -> censored/recurrence_or_death; grade stays 1-3).
suppressPackageStartupMessages(library(survival))

g <- survival::gbsg
out <- data.frame(
  pid = g$pid,
  age = g$age,
  meno = c("premenopausal", "postmenopausal")[g$meno + 1],
  size = g$size,
  grade = g$grade,
  nodes = g$nodes,
  pgr = g$pgr,
  er = g$er,
  hormon = c("no", "yes")[g$hormon + 1],
  rfstime = g$rfstime,
  status = c("censored", "recurrence_or_death")[g$status + 1]
)
stopifnot(nrow(out) == 686, !anyNA(out))
write.csv(out, "examples/gbsg/gbsg.csv", row.names = FALSE, na = "NA")
