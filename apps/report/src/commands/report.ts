import { type Command, Option } from 'commander';
import { abandonPendingOutputs, committedOutputs } from '../output/writeOutputs.js';
import { runReport } from '../run.js';
import { invocationDir } from './invocationDir.js';

interface ReportFlags {
  data?: string;
  dictionary?: string;
  plan?: string;
  out: string;
  paper: 'a4' | 'letter';
  json?: boolean;
  csv?: string;
  docx?: string;
  figures?: string;
  encoding?: 'utf8' | 'latin1';
  delimiter?: ',' | ';' | 'tab';
  sheet?: string;
  quiet?: boolean;
  skipValidation?: boolean;
  debug?: boolean;
}

export const REPORT_EXAMPLES = `
Examples (paths are relative to the directory you run it in):
  survkit report                            the built-in synthetic study → out/report.pdf
  survkit report --data lung.csv --dictionary lung-dictionary.json --plan lung-plan.yaml --out lung.pdf
  survkit report --docx out/tables.docx     also the tables as a Word document
  survkit report --data lung.xlsx --sheet lung --dictionary lung-dictionary.json --plan lung-plan.yaml
  survkit report --data kohorte.csv --delimiter ';' --encoding latin1 …   a file detection cannot decide
  survkit report --data lung.sav --dictionary lung-sav-dictionary.json --plan lung-plan.yaml --out lung.pdf
                                   an SPSS file: its labels and levels complete the dictionary
  survkit init --data lung.csv && survkit report --data lung.csv --dictionary lung-dictionary.yaml --plan lung-plan.yaml
                                   drafted files first (see survkit init --help)
"report" may be left out: \`survkit --data …\` is \`survkit report --data …\`.
In the repository, \`pnpm report …\` runs the same command.`;

/**
 * `survkit report`: the report's options, one per line (options are added here by several
 * branches at once), and the action that runs the pipeline.
 */
export function addReportCommand(program: Command): Command {
  return program
    .command('report', { isDefault: true })
    .description(
      'Render the whole analysis of a cohort (Table 1, Kaplan–Meier curves, Cox models, forest plots) as a manuscript-style PDF.\nWith no options it analyses the built-in synthetic cohort with the built-in plan.',
    )
    .option(
      '--data <file.csv|file.xlsx|file.sav>',
      'cohort CSV or Excel workbook in the dictionary’s format, or an SPSS .sav file (default: the built-in synthetic cohort)',
    )
    .option('--sheet <name|N>', 'sheet of an .xlsx data file, by name or number (default: the first)')
    .option('--dictionary <file>', 'data dictionary, JSON or YAML (default: the built-in dictionary)')
    .option('--plan <file>', 'analysis plan, JSON or YAML (default: the built-in plan of the study paper)')
    .option('--out <path.pdf>', 'where to write the PDF', 'out/report.pdf')
    .addOption(new Option('--paper <size>', 'paper size').choices(['a4', 'letter']).default('a4'))
    .option('--json', 'also print every table and result as JSON on stdout')
    .option('--csv <dir>', 'also write every table as CSV files into this directory')
    .option('--docx <file.docx>', 'also write the tables as an editable Word document (journal layout)')
    .option('--figures <dir>', 'also write every figure as SVG, PDF and 300-dpi PNG into this directory')
    .addOption(
      new Option(
        '--encoding <name>',
        'encoding of the data file (default: UTF-8, else Latin-1, detected)',
      ).choices(['utf8', 'latin1']),
    )
    .addOption(
      new Option(
        '--delimiter <char>',
        'column delimiter of the data file (default: detected from the header)',
      ).choices([',', ';', 'tab']),
    )
    .option('--quiet', 'no progress output')
    .option('--debug', 'print the stack trace of an error (for bug reports)')
    .option('--skip-validation', 'do not run (or look up) the engine’s R reference suites for the appendix')
    .addHelpText('after', REPORT_EXAMPLES)
    .showHelpAfterError('(survkit report --help lists the options)')
    .action(async (opts: ReportFlags) => {
      handleSignals();
      process.exitCode = await runReport({
        data: opts.data,
        dictionary: opts.dictionary,
        plan: opts.plan,
        out: opts.out,
        paper: opts.paper,
        json: opts.json === true,
        csv: opts.csv,
        docx: opts.docx,
        figures: opts.figures,
        quiet: opts.quiet === true,
        encoding: opts.encoding,
        delimiter: opts.delimiter === 'tab' ? '\t' : opts.delimiter,
        sheet: opts.sheet,
        debug: opts.debug === true,
        validation: opts.skipValidation !== true,
        cwd: invocationDir(),
      });
    });
}

/**
 * Ctrl-C or a kill: the outputs are written synchronously, so this handler runs before the staging
 * starts or after the files are in place, never between; it removes anything staged and exits with
 * the shell's code for the signal (128 + 2, 128 + 15). A repeat while it runs is ignored (a second
 * Ctrl-C must not cut the clean-up short).
 */
function handleSignals(): void {
  let handled = false;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (handled) return;
      handled = true;
      abandonPendingOutputs();
      const outcome = committedOutputs() > 0 ? 'the report had been written' : 'no report was written';
      process.stderr.write(`survkit report: interrupted (${signal}); ${outcome}.\n`);
      process.exit(code);
    });
  }
}
