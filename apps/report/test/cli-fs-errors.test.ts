import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { CohortError, loadBuiltinCohort } from '@survkit/cohort';
import { StatsInputError, StatsLimitError } from '@survkit/stats';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../src/errors.js';
import { CSV_TABLE_NAMES } from '../src/output/csv.js';
import { writeOutputs } from '../src/output/writeOutputs.js';
import { CLI, tempDir } from './helpers.js';

// The real CLI process against real file-system refusals. We run as root here, and chmod does not
// stop root: a read-only directory is tested by running the child as the unprivileged user 65534
// (when we are root), a read-only file system by a read-only bind mount, and a full disk by a 64 KiB
// tmpfs — the mounts only where this process may mount (root on Linux); elsewhere those are skipped.

const isRoot = process.getuid?.() === 0;

function cli(args: readonly string[], cwd: string, asUser = false) {
  const r = spawnSync(process.execPath, [CLI, '--skip-validation', '--quiet', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: cwd },
    ...(asUser ? { uid: 65534, gid: 65534 } : {}),
  });
  return { status: r.status, stderr: r.stderr };
}

/** A failed run: exit 1, exactly one message line plus the closing line, no stack trace. */
function expectPlainFailure(run: { status: number | null; stderr: string }, message: string): void {
  expect(run.status).toBe(1);
  expect(run.stderr).toBe(`survkit report: ${message}\nNo report was written.\n`);
}

const mounts: string[] = [];
function tryMount(args: readonly string[], target: string): boolean {
  if (!isRoot || process.platform !== 'linux') return false;
  try {
    execFileSync('mount', [...args, target], { stdio: 'ignore' });
    mounts.push(target);
    return true;
  } catch {
    return false;
  }
}
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});

describe('file-system refusals through the real CLI: one plain line, nothing new on disk', () => {
  it('a directory without write permission (EACCES)', () => {
    const dir = tempDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    chmodSync(dir, 0o755);
    const run = cli(['--out', join(locked, 'report.pdf'), '--csv', join(locked, 'csv')], dir, isRoot);
    expectPlainFailure(
      run,
      `cannot write ${join(locked, 'report.pdf')}: permission denied; choose a location you may write to, or change its permissions`,
    );
    expect(readdirSync(locked)).toEqual([]);
  });

  it('--out naming a directory (EISDIR) and --csv naming a file (ENOTDIR)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'report.pdf'));
    writeFileSync(join(dir, 'tables'), 'mine');
    expectPlainFailure(
      cli(['--out', 'report.pdf'], dir),
      `cannot write ${join(dir, 'report.pdf')}: it is a directory; name a file (for --out, a path ending in .pdf)`,
    );
    expectPlainFailure(
      cli(['--out', 'new.pdf', '--csv', 'tables'], dir),
      `cannot create the directory ${join(dir, 'tables')}: a part of the path is a file, not a directory; choose a directory path (for --csv, a directory)`,
    );
    expect(readdirSync(dir).sort()).toEqual(['report.pdf', 'tables']);
  });

  it('a read-only file system (EROFS, a read-only bind mount)', (context) => {
    const dir = tempDir();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    if (!tryMount(['--bind', '-o', 'ro', ro], ro)) context.skip();
    expectPlainFailure(
      cli(['--out', join(ro, 'report.pdf')], dir),
      `cannot write ${join(ro, 'report.pdf')}: the file system is read-only; choose a location on a writable disk`,
    );
  });

  it('a full disk while writing (ENOSPC, a 64 KiB tmpfs): no PDF, no CSVs, no temporary files', (context) => {
    const dir = tempDir();
    const small = join(dir, 'small');
    mkdirSync(small);
    if (!tryMount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs'], small)) context.skip();
    const run = cli(['--out', join(small, 'report.pdf'), '--csv', join(small, 'csv')], dir);
    expect(run.stderr).toMatch(
      /^survkit report: cannot write .*: the disk is full; free some space or choose another disk\n/,
    );
    expect(run.status).toBe(1);
    expect(readdirSync(small)).toEqual([]);
  });

  it('outputs on two file systems (the CSVs on a tmpfs): moved by copy where rename cannot (EXDEV), none left staged', (context) => {
    const dir = tempDir();
    const other = join(dir, 'other');
    mkdirSync(other);
    if (!tryMount(['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs'], other)) context.skip();
    const files = [
      { path: join(dir, 'out', 'report.pdf'), bytes: 'pdf' },
      { path: join(other, 'csv', 'table1.csv'), bytes: 'a' },
    ];
    writeOutputs(files.map((f) => ({ ...f, bytes: 'old' })));
    writeOutputs(files);
    for (const f of files) expect(readFileSync(f.path, 'utf8')).toBe(f.bytes);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.pdf']);
    expect(readdirSync(join(other, 'csv'))).toEqual(['table1.csv']);
  });

  it('--debug prints the stack trace; without it there is none', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'report.pdf'));
    const run = cli(['--out', 'report.pdf', '--debug'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^survkit report: FileSystemError: cannot write .*\n\s+at /);
  });
});

describe('describeError: one contract by instanceof, not by class name', () => {
  it('our, the cohort’s and the engine’s errors (StatsLimitError included) are their message', () => {
    for (const error of [
      new StatsLimitError('fisherExactTest', '6·10⁷ arcs', 'the network is too large'),
      new StatsInputError('coxPH', 'must be finite', { field: 'time', row: 3 }),
      new CohortError('the dictionary is not valid', []),
    ])
      expect(describeError(error, false)).toBe(error.message);
  });

  it('a renamed class is still recognised, and an unknown error is one line pointing to --debug', () => {
    const limit = new StatsLimitError('f', 'l', 'd');
    Object.defineProperty(limit, 'name', { value: 'Renamed' });
    expect(describeError(limit, false)).toBe('f: d (limit: l)');
    const bug = new TypeError('x is undefined\nmore');
    expect(describeError(bug, false)).toBe(
      'internal error: TypeError: x is undefined (rerun with --debug for the stack trace, and please report it)',
    );
    expect(describeError(bug, true)).toBe(bug.stack);
  });
});

/**
 * Starts the CLI reading its cohort from a FIFO and returns once the child is blocked reading it (its
 * signal handlers are installed by then); `feed` writes the built-in cohort and closes the FIFO.
 */
function startOnFifo() {
  const dir = tempDir();
  const fifo = join(dir, 'cohort.csv');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(
    process.execPath,
    [CLI, '--data', fifo, '--out', 'out/report.pdf', '--csv', 'csv', '--quiet', '--skip-validation'],
    { cwd: dir, env: { ...process.env, INIT_CWD: dir } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const fd = openSync(fifo, 'w');
  const feed = () => {
    writeSync(fd, readFileSync(loadBuiltinCohort().csvPath));
    closeSync(fd);
  };
  const outputs = () =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f !== 'cohort.csv')
      .sort();
  return { child, exited, feed, outputs, stderr: () => stderr };
}

describe('signals: Ctrl-C or a kill leaves nothing behind', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during a run: exit ${code}, no PDF, no CSVs, no temporary files`, async (context) => {
      if (process.platform === 'win32') context.skip();
      const run = startOnFifo();
      run.child.kill(signal);
      run.feed();
      expect(await run.exited).toBe(code);
      expect(run.stderr()).toBe(`survkit report: interrupted (${signal}); no report was written.\n`);
      expect(run.outputs()).toEqual([]);
    });
  }

  it('SIGTERM at any later moment: exit 143 with nothing new, or (if it came late) complete outputs', async (context) => {
    if (process.platform === 'win32') context.skip();
    for (const delay of [500, 3000]) {
      const run = startOnFifo();
      run.feed();
      setTimeout(() => run.child.kill('SIGTERM'), delay);
      const code = await run.exited;
      const files = run.outputs();
      expect(files.filter((f) => f.includes('.survkit-staging') || f.endsWith('.tmp'))).toEqual([]);
      if (code === 143) expect(files, `killed after ${delay} ms`).toEqual([]);
      else {
        expect(code, `signalled after ${delay} ms`).toBe(0);
        // out/, csv/, the PDF and every table of the built-in plan (all but the pairwise log-rank tests).
        expect(files).toHaveLength(
          2 + 1 + CSV_TABLE_NAMES.filter((f) => f !== 'pairwise_logrank.csv').length,
        );
      }
    }
  });
});
