import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { asFileSystemError, ReportError } from '../errors.js';
import { type AnalysisPlan, planSchema } from './schema.js';

/** Renders a zod issue path as the key a user would look for in the plan file: `cox.covariates[2].variable`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function formatIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `  ${issuePath(issue.path)}: ${message}`;
  });
  return `invalid analysis plan ${source}:\n${lines.join('\n')}`;
}

/** Validates an already parsed plan object; throws a {@link ReportError} naming every bad key. */
export function parsePlan(value: unknown, source = '(inline)'): AnalysisPlan {
  const result = planSchema.safeParse(value);
  if (!result.success) throw new ReportError(formatIssues(source, result.error));
  return result.data;
}

/** Reads a plan from a JSON or YAML file (by extension; YAML is a superset of JSON for anything else). */
export function loadPlanFile(path: string): AnalysisPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw asFileSystemError(error, path, 'read', 'the plan file');
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ReportError(
      `the plan file ${path} is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    );
  }
  return parsePlan(value, path);
}
