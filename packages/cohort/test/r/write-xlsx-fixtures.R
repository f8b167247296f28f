# Writes the Excel workbooks for the .xlsx import tests (packages/cohort/test/xlsx.test.ts) with
# openxlsx (Debian: r-cran-openxlsx), and the comma CSV of the same data as the oracle: the tests
# check that the workbook imports to exactly the same cohort as the CSV.
# Run from the repo root:  Rscript packages/cohort/test/r/write-xlsx-fixtures.R
# Changes to survival::lung, so that cell types matter:
#   - entry: a real Excel date cell (R Date -> openxlsx writes a date serial with a date style);
#   - entry_serial: the same date as a bare number (an Excel date serial, 1900 date system);
#   - ecog_text: ph.ecog as text cells, with the missing code "Unknown" where ph.ecog is NA.
suppressPackageStartupMessages({
  library(survival)
  library(openxlsx)
})

out <- "packages/cohort/test/fixtures/xlsx"
lung <- survival::lung
lung$entry <- as.Date("1990-01-01") + (seq_len(nrow(lung)) - 1L) * 3L
lung$entry_serial <- as.numeric(lung$entry - as.Date("1899-12-30"))
lung$ecog_text <- ifelse(is.na(lung$ph.ecog), "Unknown", paste0("ECOG ", lung$ph.ecog))

# The oracle: plain comma-separated UTF-8, dates written by R's format.Date.
csv <- lung
csv$entry <- format(csv$entry, "%Y-%m-%d")
csv$entry_serial <- format(lung$entry, "%d.%m.%Y")  # the test dictionary reads this column as DD.MM.YYYY
write.csv(csv, file.path(out, "lung-xlsx.csv"), row.names = FALSE, na = "NA", fileEncoding = "UTF-8")

# The workbook: a notes sheet first would hide the data, so the data is first and a second sheet
# ("first100") holds the first 100 patients, for --sheet.
wb <- createWorkbook()
addWorksheet(wb, "lung")
writeData(wb, "lung", lung, keepNA = TRUE, na.string = "NA")
addWorksheet(wb, "first100")
writeData(wb, "first100", lung[1:100, ], keepNA = TRUE, na.string = "NA")
saveWorkbook(wb, file.path(out, "lung.xlsx"), overwrite = TRUE)
write.csv(csv[1:100, ], file.path(out, "lung-first100.csv"), row.names = FALSE, na = "NA", fileEncoding = "UTF-8")

small <- lung[1:20, c("time", "status", "age", "sex")]

# An empty header cell: column C's name removed (C1 blank).
wb <- createWorkbook()
addWorksheet(wb, "data")
writeData(wb, "data", small, keepNA = TRUE, na.string = "NA")
deleteData(wb, "data", cols = 3, rows = 1)
saveWorkbook(wb, file.path(out, "empty-header.xlsx"), overwrite = TRUE)

# Merged header cells: C1:D1 merged (as a two-column "age / sex" heading would be).
wb <- createWorkbook()
addWorksheet(wb, "data")
writeData(wb, "data", small, keepNA = TRUE, na.string = "NA")
mergeCells(wb, "data", cols = 3:4, rows = 1)
saveWorkbook(wb, file.path(out, "merged-header.xlsx"), overwrite = TRUE)

# A formula cell: C17 (patient 16's age) is =40+30. openxlsx writes the formula without a cached
# value, so no reader can know its result without evaluating it.
wb <- createWorkbook()
addWorksheet(wb, "data")
writeData(wb, "data", small, keepNA = TRUE, na.string = "NA")
writeFormula(wb, "data", x = "40+30", startCol = 3, startRow = 17)
saveWorkbook(wb, file.path(out, "formula.xlsx"), overwrite = TRUE)

# A bad value in a typed cell: age in C9 is the text "sixty", for the dictionary's error.
bad <- small
bad$age <- as.character(bad$age)
bad$age[8] <- "sixty"
wb <- createWorkbook()
addWorksheet(wb, "data")
writeData(wb, "data", bad, keepNA = TRUE, na.string = "NA")
saveWorkbook(wb, file.path(out, "bad-value.xlsx"), overwrite = TRUE)
