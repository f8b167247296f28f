import { describe, expect, it } from 'vitest';
import { returnWorkBuffer, takeWorkBuffer } from '../src/regression/internal/coxWorkBuffer.js';
import { JobScoped } from '../src/regression/internal/jobScoped.js';

/**
 * The Cox work buffer's spare and the sort memo live for the current job only (jobScoped.ts): kept
 * through a synchronous run of fits, dropped once it is over, and only the latest value is held.
 */
describe('JobScoped', () => {
  it('a value set in a job is the value read in the same job, and none is left after it', async () => {
    const kept = new JobScoped<number[]>();
    const value = [1, 2, 3];
    kept.set(value);
    expect(kept.get()).toBe(value);
    await Promise.resolve();
    expect(kept.get()).toBeNull();
  });

  it('a later value replaces the earlier one (only the latest is held)', async () => {
    const kept = new JobScoped<string>();
    kept.set('first');
    kept.set('second');
    expect(kept.get()).toBe('second');
    await Promise.resolve();
    expect(kept.get()).toBeNull();
    kept.set('next job');
    expect(kept.get()).toBe('next job');
  });

  it('the work buffer handed back in one job is reused in that job, not in the next', async () => {
    const buffer = takeWorkBuffer(10_000);
    returnWorkBuffer(buffer);
    const again = takeWorkBuffer(10_000);
    expect(again.buffer).toBe(buffer.buffer);
    returnWorkBuffer(again);
    await Promise.resolve();
    expect(takeWorkBuffer(10_000).buffer).not.toBe(buffer.buffer);
  });
});
