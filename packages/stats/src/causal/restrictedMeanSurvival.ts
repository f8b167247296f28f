import { DEFAULTS } from '../defaults.js';
import { normalTwoSidedP, zForConfLevel } from '../distributions/normal.js';
import { StatsInputError } from '../errors.js';
import { checkLength, readEvents, readTimes } from '../internal/prepare.js';
import { kaplanMeier } from '../survival/kaplanMeier.js';

/** Two-arm right-censored data for {@link restrictedMeanSurvival}. */
export interface RestrictedMeanSurvivalData {
  /** Follow-up time, finite and ≥ 0. */
  readonly time: ArrayLike<number>;
  /** 1/true = event, 0/false = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** 1/true = the arm compared (e.g. treated), 0/false = the reference arm (survRM2's `arm`). */
  readonly arm: ArrayLike<number | boolean>;
}

export interface RestrictedMeanSurvivalOptions {
  /** Truncation time τ > 0. Default: the smaller of the two arms' largest follow-up times (survRM2's default). */
  readonly tau?: number;
  /** Confidence level of every interval. Default 0.95. */
  readonly confLevel?: number;
}

/** One arm's RMST up to τ: `summary(survfit(...), rmean = tau)$table` plus survRM2's normal CI. */
export interface RestrictedMeanArm {
  readonly arm: 0 | 1;
  readonly n: number;
  readonly events: number;
  /** R's `rmean`: area under the Kaplan–Meier curve from 0 to τ. */
  readonly estimate: number;
  /** R's `se(rmean)`. */
  readonly stdErr: number;
  readonly lower: number;
  readonly upper: number;
}

/** A contrast of arm 1 with arm 0: estimate, normal CI (on the log scale for ratios) and two-sided p. */
export interface RestrictedMeanContrast {
  readonly estimate: number;
  /** SE of the difference, or of the log ratio for ratios. */
  readonly stdErr: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}

export interface RestrictedMeanSurvivalResult {
  readonly tau: number;
  /** Whether τ was given or chosen by the default rule. */
  readonly tauRule: 'given' | 'smallest largest follow-up';
  readonly confLevel: number;
  /** Arm 0 then arm 1. */
  readonly arms: readonly [RestrictedMeanArm, RestrictedMeanArm];
  /** RMST(arm 1) − RMST(arm 0). */
  readonly difference: RestrictedMeanContrast;
  /** RMST(arm 1) / RMST(arm 0). */
  readonly ratio: RestrictedMeanContrast;
  /** Ratio of restricted mean time lost (τ − RMST), arm 1 over arm 0. */
  readonly lostTimeRatio: RestrictedMeanContrast;
  readonly warnings: readonly string[];
}

const FN = 'restrictedMeanSurvival';

/**
 * Restricted mean survival time (RMST) of two arms up to τ and their difference and ratios, as
 * the unadjusted analysis of survRM2's `rmst2(time, status, arm, tau)` (Uno et al. 2014, J Clin
 * Oncol 32:2380; Royston & Parmar 2013). Each arm's RMST and SE are survival 3.5-3's
 * `summary(survfit(Surv(time, event) ~ 1), rmean = tau)$table[c("rmean", "se(rmean)")]` — the area
 * under the Kaplan–Meier step function and the Greenwood-type variance
 * Σ (area beyond t_j)² d_j / (n_j (n_j − d_j)), which is also survRM2's `rmst1`. Contrasts use
 * normal limits: the difference with SE √(v₁ + v₀); the ratios on the log scale with the delta
 * method, SE √(v₁/μ₁² + v₀/μ₀²) (for time lost, μ = τ − RMST). The p-value is 2·Φ(−|z|).
 *
 * A τ beyond an arm's largest follow-up time extends that arm's last curve value to τ (as
 * survfit's rmean does); a warning says so, since survRM2 refuses such a τ when that time is a
 * censoring.
 *
 * @throws {StatsInputError} for empty data, a length mismatch, a bad time/event, an arm value
 *   other than 0/1/boolean, an empty arm, a τ that is not finite and > 0, or a bad confLevel.
 * @example
 * // R: survRM2::rmst2(time, status, arm, tau = 365)$unadjusted.result
 * const r = restrictedMeanSurvival({ time, event, arm }, { tau: 365 });
 * r.difference; // { estimate, stdErr, lower, upper, pValue }
 */
export function restrictedMeanSurvival(
  data: RestrictedMeanSurvivalData,
  options: RestrictedMeanSurvivalOptions = {},
): RestrictedMeanSurvivalResult {
  const time = readTimes(FN, data?.time);
  const n = time.length;
  const event = readEvents(FN, data.event, n);
  const arm = readArm(data.arm, n);
  const confLevel = options.confLevel ?? DEFAULTS.confLevel;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError(FN, `confLevel is ${String(confLevel)}; expected a number in (0, 1)`, {
      field: 'confLevel',
    });
  }
  const split = [0, 1].map((a) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (arm[i] === a) rows.push(i);
    if (rows.length === 0) throw new StatsInputError(FN, `arm ${a} has no patients`, { field: 'arm' });
    return { time: rows.map((i) => time[i]!), event: rows.map((i) => event[i]!) };
  });
  // A loop, not Math.max(...time): spread arguments overflow a browser worker's stack at ~10⁵ times.
  const largest = split.map((s) => s.time.reduce((m, t) => (t > m ? t : m), Number.NEGATIVE_INFINITY));
  const tauRule = options.tau === undefined ? 'smallest largest follow-up' : 'given';
  const tau = options.tau ?? Math.min(largest[0]!, largest[1]!);
  if (typeof tau !== 'number' || !(tau > 0) || tau === Number.POSITIVE_INFINITY) {
    throw new StatsInputError(FN, `tau is ${String(tau)}; expected a finite number > 0`, { field: 'tau' });
  }
  const z = zForConfLevel(confLevel);
  const warnings: string[] = [];
  const armResult = (a: 0 | 1): RestrictedMeanArm => {
    if (tau > largest[a]!) {
      warnings.push(
        `tau = ${tau} is beyond the largest follow-up time of arm ${a} (${largest[a]}); its curve is extended flat to tau`,
      );
    }
    const km = kaplanMeier(split[a]!);
    const { estimate, stdErr } = km.rmst(tau);
    return {
      arm: a,
      n: km.n,
      events: km.events,
      estimate,
      stdErr,
      lower: estimate - z * stdErr,
      upper: estimate + z * stdErr,
    };
  };
  const a0 = armResult(0);
  const a1 = armResult(1);
  const difference = contrast(
    a1.estimate - a0.estimate,
    Math.sqrt(a1.stdErr ** 2 + a0.stdErr ** 2),
    z,
    false,
  );
  const ratio = contrast(
    Math.log(a1.estimate) - Math.log(a0.estimate),
    Math.sqrt((a1.stdErr / a1.estimate) ** 2 + (a0.stdErr / a0.estimate) ** 2),
    z,
    true,
  );
  const lost1 = tau - a1.estimate;
  const lost0 = tau - a0.estimate;
  const lostTimeRatio = contrast(
    Math.log(lost1) - Math.log(lost0),
    Math.sqrt((a1.stdErr / lost1) ** 2 + (a0.stdErr / lost0) ** 2),
    z,
    true,
  );
  return { tau, tauRule, confLevel, arms: [a0, a1], difference, ratio, lostTimeRatio, warnings };
}

/** Normal-theory contrast; `log` ones are formed on the log scale and reported exponentiated. */
function contrast(estimate: number, stdErr: number, z: number, log: boolean): RestrictedMeanContrast {
  const back = log ? Math.exp : (x: number) => x;
  return {
    estimate: back(estimate),
    stdErr,
    lower: back(estimate - z * stdErr),
    upper: back(estimate + z * stdErr),
    pValue: normalTwoSidedP(estimate / stdErr),
  };
}

function readArm(values: ArrayLike<number | boolean> | undefined, n: number): Uint8Array {
  checkLength(FN, 'arm', values, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = values![i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v !== 0 && v !== false) {
      throw new StatsInputError(FN, `arm is ${String(v)}; expected 0/1 or false/true`, {
        field: 'arm',
        row: i,
      });
    }
  }
  return out;
}
