import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cohort } from '../cohort.js';
import { builtinDictionary } from '../dictionary/builtinDictionary.js';
import { CohortError } from '../errors.js';
import { formatImportIssues } from '../formatImportIssues.js';
import { importCohortCsv } from '../import/importCohortCsv.js';
import { SYNTHETIC_COHORT_FILE, SYNTHETIC_COHORT_SEED } from './builtinCohortFile.js';

export interface BuiltinCohort {
  readonly cohort: Cohort;
  /** Absolute path of the committed CSV. */
  readonly csvPath: string;
  readonly csvText: string;
  /** `synthetic-her2-stage4-cohort.csv`: the word "synthetic" is in every name shown to a reader. */
  readonly fileName: string;
  readonly synthetic: true;
  /** The seed the committed CSV was generated with (`generateSyntheticCohortCsv(seed)` reproduces it). */
  readonly seed: number;
}

/**
 * Loads the built-in SYNTHETIC study cohort: 110 screened, 96 analysed patients whose Table 1
 * counts equal the paper's exactly and whose survival was simulated to resemble it. No real
 * patient is in it. The CSV is found next to the package (`data/`), from `src` or `dist`.
 *
 * @throws CohortError if the committed CSV does not import (it always should; a test checks it)
 * @example
 * const { cohort, fileName } = loadBuiltinCohort();
 * cohort.n; // 96
 * cohort.endpoint('PFS').time; // months
 */
export function loadBuiltinCohort(): BuiltinCohort {
  const csvPath = fileURLToPath(new URL(`../../data/${SYNTHETIC_COHORT_FILE}`, import.meta.url));
  const csvText = readFileSync(csvPath, 'utf8');
  const result = importCohortCsv(csvText, builtinDictionary, { fileName: SYNTHETIC_COHORT_FILE });
  if (!result.ok) {
    throw new CohortError(formatImportIssues(result.errors, SYNTHETIC_COHORT_FILE), result.errors);
  }
  return {
    cohort: result.cohort,
    csvPath,
    csvText,
    fileName: SYNTHETIC_COHORT_FILE,
    synthetic: true,
    seed: SYNTHETIC_COHORT_SEED,
  };
}
