import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { formatNumber, formatPercent, formatStatistic, pRelation } from '../src/format/index.js';
import { reportFormat } from '../src/format/reportFormat.js';
import { list } from '../src/render/prose.js';
import { APP_DIR, near, pdfText, runInProcess, tempDir } from './helpers.js';

// A real three-arm study: R's survival::colon, death records (Obs, Lev, Lev+5FU; time in days).
// Oracle: apps/report/test/r/colon-prose.R (R 4.2.2, survival 3.5-3: survfit, survdiff, coxph with
// Efron ties) → fixtures/colon-prose.json. The analysis must equal R at relative 1e-6, and the summary
// must quote R's numbers, each next to its own arm.

interface RMedian {
  readonly median: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}
interface RHazardRatio {
  readonly level: string;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}
interface RColon {
  readonly n: number;
  readonly overallMedian: RMedian;
  readonly arms: readonly (RMedian & { level: string; n: number; events: number })[];
  readonly logRank: { readonly statistic: number; readonly df: number; readonly pValue: number };
  readonly univariable: readonly RHazardRatio[];
  readonly multivariable: {
    readonly n: number;
    readonly events: number;
    readonly rx: readonly RHazardRatio[];
  };
}

const FIXTURES = join(APP_DIR, 'test', 'fixtures');
const r: RColon = JSON.parse(readFileSync(join(FIXTURES, 'colon-prose.json'), 'utf8'));
const fmt = reportFormat();
let result: AnalysisResult;
let text: string;

beforeAll(async () => {
  const dir = tempDir();
  const out = join(dir, 'colon.pdf');
  const run = await runInProcess({
    data: join(FIXTURES, 'colon', 'colon-death.csv'),
    dictionary: join(FIXTURES, 'colon', 'colon-dictionary.json'),
    plan: join(FIXTURES, 'colon', 'colon-plan.yaml'),
    out,
    cwd: dir,
    json: true,
  });
  expect(run.stderr).toBe(`${out}\n`);
  expect(run.status).toBe(0);
  result = JSON.parse(run.stdout);
  text = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
}, 60_000);

const medianText = (m: RMedian) =>
  `${m.median === null ? 'not reached' : `${formatNumber(m.median, 1)} months`} (95% CI ${fmt.interval(m.lower, m.upper, 1)})`;
const hrText = (h: RHazardRatio) =>
  `${formatNumber(h.hazardRatio, 3)} (95% CI ${fmt.interval(h.lower, h.upper, 3)}; p ${pRelation(h.pValue)}) for ${h.level}`;

describe('three-arm study (survival::colon, death): the analysis equals R', () => {
  it('arms, medians, the 2-df log-rank test and each arm’s Cox HR (univariable, multivariable)', () => {
    expect(result.flow.analysed).toBe(r.n);
    const km = result.survival[0]!;
    r.arms.forEach((arm, i) => {
      const c = km.curves[i]!;
      expect([result.group.levels[i]!.level, c.n, c.events]).toEqual([arm.level, arm.n, arm.events]);
      near(c.median.estimate, arm.median, `${arm.level} median`);
      near(c.median.lower, arm.lower, `${arm.level} median lower`);
      near(c.median.upper, arm.upper, `${arm.level} median upper`);
    });
    near(km.logRank!.statistic, r.logRank.statistic, 'log-rank chisq');
    expect(km.logRank!.df).toBe(r.logRank.df);
    near(km.logRank!.pValue, r.logRank.pValue, 'log-rank p');
    const cox = result.cox[0]!;
    const rx = (rows: typeof cox.univariate) => rows.find((v) => v?.variable === 'rx')!.levels;
    for (const [ours, theirs, what] of [
      [rx(cox.univariate), r.univariable, 'univariable'],
      [rx(cox.multivariable.filter((v) => v !== null)), r.multivariable.rx, 'multivariable'],
    ] as const)
      for (const h of theirs) {
        const l = ours.find((x) => x.level === h.level)!;
        near(l.hazardRatio, h.hazardRatio, `${what} ${h.level} HR`);
        near(l.lower, h.lower, `${what} ${h.level} lower`);
        near(l.upper, h.upper, `${what} ${h.level} upper`);
        near(l.pValue, h.pValue, `${what} ${h.level} p`);
      }
    expect([cox.multivariableN, cox.multivariableEvents]).toEqual([
      r.multivariable.n,
      r.multivariable.events,
    ]);
  });
});

describe('three-arm study: the summary quotes R’s numbers, each with its own arm', () => {
  it('arm sizes joined as "A, B and C"', () => {
    const parts = r.arms.map((a) => `${a.n} (${formatPercent(a.n, r.n)}) in the ${a.level} group`);
    expect(text).toContain(`A total of ${r.n} patients were analysed: ${list(parts)}.`);
  });

  it('each arm’s median and the 2-df log-rank test', () => {
    const lr = r.logRank;
    expect(text).toContain(
      `The median OS was ${medianText(r.overallMedian)} overall; by group, it was ${list(r.arms.map((a) => `${medianText(a)} in the ${a.level} group`))} (log-rank χ² = ${formatStatistic(lr.statistic)}, df = 2, p ${pRelation(lr.pValue)}).`,
    );
  });

  it('Lev and Lev+5FU each with their own HR against Obs, in both models', () => {
    expect(text).toContain(
      `Compared with Obs, the HRs were ${list(r.univariable.map(hrText))} in the univariable model, and ${list(r.multivariable.rx.map(hrText))} in the multivariable model.`,
    );
    expect(text).not.toContain('Lev/Lev+5FU');
  });

  it('methods: log-rank across the three groups with 2 degrees of freedom; no two-group wording', () => {
    expect(text).toContain(
      'Survival was compared across the three treatment groups with the log-rank test (2 degrees of freedom)',
    );
    expect(text).not.toContain('two treatment groups');
  });
});

describe('three-arm study: layout choices', () => {
  it('Table 1’s footnote marks run a, b in order of first use (χ² first, then Kruskal–Wallis)', () => {
    const table1 = text.slice(text.indexOf('TABLE 1'), text.indexOf('FIGURE 1'));
    const marked = [...table1.matchAll(/\d\.\d{3} ([a-z])\b/g)].map((m) => m[1]);
    expect(marked.length).toBeGreaterThan(0);
    const firstUse = [...new Set(marked)];
    expect(firstUse).toEqual(['a', 'b'].slice(0, firstUse.length));
    expect(table1).toContain('a Pearson’s χ² test.');
    expect(table1).toContain('b Kruskal–Wallis test');
  });

  it('format.intervalSeparator " to " reaches Table 2, the KM legend, Table 1 ranges and the summary', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.yaml');
    writeFileSync(
      plan,
      `${readFileSync(join(FIXTURES, 'colon', 'colon-plan.yaml'), 'utf8')}format:\n  intervalSeparator: " to "\n`,
    );
    const out = join(dir, 'colon-to.pdf');
    const run = await runInProcess({
      data: join(FIXTURES, 'colon', 'colon-death.csv'),
      dictionary: join(FIXTURES, 'colon', 'colon-dictionary.json'),
      plan,
      out,
      cwd: dir,
    });
    expect(run.status).toBe(0);
    const to = (await pdfText(out)).join(' ').replace(/\s+/g, ' ');
    const to3 = reportFormat({ intervalSeparator: ' to ' });
    const lev = r.univariable[0]!;
    expect(to).toContain(`Lev ${to3.hazardRatio(lev.hazardRatio, lev.lower, lev.upper)}`);
    const obs = r.arms[0]!;
    expect(to).toContain(
      `Obs ${obs.n} ${obs.events} ${to3.median({ estimate: obs.median, lower: obs.lower, upper: obs.upper })}`,
    );
    expect(to).toContain(
      `(95% CI ${to3.interval(lev.lower, lev.upper, 3)}; p ${pRelation(lev.pValue)}) for Lev`,
    );
    expect(to).not.toMatch(/\d–\d/);
  }, 60_000);
});
