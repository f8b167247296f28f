/** Where the user typed the command: pnpm runs scripts from the repository root and records the directory in INIT_CWD. */
export function invocationDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}
