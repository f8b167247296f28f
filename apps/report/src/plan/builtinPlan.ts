import type { PlanInput } from './schema.js';

/**
 * The built-in plan: the analysis of the study paper (Lu et al., Front. Oncol. 2024;13:1308854) over
 * the built-in dictionary's variable names. Table 1 follows the paper's row order; its tests are the
 * paper's own choices (Fisher's exact test where the paper's p-values are Fisher's: pathological
 * type, grade, Ki67, lung and only-soft-tissue metastasis; Pearson's χ² elsewhere) — rows where the
 * automatic rule would choose differently are footnoted in the report. Tables 2–3 list the paper's
 * covariates; the multivariable model takes those with univariate p < 0.05 plus surgery. It keeps the
 * paper's wording, "univariate/multivariate".
 */
export const BUILTIN_PLAN: PlanInput = {
  title: 'Primary site surgery in de novo stage IV HER2-positive breast cancer',
  population: 'patients with de novo stage IV HER2-positive breast cancer',
  group: {
    variable: 'surgery',
    order: ['yes', 'no'],
    reference: 'no',
    // The arms' display names, used by every table, figure and sentence (a boolean's levels are No/Yes).
    labels: { yes: 'Surgery', no: 'Non-Surgery' },
  },
  endpoints: [
    { name: 'PFS', abbreviation: 'PFS', label: 'Progression-free survival' },
    { name: 'OS', abbreviation: 'OS', label: 'Overall survival' },
  ],
  confLevel: 0.95,
  table1: {
    test: 'chisq',
    // The paper's tests count "Unknown" as a category (its pathological type and grade p-values
    // are reproduced only so).
    missing: 'category',
    variables: [
      'age_group',
      'menstrual_status',
      { variable: 'pathological_type', test: 'fisher' },
      'ecog',
      't_stage',
      'n_stage',
      { variable: 'grade', test: 'fisher' },
      'er_status',
      'pr_status',
      { variable: 'ki67_group', test: 'fisher' },
      {
        heading: 'Metastatic site',
        variables: [
          'met_bone',
          { variable: 'met_lung', test: 'fisher' },
          'met_liver',
          { variable: 'only_soft_tissue', test: 'fisher' },
          'only_bone',
          'one_site',
          'visceral',
        ],
      },
      'n_metastases_group',
      'first_line_therapy',
    ],
  },
  survival: { landmarks: [12, 36, 60], confidenceBands: false, rho: 0 },
  cox: {
    ties: 'efron',
    covariates: [
      { variable: 'ecog', reference: '0' },
      { variable: 't_stage', label: 'T', reference: 'T0-2' },
      { variable: 'met_lung', label: 'Lung metastasis', reference: 'no' },
      { variable: 'met_liver', label: 'Liver metastasis', reference: 'no' },
      { variable: 'only_bone', label: 'Only bone metastasis', reference: 'no' },
      { variable: 'one_site', reference: 'no' },
      { variable: 'visceral', reference: 'no' },
      { variable: 'first_line_therapy', reference: 'trastuzumab' },
      { variable: 'surgery', reference: 'no' },
    ],
    multivariable: { rule: 'univariate-p', pBelow: 0.05, alwaysInclude: ['surgery'] },
    firthWhenInfinite: true,
  },
  forest: {
    variables: ['age_group', 't_stage', 'hr_status', 'first_line_therapy', 'only_bone', 'visceral'],
  },
  subgroupKm: [
    {
      label: 'Trastuzumab+Pertuzumab group',
      variable: 'first_line_therapy',
      level: 'trastuzumab_pertuzumab',
    },
  ],
  // Beyond the paper (issue 11): 18 of the 24 operated patients had surgery after systemic therapy,
  // so each had to survive until surgery (immortal time), and surgery was chosen for fitter patients.
  sensitivity: { proportionalHazards: true, rmst: {}, eValue: { rare: false } },
  // The surgery date comes from the dictionary's treatmentStarts; every operation was within a year.
  immortalTime: { landmarks: [6, 12], timeDependentCox: true },
  // A small model for 24 operated vs 72 patients (about 5 operated per coefficient): the factors
  // surgeons select on. ECOG as 0 vs ≥1, since no ECOG 2 patient was operated (separation).
  propensity: {
    covariates: ['ecog_group', 't_stage', 'visceral', 'first_line_therapy', 'age_group'],
    method: 'both',
    estimand: 'ATT',
    ratio: 1,
    caliper: 0.2,
  },
  format: { modelWording: 'univariate' },
};
