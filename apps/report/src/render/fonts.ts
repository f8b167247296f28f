import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A TTF file's path (Node) or its bytes (a browser, which has no file system). */
export type FontSource = string | Uint8Array;

/** The font faces the report uses; DejaVu has ≥ ≤ – ± χ² which pdfkit's standard fonts lack. */
export interface FontSet {
  /** Body text. */
  readonly regular: FontSource;
  /** Tables, figures, captions, headings and the title (condensed: journal tables are dense). */
  readonly sans: FontSource;
  readonly sansBold: FontSource;
}

/**
 * Resolves the DejaVu TTF files from the `dejavu-fonts-ttf` npm package, so a fresh clone has them
 * without any system font. The package has no `exports` map, so its package.json is resolvable.
 */
export function resolveFonts(): FontSet & { readonly [face in keyof FontSet]: string } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  const ttf = (file: string): string => {
    const path = join(root, 'ttf', file);
    if (!existsSync(path)) throw new Error(`font file missing: ${path} (reinstall dejavu-fonts-ttf)`);
    return path;
  };
  return {
    regular: ttf('DejaVuSerif.ttf'),
    sans: ttf('DejaVuSansCondensed.ttf'),
    sansBold: ttf('DejaVuSansCondensed-Bold.ttf'),
  };
}
