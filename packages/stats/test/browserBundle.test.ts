import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// The package promises to run in a browser. Oracle: a real browser bundle (Vite, browser
// resolution) of the built package must succeed without externalising any Node built-in.
describe('@survkit/stats in a browser bundle', () => {
  it('bundles for the browser with no Node built-in modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'survkit-browser-'));
    try {
      const entry = join(dir, 'entry.js');
      writeFileSync(
        entry,
        "import { kaplanMeier, logRankTest, coxPH, fisherExactTest } from '@survkit/stats';\n" +
          'globalThis.survkit = { kaplanMeier, logRankTest, coxPH, fisherExactTest };\n',
      );
      const output = await build({
        configFile: false,
        logLevel: 'silent',
        root: packageRoot,
        resolve: { alias: { '@survkit/stats': join(packageRoot, 'dist/index.js') } },
        build: {
          write: false,
          minify: false,
          lib: { entry, formats: ['es'], fileName: 'bundle' },
        },
      });
      const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) =>
        'output' in o ? o.output : [],
      );
      const code = chunks.map((c) => ('code' in c ? c.code : '')).join('\n');
      expect(code).toContain('kaplanMeier');
      // Vite replaces a Node built-in with a "__vite-browser-external" stub module in a browser build.
      expect(code).not.toMatch(/vite[_-]browser[_-]external/);
      expect(code).not.toMatch(/from\s+['"]node:|require\(['"]node:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
