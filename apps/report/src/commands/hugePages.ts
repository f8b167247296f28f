/**
 * Asked for (`SURVKIT_HUGE_PAGES=1`), a large cohort's report runs in a child process whose C
 * library asks the kernel for transparent huge pages (glibc's `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`:
 * madvise(MADV_HUGEPAGE) on its large allocations), the same command with the same arguments,
 * standard streams and exit code.
 *
 * Why: at 10⁶ patients the analysis allocates gigabytes of typed arrays (every Cox fit's sorted
 * covariates, the cohort's copy for the worker thread), and on a virtual machine the first write to
 * each fresh 4 KiB page costs about 15 µs; the covariate scatters' random writes also miss the TLB
 * at nearly every row. Typed arrays are malloc'd, but only the C library decides how, and it reads
 * the tunable at start-up — hence the child. On this 2-core VM the 10⁶ report took about 20 % less
 * CPU (user + sys) with it in two of three same-window A/B runs (none in the third), the numbers
 * being the same computation — but a peak RSS up to 2077 MiB instead of 1883–1918 MiB: huge pages
 * round every touched region up to 2 MiB, which breaks issue 14's 2 GB ceiling. So it is opt-in:
 * `SURVKIT_HUGE_PAGES=1`, for a machine with memory to spare. Where the kernel's policy is not
 * `madvise` (`always` gives huge pages anyway, `never` none) or the C library is not glibc, or the
 * data are small (the child's start-up, about 0.1 s, would not pay), nothing changes.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

/** Data files from this size (about 90,000 patients of the study's table) run in the child. */
export const HUGE_PAGES_MIN_BYTES = 16 * 1024 * 1024;

const TUNABLE = 'glibc.malloc.hugetlb=1';

/** What decides the relaunch: read from the process and the system by `hugePagesSetting`. */
export interface HugePagesSetting {
  /** Size of the data file in bytes (null: no --data, or it cannot be read). */
  readonly dataBytes: number | null;
  /** The kernel's transparent huge page policy, e.g. "madvise" (null: not Linux, or unknown). */
  readonly thpPolicy: string | null;
  /** Whether the C library is glibc. */
  readonly glibc: boolean;
  /** The environment's GLIBC_TUNABLES and SURVKIT_HUGE_PAGES. */
  readonly tunables: string | undefined;
  readonly optIn: string | undefined;
}

/** The GLIBC_TUNABLES of the child, or null when the report should run in this process. */
export function hugePagesTunables(s: HugePagesSetting): string | null {
  if (s.optIn !== '1' || !s.glibc || s.thpPolicy !== 'madvise') return null;
  if (s.dataBytes === null || s.dataBytes < HUGE_PAGES_MIN_BYTES) return null;
  // already set (by us in the parent, or by the user either way): never a second relaunch
  if (s.tunables?.includes('glibc.malloc.hugetlb') === true) return null;
  return s.tunables === undefined || s.tunables === '' ? TUNABLE : `${s.tunables}:${TUNABLE}`;
}

/** The kernel's policy: the bracketed word of "always [madvise] never". */
function thpPolicy(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

function fileBytes(path: string | undefined): number | null {
  if (path === undefined) return null;
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** Whether Node runs on glibc (its diagnostic report names the runtime glibc's version). */
function onGlibc(): boolean {
  const report = process.report?.getReport() as { header?: object } | undefined;
  return report?.header !== undefined && 'glibcVersionRuntime' in report.header;
}

export function hugePagesSetting(dataPath: string | undefined): HugePagesSetting {
  const dataBytes = fileBytes(dataPath);
  const policy = thpPolicy();
  return {
    dataBytes,
    thpPolicy: policy,
    // the report takes a few milliseconds: asked only when it decides
    glibc:
      process.env['SURVKIT_HUGE_PAGES'] === '1' &&
      policy === 'madvise' &&
      (dataBytes ?? 0) >= HUGE_PAGES_MIN_BYTES &&
      onGlibc(),
    tunables: process.env['GLIBC_TUNABLES'],
    optIn: process.env['SURVKIT_HUGE_PAGES'],
  };
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs this command again in a child with huge pages when `hugePagesTunables` says so, and
 * resolves to its exit code; null (nothing run) otherwise. A signal sent to this process is passed
 * on to the child, whose own handlers remove what it staged (a terminal's Ctrl-C reaches both: the
 * child ignores the repeat); a child killed by a signal kills this process with the same signal.
 */
export async function relaunchWithHugePages(dataPath: string | undefined): Promise<number | null> {
  const tunables = hugePagesTunables(hugePagesSetting(dataPath));
  if (tunables === null) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: tunables },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const handlers = FORWARDED.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>(
    (resolve) => {
      child.once('error', resolve);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    },
  );
  for (const [signal, handler] of handlers) process.off(signal, handler);
  // the child could not be started: run here, as without huge pages
  if (outcome instanceof Error) return null;
  if (outcome.signal !== null) process.kill(process.pid, outcome.signal);
  return outcome.code ?? 1;
}
