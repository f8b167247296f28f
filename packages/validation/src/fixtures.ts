import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a committed R-generated fixture from `packages/validation/fixtures/` (works from src/ and dist/). */
export function readFixture<T>(fileName: string): T {
  const url = new URL(`../fixtures/${fileName}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}
