# Writes survival::lung in the file formats spreadsheets and R produce, for the CSV-format tests
# (packages/cohort/test/formats.test.ts). Every file holds the same data; the tests check that each
# imports to the same cohort as the plain comma-separated UTF-8 file, and that the decimal column's
# mean matches R's.
# Run from the repo root:  Rscript packages/cohort/test/r/write-format-fixtures.R
# Changes to survival::lung, so that the formats matter:
#   - wt.loss is converted from pounds to kilograms (3 decimals), so numbers have decimals, some negative;
#   - sex is written as French labels, "Masculin" / "Féminin", so Latin-1 is visible in a level name.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

out <- "packages/cohort/test/fixtures/formats"
lung <- survival::lung
lung$wt.loss <- round(lung$wt.loss * 0.45359237, 3)
lung$sex <- c("Masculin", "F\u00e9minin")[lung$sex]

# The oracle: a plain comma-separated UTF-8 file (R's write.csv).
write.csv(lung, file.path(out, "lung-comma.csv"), row.names = FALSE, na = "NA", fileEncoding = "UTF-8")
# Semicolons and decimal commas (R's write.csv2, as Excel writes "CSV" in most of Europe).
write.csv2(lung, file.path(out, "lung-csv2.csv"), row.names = FALSE, na = "NA", fileEncoding = "UTF-8")
# Tab-separated, unquoted.
write.table(lung, file.path(out, "lung-tab.tsv"), sep = "\t", row.names = FALSE, na = "NA", quote = FALSE,
            fileEncoding = "UTF-8")
# Latin-1 (what Excel on Windows writes as "CSV (semicolon delimited)" in France), with decimal commas.
write.csv2(lung, file.path(out, "lung-latin1.csv"), row.names = FALSE, na = "NA", fileEncoding = "latin1")
# CRLF line ends and a UTF-8 byte-order mark (Excel's "CSV UTF-8").
# (R reads "UTF-8-BOM" but does not write it: the mark is written first, then the table after it.)
con <- file(file.path(out, "lung-crlf-bom.csv"), "wb")
writeBin(as.raw(c(0xef, 0xbb, 0xbf)), con)
write.csv(lung, con, row.names = FALSE, na = "NA", eol = "\r\n")
close(con)

write_json(
  list(
    source = sprintf("R %s, survival %s: survival::lung, wt.loss in kg", getRversion(), packageVersion("survival")),
    n = nrow(lung),
    mean_wt_loss_kg = mean(lung$wt.loss, na.rm = TRUE),
    n_feminin = sum(lung$sex == "F\u00e9minin")
  ),
  file.path(out, "lung-formats-r.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE
)
