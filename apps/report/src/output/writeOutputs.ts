import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asFileSystemError, type FileOperation, FileSystemError } from '../errors.js';

/** One output of a run (the PDF, the Word tables, a CSV table …) and where it goes. */
export interface OutputFile {
  readonly path: string;
  readonly bytes: Uint8Array | string;
}

/** The file operations the writer uses; tests replace one to fail on cue. */
export interface OutputFs {
  readonly writeFile: (path: string, bytes: Uint8Array | string) => void;
  readonly rename: (from: string, to: string) => void;
}
const NODE_FS: OutputFs = { writeFile: (p, b) => writeFileSync(p, b), rename: renameSync };

const STAGING_PREFIX = '.survkit-staging-';

/** Work a signal handler must undo: staging directories and directories this run created. */
const pending = new Set<() => void>();

/** Files this process has put in place (for a signal handler's message). */
let committed = 0;
export function committedOutputs(): number {
  return committed;
}

/** Undoes every write in progress (for SIGINT/SIGTERM): nothing new stays behind. */
export function abandonPendingOutputs(): void {
  for (const undo of [...pending]) undo();
  pending.clear();
}

/**
 * Checks, before any work, that every target could be written: not a directory, under a directory
 * (not a file), with write permission on the nearest existing directory. Creates nothing. Throws a
 * {@link FileSystemError} naming the first target that cannot be written.
 */
export function checkOutputTargets(paths: readonly string[]): void {
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) throw new FileSystemError(path, 'write', 'EISDIR');
    let dir = dirname(path);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    if (!statSync(dir).isDirectory())
      throw new FileSystemError(dirname(path), 'create the directory', 'ENOTDIR');
    try {
      accessSync(dir, constants.W_OK);
    } catch (error) {
      throw asFileSystemError(error, path, 'write');
    }
  }
}

/**
 * Checks, before any work, that files could be written into `dir` (whose file names are not known
 * yet): a directory or creatable as one, with write permission on it or its nearest existing
 * ancestor. Creates nothing; throws a {@link FileSystemError} naming `dir`.
 */
export function checkOutputDirectory(dir: string): void {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) throw new FileSystemError(dir, 'create the directory', 'ENOTDIR');
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw asFileSystemError(error, dir, 'write');
  }
}

/**
 * Writes every output of a run or none of them. All files are written into ONE staging directory
 * next to the first target, and only when every one is complete are they moved into place. A target
 * that already exists is first renamed beside itself (a hidden staging name), so that a failure while moving
 * (a full disk on another file system, a directory in the way) restores the previous files. On any
 * failure the staging directory and the directories created for the outputs are removed and the
 * error is rethrown as a {@link FileSystemError}. Stale staging directories of dead processes next to
 * the targets are removed first. The work is synchronous, so a signal's handler runs before or after
 * it, never in the middle.
 */
export function writeOutputs(files: readonly OutputFile[], fs: OutputFs = NODE_FS): void {
  if (files.length === 0) return;
  const dirs = [...new Set(files.map((f) => dirname(f.path)))];
  const created: string[] = [];
  let stage: string | null = null;
  const undo = () => {
    if (stage !== null) rmSync(stage, { recursive: true, force: true });
    for (const dir of [...created].reverse()) removeIfEmpty(dir);
  };
  pending.add(undo);
  // The path a failure is reported against, and what was being done to it.
  let path = files[0]!.path;
  let operation: FileOperation = 'write';
  try {
    for (const dir of dirs) {
      removeStaleStaging(dir);
      [path, operation] = [dir, 'create the directory'];
      if (existsSync(dir) && !statSync(dir).isDirectory())
        throw new FileSystemError(dir, operation, 'ENOTDIR');
      const first = mkdirSync(dir, { recursive: true });
      if (first !== undefined) created.push(...ancestorsUpTo(dir, first));
    }
    [path, operation] = [files[0]!.path, 'write'];
    for (const f of files)
      if (existsSync(f.path) && statSync(f.path).isDirectory())
        throw new FileSystemError(f.path, 'write', 'EISDIR');
    const stageDir = mkdtempSync(join(dirs[0]!, `${STAGING_PREFIX}${process.pid}-`));
    stage = stageDir;
    const staged = files.map((f, i) => {
      path = f.path;
      const temp = join(stageDir, `${i}-${basename(f.path)}`);
      fs.writeFile(temp, f.bytes);
      return temp;
    });
    commit(files, staged, stageDir, fs, (p) => {
      path = p;
    });
    rmSync(stageDir, { recursive: true, force: true });
    committed += files.length;
  } catch (error) {
    undo();
    throw asFileSystemError(error, path, operation);
  } finally {
    pending.delete(undo);
  }
}

/**
 * Moves staged files into place, keeping what they replace (renamed beside them) until all are in;
 * on failure removes the new files and renames the previous ones back.
 */
function commit(
  files: readonly OutputFile[],
  staged: readonly string[],
  stage: string,
  fs: OutputFs,
  at: (path: string) => void,
): void {
  const done: { target: string; backup: string | null }[] = [];
  try {
    files.forEach((f, i) => {
      at(f.path);
      // Beside the target, not in the staging directory: a rename never crosses file systems.
      const backup = existsSync(f.path)
        ? join(dirname(f.path), `${basename(stage)}-previous-${i}-${basename(f.path)}`)
        : null;
      if (backup !== null) fs.rename(f.path, backup);
      done.push({ target: f.path, backup });
      moveInto(staged[i]!, f.path, fs);
    });
    for (const { backup } of done) if (backup !== null) rmSync(backup, { force: true });
  } catch (error) {
    for (const { target, backup } of done.reverse()) {
      rmSync(target, { force: true });
      if (backup !== null && existsSync(backup)) renameSync(backup, target);
    }
    throw error;
  }
}

/** Renames across directories; on another file system (EXDEV) copies beside the target, then renames. */
function moveInto(from: string, to: string, fs: OutputFs): void {
  try {
    fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temp = join(dirname(to), `${STAGING_PREFIX}${process.pid}-${basename(to)}`);
    try {
      copyFileSync(from, temp);
      fs.rename(temp, to);
    } catch (inner) {
      rmSync(temp, { force: true });
      throw inner;
    }
  }
}

/** `dir` and its ancestors up to and including `first` (what mkdir -p created), deepest first. */
function ancestorsUpTo(dir: string, first: string): string[] {
  const out: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) {
    out.push(d);
    if (d === first || dirname(d) === d) break;
  }
  return out.reverse();
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or already gone: either way it is not ours to remove.
  }
}

/** Staging directories left by a process that was killed (SIGKILL, power loss): their pid is gone. */
function removeStaleStaging(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^\.survkit-staging-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
