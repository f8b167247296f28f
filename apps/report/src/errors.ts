import { CohortError } from '@survkit/cohort';
import { StatsInputError, StatsLimitError } from '@survkit/stats';

/**
 * A problem the user can fix (a missing file, a malformed CSV, a bad plan): the CLI prints the message
 * without a stack trace and exits with a non-zero code, writing no PDF.
 */
export class ReportError extends Error {
  override readonly name: string = 'ReportError';
}

/** What the report was doing with a path when the file system refused. */
export type FileOperation = 'read' | 'write' | 'create the directory';

/**
 * A file-system failure as one plain line: the path, what failed, and what to do about it. Built from
 * Node's error code (EACCES, ENOENT, EISDIR, ENOTDIR, ENOSPC …), never from its message.
 */
export class FileSystemError extends ReportError {
  override readonly name = 'FileSystemError';
  constructor(
    readonly path: string,
    readonly operation: FileOperation,
    readonly code: string,
    /** What the path is, for the message ("the plan file"). */
    what?: string,
  ) {
    const reason = (operation === 'read' ? READ_REASONS[code] : undefined) ?? FS_REASONS[code];
    super(
      `cannot ${operation} ${what === undefined ? '' : `${what} `}${path}: ${reason ?? `the system reports ${code}`}`,
    );
  }
}

/** Where reading needs other advice than writing. */
const READ_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied; check the file’s permissions',
  EPERM: 'the operation is not permitted; check the file’s permissions',
  EISDIR: 'it is a directory; name a file',
  ENOTDIR: 'a part of the path is a file, not a directory; check the path',
};

/** Node's error codes in words, each with what the user can do. */
const FS_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied; choose a location you may write to, or change its permissions',
  EPERM: 'the operation is not permitted; choose a location you may write to',
  EROFS: 'the file system is read-only; choose a location on a writable disk',
  ENOENT: 'no such file or directory; check the path',
  EISDIR: 'it is a directory; name a file (for --out, a path ending in .pdf)',
  ENOTDIR: 'a part of the path is a file, not a directory; choose a directory path (for --csv, a directory)',
  EEXIST: 'a file of that name is in the way; choose another path or remove the file',
  ENOSPC: 'the disk is full; free some space or choose another disk',
  EDQUOT: 'the disk quota is exhausted; free some space or choose another disk',
  EMFILE: 'too many open files; close other programs and try again',
  ENAMETOOLONG: 'the path is too long; choose a shorter path',
  EBUSY: 'the file is in use; close the program using it and try again',
};

/** Node's errno errors carry a string `code` and usually the `path` they concern. */
function errnoCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/** Wraps a Node file-system error as a {@link FileSystemError}; anything else passes through. */
export function asFileSystemError(
  error: unknown,
  path: string,
  operation: FileOperation,
  what?: string,
): unknown {
  if (error instanceof ReportError) return error;
  const code = errnoCode(error);
  return code === null ? error : new FileSystemError(path, operation, code, what);
}

/**
 * The one place an error becomes text for the user. Errors the user can fix (our own, the cohort's,
 * the engine's input and limit errors, any file-system error) are their message; anything else is a
 * bug, shown as its first line with a hint to rerun with --debug. With `debug` every error keeps
 * its stack trace.
 */
export function describeError(error: unknown, debug: boolean): string {
  if (!(error instanceof Error)) return String(error);
  if (debug) return error.stack ?? error.message;
  if (
    error instanceof ReportError ||
    error instanceof CohortError ||
    error instanceof StatsInputError ||
    error instanceof StatsLimitError
  )
    return error.message;
  const code = errnoCode(error);
  const path = (error as { path?: unknown }).path;
  if (code !== null && typeof path === 'string')
    return new FileSystemError(path, 'write', code).message.replace(/^cannot write/, 'cannot use');
  const first = error.message.split('\n', 1)[0] ?? '';
  return `internal error: ${error.name}: ${first} (rerun with --debug for the stack trace, and please report it)`;
}
