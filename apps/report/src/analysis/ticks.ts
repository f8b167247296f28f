/**
 * X-axis breaks in months for survival plots: multiples of a clinically readable step (6, 12, 24 months
 * …), at most ten intervals, ending at or just after the last observed time.
 */
export function monthTicks(maxTime: number): number[] {
  const steps = [1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200];
  const end = maxTime > 0 && Number.isFinite(maxTime) ? maxTime : 1;
  let step = steps[steps.length - 1] ?? 12;
  for (const s of steps) {
    if (Math.ceil(end / s) <= 10) {
      step = s;
      break;
    }
  }
  const n = Math.max(1, Math.ceil(end / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

/** Log-scale ticks for hazard-ratio axes covering [lo, hi]. */
export function hazardRatioTicks(lo: number, hi: number): number[] {
  const candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
  const a = candidates.filter((t) => t <= lo).pop() ?? candidates[0]!;
  const b = candidates.find((t) => t >= hi) ?? candidates[candidates.length - 1]!;
  return candidates.filter((t) => t >= a && t <= b);
}
