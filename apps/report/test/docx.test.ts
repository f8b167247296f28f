import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { renderDocx } from '../src/docx/renderDocx.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { planSchema } from '../src/plan/schema.js';
import { makePng, readText, renderPage, sofficeConvert, toolMissing, unzip } from './docxFiles.js';
import { pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

// --docx (issue 10 item 5): the Word document holds the PDF's tables. Oracle: the PDF of the same
// run, its text extracted with pdfjs-dist; the Word document's text is LibreOffice's (headless
// soffice, txt export), so the check is on a document that opens in an office suite, not on our XML.

const missing = toolMissing('soffice');
const noPdftoppm = toolMissing('pdftoppm');
if (missing !== null) console.warn(`docx.test.ts: the LibreOffice checks are skipped: ${missing}.`);
if (noPdftoppm !== null) console.warn(`docx.test.ts: the figure page check is skipped: ${noPdftoppm}.`);

const STUDIES = [
  { name: 'built-in study', args: {} },
  {
    name: 'veteran (k arms, pairwise log-rank, sensitivity block)',
    args: {
      data: 'examples/veteran/veteran.csv',
      dictionary: 'examples/veteran/veteran-dictionary.json',
      plan: 'examples/veteran/veteran-plan.yaml',
    },
  },
] as const;

interface Run {
  readonly result: AnalysisResult;
  readonly dir: string;
  readonly pdf: string;
  readonly docx: string;
}

const runs = new Map<string, Run>();
beforeAll(async () => {
  for (const [i, study] of STUDIES.entries()) {
    const dir = tempDir('survkit-docx-');
    const pdf = join(dir, `study${i}.pdf`);
    const docx = join(dir, `study${i}.docx`);
    const run = await runInProcess({ ...study.args, out: pdf, docx, json: true, cwd: REPO_DIR });
    expect(run.status, run.stderr).toBe(0);
    runs.set(study.name, { result: JSON.parse(run.stdout) as AnalysisResult, dir, pdf, docx });
  }
}, 240_000);

/** Digits as numbers are written in the tables: "0.071", "13", "<0.001" → "0.001". */
const numbers = (text: string): string[] => text.match(/\d+(?:\.\d+)?/g) ?? [];
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
/** The PDF's text squashed, with a compound broken after its hyphen at a line end rejoined ("propensity- score"). */
const squashPdf = (text: string) => squash(text).replace(/(\p{L})- (?=\p{L})/gu, '$1-');

/**
 * The PDF's text from "TABLE n caption" on, without what the PDF adds at a page break: each page's
 * footer ("title — survkit 0.1.0 2 / 10"), "(Continued)", and the repeated "TABLE n Continued" caption
 * with the header row (the words it shares with the text after the first caption), which the Word
 * table repeats by itself.
 */
function pdfFromTable(
  pages: readonly string[],
  result: AnalysisResult,
  label: string,
  caption: string,
): string {
  const footer = new RegExp(
    `${literal(result.title)} — survkit ${literal(result.software.survkit)} \\d+ / \\d+$`,
  );
  const text = pages.map((p) => squashPdf(p).replace(footer, '')).join(' ');
  const opening = `${label} ${caption} `;
  const start = text.indexOf(opening);
  expect(start, `${label} with its caption in the PDF`).toBeGreaterThanOrEqual(0);
  let body = text.slice(start);
  const head = body.slice(opening.length).split(' ');
  const continued = `${label} Continued `;
  for (let at = body.indexOf(continued); at >= 0; at = body.indexOf(continued)) {
    const rest = body.slice(at + continued.length).split(' ');
    let shared = 0;
    while (shared < rest.length && rest[shared] === head[shared]) shared++;
    body = `${body.slice(0, at)}${rest.slice(shared).join(' ')}`;
  }
  return squash(body.replaceAll('(Continued)', ''));
}
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Word document's text cut at each "TABLE n" caption line: label → the lines up to the next. */
function docxTables(text: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    const label = /^(TABLE \d+) {2}/.exec(line)?.[1];
    if (label !== undefined) tables.set(label, (current = []));
    // The figures' legends follow the last table.
    else if (/^FIGURE \d+ {2}/.test(line)) current = null;
    current?.push(line);
  }
  return tables;
}

describe.skipIf(missing !== null)('--docx opens in LibreOffice and holds the PDF’s tables', () => {
  const texts = new Map<string, string>();
  beforeAll(() => {
    const dir = tempDir('survkit-docx-txt-');
    const docs = STUDIES.map((s) => runs.get(s.name)!.docx);
    sofficeConvert(docs, 'txt:Text', dir);
    STUDIES.forEach((s, i) => {
      const txt = join(dir, `study${i}.txt`);
      expect(existsSync(txt), `LibreOffice opened and converted ${docs[i]}`).toBe(true);
      texts.set(s.name, readText(txt));
    });
  }, 300_000);

  for (const study of STUDIES) {
    it(`${study.name}: the same tables as the PDF, each with the PDF's label and caption`, async () => {
      const { result, pdf } = runs.get(study.name)!;
      const pdfPages = await pdfText(pdf);
      const tables = docxTables(texts.get(study.name)!);
      const pdfLabels = new Set(pdfPages.join(' ').match(/TABLE \d+(?= )/g));
      expect([...tables.keys()]).toEqual([...pdfLabels]);
      expect(tables.size).toBeGreaterThanOrEqual(3);
      const pdfAll = squashPdf(pdfPages.join(' '));
      for (const [label, lines] of tables) expect(pdfAll, `${label}'s caption`).toContain(squash(lines[0]!));
      expect(texts.get(study.name)).toContain(result.title);
    });

    it(`${study.name}: every number of every table (header, cells, footnotes) is the PDF's, in the same order`, async () => {
      const { result, pdf } = runs.get(study.name)!;
      const pdfPages = await pdfText(pdf);
      const tables = docxTables(texts.get(study.name)!);
      let checked = 0;
      for (const [label, lines] of tables) {
        const words = numbers(lines.join('\n'));
        const caption = lines[0]!.slice(label.length).trim();
        const fromPdf = numbers(pdfFromTable(pdfPages, result, label, caption));
        expect(words.length, `${label} has numbers`).toBeGreaterThan(3);
        // The PDF goes on after the table (a figure's legend, the next table), so its numbers from
        // the caption on must begin with exactly the Word table's.
        expect(fromPdf.slice(0, words.length), `${label}: Word's numbers vs the PDF's`).toEqual(words);
        checked += words.length;
      }
      expect(checked).toBeGreaterThan(150);
    });
  }
});

/** A figure of two colour halves (red left, blue right), so the page shows where it landed and which way round. */
function twoTone(width: number, height: number): Uint8Array {
  return makePng(width, height, (x) => (x < width / 2 ? [220, 0, 0] : [0, 0, 220]));
}

describe('figure images in the Word document (the --figures PNGs, connected by the lead)', () => {
  const figures = [
    // 120 px at 30 dpi: 4 inches wide, inside the text block, so shown at that size.
    {
      title: 'FIGURE 1',
      caption: 'Two tones at their printed size.',
      png: twoTone(120, 60),
      widthPx: 120,
      heightPx: 60,
      dpi: 30,
    },
    // 1200 px at 100 dpi: 12 inches, wider than the page, so shrunk to the text width.
    {
      title: 'FIGURE 2',
      caption: 'Two tones shrunk to the text width.',
      png: twoTone(1200, 300),
      widthPx: 1200,
      heightPx: 300,
      dpi: 100,
    },
  ];
  const render = () => {
    const { result } = runs.get(STUDIES[0].name)!;
    return renderDocx({ result, plan: planSchema.parse(BUILTIN_PLAN), paper: 'a4', figures });
  };

  it('embeds each PNG byte for byte, after the tables', async () => {
    const files = unzip(await render());
    const media = [...files.keys()].filter((k) => k.startsWith('word/media/')).sort();
    expect(media).toHaveLength(2);
    const embedded = media.map((k) => files.get(k)!);
    for (const f of figures) expect(embedded.some((b) => b.equals(Buffer.from(f.png)))).toBe(true);
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml.lastIndexOf('<w:tbl>')).toBeLessThan(xml.indexOf('<w:drawing>'));
  });

  it('refuses bytes that are not a PNG, and a size that is not a pixel count, naming the figure', async () => {
    const { result } = runs.get(STUDIES[0].name)!;
    const plan = planSchema.parse(BUILTIN_PLAN);
    const bad = { ...figures[0]!, png: new Uint8Array([1, 2, 3]) };
    await expect(renderDocx({ result, plan, paper: 'a4', figures: [bad] })).rejects.toThrow(
      'Word figure FIGURE 1: the image is not a PNG file (no PNG signature)',
    );
    const zero = { ...figures[0]!, heightPx: 0 };
    await expect(renderDocx({ result, plan, paper: 'a4', figures: [zero] })).rejects.toThrow(
      'Word figure FIGURE 1: heightPx is 0; expected a positive integer',
    );
  });

  it.skipIf(missing !== null || noPdftoppm !== null)(
    'LibreOffice shows each figure on its own page at its printed size (or the text width), above its legend',
    async () => {
      const dir = tempDir('survkit-docx-fig-');
      const docx = join(dir, 'figures.docx');
      writeFileSync(docx, await render());
      sofficeConvert([docx], 'pdf', dir);
      const pages = await pdfText(join(dir, 'figures.pdf'));
      for (const f of figures) expect(pages.join(' ')).toContain(`${f.title} ${f.caption}`);
      const dpi = 50;
      // A4 with one-inch margins: the text block is 8.27 − 2 inches wide.
      const textWidth = (11906 / 1440 - 2) * dpi;
      const expected = [4 * dpi, textWidth];
      for (const [i, f] of figures.entries()) {
        const page = pages.findIndex((p) => p.includes(f.caption)) + 1;
        expect(page, `${f.title} on a page of its own`).toBeGreaterThan(0);
        expect(pages[page - 1]).not.toContain('TABLE');
        const { width, height, rgb } = renderPage(join(dir, 'figures.pdf'), page, dpi);
        const red: number[] = [];
        const blue: number[] = [];
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) {
            const [r, g, b] = rgb(x, y);
            if (r > 150 && g < 80 && b < 80) red.push(x);
            if (b > 150 && r < 80 && g < 80) blue.push(x);
          }
        const left = Math.min(...red);
        const right = Math.max(...blue);
        expect(Math.max(...red)).toBeLessThan(Math.min(...blue));
        // Two pixels of slack at 50 dpi for anti-aliasing at the edges.
        expect(Math.abs(right - left + 1 - expected[i]!), `${f.title} width`).toBeLessThanOrEqual(2);
        expect(Math.abs((left + right) / 2 - width / 2), `${f.title} centred`).toBeLessThanOrEqual(2);
      }
    },
    300_000,
  );
});

describe('the Word tables are journal tables', () => {
  it('three rules and no vertical lines; header rows repeat on a new page; variable rows bold', async () => {
    const { docx, result } = runs.get(STUDIES[0].name)!;
    const xml = unzip(readFileSync(docx)).get('word/document.xml')!.toString('utf8');
    const tables = xml.split('<w:tbl>').slice(1);
    const captions = xml.match(/<w:t[^>]*>TABLE \d+ {2}<\/w:t>/g) ?? [];
    expect(tables.length).toBe(captions.length);
    // Table 1, the pairwise and Cox tables, the robustness table, and the sensitivity section's: per endpoint a PH table
    // and an RMST/E-value table, an immortal-time table, and the propensity balance and effect tables.
    const sensitivity = (result.sensitivity ?? []).reduce(
      (a, s) => a + (s.ph === null ? 0 : 1) + ((s.rmst ?? []).length + (s.eValue ?? []).length > 0 ? 1 : 0),
      0,
    );
    const immortal = (result.immortalTime ?? []).length;
    // The robustness table, when a two-arm group has immortal-time or propensity analyses.
    const robustness =
      result.group.levels.length === 2 &&
      (result.immortalTime !== undefined || result.propensity !== undefined)
        ? 1
        : 0;
    expect(tables.length).toBe(
      1 +
        result.cox.length +
        result.pairwise.length +
        robustness +
        sensitivity +
        immortal +
        (result.propensity ? 2 : 0),
    );
    for (const t of tables) {
      const borders = /<w:tblBorders>(.*?)<\/w:tblBorders>/.exec(t)?.[1] ?? '';
      for (const side of ['top', 'bottom']) expect(borders).toMatch(new RegExp(`<w:${side} w:val="single"`));
      for (const side of ['left', 'right', 'insideH', 'insideV'])
        expect(borders).toMatch(new RegExp(`<w:${side} w:val="none"`));
      expect(t).not.toMatch(/<w:(left|right|start|end) w:val="single"/);
      expect(t).toContain('<w:tblHeader/>');
    }
    // Table 1's first variable row: its label is bold, its level rows are not, and they are indented.
    const t1 = tables[0]!;
    const xmlText = (t: string) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const row = (label: string) =>
      t1.split('<w:tr>').find((r) => r.includes(`>${xmlText(label)}</w:t>`)) ?? '';
    const heading = result.table1.rows.find((r) => r.kind === 'categorical')!;
    expect(row(heading.label)).toMatch(/<w:b\/>.*?>[^<]*<\/w:t>/);
    if (heading.kind === 'categorical') {
      const level = row(heading.levels[0]!.label);
      expect(level).toMatch(/<w:ind w:left="180"/);
      expect(level.split('</w:tc>')[0]).not.toContain('<w:b/>');
    }
  });
});

describe('--docx on the command line', () => {
  it('a path not ending in .docx, or under a file: one plain line before the analysis, nothing written', async () => {
    const dir = tempDir('survkit-docx-bad-');
    const wrong = await runInProcess({ out: 'report.pdf', docx: 'tables.doc', cwd: dir });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe(
      'survkit report: --docx is tables.doc; expected a file name ending in .docx\nNo report was written.\n',
    );
    writeFileSync(join(dir, 'notes'), 'mine');
    const under = await runInProcess({ out: 'report.pdf', docx: 'notes/tables.docx', cwd: dir });
    expect(under.status).toBe(1);
    expect(under.stderr).toBe(
      `survkit report: cannot create the directory ${join(dir, 'notes')}: a part of the path is a file, not a directory; choose a directory path (for --csv, a directory)\nNo report was written.\n`,
    );
    expect(readdirSync(dir)).toEqual(['notes']);
  });
});
