import type { TimeUnit } from '../endpoints/timeUnits.js';

/**
 * What `draftStudy` works on: a data file read as text cells, before any dictionary exists.
 * `known` carries what the file itself states about a column (an SPSS file's labels, value labels
 * and dates), which the draft takes as given rather than guessed.
 */
export interface RawColumn {
  readonly name: string;
  /** The cells as a CSV would hold them, one per data row; missing SPSS values are ''. */
  readonly values: readonly string[];
  readonly known?: KnownVariable;
}

/**
 * What a column's file declares about it (SPSS metadata): its label, and its levels (value labels)
 * or that it is a date. A numeric variable without value labels still has its type inferred.
 */
export interface KnownVariable {
  readonly label: string;
  readonly levels?: readonly DraftLevel[];
  readonly date?: boolean;
}

export interface RawTable {
  readonly fileName: string;
  readonly columns: readonly RawColumn[];
  /** Number of data rows (the header excluded). */
  readonly rows: number;
  /** Whether numbers use a decimal comma (a semicolon-separated CSV). */
  readonly decimalComma: boolean;
}

export interface DraftLevel {
  readonly value: string;
  readonly label: string;
}

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY';

/** How a categorical variable's levels were ordered, stated in the draft's comment. */
export type LevelOrder = 'numeric' | 'yes-no' | 'ordinal' | 'frequency' | 'file';

/** A drafted dictionary variable; `guesses` become `# guess:` comments. */
export type DraftVariable =
  | (DraftVariableBase & {
      readonly type: 'categorical';
      readonly levels: readonly DraftLevel[];
      readonly order: LevelOrder;
      readonly reference?: string;
    })
  | (DraftVariableBase & { readonly type: 'boolean'; readonly values: readonly string[] })
  | (DraftVariableBase & {
      readonly type: 'continuous';
      readonly range: readonly [number, number] | null;
      readonly integer: boolean;
    })
  | (DraftVariableBase & { readonly type: 'date'; readonly format: DateFormat });

interface DraftVariableBase {
  readonly name: string;
  readonly label: string;
  /** Tokens read as missing in this column when they differ from the dictionary's (a 999 sentinel). */
  readonly missing?: readonly string[];
  readonly guesses: readonly string[];
}

/** Every column of the file, with what the draft made of it. */
export type DraftColumn =
  | { readonly role: 'variable'; readonly name: string; readonly variable: DraftVariable }
  | { readonly role: 'id'; readonly name: string; readonly guesses: readonly string[] }
  /** Left out of the dictionary (the import ignores it), with the reason. */
  | { readonly role: 'ignored'; readonly name: string; readonly reason: string };

export type DraftEndpoint =
  | {
      readonly kind: 'time';
      readonly name: string;
      readonly label: string;
      readonly time: string;
      readonly timeUnit: TimeUnit;
      readonly status: string;
      /** The status value that means an event. */
      readonly eventValue: string;
      readonly guesses: readonly string[];
    }
  | {
      /** A start date, an end date and a status column. */
      readonly kind: 'period';
      readonly name: string;
      readonly label: string;
      readonly from: string;
      readonly to: string;
      readonly status: string;
      /** The status value that means an event. */
      readonly eventValue: string;
      readonly guesses: readonly string[];
    }
  | {
      readonly kind: 'dates';
      readonly name: string;
      readonly label: string;
      readonly from: string;
      readonly events: readonly string[];
      readonly censor: string;
      readonly guesses: readonly string[];
    };

/** A number column that looks like a time reached during follow-up, and the endpoint whose time bounds it. */
export interface IntermediateTime {
  readonly variable: string;
  readonly endpoint: string;
}

/** Something a person must check or decide before the report means anything. */
export interface DraftDecision {
  /** The column or the part of the draft concerned (`time`, `endpoint OS`, `group`). */
  readonly subject: string;
  readonly message: string;
}

/** The whole draft: a dictionary's content plus what the plan needs (group, endpoints). */
export interface StudyDraft {
  readonly study: { readonly name: string; readonly title: string };
  readonly fileName: string;
  readonly rows: number;
  /** Tokens read as missing in every column (the dictionary's `missingValues`). */
  readonly missingValues: readonly string[];
  readonly columns: readonly DraftColumn[];
  readonly endpoints: readonly DraftEndpoint[];
  /**
   * Number columns that look like times reached during follow-up (time to transplant, to response):
   * kept in the dictionary, left out of the drafted Table 1 and Cox models (`findIntermediateTimes`).
   */
  readonly intermediateTimes: readonly IntermediateTime[];
  readonly group: { readonly variable: string; readonly guesses: readonly string[] } | null;
  /** Patients without a group value are excluded by an eligibility rule (the group has missing values). */
  readonly excludeMissingGroup: boolean;
  readonly decisions: readonly DraftDecision[];
}
