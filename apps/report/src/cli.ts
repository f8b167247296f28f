#!/usr/bin/env node
import { Command } from 'commander';
import { addInitCommand } from './commands/initCommand.js';
import { addReportCommand } from './commands/report.js';
import { REPORT_VERSION } from './version.js';

const program = new Command()
  .name('survkit')
  .description('survkit: survival reports for clinical cohorts, with statistics that agree with R.')
  .version(REPORT_VERSION)
  .addHelpText(
    'after',
    `
Examples (paths are relative to the directory you run it in):
  survkit init --data lung.csv               draft lung-dictionary.yaml and lung-plan.yaml
  survkit report --data lung.csv --dictionary lung-dictionary.yaml --plan lung-plan.yaml --out lung.pdf
  survkit --data lung.csv …                  "report" is the default command
  survkit report --help, survkit init --help  every option of each command`,
  );
addReportCommand(program);
addInitCommand(program);
await program.parseAsync();
