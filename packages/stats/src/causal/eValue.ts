import { StatsInputError } from '../errors.js';

/** A hazard ratio with its confidence limits, e.g. a `coxPH` term's `hazardRatio`, `lower`, `upper`. */
export interface EValueInput {
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
}

export interface EValueOptions {
  /**
   * Whether the outcome is rare (under about 15% by the end of follow-up), as EValue's
   * `evalues.HR(rare = )`; no default, because the choice changes the answer and must be stated.
   */
  readonly rare: boolean;
}

export interface EValueResult {
  /** The risk ratios the E-values are computed from (the HRs themselves for a rare outcome). */
  readonly riskRatio: { readonly estimate: number; readonly lower: number; readonly upper: number };
  /** E-value of the point estimate. */
  readonly point: number;
  /** E-value of the confidence limit closest to 1; 1 when the interval contains 1. */
  readonly ci: number;
  /** Which limit `ci` came from; `'none'` when the interval contains 1. */
  readonly ciLimit: 'lower' | 'upper' | 'none';
  readonly outcome: 'rare' | 'common';
}

const FN = 'eValue';

/**
 * E-value for a hazard ratio and its confidence interval (VanderWeele & Ding 2017, Ann Intern Med
 * 167:268): the minimum strength of association, on the risk-ratio scale, that an unmeasured
 * confounder would need with both treatment and outcome to explain the estimate away. As the
 * EValue package's `evalues.HR(est, lo, hi, rare)`:
 * - common outcome: each HR becomes the approximate RR (1 − 0.5^√HR) / (1 − 0.5^√(1/HR)) (the
 *   paper's conversion, VanderWeele 2020 Biometrics); rare outcome: RR = HR;
 * - E = RR* + √(RR*·(RR* − 1)), with RR* = RR, or 1/RR when RR < 1;
 * - for the interval, the limit closest to 1 (lower when RR > 1, upper when RR < 1), and 1 when the
 *   interval contains 1.
 *
 * @throws {StatsInputError} unless 0 < lower ≤ hazardRatio ≤ upper < ∞, or when `rare` is not boolean.
 * @example
 * // The paper's example, a risk ratio of 3.9 (1.8, 8.7): E = 7.26, CI E-value 3.0
 * eValue({ hazardRatio: 3.9, lower: 1.8, upper: 8.7 }, { rare: true }); // { point: 7.263…, ci: 3, ... }
 */
export function eValue(input: EValueInput, options: EValueOptions): EValueResult {
  const hr = readRatio(input?.hazardRatio, 'hazardRatio');
  const lo = readRatio(input.lower, 'lower');
  const hi = readRatio(input.upper, 'upper');
  if (!(lo <= hr && hr <= hi)) {
    throw new StatsInputError(FN, `expected lower ≤ hazardRatio ≤ upper; got ${lo}, ${hr}, ${hi}`, {
      field: 'hazardRatio',
    });
  }
  const rare = options?.rare;
  if (typeof rare !== 'boolean') {
    throw new StatsInputError(
      FN,
      `rare is ${String(rare)}; expected true or false (state whether the outcome is rare)`,
      {
        field: 'rare',
      },
    );
  }
  const toRR = rare ? (h: number) => h : commonOutcomeRiskRatio;
  const rr = toRR(hr);
  const rrLower = toRR(lo);
  const rrUpper = toRR(hi);
  let ci = 1;
  let ciLimit: EValueResult['ciLimit'] = 'none';
  if (!(rrLower <= 1 && rrUpper >= 1)) {
    ciLimit = rr > 1 ? 'lower' : 'upper';
    ci = eValueOfRiskRatio(rr > 1 ? rrLower : rrUpper);
  }
  return {
    riskRatio: { estimate: rr, lower: rrLower, upper: rrUpper },
    point: eValueOfRiskRatio(rr),
    ci,
    ciLimit,
    outcome: rare ? 'rare' : 'common',
  };
}

/** VanderWeele & Ding's approximate RR for an HR of a common outcome. */
function commonOutcomeRiskRatio(hr: number): number {
  return (1 - 0.5 ** Math.sqrt(hr)) / (1 - 0.5 ** Math.sqrt(1 / hr));
}

function eValueOfRiskRatio(rr: number): number {
  const r = rr < 1 ? 1 / rr : rr;
  return r + Math.sqrt(r * (r - 1));
}

function readRatio(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value > 0) || value === Number.POSITIVE_INFINITY) {
    throw new StatsInputError(FN, `${field} is ${String(value)}; expected a finite number > 0`, { field });
  }
  return value;
}
