import { z } from 'zod';
import { TIME_UNITS, type TimeUnit } from '../endpoints/timeUnits.js';

/**
 * The data dictionary: a study described as data (JSON or YAML), validated with zod.
 *
 * Two shapes exist. `DictionaryInput` is what an author writes (levels may be plain strings,
 * most keys have defaults). `StudyDictionary` is the validated, normalised form every other
 * part of survkit reads: every level has a value and a label, every categorical variable has a
 * reference level, every variable knows how its missing values are written.
 */

/** Names of variables, endpoints and columns: R-style, so `ph.ecog` from R's `lung` is fine. */
const nameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'expected a name of letters, digits, "_" or "." starting with a letter');

const scalarSchema = z.union([z.string(), z.number()]);

/**
 * A condition over one patient's values, the building block of derived variables, eligibility
 * rules and event definitions. Exactly one form per object:
 *
 * - a test of one variable: `{ var, eq | ne | in | notIn | gt | gte | lt | lte | missing }`
 *   (several comparisons in one object must all hold, e.g. `{ var: "age", gte: 18, lt: 65 }`);
 * - `{ allOf: [...] }`, `{ anyOf: [...] }`, `{ noneOf: [...] }`, `{ not: {...} }`.
 *
 * Missing values follow Kleene's three-valued logic, as SQL does: a test of a missing value is
 * unknown (except `missing`, which is always known); `allOf` is false if any part is false,
 * unknown if any is unknown, else true; `anyOf` is true if any part is true, unknown if any is
 * unknown, else false. A derived variable whose rule is unknown is missing.
 */
export interface Condition {
  readonly var?: string;
  readonly eq?: string | number;
  readonly ne?: string | number;
  readonly in?: readonly (string | number)[];
  readonly notIn?: readonly (string | number)[];
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly missing?: boolean;
  readonly allOf?: readonly Condition[];
  readonly anyOf?: readonly Condition[];
  readonly noneOf?: readonly Condition[];
  readonly not?: Condition;
}

const TEST_KEYS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'missing'] as const;
const LOGIC_KEYS = ['allOf', 'anyOf', 'noneOf', 'not'] as const;

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      var: nameSchema.optional(),
      eq: scalarSchema.optional(),
      ne: scalarSchema.optional(),
      in: z.array(scalarSchema).min(1).optional(),
      notIn: z.array(scalarSchema).min(1).optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      missing: z.boolean().optional(),
      allOf: z.array(conditionSchema).min(1).optional(),
      anyOf: z.array(conditionSchema).min(1).optional(),
      noneOf: z.array(conditionSchema).min(1).optional(),
      not: conditionSchema.optional(),
    })
    .superRefine((c, ctx) => {
      const logic = LOGIC_KEYS.filter((k) => c[k] !== undefined);
      const tests = TEST_KEYS.filter((k) => c[k] !== undefined);
      if (c.var === undefined) {
        if (logic.length !== 1 || tests.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message:
              'expected exactly one of "var" (with eq, ne, in, notIn, gt, gte, lt, lte or missing), "allOf", "anyOf", "noneOf" or "not"',
          });
        }
      } else if (logic.length > 0 || tests.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `a test of "${c.var}" needs at least one of eq, ne, in, notIn, gt, gte, lt, lte, missing and no allOf/anyOf/noneOf/not`,
        });
      }
    }),
);

const levelInputSchema = z.union([
  z.string().min(1),
  z.strictObject({ value: z.string().min(1), label: z.string().min(1).optional() }),
]);

/**
 * How a variable is derived from the variables listed before it (exactly one form):
 * - `when`: a boolean variable, yes when the condition holds;
 * - `cut`: a categorical variable from a continuous one; intervals are closed on the left,
 *   so `breaks: [50]` gives `< 50` and `≥ 50` (one more level than breaks);
 * - `cases`: a categorical variable taking the `level` of the first case whose `when` holds,
 *   else `otherwise` (missing when a case is unknown before any holds, or no case holds and
 *   there is no `otherwise`);
 * - `count`: a continuous variable counting the conditions that hold (missing if any is unknown).
 */
const deriveSchema = z.strictObject({
  when: conditionSchema.optional(),
  cut: z.strictObject({ var: nameSchema, breaks: z.array(z.number()).min(1) }).optional(),
  cases: z
    .array(z.strictObject({ when: conditionSchema, level: scalarSchema }))
    .min(1)
    .optional(),
  otherwise: scalarSchema.optional(),
  count: z.array(conditionSchema).min(1).optional(),
});

const commonVariableKeys = {
  name: nameSchema,
  label: z.string().min(1),
  description: z.string().optional(),
  /** The file must have this column (raw variables only). */
  required: z.boolean().default(true),
  /** Whether an analysed patient may have a missing value. */
  allowMissing: z.boolean().default(true),
  /** How missing values are written in this column; defaults to the dictionary's `missingValues`. */
  missing: z.array(z.string()).optional(),
  derive: deriveSchema.optional(),
};

const variableSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...commonVariableKeys,
    type: z.literal('categorical'),
    levels: z.array(levelInputSchema).min(1),
    reference: z.string().optional(),
    missingLabel: z.string().min(1).default('Unknown'),
  }),
  z.strictObject({
    ...commonVariableKeys,
    type: z.literal('boolean'),
    trueValues: z.array(z.string().min(1)).min(1).optional(),
    falseValues: z.array(z.string().min(1)).min(1).optional(),
    missingLabel: z.string().min(1).default('Unknown'),
  }),
  z.strictObject({
    ...commonVariableKeys,
    type: z.literal('continuous'),
    unit: z.string().min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
  z.strictObject({
    ...commonVariableKeys,
    type: z.literal('date'),
    format: z.enum(['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY']).default('YYYY-MM-DD'),
  }),
]);

/**
 * A time-to-event endpoint, in one of three forms:
 * - from dates: time = first present `events` date (event) or `censor` date (censored) minus
 *   the `from` date, in days;
 * - from a start date, an end date and a status (how clinicians usually keep it: diagnosis, last
 *   contact or death, vital status): time = `to` minus `from` in days, event = the `event`
 *   condition (R: `Surv(as.numeric(difftime(to, from, units = "days")), status)`);
 * - given directly: `time` (a continuous column), its unit `timeUnit` (required: a number of
 *   days read as months would be silently wrong by a factor of 30) and `event` (a condition,
 *   true = event).
 * The report converts to the unit its plan displays (days, weeks, months or years).
 */
const endpointSchema = z
  .strictObject({
    name: nameSchema,
    label: z.string().min(1),
    from: nameSchema.optional(),
    events: z.array(nameSchema).min(1).optional(),
    censor: nameSchema.optional(),
    /** The end date (last contact or the event) of the start/end/status form. */
    to: nameSchema.optional(),
    time: nameSchema.optional(),
    /** The unit of `time`; required with `time`, not allowed with dates (they give days). */
    timeUnit: z.enum(TIME_UNITS).optional(),
    event: conditionSchema.optional(),
  })
  // The requirements JSON Schema can state beside the shape; editors then flag a missing unit,
  // or an end date without its start and status.
  .meta({ dependentRequired: { time: ['timeUnit'], to: ['from', 'event'] } });

/** An inclusion rule; a screened patient for whom `include` is false or unknown is excluded for `reason`. */
const eligibilitySchema = z.strictObject({
  rule: z.string().min(1),
  reason: z.string().min(1),
  include: conditionSchema,
});

/** Two date variables that must be in order when both are present (`later` ≥ `earlier`). */
const dateOrderSchema = z.strictObject({
  earlier: nameSchema,
  later: nameSchema,
  problem: z.string().min(1),
});

/**
 * The comparison variable and, optionally, its levels in display order. A group's display name is
 * its level's `label` (overridable once, in the analysis plan's `group.labels`), so every table,
 * figure and sentence names an arm the same way.
 */
const groupSchema = z.strictObject({
  variable: nameSchema,
  order: z.array(scalarSchema).min(2).optional(),
});

/**
 * A treatment that starts during follow-up (a time-dependent exposure): the patients at `level` of
 * the group-like `variable` (categorical or boolean) are treated from the date in column `date`, or
 * from the time in column `time` (a continuous variable: time from the endpoint's origin in the
 * endpoint's own unit). Untreated patients leave it empty. The report's `immortalTime` analyses of
 * a comparison by `variable` take the start from here unless the plan names one, e.g.
 * `{ variable: surgery, level: "yes", date: date_surgery }`.
 */
const treatmentStartSchema = z.union([
  z.strictObject({ variable: nameSchema, level: scalarSchema, date: nameSchema }),
  z.strictObject({ variable: nameSchema, level: scalarSchema, time: nameSchema }),
]);

export const dictionaryInputSchema = z.strictObject({
  $schema: z.string().optional(),
  study: z.strictObject({
    name: nameSchema,
    title: z.string().min(1),
    description: z.string().optional(),
  }),
  id: nameSchema.optional(),
  missingValues: z.array(z.string()).default(['', 'NA']),
  variables: z.array(variableSchema).min(1),
  endpoints: z.array(endpointSchema).default([]),
  eligibility: z.array(eligibilitySchema).default([]),
  dateOrder: z.array(dateOrderSchema).default([]),
  group: groupSchema.optional(),
  /** Treatments started during follow-up, with the column holding each start (see `treatmentStartSchema`). */
  treatmentStarts: z
    .array(treatmentStartSchema)
    .min(1)
    .optional()
    .describe(
      "Treatments started during follow-up (time-dependent exposures): the patients at `level` of the categorical or boolean `variable` are treated from the date in column `date`, or from `time` (a number column: time from the endpoint origin in the endpoint unit); untreated patients leave it empty. The report's immortalTime analyses use it unless the plan names a treatmentStart.",
    ),
});

/** What a dictionary author writes (JSON or YAML). */
export type DictionaryInput = z.input<typeof dictionaryInputSchema>;
/** The shape after zod's defaults, before normalisation. */
export type DictionaryParsed = z.output<typeof dictionaryInputSchema>;
export type VariableParsed = DictionaryParsed['variables'][number];
type DeriveSpec = z.output<typeof deriveSchema>;

/** A categorical level: `value` as written in the file, `label` as printed in tables. */
export interface LevelSpec {
  readonly value: string;
  readonly label: string;
}

interface VariableSpecBase {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly allowMissing: boolean;
  /** Tokens that mean "missing" in this column (always includes ""). */
  readonly missing: readonly string[];
  readonly derive?: DeriveSpec;
}

/** One variable of a validated dictionary. Booleans are read as levels `no`/`yes`. */
export type VariableSpec =
  | (VariableSpecBase & {
      readonly type: 'categorical';
      readonly levels: readonly LevelSpec[];
      readonly reference: string;
      readonly missingLabel: string;
    })
  | (VariableSpecBase & {
      readonly type: 'boolean';
      readonly trueValues: readonly string[];
      readonly falseValues: readonly string[];
      readonly missingLabel: string;
    })
  | (VariableSpecBase & {
      readonly type: 'continuous';
      readonly unit?: string;
      readonly min?: number;
      readonly max?: number;
      readonly integer: boolean;
    })
  | (VariableSpecBase & {
      readonly type: 'date';
      readonly format: 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY';
    });

export type EndpointSpec =
  | {
      readonly name: string;
      readonly label: string;
      readonly kind: 'dates';
      readonly from: string;
      readonly events: readonly string[];
      readonly censor: string;
    }
  | {
      readonly name: string;
      readonly label: string;
      /** Start and end dates with a status: time = `to` − `from` in days, event = `event`. */
      readonly kind: 'period';
      readonly from: string;
      readonly to: string;
      readonly event: Condition;
    }
  | {
      readonly name: string;
      readonly label: string;
      readonly kind: 'time';
      readonly time: string;
      readonly timeUnit: TimeUnit;
      readonly event: Condition;
    };

export interface EligibilityRule {
  readonly rule: string;
  readonly reason: string;
  readonly include: Condition;
}

export interface DateOrderRule {
  readonly earlier: string;
  readonly later: string;
  readonly problem: string;
}

/**
 * Where a treatment started during follow-up is recorded: patients at `level` of `variable` are
 * treated from the `date` column (days from the endpoint's origin date) or the `time` column
 * (time from the origin in the endpoint's unit); untreated patients have it missing.
 */
export type TreatmentStartSpec =
  | { readonly variable: string; readonly level: string; readonly date: string }
  | { readonly variable: string; readonly level: string; readonly time: string };

/** A validated, normalised study dictionary. */
export interface StudyDictionary {
  readonly study: { readonly name: string; readonly title: string; readonly description?: string };
  /** Column holding patient identifiers (unique, never missing), if any. */
  readonly id?: string;
  readonly missingValues: readonly string[];
  /** Every variable, raw and derived, in dictionary order. */
  readonly variables: readonly VariableSpec[];
  readonly endpoints: readonly EndpointSpec[];
  readonly eligibility: readonly EligibilityRule[];
  readonly dateOrder: readonly DateOrderRule[];
  /**
   * The variable that splits the cohort for comparisons (Table 1 columns, KM curves), with
   * its levels in display order when given (e.g. surgery before none).
   */
  readonly group?: {
    readonly variable: string;
    readonly order?: readonly string[];
  };
  /** Treatments that start during follow-up (time-dependent exposures); absent when none is declared. */
  readonly treatmentStarts?: readonly TreatmentStartSpec[];
}

/** Default tokens read as yes/no in boolean columns (compared case-insensitively). */
export const DEFAULT_TRUE_VALUES: readonly string[] = ['yes', 'y', 'true', '1'];
export const DEFAULT_FALSE_VALUES: readonly string[] = ['no', 'n', 'false', '0'];
/** Booleans become categorical variables with these levels; `no` is the reference. */
export const BOOLEAN_LEVELS: readonly LevelSpec[] = [
  { value: 'no', label: 'No' },
  { value: 'yes', label: 'Yes' },
];
