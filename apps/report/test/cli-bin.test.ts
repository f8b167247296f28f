import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_DIR, tempDir } from './helpers.js';

/** The shim pnpm links for the root's dependency on @survkit/report (what `pnpm exec survkit` runs). */
const SHIM = join(REPO_DIR, 'node_modules', '.bin', 'survkit');

describe('the survkit command', () => {
  it('package.json names dist/cli.js as the survkit bin, and the built file starts with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_DIR, 'apps/report/package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['survkit']).toBe('./dist/cli.js');
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs from another directory and resolves paths against it', () => {
    expect(existsSync(SHIM)).toBe(true);
    const dir = tempDir();
    // Without INIT_CWD, as when typed in a shell; the missing file fails before any rendering.
    const env = { ...process.env };
    delete env['INIT_CWD'];
    const run = spawnSync(SHIM, ['--data', 'missing.csv', '--quiet'], { cwd: dir, encoding: 'utf8', env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`data file not found: ${join(dir, 'missing.csv')}`);
    const help = spawnSync(SHIM, ['--help'], { cwd: dir, encoding: 'utf8', env });
    expect(help.stdout).toMatch(/^Usage: survkit \[options\] \[command\]/);
    expect(help.stdout).toMatch(/report \[options\]/);
    expect(help.stdout).toMatch(/init \[options\]/);
    for (const command of ['report', 'init']) {
      const sub = spawnSync(SHIM, [command, '--help'], { cwd: dir, encoding: 'utf8', env });
      expect(sub.stdout).toMatch(new RegExp(`^Usage: survkit ${command} \\[options\\]`));
      expect(sub.stdout).toContain('Examples (paths are relative to the directory you run it in)');
    }
  });

  it('`survkit report …` and bare `survkit …` are the same command; unknown options are named', () => {
    const dir = tempDir();
    const env = { ...process.env };
    delete env['INIT_CWD'];
    for (const args of [
      ['report', '--data', 'gone.csv'],
      ['--data', 'gone.csv'],
    ]) {
      const run = spawnSync(SHIM, [...args, '--quiet'], { cwd: dir, encoding: 'utf8', env });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`survkit report: data file not found: ${join(dir, 'gone.csv')}`);
    }
    const bad = spawnSync(SHIM, ['--bogus'], { cwd: dir, encoding: 'utf8', env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("error: unknown option '--bogus'");
    const noData = spawnSync(SHIM, ['init'], { cwd: dir, encoding: 'utf8', env });
    expect(noData.status).toBe(1);
    expect(noData.stderr).toContain("required option '--data");
  });
});
