import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceHash, suites } from '@survkit/validation';
import { describe, expect, it } from 'vitest';

describe("the package's runtime API for the report", () => {
  it('referenceHash is a SHA-256 in hex and the same on every call over unchanged files', () => {
    const first = referenceHash();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(referenceHash()).toBe(first);
  });

  it('referenceHash covers the fixtures: it is not the hash of an empty input', () => {
    // invariant: a hash over at least one fixture file differs from SHA-256 of nothing
    expect(referenceHash()).not.toBe(createHash('sha256').digest('hex'));
    const fixture = fileURLToPath(new URL('../fixtures/cox.json', import.meta.url));
    expect(readFileSync(fixture).length).toBeGreaterThan(0);
  });

  it('runReferenceSuites reports one row per suite, in report order (checked by name, without running R)', () => {
    // runReferenceSuites itself takes tens of seconds; the report's tests render its appendix.
    expect(suites.map((s) => s.name)).toEqual([
      'contingency',
      'cox',
      'cox extras',
      'survival',
      'propensity',
      'matching',
      'time-dependent treatment',
    ]);
  });
});
