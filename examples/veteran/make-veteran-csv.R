# Exports R's survival::veteran (Veterans' Administration lung cancer trial; Kalbfleisch & Prentice,
# The Statistical Analysis of Failure Time Data, 1980) as a survkit example study.
# Run from the repo root:  Rscript examples/veteran/make-veteran-csv.R
# Writes examples/veteran/veteran.csv. Numbers are kept as R has them (time in days, Karnofsky score,
# months from diagnosis, age in years); coded categories are written as the words that
# veteran-dictionary.json declares: trt 1/2 -> standard/test, prior 0/10 -> no/yes, and the
# factor celltype by its level names (squamous, smallcell, adeno, large).
suppressPackageStartupMessages(library(survival))

v <- survival::veteran
out <- data.frame(
  id = seq_len(nrow(v)),
  trt = c("standard", "test")[v$trt],
  celltype = as.character(v$celltype),
  time = v$time,
  status = c("alive", "dead")[v$status + 1],
  karno = v$karno,
  diagtime = v$diagtime,
  age = v$age,
  prior = ifelse(v$prior == 10, "yes", "no")
)
stopifnot(!anyNA(out), all(out$celltype %in% c("squamous", "smallcell", "adeno", "large")))
write.csv(out, "examples/veteran/veteran.csv", row.names = FALSE, na = "NA")
