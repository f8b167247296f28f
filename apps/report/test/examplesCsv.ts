import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AnalysisResult } from '../src/analysis/types.js';
import { compareHr, find, type RFixture } from './examplesFixture.js';
import { near } from './helpers.js';

// The report's --csv tables of an example study against R's reference analysis of it
// (test/fixtures/examples-<name>.json): the same numbers as the JSON, read back from the files a
// user would open. Columns are found by their header names. Tolerance: relative 1e-6, counts exact.

type CsvRow = Record<string, string>;

/** A CSV file the report wrote, one record per row keyed by the header (RFC 4180 quoting). */
export function readCsv(dir: string, file: string): CsvRow[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const text = readFileSync(join(dir, file), 'utf8');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== ',' && ch !== '\n')) cell += ch;
    else {
      row.push(cell);
      cell = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    }
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ''])));
}

/** A CSV number; the report writes R's NA as "NA". */
export const num = (s: string | undefined): number | null =>
  s === undefined || s === 'NA' ? null : Number(s);

function hrOf(row: CsvRow) {
  return {
    hazardRatio: num(row.hazard_ratio)!,
    lower: num(row.lower)!,
    upper: num(row.upper)!,
    pValue: num(row.p_value)!,
  };
}

/** Display label of a group level (the CSV names arms as the PDF does). */
function armLabel(result: AnalysisResult, level: string): string {
  return find(result.group.levels, (l) => l.level === level, `group level ${level}`).label;
}

/** flow.csv, km_summary.csv and km_landmarks.csv (the whole cohort's curves). */
export function checkKmCsv(dir: string, R: RFixture, result: AnalysisResult): void {
  const flow = new Map(readCsv(dir, 'flow.csv').map((r) => [r.step, Number(r.n)]));
  expect([flow.get('screened'), flow.get('analysed')]).toEqual([R.flow.screened, R.flow.analysed]);
  const summary = readCsv(dir, 'km_summary.csv').filter((r) => r.scope === 'all');
  const landmarks = readCsv(dir, 'km_landmarks.csv').filter((r) => r.scope === 'all');
  for (const r of R.survivalByGroup)
    for (const rc of r.curves) {
      const group = armLabel(result, rc.group);
      const w = `km_summary.csv ${r.endpoint} ${group}`;
      const row = find(summary, (x) => x.endpoint === r.endpoint && x.group === group, w);
      expect([Number(row.n), Number(row.events), Number(row.logrank_df)], w).toEqual([
        rc.n,
        rc.events,
        r.logRank.df,
      ]);
      near(num(row.median), rc.median, `${w} median`);
      near(num(row.median_lower), rc.lower, `${w} median lower`);
      near(num(row.median_upper), rc.upper, `${w} median upper`);
      near(num(row.logrank_chisq), r.logRank.statistic, `${w} log-rank chi-square`);
      near(num(row.logrank_p), r.logRank.pValue, `${w} log-rank p`);
      for (const rl of rc.landmarks) {
        const at = `km_landmarks.csv ${r.endpoint} ${group} at ${rl.time}`;
        const l = find(
          landmarks,
          (x) => x.endpoint === r.endpoint && x.group === group && Number(x.time) === rl.time,
          at,
        );
        near(num(l.survival), rl.survival, at);
        near(num(l.lower), rl.lower, `${at} lower`);
        near(num(l.upper), rl.upper, `${at} upper`);
      }
    }
}

/** cox.csv: every non-reference row of both models, with the size of the model it came from. */
export function checkCoxCsv(dir: string, R: RFixture): void {
  const cox = readCsv(dir, 'cox.csv');
  for (const rc of R.cox) {
    const models = [
      ['univariate', rc.univariate.map((u) => ({ ...u, size: [u.n, u.events] }))],
      [
        'multivariate',
        rc.multivariable.variables.map((v) => ({
          ...v,
          size: [rc.multivariable.n, rc.multivariable.events],
        })),
      ],
    ] as const;
    for (const [model, variables] of models)
      for (const rv of variables) {
        // A continuous covariate is one row, named after the variable, with the HR per `per` units.
        const rows =
          rv.kind === 'continuous'
            ? [
                {
                  level: rv.variable,
                  hr: { ...rv, hazardRatio: rv.perHazardRatio, lower: rv.perLower, upper: rv.perUpper },
                },
              ]
            : rv.levels.map((l) => ({ level: l.level, hr: l }));
        for (const e of rows) {
          const w = `cox.csv ${rc.endpoint} ${model} ${rv.variable} ${e.level}`;
          const row = find(
            cox,
            (x) =>
              x.endpoint === rc.endpoint &&
              x.model === model &&
              x.variable === rv.variable &&
              x.level === e.level,
            w,
          );
          expect([Number(row.model_n), Number(row.model_events)], `${w} model n, events`).toEqual([
            ...rv.size,
          ]);
          compareHr(hrOf(row), e.hr, w);
        }
      }
  }
}

/** forest.csv: one row per subgroup level and non-reference arm, with the interaction test. */
export function checkForestCsv(dir: string, R: RFixture, result: AnalysisResult): void {
  const forest = readCsv(dir, 'forest.csv');
  for (const rf of R.forest) {
    const f = find(result.forest, (x) => x.endpoint === rf.endpoint, rf.endpoint);
    const variables = [
      { variable: 'overall', labels: ['Overall'], levels: [rf.overall], p: null },
      ...rf.variables.map((rv, i) => ({
        variable: rv.variable,
        labels: f.variables[i]!.levels.map((l) => l.label),
        levels: rv.levels,
        p: rv.interaction.pValue,
      })),
    ];
    for (const v of variables)
      v.levels.forEach((rl, k) => {
        for (const ra of rl.arms) {
          const arm = armLabel(result, ra.level);
          const w = `forest.csv ${rf.endpoint} ${v.variable} ${v.labels[k]} ${arm}`;
          const row = find(
            forest,
            (x) =>
              x.endpoint === rf.endpoint &&
              x.variable === v.variable &&
              x.level === v.labels[k] &&
              x.arm === arm,
            w,
          );
          expect([Number(row.n), Number(row.events)], `${w} n, events`).toEqual([rl.n, rl.events]);
          compareHr(hrOf(row), ra, w);
          near(num(row.interaction_p), v.p, `${w} interaction p`);
        }
      });
  }
}

/** pairwise_logrank.csv (studies of three or more arms only). */
export function checkPairwiseCsv(dir: string, R: RFixture, result: AnalysisResult): void {
  const pairs = R.survivalByGroup.flatMap((r) =>
    (r.pairwiseLogRank ?? []).map((p) => ({ ...p, endpoint: r.endpoint })),
  );
  if (pairs.length === 0) return;
  const rows = readCsv(dir, 'pairwise_logrank.csv');
  expect(rows).toHaveLength(pairs.length);
  for (const rp of pairs) {
    const [first, second] = [armLabel(result, rp.first), armLabel(result, rp.second)];
    const w = `pairwise_logrank.csv ${first} vs ${second}`;
    const row = find(
      rows,
      (x) => x.endpoint === rp.endpoint && x.group_1 === first && x.group_2 === second,
      w,
    );
    near(num(row.chisq), rp.statistic, `${w} chi-square`);
    near(num(row.p_value), rp.pValue, `${w} p`);
    near(num(row.adjusted_p), rp.holm, `${w} Holm p`);
  }
}

/** table1.csv: each categorical level's counts per arm, and every row's test and p-value. */
export function checkTable1Csv(dir: string, R: RFixture, result: AnalysisResult): void {
  const rows = readCsv(dir, 'table1.csv');
  const arms = result.group.levels.map((l) => `n_${l.label}`);
  for (const rt of R.table1) {
    const mine = rows.filter((r) => r.variable === rt.variable);
    const w = `table1.csv ${rt.variable}`;
    if (rt.kind === 'categorical')
      expect(
        mine.map((r) => arms.map((a) => Number(r[a]))),
        `${w} counts`,
      ).toEqual(rt.counts.map((c) => [...c.counts]));
    else expect(mine, `${w}: one row`).toHaveLength(1);
    for (const r of mine) {
      expect(r.test, `${w} test`).toBe(rt.test);
      near(num(r.p_value), rt.pValue, `${w} p`);
    }
  }
}
