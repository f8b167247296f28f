import { z } from 'zod';
import { dictionaryInputSchema } from './schema.js';

/**
 * The dictionary format as a JSON Schema (draft 2020-12), derived from the zod schema so the two
 * cannot drift. Editors use it to complete and check dictionary files that name it in
 * `"$schema"`; the cross-checks (references, levels, types) remain `parseDictionary`'s job.
 * The committed `dictionary.schema.json` is this function's output (a test checks it).
 *
 * @example
 * writeFileSync('dictionary.schema.json', `${JSON.stringify(dictionaryJsonSchema(), null, 2)}\n`);
 */
export function dictionaryJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(dictionaryInputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
