// Writes dictionary.schema.json (the dictionary format as JSON Schema) from the compiled package.
// Usage (from packages/cohort): pnpm build && node scripts/write-dictionary-schema.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dictionaryJsonSchema } from '../dist/index.js';

const out = fileURLToPath(new URL('../dictionary.schema.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(dictionaryJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
