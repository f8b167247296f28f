import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR, runInProcess, tempDir } from './helpers.js';

// Issue 10's "done when": every example study imports from an Excel workbook with the same numbers
// as from its CSV, and --docx and --figures work on every example. The workbooks are the CSVs
// written by examples/make-xlsx.R (openxlsx: number cells, text cells, real date cells, empty
// cells for missing values). Oracle: the invariant "same data, same report".
const STUDIES = ['lung', 'veteran', 'pbc', 'gbsg', 'heart'] as const;

/** The report's JSON without what names the input file or the moment of the run. */
function comparable(stdout: string): Record<string, unknown> {
  const json = JSON.parse(stdout) as Record<string, unknown>;
  for (const key of ['generatedAt', 'source', 'importWarnings']) delete json[key];
  return json;
}

describe.each(STUDIES)('examples/%s as an Excel workbook', (name) => {
  it('gives exactly the report of its CSV, and writes the Word document and figure files', async () => {
    const dir = tempDir(`survkit-xlsx-${name}-`);
    const study = join(REPO_DIR, 'examples', name);
    const common = {
      dictionary: join(study, `${name}-dictionary.json`),
      plan: join(study, `${name}-plan.yaml`),
      cwd: dir,
      json: true,
    };
    const fromCsv = await runInProcess({ ...common, data: join(study, `${name}.csv`), out: 'csv.pdf' });
    const fromXlsx = await runInProcess({
      ...common,
      data: join(study, `${name}.xlsx`),
      out: 'xlsx.pdf',
      docx: 'tables.docx',
      figures: 'figures',
    });
    expect(fromCsv.status).toBe(0);
    expect(fromXlsx.status, fromXlsx.stderr).toBe(0);
    const x = JSON.parse(fromXlsx.stdout) as { source: { fileName: string }; importWarnings: string[] };
    expect(x.source.fileName).toBe(`${name}.xlsx`);
    expect(x.importWarnings).toEqual([]);
    expect(comparable(fromXlsx.stdout)).toEqual(comparable(fromCsv.stdout));
    expect(existsSync(join(dir, 'tables.docx'))).toBe(true);
    const figures = readdirSync(join(dir, 'figures'));
    // Each figure (and the flow diagram) as SVG, PDF and PNG.
    expect(figures.length % 3).toBe(0);
    expect(figures.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});
