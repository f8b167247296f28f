# Summarises synthetic cohort CSVs with R's survival package, independently of survkit:
# eligibility, PFS/OS from dates (days / (365.25/12)), Kaplan-Meier medians overall and by
# surgery group, log-rank p-values and univariate Cox hazard ratios.
#
#   Rscript scripts/synthetic-cohort-summary.R data/synthetic-her2-stage4-cohort.csv
#       prints the summary of the committed cohort (the numbers quoted in the README);
#   Rscript scripts/synthetic-cohort-summary.R --fixture data/synthetic-her2-stage4-cohort.csv \
#       test/fixtures/synthetic-cohort-r.json
#       writes R's per-patient PFS/OS and the summary as the fixture the cohort tests compare with;
#   Rscript scripts/synthetic-cohort-summary.R --search 1 300 [all-seeds.csv]
#       generates seeds 1..300 with the compiled generator (run `pnpm build` first) and ranks them
#       by the distance D to the paper (smallest first), among the seeds that also reach the paper's
#       conclusions — every univariate Cox hazard ratio points the way of Tables 2-3 and surgery is
#       not significant by the log-rank test (p > 0.05) for PFS or OS — and whose six KM medians are
#       within 15% of the paper's:
#         D = mean over 17 univariate HRs of (log(HR / paper HR) / 0.25)^2
#           + mean over 6 KM medians of (log(median / paper median) / 0.1)^2
#           + mean over the 2 log-rank p of (log(p / 0.073) / 2)^2.
#       The HRs are Tables 2-3's univariate ones except ECOG 2 (one patient) and, for OS, lung
#       (not in Table 3); medians: PFS 17.9, 25.7 vs 15.9, OS 57.5, 79.1 vs 48 months (section 3.3).
#       The scales 0.25, 0.1 and 2 are roughly the sampling SDs of a log HR, a log median and a
#       log p-value near 0.073 (z = 1.79 +- 1 spans p = 0.004 to 0.43) at n = 96, so that each
#       part counts about as much as chance alone would make it.
#       The optional CSV lists every seed with its medians, log-rank p, univariate HRs and their
#       likelihood-ratio p (the test by which the report enters multivariable terms).
suppressPackageStartupMessages(library(survival))

read_cohort <- function(path) {
  d <- read.csv(path, stringsAsFactors = FALSE, na.strings = c("", "NA"))
  d <- d[d$invasive_carcinoma == "yes" & d$de_novo_metastatic == "yes" & d$her2_status == "positive" &
           d$anti_her2_therapy == "yes" & d$other_primary == "no", ]
  day <- function(x) as.numeric(as.Date(x))
  dx <- day(d$date_diagnosis); pr <- day(d$date_progression)
  de <- day(d$date_death); fu <- day(d$date_last_followup)
  pfs_end <- pmin(pr, de, na.rm = TRUE)
  d$pfs_event <- as.integer(!is.na(pfs_end))
  d$pfs <- (ifelse(is.na(pfs_end), fu, pfs_end) - dx) / (365.25 / 12)
  d$os_event <- as.integer(!is.na(de))
  d$os <- (ifelse(is.na(de), fu, de) - dx) / (365.25 / 12)
  d$surgery <- factor(ifelse(d$primary_surgery == "none", "no", "yes"), levels = c("no", "yes"))
  sites <- c("met_bone", "met_lung", "met_liver", "met_soft_tissue", "met_brain", "met_other")
  nsites <- rowSums(d[, sites] == "yes")
  d$only_bone <- factor(ifelse(nsites == 1 & d$met_bone == "yes", "yes", "no"), levels = c("no", "yes"))
  d$one_site <- factor(ifelse(nsites == 1, "yes", "no"), levels = c("no", "yes"))
  d$visceral <- factor(ifelse(d$met_lung == "yes" | d$met_liver == "yes" | d$met_brain == "yes", "yes", "no"),
                       levels = c("no", "yes"))
  d$ecog <- factor(d$ecog, levels = c(0, 1, 2))
  d$t_stage <- factor(d$t_stage, levels = c("T0-2", "T3-4"))
  d$met_lung <- factor(d$met_lung, levels = c("no", "yes"))
  d$met_liver <- factor(d$met_liver, levels = c("no", "yes"))
  d$first_line_therapy <- factor(d$first_line_therapy, levels = c("trastuzumab", "trastuzumab_pertuzumab"))
  d
}

km_median <- function(fit) {
  m <- summary(fit)$table
  if (is.null(dim(m))) unname(m["median"]) else unname(m[, "median"])
}

summarise <- function(d) {
  out <- list()
  for (ep in c("pfs", "os")) {
    f <- as.formula(sprintf("Surv(%s, %s_event) ~ 1", ep, ep))
    g <- as.formula(sprintf("Surv(%s, %s_event) ~ surgery", ep, ep))
    out[[paste0(ep, "_all")]] <- km_median(survfit(f, data = d))
    by <- km_median(survfit(g, data = d))
    out[[paste0(ep, "_none")]] <- by[1]
    out[[paste0(ep, "_surgery")]] <- by[2]
    out[[paste0(ep, "_logrank_p")]] <- survdiff(g, data = d)$pvalue
    hr <- c()
    lrt <- c()
    for (v in c("ecog", "t_stage", "met_lung", "met_liver", "only_bone", "one_site", "visceral",
                "first_line_therapy", "surgery")) {
      fit <- coxph(as.formula(sprintf("Surv(%s, %s_event) ~ %s", ep, ep, v)), data = d)
      co <- exp(coef(fit))
      names(co) <- paste0(v, ":", names(co))
      hr <- c(hr, co)
      lrt[v] <- summary(fit)$logtest[["pvalue"]]
    }
    out[[paste0(ep, "_hr")]] <- hr
    out[[paste0(ep, "_lrt_p")]] <- lrt
  }
  out
}

# Univariate directions of the paper's Tables 2 (PFS) and 3 (OS): +1 harmful, -1 protective.
directions <- c(ecog1 = 1, ecog2 = 1, t_stageT3 = 1, met_lungyes = 1, met_liveryes = 1, only_boneyes = -1,
                one_siteyes = -1, visceralyes = 1, first_line = -1, surgeryyes = -1)
directions_ok <- function(hr) {
  s <- sign(log(hr))
  isTRUE(all(s * directions == 1))
}
# Univariate HRs of Tables 2 (PFS) and 3 (OS), named as summarise() names them.
paper_hr <- list(
  pfs = c("ecog:ecog1" = 2.678, "t_stage:t_stageT3-4" = 1.793, "met_lung:met_lungyes" = 1.850,
          "met_liver:met_liveryes" = 2.165, "only_bone:only_boneyes" = 0.555, "one_site:one_siteyes" = 0.607,
          "visceral:visceralyes" = 2.330, "first_line_therapy:first_line_therapytrastuzumab_pertuzumab" = 0.483,
          "surgery:surgeryyes" = 0.619),
  os = c("ecog:ecog1" = 3.188, "t_stage:t_stageT3-4" = 2.803, "met_liver:met_liveryes" = 2.228,
         "only_bone:only_boneyes" = 0.235, "one_site:one_siteyes" = 0.434, "visceral:visceralyes" = 2.670,
         "first_line_therapy:first_line_therapytrastuzumab_pertuzumab" = 0.491, "surgery:surgeryyes" = 0.514)
)
distance <- function(s) {
  hr <- c(log(s$pfs_hr[names(paper_hr$pfs)] / paper_hr$pfs), log(s$os_hr[names(paper_hr$os)] / paper_hr$os))
  med <- unlist(s[names(targets)])
  p <- c(s$pfs_logrank_p, s$os_logrank_p)
  mean((hr / 0.25)^2) + mean((ifelse(is.na(med), 1, log(med / targets)) / 0.1)^2) + mean((log(p / 0.073) / 2)^2)
}
targets <- c(pfs_all = 17.9, pfs_surgery = 25.7, pfs_none = 15.9, os_all = 57.5, os_surgery = 79.1, os_none = 48)

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1 && args[1] == "--search") {
  from <- as.integer(args[2]); to <- as.integer(args[3])
  dir <- tempfile()
  dir.create(dir)
  # One node process writes every seed's file (a process per seed would dominate the run time).
  system2("node", c("--input-type=module", "-e", shQuote(sprintf(paste0(
    "import { writeFileSync } from 'node:fs'; import { generateSyntheticCohortCsv } from './dist/index.js';",
    "for (let s = %d; s <= %d; s++) writeFileSync('%s/' + s + '.csv', generateSyntheticCohortCsv(s));"),
    from, to, dir))))
  rows <- list()
  for (seed in from:to) {
    s <- summarise(read_cohort(file.path(dir, paste0(seed, ".csv"))))
    med <- unlist(s[names(targets)])
    ok <- directions_ok(s$pfs_hr) && directions_ok(s$os_hr)
    conclusions <- ok && s$pfs_logrank_p > 0.05 && s$os_logrank_p > 0.05
    near <- all(!is.na(med) & abs(log(med / targets)) < log(1.15))
    rows[[length(rows) + 1]] <- data.frame(seed = seed, D = round(distance(s), 3), conclusions = conclusions,
                                           near = near,
                                           t(round(med, 1)), pfs_p = round(s$pfs_logrank_p, 3),
                                           os_p = round(s$os_logrank_p, 3), t(round(c(pfs = s$pfs_hr, os = s$os_hr), 2)),
                                           t(signif(c(pfs_lrt = s$pfs_lrt_p, os_lrt = s$os_lrt_p), 2)),
                                           check.names = FALSE)
  }
  res <- do.call(rbind, rows)
  res$eligible <- res$conclusions & res$near
  res <- res[order(!res$eligible, res$D), ]
  options(width = 250)
  cat(sprintf("%d of %d seeds reach the paper's conclusions with all medians within 15%%\n",
              sum(res$eligible), nrow(res)))
  print(head(res[, 1:12], 15), row.names = FALSE)
  if (length(args) >= 4) write.csv(res, args[4], row.names = FALSE)
} else if (length(args) >= 1 && args[1] == "--fixture") {
  suppressPackageStartupMessages(library(jsonlite))
  d <- read_cohort(args[2])
  s <- summarise(d)
  fixture <- list(
    source = sprintf("R %s, survival %s: scripts/synthetic-cohort-summary.R --fixture %s", getRversion(),
                     packageVersion("survival"), basename(args[2])),
    patient_id = d$patient_id,
    pfs = d$pfs, pfs_event = d$pfs_event, os = d$os, os_event = d$os_event,
    km_median = s[names(targets)],
    logrank_p = list(pfs = s$pfs_logrank_p, os = s$os_logrank_p),
    univariate_hr = list(pfs = as.list(s$pfs_hr), os = as.list(s$os_hr))
  )
  write_json(fixture, args[3], auto_unbox = TRUE, digits = NA, pretty = TRUE)
} else {
  d <- read_cohort(args[1])
  s <- summarise(d)
  cat(sprintf("analysed n = %d (surgery %d)\n", nrow(d), sum(d$surgery == "yes")))
  for (ep in c("pfs", "os")) {
    cat(sprintf("%s median: all %.1f, surgery %.1f, none %.1f months; log-rank p = %.3f\n", toupper(ep),
                s[[paste0(ep, "_all")]], s[[paste0(ep, "_surgery")]], s[[paste0(ep, "_none")]],
                s[[paste0(ep, "_logrank_p")]]))
    hr <- s[[paste0(ep, "_hr")]]
    cat(sprintf("  univariate HR %s = %.3f\n", names(hr), hr), sep = "")
  }
}
