import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_INTERVALS } from '../src/analysis/ticks.js';
import type { AnalysisResult } from '../src/analysis/types.js';
import { pdfItems, pdfText, REPO_DIR, runInProcess, tempDir } from './helpers.js';

const LUNG = join(REPO_DIR, 'examples', 'lung');

/** lung.csv with the first patient's time (days) replaced; the other 227 keep theirs. */
function lungWithTime(dir: string, time: string): string {
  const lines = readFileSync(join(LUNG, 'lung.csv'), 'utf8').split('\n');
  const cells = lines[1]!.split(',');
  cells[1] = time;
  lines[1] = cells.join(',');
  const path = join(dir, 'input.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function runLung(dir: string, data: string, plan = join(LUNG, 'lung-plan.yaml')) {
  const out = join(dir, 'report.pdf');
  const run = await runInProcess({
    data,
    dictionary: join(LUNG, 'lung-dictionary.json'),
    plan,
    out,
    cwd: dir,
    json: true,
  });
  return { run, out, result: run.status === 0 ? (JSON.parse(run.stdout) as AnalysisResult) : null };
}

describe('issue 14.1: one extreme survival time gives a sane, bounded axis and a warning', () => {
  for (const time of ['1e9', '1e12', '1e300']) {
    it(`a time of ${time} days renders quickly with at most ${MAX_TIME_INTERVALS + 1} x ticks`, async () => {
      const dir = tempDir();
      const start = performance.now();
      const { run, out, result } = await runLung(dir, lungWithTime(dir, time));
      expect(run.stderr).toBe(`${out}\n`);
      expect(run.status).toBe(0);
      expect(performance.now() - start).toBeLessThan(30_000);
      for (const km of [...result!.survival, ...result!.subgroupKm.flatMap((s) => s.comparisons)]) {
        expect(km.xTicks.length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
        expect(km.xMax).toBeGreaterThanOrEqual(Number(time) / (365.25 / 12));
      }
      // 150 years = 1800 months; the longest time is in months after the cohort's conversion.
      const warning = result!.warnings.find((w) => w.startsWith('endpoints[0] (OS): the longest follow-up'));
      expect(warning).toMatch(/more than 150 years; check the time unit/);
      const text = (await pdfText(out)).join(' ');
      expect(text).toContain('Analysis warning: endpoints[0] (OS): the longest follow-up');
      // Under the figure: "Time (months)" with at most 11 tick labels on its line above.
      const page = (await pdfItems(out)).find((items) => items.some((i) => i.str === 'Time (months)'))!;
      const axisTitle = page.find((i) => i.str === 'Time (months)')!;
      const tickRow = page.filter((i) => i.y > axisTitle.y && i.y - axisTitle.y < 12);
      expect(tickRow.length).toBeGreaterThanOrEqual(2);
      expect(tickRow.length).toBeLessThanOrEqual(MAX_TIME_INTERVALS + 1);
    });
  }

  it('a plausible cohort (lung as shipped) has no follow-up warning', async () => {
    const dir = tempDir();
    const { run, result } = await runLung(dir, join(LUNG, 'lung.csv'));
    expect(run.status).toBe(0);
    expect(result!.warnings).toEqual([]);
  });
});

describe('issue 14.7: an empty subgroupKm level renders as a "no patients" panel with a warning', () => {
  it('names the plan key and the level, and the report still renders', async () => {
    const dir = tempDir();
    // ecog_group "0-1" exists in the dictionary; drop every patient in it from the data.
    const lines = readFileSync(join(LUNG, 'lung.csv'), 'utf8').trimEnd().split('\n');
    const ecog = lines[0]!.split(',').indexOf('"ph.ecog"');
    const kept = lines.filter((l, i) => i === 0 || !['0', '1'].includes(l.split(',')[ecog]!));
    const data = join(dir, 'input.csv');
    writeFileSync(data, `${kept.join('\n')}\n`);
    const { run, out, result } = await runLung(dir, data);
    expect(run.stderr).toBe(`${out}\n`);
    expect(run.status).toBe(0);
    const sub = result!.subgroupKm[0]!;
    expect(sub.n).toBe(0);
    expect(sub.comparisons[0]!.curves).toEqual([]);
    expect(result!.warnings).toContain(
      'subgroupKm[0] (ecog_group = "0-1", OS): no patients, so the panel is empty (no curve, no median, no log-rank test)',
    );
    const text = (await pdfText(out)).join(' ');
    expect(text).toContain('No patients');
    expect(text).toContain('Analysis warning: subgroupKm[0] (ecog_group = "0-1", OS): no patients');
  });
});
