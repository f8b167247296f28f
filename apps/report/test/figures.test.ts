import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../src/analysis/analyse.js';
import { loadCohort } from '../src/load.js';
import { renderFigureImages } from '../src/output/figureFiles.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { validatePlan } from '../src/plan/loadPlan.js';
import { CLI, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// `--figures DIR` on the built-in study (issue 10 item 6). The oracles are the report PDF itself
// (its FIGURE captions and the text of its figure pages), the physical sizes of a journal column
// (85/175 mm) at 300 dpi, and the PNG and XML specifications (chunk CRCs, well-formedness).

const dir = tempDir('survkit-figures-');
const figuresDir = join(dir, 'figures');
let reportPages: string[] = [];

beforeAll(async () => {
  const run = await runInProcess({ out: 'report.pdf', figures: 'figures', cwd: dir });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  reportPages = await pdfText(join(dir, 'report.pdf'));
}, 180_000);

/** "FIGURE 2  Overall survival (OS) by …" of the report, by number. */
function reportCaptions(): Map<number, string> {
  const captions = new Map<number, string>();
  for (const page of reportPages)
    for (const m of page.matchAll(/FIGURE (\d+) +(.*?\.)(?= |$)/g)) captions.set(Number(m[1]), m[2]!);
  return captions;
}

/** The numbered figures' file stems, in figure order. */
function stems(): string[] {
  return allStems()
    .filter((s) => s !== 'flow-diagram')
    .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
}

/** Every file stem: the numbered figures and the patient-flow diagram. */
function allStems(): string[] {
  return [...new Set(readdirSync(figuresDir).map((f) => f.replace(/\.(svg|pdf|png)$/, '')))];
}

/** The SVG parsed by a strict XML parser (throws on any well-formedness error): root size and texts. */
function parseSvg(xml: string): {
  widthMm: number;
  heightMm: number;
  texts: string[];
  sizes: number[];
  strokes: number[];
} {
  const parser = new SaxesParser({ xmlns: true });
  const out = {
    widthMm: 0,
    heightMm: 0,
    texts: [] as string[],
    sizes: [] as number[],
    strokes: [] as number[],
  };
  let inText = false;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const attr = (name: string) => tag.attributes[name]?.value;
    if (tag.local === 'svg') {
      out.widthMm = Number(attr('width')?.replace(/mm$/, ''));
      out.heightMm = Number(attr('height')?.replace(/mm$/, ''));
    }
    if (tag.local === 'text') {
      inText = true;
      out.texts.push('');
      out.sizes.push(Number(attr('font-size')));
    }
    const stroke = attr('stroke-width');
    if (stroke !== undefined) out.strokes.push(Number(stroke));
  });
  parser.on('text', (t) => {
    if (inText) out.texts[out.texts.length - 1] += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'text') inText = false;
  });
  parser.write(xml).close();
  return out;
}

/** The PNG's chunks, each CRC checked; IHDR's size and pHYs's pixels per metre. */
function readPng(bytes: Buffer): { width: number; height: number; ppm: [number, number, number] | null } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let width = 0;
  let height = 0;
  let ppm: [number, number, number] | null = null;
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(
      crc32(bytes.subarray(at + 4, at + 8 + length)),
    );
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'pHYs') ppm = [data.readUInt32BE(0), data.readUInt32BE(4), data.readUInt8(8)];
    at += 12 + length;
  }
  return { width, height, ppm };
}

/** The one page of a figure PDF: its size in points and its text items with their extents. */
async function readFigurePdf(path: string) {
  const doc = await getDocument({
    data: new Uint8Array(readFileSync(path)),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages = doc.numPages;
  const page = await doc.getPage(1);
  const [, , w, h] = page.view as [number, number, number, number];
  const items = (await page.getTextContent()).items.flatMap((i) =>
    'str' in i && i.str.trim() !== '' ? [{ str: i.str, x: i.transform[4] as number, width: i.width }] : [],
  );
  await doc.destroy();
  return { pages, w, h, items };
}

describe('--figures DIR: every figure of the report as SVG, PDF and 300-dpi PNG', () => {
  it('one figure-<n>-<kind>-<endpoint> stem per FIGURE of the PDF and flow-diagram, each as .svg, .pdf and .png', () => {
    const captions = reportCaptions();
    expect(captions.size).toBeGreaterThanOrEqual(4);
    const all = stems();
    expect(all.map((s) => Number(s.split('-')[1]))).toEqual([...captions.keys()].sort((a, b) => a - b));
    expect(readdirSync(figuresDir).sort()).toEqual(
      [...all, 'flow-diagram'].flatMap((s) => [`${s}.pdf`, `${s}.png`, `${s}.svg`]).sort(),
    );
    // The endpoint is the one whose name the caption gives (figure-<n>-<kind>-<endpoint>[-<detail>]).
    const endpoints = ['progression-free survival', 'overall survival'];
    for (const stem of all) {
      const caption = captions.get(Number(stem.split('-')[1]))!;
      const kind = caption.startsWith('Subgroup analysis of ')
        ? 'forest'
        : caption.startsWith('Scaled Schoenfeld residuals')
          ? 'schoenfeld'
          : 'km';
      const endpoint = endpoints.find((e) => caption.toLowerCase().includes(e))!;
      expect(stem, caption).toMatch(
        new RegExp(`^figure-\\d+-${kind}-${endpoint.replace(/[^a-z0-9]+/g, '-')}`),
      );
    }
    // Nothing staged is left behind.
    expect(readdirSync(dir).sort()).toEqual(['figures', 'report.pdf']);
  });

  it('the SVGs are well-formed XML whose text is the text of the figure on the report page', () => {
    for (const stem of stems()) {
      const svg = parseSvg(readFileSync(join(figuresDir, `${stem}.svg`), 'utf8'));
      const joined = svg.texts.join(' ');
      const n = Number(stem.split('-')[1]);
      const page = reportPages.find((p) => p.includes(`FIGURE ${n} `))!;
      expect(page, stem).toContain(joined);
      if (stem.includes('-km-')) {
        // The number-at-risk table and the axis labels, as the PDF page prints them (weighted
        // curves: the sum of the weights at risk).
        const caption = page.indexOf(`FIGURE ${n} `);
        const weighted = stem.includes('-iptw-weighted');
        const heading = weighted ? 'Weighted number at risk' : 'Number at risk';
        const risk = page.slice(page.lastIndexOf(heading, caption), caption).trim();
        expect(joined).toContain(risk);
        expect(risk).toMatch(
          weighted ? /^Weighted number at risk .* \d+\.\d / : /^Number at risk \S+.* \d+ \d+ \d+/,
        );
        expect(joined).toMatch(
          /0\.0 0\.2 0\.4 0\.6 0\.8 1\.0 .*Time (from the landmark )?\(months\) .*survival probability/,
        );
      } else if (stem.includes('-schoenfeld-')) {
        expect(joined).toMatch(/Time \(months\), spaced as 1 − Kaplan–Meier/);
      } else {
        expect(joined).toMatch(/^Subgroup n Events .* HR \(95% CI\) P for interaction Overall /);
      }
    }
  });

  it('the flow diagram’s SVG holds the text of the report’s patient-flow diagram', () => {
    const svg = parseSvg(readFileSync(join(figuresDir, 'flow-diagram.svg'), 'utf8'));
    const page = reportPages.find((p) => p.includes('Patient flow'))!;
    expect(svg.texts[0]).toMatch(/^Patients screened \(n = \d+\)$/);
    expect(page).toContain(svg.texts.join(' '));
  });

  it('journal minimums at final size: text ≥ 7 pt, lines ≥ 0.5 pt, 175 mm wide', () => {
    for (const stem of allStems()) {
      const svg = parseSvg(readFileSync(join(figuresDir, `${stem}.svg`), 'utf8'));
      expect(Math.min(...svg.sizes), stem).toBeGreaterThanOrEqual(7);
      expect(Math.min(...svg.strokes), stem).toBeGreaterThanOrEqual(0.5);
      expect(svg.widthMm).toBeCloseTo(175, 1);
    }
  });

  it('each PNG is the SVG’s physical size at 300 dpi, says so in pHYs, and has valid chunks', () => {
    for (const stem of allStems()) {
      const svg = parseSvg(readFileSync(join(figuresDir, `${stem}.svg`), 'utf8'));
      const png = readPng(readFileSync(join(figuresDir, `${stem}.png`)));
      const px = (mm: number) => (mm / 25.4) * 300;
      expect(png.width).toBe(Math.round(px(175)));
      expect(Math.abs(png.width - px(svg.widthMm))).toBeLessThan(0.5);
      expect(Math.abs(png.height - px(svg.heightMm))).toBeLessThan(0.5);
      expect(png.ppm).toEqual([11811, 11811, 1]); // 300 / 0.0254 pixels per metre
    }
  });

  it('each one-figure PDF opens, is one page of the SVG’s size, and holds the same text inside its edges', async () => {
    for (const stem of allStems()) {
      const svg = parseSvg(readFileSync(join(figuresDir, `${stem}.svg`), 'utf8'));
      const pdf = await readFigurePdf(join(figuresDir, `${stem}.pdf`));
      expect(pdf.pages).toBe(1);
      expect(pdf.w).toBeCloseTo((svg.widthMm / 25.4) * 72, 1);
      expect(pdf.h).toBeCloseTo((svg.heightMm / 25.4) * 72, 1);
      expect(pdf.items.map((i) => i.str).join(' ')).toBe(svg.texts.join(' '));
      for (const item of pdf.items) {
        expect(item.x, `${stem}: "${item.str}"`).toBeGreaterThanOrEqual(0);
        expect(item.x + item.width, `${stem}: "${item.str}"`).toBeLessThanOrEqual(pdf.w);
      }
    }
  });
});

describe('renderFigureImages: the figures for another output (the Word document)', () => {
  it('gives each figure of the PDF its title, the PDF’s caption and the PNG that --figures writes', () => {
    const loaded = loadCohort(undefined, undefined, 'built-in plan', {});
    const plan = validatePlan({ value: BUILTIN_PLAN, source: 'built-in plan' }, loaded.cohort);
    const result = analyse(loaded.cohort, plan, {
      source: loaded.source,
      generatedAt: '',
      version: '',
      validation: null,
      importWarnings: [],
    });
    const images = renderFigureImages(result, plan);
    const captions = reportCaptions();
    expect(images.map((f) => f.number)).toEqual([null, ...[...captions.keys()].sort((a, b) => a - b)]);
    expect(images[0]!.title).toBe('Patient flow');
    for (const image of images) {
      if (image.number !== null) {
        expect(image.title).toBe(`Figure ${image.number}`);
        // The PDF's caption as far as reportCaptions reads it: its first sentence.
        expect(image.caption.startsWith(captions.get(image.number)!), image.caption).toBe(true);
      }
      expect(Buffer.from(image.png)).toEqual(readFileSync(join(figuresDir, `${image.fileStem}.png`)));
      expect(image.size.widthPt).toBeCloseTo((175 / 25.4) * 72, 0);
    }
  }, 180_000);
});

describe('--figures refusals: one plain line, nothing written', () => {
  const isRoot = process.getuid?.() === 0;
  const cli = (args: readonly string[], cwd: string, asUser = false) =>
    spawnSync(process.execPath, [CLI, '--skip-validation', '--quiet', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: cwd },
      ...(asUser ? { uid: 65534, gid: 65534 } : {}),
    });

  it('a --figures directory without write permission (root runs the child as nobody)', () => {
    const base = tempDir();
    chmodSync(base, 0o777);
    const locked = join(base, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const run = cli(['--out', join(base, 'report.pdf'), '--figures', join(locked, 'figs')], base, isRoot);
    expect(run.stderr).toBe(
      `survkit report: cannot write ${join(locked, 'figs')}: permission denied; choose a location you may write to, or change its permissions\nNo report was written.\n`,
    );
    expect(run.status).toBe(1);
    expect(readdirSync(base)).toEqual(['locked']);
    expect(readdirSync(locked)).toEqual([]);
  });

  it('a --figures path that is a file', () => {
    const base = tempDir();
    writeFileSync(join(base, 'figs'), 'mine');
    const run = cli(['--out', 'report.pdf', '--figures', 'figs'], base);
    expect(run.stderr).toMatch(
      /^survkit report: cannot create the directory .*figs: a part of the path is a file/,
    );
    expect(run.stderr.split('\n')).toHaveLength(3);
    expect(run.status).toBe(1);
    expect(readdirSync(base)).toEqual(['figs']);
  });
});

// A study whose report has Schoenfeld and landmark figures too (examples/heart: a sensitivity block
// with the PH check and an immortal-time block with two landmarks). Oracle: the PDF's captions.
describe('--figures on a study with Schoenfeld and landmark figures (examples/heart)', () => {
  it('writes one file stem per FIGURE of the PDF, numbered and captioned as there', async () => {
    const heartDir = tempDir('survkit-figures-heart-');
    const study = join(REPO_DIR, 'examples', 'heart');
    const run = await runInProcess({
      data: join(study, 'heart.csv'),
      dictionary: join(study, 'heart-dictionary.json'),
      plan: join(study, 'heart-plan.yaml'),
      out: 'heart.pdf',
      figures: 'figures',
      cwd: heartDir,
    });
    expect(run.status).toBe(0);
    const pages = await pdfText(join(heartDir, 'heart.pdf'));
    const numbers = new Set<number>();
    for (const page of pages) for (const m of page.matchAll(/FIGURE (\d+) /g)) numbers.add(Number(m[1]));
    const files = [
      ...new Set(readdirSync(join(heartDir, 'figures')).map((f) => f.replace(/\.(svg|pdf|png)$/, ''))),
    ];
    const numbered = files.filter((s) => s !== 'flow-diagram');
    expect(numbered.map((s) => Number(s.split('-')[1])).sort((a, b) => a - b)).toEqual(
      [...numbers].sort((a, b) => a - b),
    );
    expect(numbered.some((s) => s.includes('-schoenfeld-'))).toBe(true);
    expect(numbered.filter((s) => s.includes('-landmark-'))).toHaveLength(2);
  }, 180_000);
});

// A study with a propensity block (examples/gbsg: IPTW and matching): the weighted Kaplan–Meier
// figure is numbered and captioned as in the PDF, after the Schoenfeld plot. Oracle: the PDF's captions.
describe('--figures on a study with a propensity analysis (examples/gbsg)', () => {
  it('writes the IPTW-weighted Kaplan–Meier figure under the PDF’s number', async () => {
    const gbsgDir = tempDir('survkit-figures-gbsg-');
    const study = join(REPO_DIR, 'examples', 'gbsg');
    const run = await runInProcess({
      data: join(study, 'gbsg.csv'),
      dictionary: join(study, 'gbsg-dictionary.json'),
      plan: join(study, 'gbsg-plan.yaml'),
      out: 'gbsg.pdf',
      figures: 'figures',
      cwd: gbsgDir,
    });
    expect(run.status).toBe(0);
    const pages = await pdfText(join(gbsgDir, 'gbsg.pdf'));
    const captions = new Map<number, string>();
    for (const page of pages)
      for (const m of page.matchAll(/FIGURE (\d+) +(.*?\.)(?= |$)/g)) captions.set(Number(m[1]), m[2]!);
    const numbered = [
      ...new Set(readdirSync(join(gbsgDir, 'figures')).map((f) => f.replace(/\.(svg|pdf|png)$/, ''))),
    ].filter((s) => s !== 'flow-diagram');
    expect(numbered.map((s) => Number(s.split('-')[1])).sort((a, b) => a - b)).toEqual(
      [...captions.keys()].sort((a, b) => a - b),
    );
    const weighted = numbered.filter((s) => s.includes('-iptw-weighted'));
    expect(weighted).toHaveLength(1);
    expect(captions.get(Number(weighted[0]!.split('-')[1]))).toMatch(
      /^Propensity-score adjusted recurrence-free/,
    );
  }, 180_000);
});
