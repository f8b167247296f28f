/** File name of the committed synthetic cohort (in the package's `data/` folder). */
export const SYNTHETIC_COHORT_FILE = 'synthetic-her2-stage4-cohort.csv';

/**
 * The seed of the committed CSV: among seeds 1–300 whose univariate Cox hazard ratios (R
 * survival::coxph) all point the paper's way and whose Kaplan–Meier medians are within 15% of
 * the paper's, the one closest to the paper's univariate hazard ratios, medians and log-rank
 * p-values together — see `scripts/synthetic-cohort-summary.R --search` and the package README.
 */
export const SYNTHETIC_COHORT_SEED = 95;
