# Writes each example study's CSV as an Excel workbook beside it (examples/<name>/<name>.xlsx), as a
# clinician would hold it: numbers as number cells, words as text cells, ISO dates (YYYY-MM-DD) as
# real Excel date cells, missing values as empty cells. A test (apps/report/test/examples-xlsx.test.ts)
# checks that each workbook gives exactly the report of its CSV.
# Run from the repository root:  Rscript examples/make-xlsx.R   (Debian: r-cran-openxlsx)
suppressPackageStartupMessages(library(openxlsx))

for (name in c("lung", "veteran", "pbc", "gbsg", "heart")) {
  csv <- file.path("examples", name, paste0(name, ".csv"))
  d <- read.csv(csv, stringsAsFactors = FALSE, na.strings = c("", "NA"), check.names = FALSE)
  for (col in names(d)) {
    v <- d[[col]]
    if (is.character(v) && all(is.na(v) | grepl("^\\d{4}-\\d{2}-\\d{2}$", v)) && any(!is.na(v)))
      d[[col]] <- as.Date(v)
  }
  wb <- createWorkbook()
  addWorksheet(wb, name)
  writeData(wb, name, d, keepNA = FALSE)
  saveWorkbook(wb, file.path("examples", name, paste0(name, ".xlsx")), overwrite = TRUE)
  cat(name, nrow(d), "rows,", ncol(d), "columns\n")
}
