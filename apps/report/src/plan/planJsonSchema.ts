import { z } from 'zod';
import { planSchema } from './schema.js';

/**
 * The analysis-plan format as a JSON Schema (draft 2020-12), derived from the zod schema so the two
 * cannot drift, as @survkit/cohort's `dictionaryJsonSchema` is for dictionaries. Editors use it to
 * complete and check plan files (YAML language servers read `# yaml-language-server: $schema=…`);
 * names, levels and kinds are checked against the dictionary by `validatePlan`. The committed
 * `plan.schema.json` is this function's output (a test checks it).
 *
 * @example
 * writeFileSync('plan.schema.json', `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
 */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
