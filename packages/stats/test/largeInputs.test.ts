import { describe, expect, it } from 'vitest';
import { restrictedMeanSurvival } from '../src/index.js';

// Large inputs must not reach a call with one argument per row (Math.max(...time) overflows the
// stack: at ~10⁵ rows in a browser worker, ~1.2·10⁵ in Node). Invariant: survRM2's default τ is the
// smaller of the two arms' largest follow-up times, which the data below fix by construction.
describe('restrictedMeanSurvival on 10⁶ rows', () => {
  it('takes the default τ without spreading the times into a call', () => {
    const n = 1_000_000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const arm = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      arm[i] = i % 2;
      time[i] = 1 + (i % 997) + (arm[i] === 1 ? 0 : 0.5);
      event[i] = i % 3 === 0 ? 0 : 1;
    }
    const r = restrictedMeanSurvival({ time, event, arm });
    // Arm 1's largest time is 997 (i % 997 = 996); arm 0's is 997.5.
    expect(r.tau).toBe(997);
    expect(r.tauRule).toBe('smallest largest follow-up');
  });
});
