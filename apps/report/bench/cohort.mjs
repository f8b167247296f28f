// The benchmarks' large synthetic cohorts: the built-in synthetic cohort's rows resampled with a
// seeded generator, each patient's follow-up stretched by a random factor (so event times are not
// all tied), written to a CSV file in blocks (a 10⁷-row file is ~1.8 GB, more than one JavaScript
// string can hold).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { loadBuiltinCohort } from '@survkit/cohort';

export const SEED = 20_240_109;
const DAY = 86_400_000;

/** mulberry32: a small, seeded, well-mixed 32-bit generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `n` resampled patients (ids BENCH-1 … BENCH-n) to `path`, LF line ends. */
export function writeResampledCohort(path, n, seed = SEED) {
  const lines = readFileSync(loadBuiltinCohort().csvPath, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const col = (name) => header.indexOf(name);
  const dates = ['date_progression', 'date_death', 'date_last_followup'].map(col);
  const diagnosis = col('date_diagnosis');
  const id = col('patient_id');
  const rows = lines.slice(1).map((l) => l.split(','));
  const random = rng(seed);
  const fd = openSync(path, 'w');
  let block = [lines[0]];
  for (let i = 0; i < n; i++) {
    const cells = [...rows[Math.floor(random() * rows.length)]];
    cells[id] = `BENCH-${i + 1}`;
    const start = Date.parse(cells[diagnosis]);
    const stretch = 0.8 + 0.45 * random();
    for (const c of dates) {
      if (cells[c] === '') continue;
      const days = Math.round((Date.parse(cells[c]) - start) / DAY);
      cells[c] = new Date(start + Math.round(days * stretch) * DAY).toISOString().slice(0, 10);
    }
    block.push(cells.join(','));
    if (block.length === 10_000) {
      writeSync(fd, `${block.join('\n')}\n`);
      block = [];
    }
  }
  if (block.length > 0) writeSync(fd, `${block.join('\n')}\n`);
  closeSync(fd);
}
