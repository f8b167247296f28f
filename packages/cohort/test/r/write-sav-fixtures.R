# Writes R's survival::lung as SPSS .sav files (with haven, which writes the format SPSS reads) and
# what haven::read_sav reads back, as the oracle for survkit's .sav import.
# Run from the repo root:  Rscript packages/cohort/test/r/write-sav-fixtures.R
# Writes packages/cohort/test/fixtures/sav/lung-{byte,none}.sav, lung-sav-r.json, examples/lung/lung.sav
# and examples/{veteran,pbc,gbsg}/*.sav (from their CSVs).
suppressPackageStartupMessages({
  library(survival)
  library(haven)
  library(jsonlite)
})

lung <- survival::lung
n <- nrow(lung)
labels <- c(inst = "Institution code", time = "Survival time", status = "Status", age = "Age",
            sex = "Sex", ph.ecog = "ECOG performance score", ph.karno = "Karnofsky score (physician)",
            pat.karno = "Karnofsky score (patient)", meal.cal = "Calories consumed at meals",
            wt.loss = "Weight loss in last six months")

sav <- lung
# A discrete user-missing code: the one missing ECOG score is written 9 and declared missing.
ecog <- ifelse(is.na(lung$ph.ecog), 9, lung$ph.ecog)
sav$ph.ecog <- labelled_spss(ecog, labels = c("Asymptomatic" = 0, "Ambulatory" = 1, "In bed <50%" = 2,
                                              "In bed >50%" = 3, "Not assessed" = 9), na_values = 9)
# A user-missing range: missing calories are written -99, and every value in [-999, -1] is missing.
sav$meal.cal <- labelled_spss(ifelse(is.na(lung$meal.cal), -99, lung$meal.cal), na_range = c(-999, -1))
sav$sex <- labelled(lung$sex, labels = c(Male = 1, Female = 2))
sav$status <- labelled(lung$status, labels = c(Censored = 1, Dead = 2))
for (v in names(labels)) attr(sav[[v]], "label") <- labels[[v]]
# A date (SPSS stores seconds since 1582-10-14) and a string longer than 255 bytes (a "very long string").
sav$entry_date <- as.Date("1990-01-01") + (seq_len(n) * 7L) %% 1500L
attr(sav$entry_date, "label") <- "Date of entry"
sav$note <- sprintf("patient %03d %s", seq_len(n), strrep("x", 290))
attr(sav$note, "label") <- "Free-text note"

dir <- "packages/cohort/test/fixtures/sav"
write_sav(sav, file.path(dir, "lung-byte.sav"), compress = "byte")
write_sav(sav, file.path(dir, "lung-none.sav"), compress = "none")
write_sav(sav[, c(names(labels))], "examples/lung/lung.sav", compress = "byte")

# The oracle: what haven reads back (user-missing values become NA, as SPSS treats them).
back <- read_sav(file.path(dir, "lung-byte.sav"), user_na = FALSE)
raw <- read_sav(file.path(dir, "lung-byte.sav"), user_na = TRUE)
variables <- lapply(names(back), function(v) {
  x <- back[[v]]
  r <- raw[[v]]
  lab <- attr(x, "labels")
  list(
    name = v,
    label = attr(x, "label"),
    type = if (is.character(x)) "string" else if (inherits(x, "Date")) "date" else "numeric",
    value_labels = if (is.null(lab)) list() else lapply(seq_along(lab), function(k)
      list(value = unname(lab[[k]]), label = names(lab)[[k]])),
    na_values = if (is.null(attr(r, "na_values"))) list() else as.list(attr(r, "na_values")),
    na_range = if (is.null(attr(r, "na_range"))) list() else as.list(attr(r, "na_range")),
    values = if (inherits(x, "Date")) format(x) else unclass(zap_labels(x))
  )
})
write_json(list(source = sprintf("R %s, haven %s: read_sav(user_na = FALSE) of lung-byte.sav",
                                 getRversion(), packageVersion("haven")),
                n = nrow(back), variables = variables),
           file.path(dir, "lung-sav-r.json"), auto_unbox = TRUE, digits = NA, pretty = FALSE, na = "null")

# The other example studies as .sav, from their committed CSVs (NA → system-missing), so that each
# imports through the .sav path with its full dictionary to the cohort its CSV gives.
for (study in c("veteran", "pbc", "gbsg")) {
  csv <- read.csv(file.path("examples", study, paste0(study, ".csv")), na.strings = "NA", check.names = FALSE)
  write_sav(csv, file.path("examples", study, paste0(study, ".sav")), compress = "byte")
}
