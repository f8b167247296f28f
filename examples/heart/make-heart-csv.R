# Exports R's survival::jasa (Stanford heart transplant programme, 103 patients accepted 1967-1974;
# Crowley & Hu, JASA 1977;72:27-36) as a survkit example study: the classic case of immortal time,
# since a patient had to survive the wait from acceptance to a donor heart to be "transplanted".
# Run from the repo root:  Rscript examples/heart/make-heart-csv.R
# Writes examples/heart/heart.csv: the dates as R has them (acceptance, transplant, last follow-up),
# a death date for the 75 who died (jasa's fu.date when fustat = 1), the prior bypass surgery and the
# age at acceptance. The transplant group is "no"/"yes" (jasa's transplant 0/1); a transplanted
# patient's transplant date is present, a never-transplanted patient's is missing.
suppressPackageStartupMessages(library(survival))

j <- survival::jasa
day <- function(d) format(d, "%Y-%m-%d")  # NA stays NA
out <- data.frame(
  id = seq_len(nrow(j)),
  accept_date = day(j$accept.dt),
  transplant_date = day(j$tx.date),
  last_fu_date = day(j$fu.date),
  death_date = day(replace(j$fu.date, j$fustat != 1, NA)),
  transplant = c("no", "yes")[j$transplant + 1],
  age = round(j$age, 2),
  prior_surgery = c("no", "yes")[j$surgery + 1]
)
stopifnot(nrow(out) == 103, sum(!is.na(out$death_date)) == 75,
          all(is.na(out$transplant_date) == (out$transplant == "no")))
write.csv(out, "examples/heart/heart.csv", row.names = FALSE, na = "")
