/**
 * Stage progress on stderr ("load … 12 ms"), only on a terminal and only without --quiet, so piped
 * output (--json) stays clean.
 */
export class Progress {
  private readonly enabled: boolean;
  private readonly t0 = performance.now();

  constructor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = !quiet && stream.isTTY === true;
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  /** Runs one stage, timing it. */
  async stage<T>(name: string, detail: string, work: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    if (this.enabled) this.stream.write(`  ${name.padEnd(9)} ${detail} …`);
    try {
      const result = await work();
      if (this.enabled) this.stream.write(` ${Math.round(performance.now() - start)} ms\n`);
      return result;
    } catch (error) {
      if (this.enabled) this.stream.write(' failed\n');
      throw error;
    }
  }

  total(): number {
    return performance.now() - this.t0;
  }
}
