# Writes R datasets whose shapes the drafting (survkit init) must read right, for
# packages/cohort/test/draft-intermediate-times.test.ts:
#   - survival::myeloid: follow-up `futime`/`death`, and three times reached during follow-up
#     (txtime: transplant, crtime: complete response, rltime: relapse), each missing where it did
#     not happen and never beyond futime (checked here, since the test relies on it).
# Run from the repo root:  Rscript packages/cohort/test/r/write-dataset-fixtures.R
suppressPackageStartupMessages(library(survival))
out <- "packages/cohort/test/fixtures/datasets"
d <- survival::myeloid
for (v in c("txtime", "crtime", "rltime")) stopifnot(all(d[[v]] <= d$futime, na.rm = TRUE))
write.csv(d, file.path(out, "myeloid.csv"), row.names = FALSE, na = "")
