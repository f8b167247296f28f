# Follow-up kept as clinicians keep it: a date of diagnosis, a date of last contact (or death) and a
# vital status. survival::lung's days become dates: each patient is diagnosed on a seeded day of
# 2010–2014 and last seen `time` days later, dead or alive by lung's status; sex is the group.
# Writes the data files the report's tests read (a CSV with DD/MM/YYYY dates and an .xlsx with real
# Excel date cells, written by openxlsx) and, for each, R's answers on the time computed from the
# dates as R users compute it: as.numeric(difftime(last, diagnosis, units = "days")).
# A second CSV has some follow-up missing (no last-contact date in 3 rows, no vital status in 2):
# R's survfit, survdiff and coxph drop those rows (na.action = na.omit, the default).
# Run from the repo root: Rscript apps/report/test/r/dates-status.R
# (R 4.2.2, survival 3.5-3, openxlsx 4.2.5.2, jsonlite). Writes apps/report/test/fixtures/dates-status/.
suppressPackageStartupMessages({ library(survival); library(openxlsx); library(jsonlite) })
out <- "apps/report/test/fixtures/dates-status"
set.seed(20261202)
lung <- survival::lung
n <- nrow(lung)
d <- data.frame(
  patient = seq_len(n),
  sex = factor(ifelse(lung$sex == 1, "male", "female"), levels = c("male", "female")),
  age = lung$age,
  date_diagnosis = as.Date("2010-01-01") + sample(0:1825, n, replace = TRUE),
  vital_status = ifelse(lung$status == 2, "dead", "alive")
)
d$date_last_contact <- d$date_diagnosis + lung$time
d <- d[, c("patient", "sex", "age", "date_diagnosis", "date_last_contact", "vital_status")]

answers <- function(d) {
  d$days <- as.numeric(difftime(d$date_last_contact, d$date_diagnosis, units = "days"))
  d$event <- as.integer(d$vital_status == "dead")
  used <- !is.na(d$days) & !is.na(d$event)
  km <- survfit(Surv(days, event) ~ sex, data = d)
  med <- summary(km)$table
  lr <- survdiff(Surv(days, event) ~ sex, data = d)
  cx <- coxph(Surv(days, event) ~ sex, data = d, ties = "efron")
  s <- summary(cx)
  list(
    n = nrow(d), used = sum(used), droppedRows = which(!used) + 1L,  # file rows: header = row 1
    groups = lapply(levels(d$sex), function(l) list(
      level = l, n = sum(d$sex == l), nUsed = sum(used & d$sex == l),
      events = unname(med[paste0("sex=", l), "events"]),
      median = unname(med[paste0("sex=", l), "median"]))),
    logRank = list(statistic = unname(lr$chisq), pValue = pchisq(lr$chisq, 1, lower.tail = FALSE)),
    cox = list(n = cx$n, nevent = cx$nevent, coef = unname(coef(cx)), hazardRatio = unname(exp(coef(cx))),
               lower = unname(s$conf.int[, "lower .95"]), upper = unname(s$conf.int[, "upper .95"]),
               pValue = unname(s$coefficients[, "Pr(>|z|)"]))
  )
}

csv <- d
csv$date_diagnosis <- format(d$date_diagnosis, "%d/%m/%Y")
csv$date_last_contact <- format(d$date_last_contact, "%d/%m/%Y")
write.csv(csv, file.path(out, "lung-dates.csv"), row.names = FALSE, na = "")
wb <- createWorkbook()
addWorksheet(wb, "patients")
writeData(wb, "patients", d, keepNA = FALSE)
saveWorkbook(wb, file.path(out, "lung-dates.xlsx"), overwrite = TRUE)

m <- d
m$date_last_contact[c(4, 17, 40)] <- NA
m$vital_status[c(60, 101)] <- NA
mcsv <- m
mcsv$date_diagnosis <- format(m$date_diagnosis, "%d/%m/%Y")
mcsv$date_last_contact <- format(m$date_last_contact, "%d/%m/%Y")
mcsv$date_last_contact[is.na(m$date_last_contact)] <- ""
write.csv(mcsv, file.path(out, "lung-dates-missing.csv"), row.names = FALSE, na = "")

write_json(list(complete = answers(d), missing = answers(m)), file.path(out, "dates-status-r.json"),
           auto_unbox = TRUE, digits = NA, pretty = TRUE)
