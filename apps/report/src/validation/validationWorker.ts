import { parentPort } from 'node:worker_threads';
import { runReferenceSuites } from '@survkit/validation';
import type { ValidationSummaryRow } from '../analysis/types.js';

/** Runs every reference suite of @survkit/validation off the main thread and posts the summaries. */
const rows: ValidationSummaryRow[] = runReferenceSuites();
parentPort?.postMessage(rows);
