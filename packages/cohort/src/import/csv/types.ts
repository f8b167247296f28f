import type { Cohort } from '../../cohort.js';
import type { ImportIssue } from '../../errors.js';
import type { ColumnMemory } from '../../table.js';
import type { CsvDelimiter, CsvEncoding, CsvFormat } from '../detectFormat.js';

/** Either a complete, valid cohort or every problem found; never half of one. */
export type ImportResult =
  | {
      readonly ok: true;
      readonly cohort: Cohort;
      readonly warnings: readonly ImportIssue[];
      /** How the file was read: encoding, delimiter, decimal mark (given or detected). */
      readonly format: CsvFormat;
    }
  | {
      readonly ok: false;
      readonly errors: readonly ImportIssue[];
      readonly warnings: readonly ImportIssue[];
    };

export interface ImportOptions {
  /** Name of the file, for messages only. */
  readonly fileName?: string;
  /** The bytes' encoding; detected when not given (UTF-8, else Latin-1). Ignored for a string. */
  readonly encoding?: CsvEncoding | undefined;
  /** The column delimiter; detected from the header when not given. */
  readonly delimiter?: CsvDelimiter | undefined;
  /**
   * Where the cohort's per-patient columns are allocated (see `ColumnMemory`; default private):
   * `'shared'` when the cohort is to be handed to a worker thread.
   */
  readonly columnMemory?: ColumnMemory | undefined;
}
