// The --csv files: every table of the report as raw numbers, one small producer per file. Each
// file's header and rows live beside the table they mirror (table1Csv, coxCsv, kmCsv, …); this
// module only lists them in the order the files are written.
import type { AnalysisResult } from '../analysis/types.js';
import { COX_HEADER, coxRows } from './coxCsv.js';
import { csv } from './csvText.js';
import { FOREST_HEADER, forestRows } from './forestCsv.js';
import { IMMORTAL_TIME_HEADER, immortalTimeRows } from './immortalTimeCsv.js';
import {
  KM_CURVES_HEADER,
  KM_LANDMARKS_HEADER,
  KM_SUMMARY_HEADER,
  kmCurveRows,
  kmLandmarkRows,
  kmSummaryRows,
  PAIRWISE_HEADER,
  pairwiseRows,
} from './kmCsv.js';
import {
  PROPENSITY_BALANCE_HEADER,
  PROPENSITY_EFFECTS_HEADER,
  PROPENSITY_KM_HEADER,
  propensityBalanceRows,
  propensityEffectRows,
  propensityKmRows,
} from './propensityCsv.js';
import { SENSITIVITY_HEADER, sensitivityRows } from './sensitivityCsv.js';
import { table1Header, table1Rows } from './table1Csv.js';

/** The files --csv writes, known before the analysis so their targets can be checked first. */
export const CSV_TABLE_NAMES = [
  'table1.csv',
  'cox.csv',
  'km_summary.csv',
  'km_curves.csv',
  'km_landmarks.csv',
  'forest.csv',
  'pairwise_logrank.csv',
  'sensitivity.csv',
  'immortal_time.csv',
  'propensity_balance.csv',
  'propensity_effects.csv',
  'propensity_km.csv',
  'flow.csv',
] as const;

type CsvTableName = (typeof CSV_TABLE_NAMES)[number];

/** A file's CSV text, or undefined where the plan did not ask for its analysis. */
type CsvProducer = (result: AnalysisResult) => string | undefined;

function flowCsv(result: AnalysisResult): string {
  return csv(
    ['step', 'n'],
    [
      ['screened', result.flow.screened],
      ...result.flow.excluded.map((e) => [`excluded: ${e.reason}`, e.n]),
      ['analysed', result.flow.analysed],
      ...(result.flow.missingFollowUp ?? []).map((m) => [
        `not in ${m.abbreviation} analyses: no follow-up time or status (rows ${m.rows.join(' ')})`,
        m.n,
      ]),
      ...result.group.levels.map((g) => [`group: ${g.label}`, g.n]),
    ],
  );
}

const PRODUCERS: Record<CsvTableName, CsvProducer> = {
  'table1.csv': (r) => csv(table1Header(r.group.levels.map((g) => g.label)), table1Rows(r.table1)),
  'cox.csv': (r) => csv(COX_HEADER, coxRows(r.cox)),
  'km_summary.csv': (r) => csv(KM_SUMMARY_HEADER, kmSummaryRows(r)),
  'km_curves.csv': (r) => csv(KM_CURVES_HEADER, kmCurveRows(r)),
  'km_landmarks.csv': (r) => csv(KM_LANDMARKS_HEADER, kmLandmarkRows(r)),
  'forest.csv': (r) => csv(FOREST_HEADER, forestRows(r.forest)),
  'pairwise_logrank.csv': (r) =>
    r.pairwise.length > 0 ? csv(PAIRWISE_HEADER, pairwiseRows(r.pairwise)) : undefined,
  'sensitivity.csv': (r) =>
    r.sensitivity !== undefined ? csv(SENSITIVITY_HEADER, sensitivityRows(r.sensitivity)) : undefined,
  'immortal_time.csv': (r) =>
    r.immortalTime !== undefined ? csv(IMMORTAL_TIME_HEADER, immortalTimeRows(r.immortalTime)) : undefined,
  'propensity_balance.csv': (r) =>
    r.propensity !== undefined
      ? csv(PROPENSITY_BALANCE_HEADER, propensityBalanceRows(r.propensity))
      : undefined,
  'propensity_effects.csv': (r) =>
    r.propensity !== undefined
      ? csv(PROPENSITY_EFFECTS_HEADER, propensityEffectRows(r.propensity))
      : undefined,
  'propensity_km.csv': (r) =>
    r.propensity !== undefined ? csv(PROPENSITY_KM_HEADER, propensityKmRows(r.propensity)) : undefined,
  'flow.csv': flowCsv,
};

/** Every table of the report as raw-number CSV text, by file name (written by the run's output step). */
export function csvTables(result: AnalysisResult): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of CSV_TABLE_NAMES) {
    const text = PRODUCERS[name](result);
    if (text !== undefined) files[name] = text;
  }
  return files;
}
