import { type Command, Option } from 'commander';
import { runInit } from './init.js';
import { invocationDir } from './invocationDir.js';

interface InitFlags {
  data: string;
  sheet?: string;
  out?: string;
  encoding?: 'utf8' | 'latin1';
  delimiter?: ',' | ';' | 'tab';
  force?: boolean;
  debug?: boolean;
}

const INIT_EXAMPLES = `
Examples (paths are relative to the directory you run it in):
  survkit init --data lung.csv                 writes lung-dictionary.yaml and lung-plan.yaml here
  survkit init --data cohort.xlsx --sheet 2 --out study/
  survkit init --data cohort.sav --out drafts/   an SPSS file's labels and levels are taken as given
Every guess is marked "# guess:" in the files, and the run lists what needs your decision.
Then: survkit report --data lung.csv --dictionary lung-dictionary.yaml --plan lung-plan.yaml --out lung.pdf`;

/** `survkit init`: drafts a dictionary and a plan from a data file. */
export function addInitCommand(program: Command): Command {
  return program
    .command('init')
    .description(
      'Draft a commented YAML data dictionary and analysis plan from a data file (CSV, .xlsx or .sav).',
    )
    .requiredOption('--data <file.csv|file.xlsx|file.sav>', 'the data file to inspect')
    .option('--sheet <name|N>', 'sheet of an .xlsx data file, by name or number (default: the first)')
    .option(
      '--out <dir>',
      'directory for <name>-dictionary.yaml and <name>-plan.yaml (default: the current directory)',
    )
    .addOption(
      new Option('--encoding <name>', 'encoding of a CSV file (default: detected)').choices([
        'utf8',
        'latin1',
      ]),
    )
    .addOption(
      new Option('--delimiter <char>', 'delimiter of a CSV file (default: detected)').choices([
        ',',
        ';',
        'tab',
      ]),
    )
    .option('--force', 'replace drafted files that already exist')
    .option('--debug', 'print the stack trace of an error (for bug reports)')
    .addHelpText('after', INIT_EXAMPLES)
    .showHelpAfterError('(survkit init --help lists the options)')
    .action((opts: InitFlags) => {
      process.exitCode = runInit({
        data: opts.data,
        sheet: opts.sheet,
        out: opts.out,
        encoding: opts.encoding,
        delimiter: opts.delimiter === 'tab' ? '\t' : opts.delimiter,
        force: opts.force === true,
        debug: opts.debug === true,
        cwd: invocationDir(),
      });
    });
}
