import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cohort, convertTime, loadBuiltinCohort } from '@survkit/cohort';
import { compareCategorical, fitCoxModel, kaplanMeier, logRankTest, type ModelFrame } from '@survkit/stats';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatCountPercent,
  formatHazardRatio,
  formatMedian,
  formatP,
  formatReference,
  formatStatistic,
  formatSurvivalPercent,
  pRelation,
} from '../src/format/index.js';
import { BUILTIN_PLAN } from '../src/plan/builtinPlan.js';
import { parsePlan } from '../src/plan/loadPlan.js';
import { type PdfItem, pdfItems, pdfText, runCli, tempDir } from './helpers.js';

// Oracle for every number below: @survkit/stats called directly on the built-in cohort (itself
// validated against R in @survkit/validation), formatted by the report's formatter. The assertion
// is exact string equality of what the PDF shows.

const plan = parsePlan(BUILTIN_PLAN);
let cohort: Cohort;
let text: string;
let pages: string[];
let outDir: string;

function squash(s: string): string {
  return s.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  cohort = loadBuiltinCohort().cohort;
  group = codesOf('surgery');
  outDir = tempDir();
  const run = runCli(['--out', join(outDir, 'report.pdf'), '--quiet', '--csv', join(outDir, 'csv')]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe(join(outDir, 'report.pdf'));
  pages = await pdfText(join(outDir, 'report.pdf'));
  text = squash(pages.join(' '));
}, 60_000);

function codesOf(name: string): {
  levels: readonly string[];
  labels: readonly string[];
  codes: Int32Array;
  missingLabel: string;
} {
  const v = cohort.variable(name);
  if (v.type !== 'categorical') throw new Error(`${name} is not categorical`);
  return { levels: v.levels, labels: v.levelLabels, codes: v.codes, missingLabel: v.missingLabel };
}

let group: ReturnType<typeof codesOf>;
const groupCodes = () => [group.levels.indexOf('yes'), group.levels.indexOf('no')];

describe('the PDF of the built-in cohort', () => {
  it('opens with the title, provenance with SHA-256, and the synthetic-data notice', () => {
    expect(pages[0]).toContain(plan.title);
    expect(text).toMatch(/Generated from synthetic-her2-stage4-cohort\.csv \(SHA-256 [0-9a-f]{64}\)/);
    expect(text).toContain('SYNTHETIC DATA');
  });

  it('Table 1: every count, percentage and p-value equals the engine’s for the same data', () => {
    const [yes, no] = groupCodes();
    const items = plan.table1.variables.flatMap((item) =>
      typeof item === 'string'
        ? [{ variable: item }]
        : 'heading' in item
          ? item.variables.map((v) => (typeof v === 'string' ? { variable: v } : v))
          : [item],
    );
    let checked = 0;
    for (const item of items) {
      const v = codesOf(item.variable);
      const k = v.levels.length;
      const counts = Array.from({ length: k + 1 }, () => [0, 0]);
      for (let i = 0; i < cohort.n; i++) {
        const g = group.codes[i] === yes ? 0 : group.codes[i] === no ? 1 : -1;
        if (g < 0) continue;
        const c = v.codes[i]!;
        counts[c < 0 ? k : c]![g]! += 1;
      }
      const rows = counts[k]!.some((c) => c > 0) ? counts : counts.slice(0, k);
      const test = ('test' in item && item.test) || plan.table1.test;
      const p = compareCategorical(
        rows.map((r) => [...r]),
        { test },
      ).pValue;
      const labels = [...v.labels, v.missingLabel];
      const nYes = rows.reduce((a, r) => a + r[0]!, 0);
      const nNo = rows.reduce((a, r) => a + r[1]!, 0);
      rows.forEach((r, i) => {
        const line = `${labels[i]} ${formatCountPercent(r[0]!, nYes)} ${formatCountPercent(r[1]!, nNo)}${i === 0 ? ` ${formatP(p)}` : ''}`;
        expect(text, `${item.variable}: ${line}`).toContain(line);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('Table 1 counts also equal the paper’s published Table 1 (the synthetic cohort is built to match)', () => {
    // Oracle: Lu et al. 2024, Table 1 (exact counts and percentages as printed).
    for (const line of [
      '<50 13 (54.2%) 33 (45.8%)',
      '0 22 (91.7%) 39 (54.2%)',
      '≥4 9 (37.5%) 60 (83.3%)',
      'Trastuzumab+Pertuzumab 8 (33.3%) 37 (51.4%)',
    ])
      expect(text).toContain(line);
    expect(text).toContain('n = 24 (%)');
    expect(text).toContain('n = 72 (%)');
  });

  it('Figures 1–2 and 5–6: legends show the engine’s medians (95% CI) and log-rank tests', () => {
    const [yes, no] = groupCodes();
    const subgroup = codesOf('first_line_therapy');
    const tp = subgroup.levels.indexOf('trastuzumab_pertuzumab');
    for (const only of [null, tp]) {
      for (const e of plan.endpoints) {
        const ep = cohort.endpoint(e.name);
        // The plan shows months; the cohort keeps the dates' days.
        const months = Array.from(ep.time, (t) => convertTime(t, ep.unit, plan.survival.timeUnit));
        const rows = [...Array(cohort.n).keys()].filter(
          (i) =>
            (group.codes[i] === yes || group.codes[i] === no) &&
            (only === null || subgroup.codes[i] === only),
        );
        for (const [label, code] of [
          ['Surgery', yes],
          ['Non-Surgery', no],
        ] as const) {
          const r = rows.filter((i) => group.codes[i] === code);
          const km = kaplanMeier({ time: r.map((i) => months[i]!), event: r.map((i) => ep.event[i]!) });
          const events = r.reduce((a, i) => a + ep.event[i]!, 0);
          // Survival at the landmarks (R: summary(fit, times = c(12, 36, 60))); NA past the last follow-up.
          const landmarks = plan.survival.landmarks;
          const at = km.survivalAt(landmarks);
          const last = km.time[km.time.length - 1]!;
          const rates = landmarks.map((t, k) => (t <= last ? formatSurvivalPercent(at.survival[k]) : 'NA'));
          expect(text).toContain(
            `${label} ${r.length} ${events} ${formatMedian(km.median)} ${rates.join(' ')}`,
          );
        }
        const lr = logRankTest({
          time: rows.map((i) => ep.time[i]!),
          event: rows.map((i) => ep.event[i]!),
          group: rows.map((i) => (group.codes[i] === yes ? 'yes' : 'no')),
        });
        expect(text).toContain(
          `Log-rank χ² = ${formatStatistic(lr.statistic)}, df = 1, p ${pRelation(lr.pValue)}`,
        );
      }
    }
  });

  it('Tables 2–3: univariate and multivariate hazard ratios (95% CI) and p equal fitCoxModel’s', () => {
    const covariates = plan.cox.covariates.map((c) =>
      typeof c === 'string' ? { variable: c, reference: undefined } : c,
    );
    for (const e of plan.endpoints) {
      const ep = cohort.endpoint(e.name);
      const variables: Record<string, ModelFrame['variables'][string]> = {};
      for (const c of covariates) {
        const v = codesOf(c.variable);
        variables[c.variable] = {
          type: 'categorical',
          levels: v.levels,
          codes: v.codes,
          ...(c.reference ? { reference: c.reference } : {}),
        };
      }
      const frame: ModelFrame = { time: ep.time, event: ep.event, variables };
      const selected: string[] = [];
      for (const c of covariates) {
        const fit = fitCoxModel(frame, [c.variable]);
        const mv = fit.variables[0]!;
        if (mv.lrt.pValue < 0.05 || c.variable === 'surgery') selected.push(c.variable);
        const labels = codesOf(c.variable);
        for (const l of mv.levels) {
          // The group variable's rows name the arms as every table and figure does (plan group.labels).
          const label =
            c.variable === plan.group?.variable
              ? plan.group.labels?.[l.level]
              : labels.labels[labels.levels.indexOf(l.level)];
          const cell = l.isReference
            ? formatReference()
            : `${formatHazardRatio(l.hazardRatio!, l.lower!, l.upper!)} ${formatP(l.pValue)}`;
          expect(text, `${e.name} ${c.variable} ${l.level}`).toContain(`${label} ${cell}`);
        }
      }
      const multi = fitCoxModel(frame, selected);
      for (const mv of multi.variables)
        for (const l of mv.levels)
          if (!l.isReference)
            expect(text, `${e.name} multivariate ${mv.name} ${l.level}`).toContain(
              `${formatHazardRatio(l.hazardRatio!, l.lower!, l.upper!)} ${formatP(l.pValue)}`,
            );
      expect(text).toContain(`Multivariate model: ${multi.n} patients, ${multi.events} events.`);
    }
  });

  it('has every element in order: flow, methods, Table 1, Figures 1–6, Tables 2–3, results, appendix', () => {
    const order = [
      'Patient flow',
      'Statistical methods',
      'TABLE 1',
      'FIGURE 1',
      'FIGURE 2',
      'TABLE 2',
      'TABLE 3',
      'FIGURE 3',
      'FIGURE 4',
      'FIGURE 5',
      'FIGURE 6',
      'Summary of results',
      'Appendix A',
      'Appendix B',
    ];
    let at = -1;
    for (const mark of order) {
      const i = text.indexOf(mark, at + 1);
      expect(i, mark).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('TABLE 1 Continued');
    expect(text).toContain('(Continued)');
    expect(pages.at(-1)).toMatch(/\d+ \/ \d+/);
  });

  it('number-at-risk columns are centred on the x-axis ticks of their plot (within 0.5 pt)', async () => {
    const pagesItems = await pdfItems(join(outDir, 'report.pdf'));
    let figures = 0;
    for (const items of pagesItems) {
      items.forEach((item, i) => {
        if (item.str !== 'Time (months)') return;
        // Tick labels are drawn just before the axis title; the risk table follows "Number at risk"
        // (IPTW-weighted curves: the sums of the weights, to one decimal).
        const riskAt = items.findIndex(
          (x, j) => j > i && /^(Number at risk|Weighted number at risk \(sum of the weights\))$/.test(x.str),
        );
        const count = items[riskAt]?.str.startsWith('Weighted') ? /^\d+\.\d$/ : /^\d+$/;
        expect(riskAt).toBeGreaterThan(i);
        const ticks: PdfItem[] = [];
        for (let j = i - 1; j >= 0 && /^\d+$/.test(items[j]!.str); j--) ticks.unshift(items[j]!);
        expect(ticks.length).toBeGreaterThan(3);
        for (const label of ['Surgery', 'Non-Surgery']) {
          const at = items.findIndex((x, j) => j > riskAt && x.str === label);
          const numbers = items.slice(at + 1, at + 1 + ticks.length);
          expect(numbers.every((x) => count.test(x.str))).toBe(true);
          numbers.forEach((x, k) => {
            expect(Math.abs(x.cx - ticks[k]!.cx)).toBeLessThan(0.5);
          });
        }
        figures++;
      });
    }
    // Per endpoint: the KM figure by group, one per subgroup, and the IPTW-weighted and PS-matched ones.
    const method = plan.propensity?.method;
    const propensityFigures = method === undefined ? 0 : method === 'both' ? 2 : 1;
    expect(figures).toBe(plan.endpoints.length * (1 + plan.subgroupKm.length + propensityFigures));
  });

  it('the patient flow shows screened, each exclusion and the analysed count per group', () => {
    expect(text).toContain(`Patients screened (n = ${cohort.flow.screened})`);
    for (const e of cohort.flow.excluded) if (e.n > 0) expect(text).toContain(`${e.reason} (n = ${e.n})`);
    expect(text).toContain(`Patients analysed (n = ${cohort.flow.analysed})`);
    expect(text).toContain('Surgery (n = 24)');
    expect(text).toContain('Non-Surgery (n = 72)');
  });

  it('--csv writes every table as machine-readable CSV', () => {
    for (const f of [
      'table1.csv',
      'cox.csv',
      'km_summary.csv',
      'km_curves.csv',
      'km_landmarks.csv',
      'forest.csv',
      'flow.csv',
    ])
      expect(existsSync(join(outDir, 'csv', f)), f).toBe(true);
    const t1 = readFileSync(join(outDir, 'csv', 'table1.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(t1[0]).toBe(
      'variable,label,level,n_Surgery,n_Non-Surgery,test,p_value,automatic_test,min_expected,monte_carlo_B,monte_carlo_seed,monte_carlo_se',
    );
    expect(t1.some((l) => l.startsWith('age_group,Age,<50,13,33,chisq,'))).toBe(true);
  });
});
