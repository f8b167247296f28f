// Writes plan.schema.json (the analysis-plan format as JSON Schema) from the compiled app.
// Usage (from apps/report): pnpm build && node scripts/write-plan-schema.mjs && pnpm exec biome format --write plan.schema.json
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchema } from '../dist/index.js';

const out = fileURLToPath(new URL('../plan.schema.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
