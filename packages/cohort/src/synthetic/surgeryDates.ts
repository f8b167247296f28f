/**
 * The date of primary-site surgery of each operated patient, drawn after the survival simulation
 * from a random stream of its own, so that adding it left every other column of the cohort (and
 * every number computed from them) exactly as it was.
 */
import { Random } from './random.js';
import type { Patient } from './targets.js';

/**
 * Added to the cohort's seed to seed the surgery-date stream. Any constant gives an independent
 * Mulberry32 sequence; a separate stream is what keeps the main one — and so every other column —
 * unchanged by these draws.
 */
export const SURGERY_DATE_STREAM = 0x53_5552_47; // "SURG"

/**
 * Surgery before systemic therapy: 1–6 weeks after diagnosis (work-up, then the operation). After
 * systemic therapy: once a response is seen, 3–12 months after diagnosis (paper section 3.2 gives
 * only the 6/18 split; "within the first year" is the design choice), triangular with its
 * mode mid-range.
 */
export const SURGERY_WINDOW_DAYS = {
  before_systemic: [7, 42],
  after_systemic: [91, 365],
} as const;

/**
 * Sets `surgeryDate` for every operated patient (analysed or screened), in the order given.
 * The operation precedes the end of follow-up (death or last follow-up) by at least a day, and
 * precedes progression: an operation after a response to systemic therapy takes place before the
 * disease progresses, and one before systemic therapy precedes any treatment. Where progression or
 * follow-up ends earlier than the window allows, the window shrinks to the second half of the time
 * available.
 */
export function assignSurgeryDates(patients: readonly Patient[], seed: number): void {
  const rng = new Random(seed + SURGERY_DATE_STREAM);
  for (const p of patients) {
    if (p.surgeryType === 'none') continue;
    if (p.timing === '') throw new Error('synthetic cohort: an operated patient has no surgery timing');
    const [earliest, latest] = SURGERY_WINDOW_DAYS[p.timing];
    const available = Math.min(p.progression ?? p.lastFollowup, p.lastFollowup) - p.diagnosis - 1;
    if (available < 0) throw new Error('synthetic cohort: follow-up too short for surgery before its end');
    const hi = Math.min(latest, available);
    const lo = hi < earliest ? Math.ceil(hi / 2) : earliest;
    const tri = (rng.next() + rng.next()) / 2;
    p.surgeryDate = p.diagnosis + lo + Math.floor(tri * (hi - lo + 1));
  }
}
