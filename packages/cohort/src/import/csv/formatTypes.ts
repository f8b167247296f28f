import type { ImportIssue } from '../../errors.js';

/** Text encodings a cohort CSV may be saved in. `latin1` is read as Windows-1252, as browsers do. */
export type CsvEncoding = 'utf8' | 'latin1';

/** A decision about the file's format, or the issue that stops it. */
export type Decided<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issue: ImportIssue };
