import { resolve } from 'node:path';
import { ReportError } from './errors.js';
import { writeFileAtomic } from './output/writeAtomic.js';
import { Progress } from './progress.js';
import { ReportDocument, STYLE } from './render/document.js';
import { REPORT_VERSION } from './version.js';

export interface RunOptions {
  readonly data?: string | undefined;
  readonly dictionary?: string | undefined;
  readonly plan?: string | undefined;
  readonly out: string;
  readonly paper: 'a4' | 'letter';
  readonly json: boolean;
  readonly csv?: string | undefined;
  readonly quiet: boolean;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
}

/** Runs the whole report pipeline; returns the process exit code. */
export async function runReport(options: RunOptions): Promise<number> {
  const progress = new Progress(options.quiet);
  try {
    const outPath = resolve(options.cwd, options.out);
    const pdf = await progress.stage('render', 'PDF', async () => {
      const report = new ReportDocument(options.paper, {
        title: 'survkit report',
        subject: 'Survival analysis report',
        creator: `survkit ${REPORT_VERSION}`,
      });
      report.doc.font('serif-bold').fontSize(STYLE.titleSize).text('survkit report', report.left, report.y);
      report.y = report.doc.y + 10;
      report.paragraph(`Generated on ${new Date().toISOString().slice(0, 10)} by survkit ${REPORT_VERSION}.`);
      report.finishPages(`survkit ${REPORT_VERSION}`);
      return report.toBuffer();
    });
    writeFileAtomic(outPath, pdf);
    process.stdout.write(`${outPath}\n`);
    return 0;
  } catch (error) {
    const message =
      error instanceof ReportError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`survkit report: ${message}\n`);
    return 1;
  }
}
