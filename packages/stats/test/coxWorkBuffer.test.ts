import { describe, expect, it } from 'vitest';
import { coxPH } from '../src/regression/coxPH.js';
import { takeWorkBuffer } from '../src/regression/internal/coxWorkBuffer.js';
import { lehmer } from './seededRandom.js';

/**
 * `coxPH` fits in memory handed back by the previous fit (coxWorkBuffer.ts). The invariant: a fit
 * never depends on what the buffer held before. Each fit is compared with the same fit in fresh
 * memory (the spare taken away first); a kernel that read a value it had not written (a zeroed
 * status, a sum started from the buffer's contents) would differ here.
 */
function data(n: number, seed: number, p: number) {
  const rand = lehmer(seed);
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  const covariates: Record<string, Float64Array> = {};
  for (let j = 0; j < p; j++) covariates[`x${j}`] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      const v = j % 2 === 0 ? rand() * 4 - 2 : rand() < 0.4 ? 1 : 0;
      covariates[`x${j}`]![i] = v;
      eta += 0.3 * v;
    }
    time[i] = (-Math.log(rand()) / Math.exp(eta)) * (i % 4 === 0 ? 1 : 1.0000001);
    event[i] = rand() < 0.7 ? 1 : 0;
  }
  return { time, event, covariates };
}

const inFreshMemory = (d: ReturnType<typeof data>, ties: 'efron' | 'breslow') => {
  takeWorkBuffer(1); // takes the spare (if any) away: the next fit allocates
  return coxPH(d, { ties });
};

describe('coxPH: a fit does not depend on the memory the previous fit handed back', () => {
  it('fits after larger, smaller and differently shaped fits equal the same fits in fresh memory', () => {
    // above the radix-sort and sort-memo thresholds (4096 rows), so the buffer's sort area is used
    const big = data(9000, 7, 6);
    const small = data(6000, 11, 2);
    const other = data(6500, 13, 3);
    for (const ties of ['efron', 'breslow'] as const) {
      const expectedSmall = inFreshMemory(small, ties);
      const expectedOther = inFreshMemory(other, ties);
      coxPH(big, { ties }); // leaves a dirty buffer large enough for the next two
      expect(coxPH(small, { ties })).toEqual(expectedSmall);
      coxPH(big, { ties });
      expect(coxPH(other, { ties })).toEqual(expectedOther);
      expect(coxPH(small, { ties })).toEqual(expectedSmall);
    }
  });
});
