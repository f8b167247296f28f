/**
 * A problem the user can fix (a missing file, a malformed CSV, a bad plan): the CLI prints the message
 * without a stack trace and exits with a non-zero code, writing no PDF.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
}
