// Writes the built-in synthetic cohort CSV from the compiled generator.
// Usage (from packages/cohort): pnpm build && node scripts/generate-synthetic-cohort.mjs [seed] [out.csv]
// Without arguments it regenerates data/synthetic-her2-stage4-cohort.csv with the committed seed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSyntheticCohortCsv, SYNTHETIC_COHORT_FILE, SYNTHETIC_COHORT_SEED } from '../dist/index.js';

const seed = process.argv[2] === undefined ? SYNTHETIC_COHORT_SEED : Number(process.argv[2]);
if (!Number.isInteger(seed) || seed < 0)
  throw new Error(`seed must be a non-negative integer, got ${process.argv[2]}`);
const out = process.argv[3] ?? fileURLToPath(new URL(`../data/${SYNTHETIC_COHORT_FILE}`, import.meta.url));
writeFileSync(out, generateSyntheticCohortCsv(seed));
console.log(`wrote ${out} (seed ${seed})`);
