import type { ImportIssue } from '@survkit/cohort';
import type { AnalysisResult, TableSpec } from '@survkit/report/browser';

/**
 * The data to analyse: a file, or the built-in synthetic study (the CLI's default). The file goes to
 * the worker as a Blob, which postMessage hands over by reference: the worker reads the bytes itself.
 * Posting the bytes instead copied them on the page's thread (0.9–2.9 s for an 18 MB CSV of 10⁵
 * patients on a loaded machine) and again into the worker, on every rerun.
 */
export type DataInput =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'file'; readonly fileName: string; readonly file: Blob };

/** Page → worker. `dictionary` and `plan` are the objects the CLI reads from its JSON/YAML files. */
export type WorkerRequest =
  | {
      readonly type: 'analyse';
      readonly id: number;
      readonly data: DataInput;
      /** null: the built-in dictionary (built-in data) or the file's own metadata (.sav). */
      readonly dictionary: unknown;
      readonly plan: unknown;
      readonly planSource: string;
      readonly dictionarySource: string;
    }
  | { readonly type: 'pdf'; readonly id: number; readonly paper: 'a4' | 'letter' };

/** The tables of the result, laid out by the CLI's own table specs (the PDF's text). */
export interface ResultTables {
  readonly table1: TableSpec;
  readonly cox: readonly TableSpec[];
  readonly csv: Readonly<Record<string, string>>;
}

/** Worker → page. `ready`: the worker's code is loaded (on a loaded machine that takes seconds after the page's own load). */
export type WorkerResponse =
  | { readonly type: 'ready' }
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly stage: string;
      readonly step: number;
      readonly of: number;
    }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly result: AnalysisResult;
      readonly tables: ResultTables;
      readonly warnings: readonly string[];
      readonly ms: number;
    }
  | {
      readonly type: 'import-errors';
      readonly id: number;
      readonly heading: string;
      readonly issues: readonly ImportIssue[];
    }
  /** `task`: which request failed — a failed PDF leaves the analysis's results standing. */
  | {
      readonly type: 'error';
      readonly id: number;
      readonly task: 'analyse' | 'pdf';
      readonly message: string;
    }
  | { readonly type: 'pdf'; readonly id: number; readonly bytes: Uint8Array; readonly fileName: string };
