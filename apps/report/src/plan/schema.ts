import { TIME_UNITS } from '@survkit/cohort';
import { z } from 'zod';
import { INTERVAL_SEPARATORS } from '../format/index.js';
import { DEFAULT_FORMAT_OPTIONS, MODEL_WORDINGS } from '../format/reportFormat.js';
import { immortalTimeSchema } from './immortalTimeSchema.js';

/** How Table 1 compares a categorical variable between groups. */
export const categoricalTestSchema = z.enum(['auto', 'chisq', 'fisher']);
export type CategoricalTestRule = z.infer<typeof categoricalTestSchema>;

/**
 * How Table 1's categorical tests treat missing values: `category` tests "Unknown" as one more
 * level (the paper's choice), `exclude` tests the known values only (R's `table()` default).
 */
export const missingRuleSchema = z.enum(['category', 'exclude']);
export type MissingRule = z.infer<typeof missingRuleSchema>;

const variableName = z.string().min(1, 'expected a variable name from the dictionary');

const table1VariableSchema = z.union([
  variableName,
  z.strictObject({
    variable: variableName,
    /** Overrides the plan-wide test for this row (the paper used Fisher for sparse rows). */
    test: categoricalTestSchema.optional(),
    /** Overrides the plan-wide treatment of missing values in this row's test. */
    missing: missingRuleSchema.optional(),
    label: z.string().min(1).optional(),
  }),
]);

const table1ItemSchema = z.union([
  table1VariableSchema,
  z.strictObject({
    /** A heading row grouping the variables under it ("Metastatic site"). */
    heading: z.string().min(1),
    variables: z.array(table1VariableSchema).min(1),
  }),
]);
export type Table1Item = z.infer<typeof table1ItemSchema>;
export type Table1VariableItem = z.infer<typeof table1VariableSchema>;

const coxCovariateSchema = z.union([
  variableName,
  z.strictObject({
    variable: variableName,
    /** Reference level (a level name of the dictionary); default: the dictionary's reference. */
    reference: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
    /** Continuous covariates: the HR is per this many units, exp(per·β) ("Age (per 10 years)"). */
    per: z.number().positive().finite().optional(),
  }),
]);

/** Pairwise log-rank tests between the arms, with a multiplicity adjustment (R's p.adjust methods). */
const pairwiseSchema = z.strictObject({
  adjust: z.enum(['holm', 'bonferroni', 'none']).default('holm'),
});

const multivariableSchema = z.union([
  z.strictObject({
    /** Enter every covariate whose univariate p (likelihood-ratio test) is below this. */
    rule: z.literal('univariate-p'),
    pBelow: z.number().gt(0).lt(1),
    /** Always entered, whatever their univariate p (typically the group variable). */
    alwaysInclude: z.array(variableName).default([]),
  }),
  z.strictObject({
    rule: z.literal('explicit'),
    variables: z.array(variableName).min(1),
  }),
]);

const subgroupKmSchema = z.strictObject({
  /** Caption wording, e.g. "Trastuzumab+Pertuzumab group". */
  label: z.string().min(1),
  variable: variableName,
  /** The level (dictionary level name) defining the subgroup. */
  level: z.string().min(1),
});

/**
 * Sensitivity analyses of the group comparison, each switched on by its key; no section when absent.
 * `proportionalHazards`: R's cox.zph (transform "km") of the multivariable model; `rmst`: restricted
 * mean survival time contrasts at `tau` (in `survival.timeUnit`; default survRM2's, the smaller of the
 * two arms' largest follow-up times); `eValue`: VanderWeele & Ding's E-value of the group's adjusted HR.
 */
const sensitivitySchema = z.strictObject({
  proportionalHazards: z.boolean().optional(),
  rmst: z.strictObject({ tau: z.number().positive().finite().optional() }).optional(),
  /** `rare`: whether the outcome is rare (<15% by the end of follow-up), so that HR ≈ RR. */
  eValue: z.strictObject({ rare: z.boolean() }).optional(),
});

/**
 * A propensity-score analysis of a two-arm comparison (the group's two arms, or the pair named by
 * `treated`/`control`): weighting (IPTW) and/or 1:k nearest-neighbour matching, with balance.
 */
const propensitySchema = z.strictObject({
  /** Dictionary variables of the propensity model (logistic regression of the treated arm). */
  covariates: z.array(variableName).min(1),
  method: z.enum(['weighting', 'matching', 'both']).default('both'),
  /** Estimand of the weights; matching always estimates the ATT. */
  estimand: z.enum(['ATE', 'ATT']).default('ATT'),
  /** Stabilised weights (multiplied by the arm's proportion; Robins et al. 2000), usual for the ATE. */
  stabilize: z.boolean().default(false),
  /** Trim units whose score lies outside these sample quantiles. */
  trim: z
    .strictObject({ lower: z.number().min(0).max(1).optional(), upper: z.number().min(0).max(1).optional() })
    .optional(),
  /** Matching on the score's logit (MatchIt link = "linear.logit", the default) or on the score itself. */
  distance: z.enum(['logit', 'ps']).default('logit'),
  /** Controls per treated patient (1:k). */
  ratio: z.number().int().min(1).max(10).default(1),
  replace: z.boolean().default(false),
  /** Caliper in SDs of the distance (Austin 2011: 0.2 of the logit); null for none. */
  caliper: z.number().positive().nullable().default(0.2),
  /** MatchIt's m.order: which treated patients choose first. */
  order: z.enum(['largest', 'smallest', 'data']).default('largest'),
  /** The treated and control arms (group levels) when the group has more than two. */
  treated: z.string().min(1).optional(),
  control: z.string().min(1).optional(),
});

/**
 * The analysis plan: what to analyse, in which order, with which tests. Everything the report shows
 * about a particular study comes from the plan and the data dictionary — the renderer knows nothing
 * about any study.
 */
export const planSchema = z.strictObject({
  /** The JSON Schema the file follows (plan.schema.json), for editors; ignored by the report. */
  $schema: z.string().optional(),
  title: z.string().min(1),
  /** Population wording used in figure captions ("patients with …"). */
  population: z.string().min(1),
  /** The comparison groups; default: the dictionary's `group`. */
  group: z
    .strictObject({
      /** A categorical variable of the dictionary; default: the dictionary's group variable. */
      variable: variableName.optional(),
      /** Display order of the group levels in tables and legends (level names); default: dictionary order. */
      order: z.array(z.string().min(1)).min(2).optional(),
      /** Level used as the reference of the group's hazard ratio; default: the dictionary's reference. */
      reference: z.string().min(1).optional(),
      /** Column headings of the groups (by level name); default: the dictionary's level labels. */
      labels: z.record(z.string(), z.string().min(1)).optional(),
    })
    .optional(),
  endpoints: z
    .array(
      z.strictObject({
        name: variableName,
        /** Abbreviation used in captions and headings, e.g. "PFS". */
        abbreviation: z.string().min(1),
        label: z.string().min(1).optional(),
      }),
    )
    .min(1),
  confLevel: z.number().gt(0).lt(1).default(0.95),
  table1: z.strictObject({
    test: categoricalTestSchema.default('auto'),
    /** Missing values in the categorical tests: a category ("Unknown") or excluded. */
    missing: missingRuleSchema.default('category'),
    variables: z.array(table1ItemSchema).min(1),
    /**
     * Monte Carlo p-value for rows whose exact Fisher test is beyond reach (R's
     * fisher.test(simulate.p.value = TRUE, B) after set.seed(seed)); default B = 100000, seed 2024.
     */
    monteCarlo: z
      .strictObject({
        B: z.number().int().min(1).max(1e7),
        seed: z.number().int().min(-2147483647).max(2147483647),
      })
      .optional(),
  }),
  survival: z
    .strictObject({
      /**
       * The unit every time is shown in: axes, ticks, medians, landmarks, prose, JSON and CSV.
       * Each endpoint's own unit comes from the dictionary and is converted (a month is 365.25 / 12 days).
       */
      timeUnit: z.enum(TIME_UNITS).default('months'),
      /** Times (in `timeUnit`) at which survival rates are reported. */
      landmarks: z.array(z.number().positive()).default([]),
      /** Draw pointwise confidence bands around the Kaplan–Meier curves. */
      confidenceBands: z.boolean().default(false),
      /** Log-rank family: rho = 0 log-rank, rho = 1 Peto–Peto. */
      rho: z.number().min(0).default(0),
      /** Pairwise log-rank tests of every pair of arms (survminer's pairwise_survdiff); off when absent. */
      pairwise: pairwiseSchema.optional(),
    })
    .default({ timeUnit: 'months', landmarks: [], confidenceBands: false, rho: 0 }),
  cox: z.strictObject({
    ties: z.enum(['efron', 'breslow']).default('efron'),
    /** Rows of the univariate/multivariable tables, in order. */
    covariates: z.array(coxCovariateSchema).min(1),
    multivariable: multivariableSchema,
    /** Offer Firth's penalised estimate in a footnote where the ordinary fit diverges. */
    firthWhenInfinite: z.boolean().default(true),
  }),
  forest: z
    .strictObject({
      /** Categorical variables within whose levels the group hazard ratio is estimated. */
      variables: z.array(coxCovariateSchema).default([]),
    })
    .default({ variables: [] }),
  subgroupKm: z.array(subgroupKmSchema).default([]),
  sensitivity: sensitivitySchema.optional(),
  /** Landmark and time-dependent analyses of a treatment started during follow-up; none when absent. */
  immortalTime: immortalTimeSchema.optional(),
  propensity: propensitySchema.optional(),
  /** Typography a journal may prescribe; the same choice applies to every table, figure and sentence. */
  format: z
    .strictObject({
      /** Joins the limits of every interval (CIs, ranges): "–" (default), " to " or ", ". */
      intervalSeparator: z.enum(INTERVAL_SEPARATORS).default(DEFAULT_FORMAT_OPTIONS.intervalSeparator),
      /** "univariable" (default: univariable/multivariable) or "univariate" (univariate/multivariate). */
      modelWording: z.enum(MODEL_WORDINGS).default(DEFAULT_FORMAT_OPTIONS.modelWording),
    })
    .default(DEFAULT_FORMAT_OPTIONS),
});

export type AnalysisPlan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
