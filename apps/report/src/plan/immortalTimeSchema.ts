import { z } from 'zod';

const variableName = z.string().min(1, 'expected a variable name from the dictionary');

/**
 * When the compared treatment started, per patient: a `date` column (time = that date minus the
 * endpoint's origin date, in days), or a `time` column of times from the endpoint's origin in the
 * endpoint's own unit (the dictionary's `timeUnit`). Untreated patients have it missing. Optional:
 * by default the dictionary's `treatmentStarts` declaration for the group variable's treated level.
 */
const treatmentStartSchema = z.union([
  z.strictObject({ date: variableName }),
  z.strictObject({ time: variableName }),
]);

/**
 * Analyses that remove immortal-time bias from the comparison of a treatment started during
 * follow-up (Anderson, Cain & Gelber 1983; Dafni 2011): the plan's two-level group is the
 * treatment, its non-reference level the treated patients. `landmarks` (in `survival.timeUnit`):
 * a landmark analysis at each; `timeDependentCox`: Cox models with treatment as a time-dependent
 * covariate beside the naive time-fixed ones. `missingStart`: what to do with a treated patient
 * whose start is missing — stop with an error naming the rows (default), or leave the patient out
 * of these analyses and say how many.
 */
export const immortalTimeSchema = z.strictObject({
  treatmentStart: treatmentStartSchema.optional(),
  landmarks: z.array(z.number().positive().finite()).default([]),
  timeDependentCox: z.boolean().default(true),
  missingStart: z.enum(['error', 'exclude']).default('error'),
});

export type ImmortalTimePlan = z.output<typeof immortalTimeSchema>;
