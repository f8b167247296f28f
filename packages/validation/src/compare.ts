import type { ReferenceCheck } from './types.js';

/**
 * Relative comparison used by every suite: |a − e| ≤ tol·max(|e|, tiny), with null/NA matching
 * only null/NA and equal infinities matching. `tiny` guards values that R reports as exactly 0.
 */
export function closeTo(
  actual: number | null | undefined,
  expected: number | null,
  tolerance: number,
  tiny = 1e-300,
): boolean {
  if (expected === null || expected === undefined)
    return actual === null || actual === undefined || Number.isNaN(actual);
  if (actual === null || actual === undefined || Number.isNaN(actual)) return false;
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), tiny);
}

/** Collects checks for one suite; `add` returns whether the check passed. */
export class CheckList {
  readonly checks: ReferenceCheck[] = [];

  add(
    caseName: string,
    quantity: string,
    actual: number | null | undefined,
    expected: number | null,
    tolerance: number,
    tiny?: number,
  ): boolean {
    const pass = closeTo(actual, expected, tolerance, tiny);
    this.checks.push({
      case: caseName,
      quantity,
      expected,
      actual: actual === undefined ? null : actual,
      tolerance,
      pass,
    });
    return pass;
  }

  /** Compares two arrays element by element under the same tolerance. */
  addArray(
    caseName: string,
    quantity: string,
    actual: ArrayLike<number | null>,
    expected: ArrayLike<number | null>,
    tolerance: number,
    tiny?: number,
  ): boolean {
    let ok = true;
    if (actual.length !== expected.length) {
      this.checks.push({
        case: caseName,
        quantity: `${quantity}.length`,
        expected: expected.length,
        actual: actual.length,
        tolerance: 0,
        pass: false,
      });
      return false;
    }
    for (let i = 0; i < expected.length; i++) {
      ok =
        this.add(caseName, `${quantity}[${i}]`, actual[i] ?? null, expected[i] ?? null, tolerance, tiny) &&
        ok;
    }
    return ok;
  }
}
