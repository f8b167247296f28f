import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemError } from '../src/errors.js';
import { CSV_TABLE_NAMES } from '../src/output/csv.js';
import { type OutputFs, writeOutputs } from '../src/output/writeOutputs.js';
import { runInProcess, tempDir } from './helpers.js';

/** Every entry under `dir`, recursively, relative to it (staging directories are hidden: "." names). */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('writeOutputs: every output appears complete, or none does (issue 14 item 4)', () => {
  const files = (dir: string) => [
    { path: join(dir, 'out', 'report.pdf'), bytes: 'pdf' },
    { path: join(dir, 'csv', 'table1.csv'), bytes: 'a' },
    { path: join(dir, 'csv', 'cox.csv'), bytes: 'b' },
    { path: join(dir, 'csv', 'flow.csv'), bytes: 'c' },
  ];

  it('a write failure midway (a full disk at the third file) leaves nothing: no outputs, no temp files, no new directories', () => {
    const dir = tempDir();
    let writes = 0;
    const fs: OutputFs = {
      writeFile: (p, b) => {
        if (++writes === 3) throw enospc();
        writeFileSync(p, b);
      },
      rename: (a, b) => {
        throw new Error(`no rename expected (${a} → ${b})`);
      },
    };
    expect(() => writeOutputs(files(dir), fs)).toThrow(FileSystemError);
    expect(() =>
      writeOutputs(files(dir), {
        ...fs,
        writeFile: () => {
          throw enospc();
        },
      }),
    ).toThrow(
      `cannot write ${join(dir, 'out', 'report.pdf')}: the disk is full; free some space or choose another disk`,
    );
    expect(tree(dir)).toEqual([]);
  });

  it('a failure while moving into place restores the previous files byte for byte', () => {
    const dir = tempDir();
    writeOutputs(files(dir));
    const before = Object.fromEntries(files(dir).map((f) => [f.path, readFileSync(f.path, 'utf8')]));
    const next = files(dir).map((f) => ({ ...f, bytes: `${f.bytes} v2` }));
    let renames = 0;
    const fs: OutputFs = {
      writeFile: (p, b) => writeFileSync(p, b),
      rename: (a, b) => {
        // Two renames per file (old → backup, new → target); the fifth is the third file's backup.
        if (++renames === 5) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        renameSync(a, b);
      },
    };
    expect(() => writeOutputs(next, fs)).toThrow(/^cannot write .*cox\.csv: permission denied/);
    for (const f of files(dir)) expect(readFileSync(f.path, 'utf8')).toBe(before[f.path]);
    expect(tree(dir)).toEqual([
      'csv',
      'csv/cox.csv',
      'csv/flow.csv',
      'csv/table1.csv',
      'out',
      'out/report.pdf',
    ]);
  });

  it('success replaces the previous files and leaves no staging directory; a dead process’s staging is swept', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out', '.survkit-staging-999999999-abc'), { recursive: true });
    writeFileSync(join(dir, 'out', '.survkit-staging-999999999-abc', '0-report.pdf'), 'half');
    writeOutputs(files(dir));
    writeOutputs(files(dir).map((f) => ({ ...f, bytes: `${f.bytes}!` })));
    for (const f of files(dir)) expect(readFileSync(f.path, 'utf8')).toBe(`${f.bytes}!`);
    expect(tree(dir)).toEqual([
      'csv',
      'csv/cox.csv',
      'csv/flow.csv',
      'csv/table1.csv',
      'out',
      'out/report.pdf',
    ]);
  });
});

describe('the run: a file-system failure is one plain line, and nothing new appears', () => {
  it('--csv naming a file: says so before any analysis, writes no PDF and leaves the file alone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tables'), 'mine');
    const run = await runInProcess({ out: join(dir, 'report.pdf'), csv: 'tables', cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `survkit report: cannot create the directory ${join(dir, 'tables')}: a part of the path is a file, not a directory; choose a directory path (for --csv, a directory)\nNo report was written.\n`,
    );
    expect(tree(dir)).toEqual(['tables']);
    expect(readFileSync(join(dir, 'tables'), 'utf8')).toBe('mine');
  });

  it('--out naming a directory: EISDIR in words, and no CSVs are written either', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'report.pdf'));
    const run = await runInProcess({ out: 'report.pdf', csv: 'csv', cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `survkit report: cannot write ${join(dir, 'report.pdf')}: it is a directory; name a file (for --out, a path ending in .pdf)\nNo report was written.\n`,
    );
    expect(tree(dir)).toEqual(['report.pdf']);
  });

  it('an input that cannot be read: --data naming a directory, --plan naming a missing file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cohort'));
    const data = await runInProcess({ out: 'report.pdf', data: 'cohort', cwd: dir });
    expect(data.stderr).toBe(
      `survkit report: cannot read the data file ${join(dir, 'cohort')}: it is a directory; name a file\nNo report was written.\n`,
    );
    const plan = await runInProcess({ out: 'report.pdf', plan: 'plan.yaml', cwd: dir });
    expect(plan.stderr).toBe(
      `survkit report: cannot read the plan file ${join(dir, 'plan.yaml')}: no such file or directory; check the path\nNo report was written.\n`,
    );
    expect(tree(dir)).toEqual(['cohort']);
  });

  it('--csv writes only tables it announces (CSV_TABLE_NAMES, checked before the analysis)', async () => {
    const dir = tempDir();
    const run = await runInProcess({ out: 'report.pdf', csv: 'csv', cwd: dir });
    expect(run.status).toBe(0);
    // The built-in plan asks for no pairwise log-rank tests (two arms): that optional table is
    // absent; its sensitivity, immortal-time and propensity analyses write theirs.
    expect(readdirSync(join(dir, 'csv')).sort()).toEqual(
      CSV_TABLE_NAMES.filter((f) => f !== 'pairwise_logrank.csv').sort(),
    );
    expect(tree(dir).filter((f) => f.includes('.survkit'))).toEqual([]);
  });
});
