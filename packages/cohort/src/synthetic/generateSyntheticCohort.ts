import { SYNTHETIC_COHORT_SEED } from '../builtin/builtinCohortFile.js';
import { makeExcluded, makeGroup } from './allocation.js';
import { Random } from './random.js';
import { assignSurgeryDates } from './surgeryDates.js';
import { simulateSurvival } from './survivalModel.js';
import { toCsv } from './toCsv.js';

/**
 * Generates the built-in SYNTHETIC cohort as CSV text, deterministically from `seed`.
 *
 * 96 analysed patients (24 surgery, 72 none) whose per-group counts equal every row of the
 * paper's Table 1 exactly, plus 14 screened patients who each fail one eligibility rule (110
 * screened). Each group's marginals are built as exact lists and shuffled onto patients; the
 * metastatic pattern is decided per patient first so that all site rows hold together.
 * Diagnoses span 2016–2022 (trastuzumab+pertuzumab from mid-2018 on), data cut-off 2023-06-30.
 * Progression and death follow Weibull proportional-hazards models whose hazard ratios are the
 * paper's multivariable ones (Tables 2–3) and whose shapes and scales put each group's model
 * median at the paper's; ECOG and T stage go preferentially to patients with more metastatic
 * burden, which is what makes the univariate hazard ratios larger, as in the paper. PFS and OS
 * are tied by a Clayton copula; censoring is administrative plus ~10% loss to follow-up. Operated
 * patients get a surgery date from a stream of their own (`assignSurgeryDates`).
 *
 * @example
 * writeFileSync('data/synthetic-her2-stage4-cohort.csv', generateSyntheticCohortCsv(SYNTHETIC_COHORT_SEED));
 */
export function generateSyntheticCohortCsv(seed: number = SYNTHETIC_COHORT_SEED): string {
  const rng = new Random(seed);
  const analysed = [...makeGroup('surgery', rng), ...makeGroup('none', rng)];
  const excluded = makeExcluded(rng);
  simulateSurvival(analysed, excluded, rng);
  const all = [...analysed, ...excluded].sort((a, b) => a.diagnosis - b.diagnosis);
  assignSurgeryDates(all, seed);
  return toCsv(all);
}
