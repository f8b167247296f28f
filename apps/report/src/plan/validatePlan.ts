// Browser-safe (no node: imports): the web app validates plans with the CLI's code.
import type { Cohort } from '@survkit/cohort';
import { parseDocument } from 'yaml';
import { ReportError } from '../errors.js';
import { type PlanProblem, planDictionaryProblems } from './checkPlan.js';
import { type AnalysisPlan, planSchema } from './schema.js';
import { shapeProblems } from './shapeProblems.js';

export { issuePath } from './shapeProblems.js';

/** A plan as read from its file (or the built-in object), not yet validated. */
export interface PlanSource {
  readonly value: unknown;
  /** Where it came from, for messages: a path or "built-in plan". */
  readonly source: string;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function planError(source: string, problems: readonly PlanProblem[]): ReportError {
  const lines = problems.map((p) => `  ${p.key}: ${p.message}`);
  return new ReportError(
    `invalid analysis plan ${source} (${count(problems.length, 'problem')}):\n${lines.join('\n')}`,
  );
}

/** Validates an already parsed plan object's shape; throws a {@link ReportError} naming every bad key. */
export function parsePlan(value: unknown, source = '(inline)'): AnalysisPlan {
  const result = planSchema.safeParse(value);
  if (!result.success) throw planError(source, shapeProblems(result.error, value));
  return result.data;
}

/**
 * Validates a plan against its shape (zod) and the cohort's dictionary (names, levels, kinds) in one
 * pass, so a file with several problems of several kinds reports them all in one run. A name whose
 * key zod already rejected (a wrong type) is not reported twice.
 *
 * @throws ReportError listing every problem with its plan key, "(1 problem)" / "(n problems)"
 */
export function validatePlan(plan: PlanSource, cohort: Cohort): AnalysisPlan {
  const result = planSchema.safeParse(plan.value);
  const shape = result.success ? [] : shapeProblems(result.error, plan.value);
  const names = planDictionaryProblems(plan.value, cohort).filter(
    (p) =>
      !shape.some((s) => p.key === s.key || p.key.startsWith(`${s.key}.`) || p.key.startsWith(`${s.key}[`)),
  );
  const problems = [...shape, ...names];
  if (problems.length > 0 || !result.success) throw planError(plan.source, problems);
  return result.data;
}

/**
 * Parses a plan file's text: JSON when `json` (by the file's extension), else YAML (a superset of
 * JSON). Every syntax error is reported at once, each with its line and column. No file system:
 * the CLI reads the file, the web app the dropped one.
 */
export function parsePlanText(text: string, source: string, json: boolean): PlanSource {
  if (json) {
    try {
      return { value: JSON.parse(text), source };
    } catch (error) {
      throw new ReportError(`the plan file ${source} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `  ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`);
    throw new ReportError(
      `the plan file ${source} is not valid YAML (${count(doc.errors.length, 'problem')}):\n${lines.join('\n')}`,
    );
  }
  return { value: doc.toJS(), source };
}
