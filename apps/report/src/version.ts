import { readFileSync } from 'node:fs';

/** The report app's version, read from its package.json so it never drifts. */
export const REPORT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
