import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
// pdfkit's self-contained browser build (its own Buffer and zlib), which its exports map does not list.
const pdfkitStandalone = `${dirname(require.resolve('pdfkit'))}/pdfkit.standalone.js`;
const reportDist = fileURLToPath(new URL('../report/dist/', import.meta.url));

/**
 * The report's prose is Handlebars, whose `compile` builds functions with `new Function` — which the
 * page's Content-Security-Policy forbids. The two templates are precompiled here, at build time, and
 * `import Handlebars from 'handlebars'` in the report's code resolves to a module that hands back the
 * precompiled function for the same template text (same options as `render/prose.ts`).
 */
function precompiledHandlebars(): Plugin {
  const id = '\0survkit-handlebars';
  return {
    name: 'survkit-precompiled-handlebars',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'handlebars' && importer?.startsWith(reportDist)) return id;
      return null;
    },
    async load(loaded) {
      if (loaded !== id) return null;
      const Handlebars = require('handlebars') as typeof import('handlebars');
      const { METHODS_TEMPLATE } = await import(`${reportDist}templates/methods.js`);
      const { RESULTS_TEMPLATE } = await import(`${reportDist}templates/results.js`);
      const entries = [METHODS_TEMPLATE as string, RESULTS_TEMPLATE as string].map(
        (text) =>
          `[${JSON.stringify(text)}, ${Handlebars.precompile(text, { noEscape: true, strict: true })}]`,
      );
      return `import Runtime from 'handlebars/runtime';
const specs = new Map([${entries.join(',\n')}]);
export default {
  compile(text) {
    const spec = specs.get(text);
    if (spec === undefined) throw new Error('survkit web: this Handlebars template was not precompiled at build time');
    return Runtime.template(spec);
  },
};`;
    },
  };
}

/**
 * Node built-ins reach the bundle only through library entry points the page never calls (the CLI's
 * file readers in @survkit/cohort's index). They resolve to functions that throw; tree-shaking drops
 * them, and a test checks that the marker below is absent from the built files.
 */
function nodeBuiltinsRefused(): Plugin {
  const names = [
    'readFileSync',
    'existsSync',
    'createRequire',
    'fileURLToPath',
    'basename',
    'extname',
    'dirname',
    'join',
    'resolve',
    'createHash',
  ];
  return {
    name: 'survkit-node-builtins-refused',
    enforce: 'pre',
    resolveId(source) {
      return source.startsWith('node:') ? `\0refused:${source}` : null;
    },
    load(id) {
      if (!id.startsWith('\0refused:')) return null;
      const module = id.slice('\0refused:'.length);
      const body = names.map(
        (n) => `export function ${n}() { throw new Error('NODE-BUILTIN-IN-BROWSER ${module}.${n}'); }`,
      );
      return `${body.join('\n')}\nexport default {};`;
    },
  };
}

/**
 * Inlines the entry script into index.html and adds its SHA-256 to the CSP's script-src, so the page
 * opens from file:// (Chromium refuses module scripts from a file: origin) and the policy still
 * allows no other script. The worker is inlined as a blob (worker-src blob:).
 */
function singleFile(): Plugin {
  return {
    name: 'survkit-single-file',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (html === undefined || html.type !== 'asset') return;
      let text = String(html.source);
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const tag = new RegExp(
          `<script type="module" crossorigin src="\\./${name.replace('.', '\\.')}"></script>`,
        );
        if (!tag.test(text)) throw new Error(`single-file: no script tag for ${name}`);
        const code = chunk.code.replaceAll('</script', '<\\/script');
        const hash = createHash('sha256').update(code).digest('base64');
        text = text.replace(tag, () => `<script type="module">${code}</script>`);
        text = text.replace("script-src 'self'", `script-src 'sha256-${hash}'`);
        delete bundle[name];
      }
      for (const [name, asset] of Object.entries(bundle)) {
        if (asset.type !== 'asset' || !name.endsWith('.css')) continue;
        const link = new RegExp(`<link rel="stylesheet" crossorigin href="\\./${name.replace('.', '\\.')}">`);
        if (!link.test(text)) throw new Error(`single-file: no stylesheet link for ${name}`);
        text = text.replace(link, () => `<style>${String(asset.source)}</style>`);
        delete bundle[name];
      }
      html.source = text;
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [precompiledHandlebars(), nodeBuiltinsRefused(), singleFile()],
  resolve: {
    alias: [
      { find: /^pdfkit$/, replacement: pdfkitStandalone },
      // The cohort's CSV parse stage reads through src/csv/csvParseSync.ts: csv-parse's reading in one
      // pass over the string, with csv-parse's browser build (its Node build needs Node's Buffer) for
      // anything else; the cohort's CSV import is otherwise unchanged.
      {
        find: /^csv-parse\/sync$/,
        replacement: fileURLToPath(new URL('./src/csv/csvParseSync.ts', import.meta.url)),
      },
    ],
  },
  // A classic worker: Chromium refuses a module worker from a file: page (the built file opened from disk).
  worker: { format: 'iife', plugins: () => [precompiledHandlebars(), nodeBuiltinsRefused()] },
  build: {
    target: 'es2022',
    assetsInlineLimit: Number.POSITIVE_INFINITY,
    chunkSizeWarningLimit: 8000,
    modulePreload: false,
    rollupOptions: { output: { codeSplitting: false } },
  },
});
