import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { asFileSystemError } from '../errors.js';
import type { AnalysisPlan } from './schema.js';
import { type PlanSource, parsePlan, parsePlanText } from './validatePlan.js';

export { issuePath, type PlanSource, parsePlan, parsePlanText, validatePlan } from './validatePlan.js';

/** Reads a plan file: JSON (by extension) or YAML (anything else); see {@link parsePlanText}. */
export function readPlanFile(path: string): PlanSource {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw asFileSystemError(error, path, 'read', 'the plan file');
  }
  return parsePlanText(text, path, extname(path).toLowerCase() === '.json');
}

/** Reads and shape-checks a plan file (no dictionary; {@link validatePlan} checks both). */
export function loadPlanFile(path: string): AnalysisPlan {
  const plan = readPlanFile(path);
  return parsePlan(plan.value, plan.source);
}
