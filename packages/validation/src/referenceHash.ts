import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.map'))
    .sort();
}

/**
 * The SHA-256 (hex) of everything the outcome of {@link runReferenceSuites} depends on: the built
 * engine (`@survkit/stats` dist), the cohort package (dist and its bundled data), these suites
 * (dist) and their R fixtures. The suites are deterministic, so the same hash means the same code
 * on the same data and therefore the same outcome: a stored outcome can stand in for a re-run.
 *
 * Reads files only (Node); run `pnpm build` first, since the hash covers built output.
 *
 * @example
 * const key = referenceHash().slice(0, 32); // a cache key for the suites' outcome
 * @returns 64 hexadecimal characters.
 */
export function referenceHash(): string {
  const hash = createHash('sha256');
  const stats = packageDir('@survkit/stats');
  const cohort = packageDir('@survkit/cohort');
  // this package itself: one folder above src/ or dist/
  const validation = fileURLToPath(new URL('..', import.meta.url));
  const roots = [
    join(stats, 'dist'),
    join(cohort, 'dist'),
    join(cohort, 'data'),
    join(validation, 'dist'),
    join(validation, 'fixtures'),
  ];
  for (const root of roots)
    for (const file of listFiles(root)) {
      hash.update(relative(dirname(root), file));
      hash.update('\0');
      hash.update(readFileSync(file));
    }
  return hash.digest('hex');
}
