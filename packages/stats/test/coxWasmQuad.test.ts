import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxPH } from '../src/regression/coxPH.js';
import { addWeightedQuad } from '../src/regression/internal/coxOuterQuad.js';
import {
  SCRATCH_VALUES,
  wasmBackedArray,
  wasmQuadFor,
  wholeBuffer,
} from '../src/regression/internal/coxWasmQuad.js';
import { takeWorkBuffer } from '../src/regression/internal/coxWorkBuffer.js';
import { quadCase } from './quadCases.js';
import { lehmer } from './seededRandom.js';

/**
 * coxWasmQuad.ts runs coxOuterQuad.ts's four-row update in WebAssembly SIMD on rows that live in a
 * WebAssembly memory. Oracle: `addWeightedQuad` itself (which coxOuterQuad.test.ts checks against the
 * plain double loop). WebAssembly's binary64 arithmetic rounds as JavaScript's and has no fused
 * multiply-add, and the kernel forms each entry with the same operations, so every entry of the lower
 * triangle and of the sum is the same double (Object.is, no tolerance), for p from 1 to 20 (written
 * out per p up to 16, the loops after), rows at any offsets and any finite weights. Its `exps`
 * (coxWasmExp.ts) is compared with Math.exp, bit for bit.
 */
describe('coxWasmQuad: the four-row update in WebAssembly', () => {
  it('the lower triangle and the sum are the same doubles as addWeightedQuad, for p = 1..20', () => {
    const memory = wasmBackedArray(2048);
    expect(memory).not.toBeNull(); // Node has WebAssembly SIMD: the kernel must be there to be tested
    fc.assert(
      fc.property(quadCase(20), ({ p, src, rows, w, acc, withSum }) => {
        const kernel = wasmQuadFor(memory!, p)!;
        // the rows (one spare value after them: the lane past the diagonal reads it), acc, sum
        const s = memory!.subarray(0, 6 * p + 1);
        s.set(src);
        const gotAcc = memory!.subarray(8 * p, 8 * p + p * p + 1);
        gotAcc.set(acc);
        const gotSum = memory!.subarray(8 * p + p * p + 2, 8 * p + p * p + 2 + p);
        gotSum.set(acc.slice(0, p));
        const expectAcc = Float64Array.from(acc);
        const expectSum = withSum ? Float64Array.from(acc.slice(0, p)) : null;
        const [o1, o2, o3, o4] = rows as [number, number, number, number];
        const [w1, w2, w3, w4] = w as [number, number, number, number];
        addWeightedQuad(s, o1, o2, o3, o4, w1, w2, w3, w4, p, expectAcc, expectSum);
        const b = s.byteOffset;
        const sumAt = withSum ? gotSum.byteOffset : -1;
        kernel.quad(
          b + 8 * o1,
          b + 8 * o2,
          b + 8 * o3,
          b + 8 * o4,
          w1,
          w2,
          w3,
          w4,
          p,
          gotAcc.byteOffset,
          sumAt,
        );
        for (let i = 0; i < p; i++)
          for (let j = 0; j <= i; j++) expect(Object.is(gotAcc[i * p + j], expectAcc[i * p + j])).toBe(true);
        for (let k = 0; k < p; k++) expect(Object.is(gotSum[k], withSum ? expectSum![k] : acc[k])).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('exps gives Math.exp(x)·w bit for bit over the whole range, its edges and non-finite values', () => {
    // oracle: Math.exp (coxWasmExp.ts transcribes V8's fdlibm exp to SIMD); 2²⁰ values per scale
    const n = 1 << 20;
    const memory = wasmBackedArray(3 * n)!;
    const kernel = wasmQuadFor(memory, 8)!;
    const [eta, risk, weight] = [0, 1, 2].map((k) => memory.subarray(k * n, (k + 1) * n)) as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const rand = lehmer(17);
    const edges = [0, -0, 1, -1, 708, -708, 707.99, 709.8, -745.2, 800, -800, Math.LN2 / 2, -Math.LN2 / 2];
    edges.push(1.5 * Math.LN2, 2 ** -28, -(2 ** -28), 1e-300, Number.NaN, Number.POSITIVE_INFINITY);
    edges.push(Number.NEGATIVE_INFINITY, 0.34657359027997264, 0.3465735902799727, 0.3465735902799726);
    for (const scale of [1e-9, 0.3, 0.35, 1, 1.1, 2, 20, 700, 720]) {
      for (let i = 0; i < n; i++) {
        eta[i] = (rand() * 2 - 1) * scale;
        weight[i] = i % 3 === 0 ? 1 : rand() * 3;
      }
      if (scale === 1) for (const [i, v] of edges.entries()) eta[7 * i + (i % 2)] = v;
      kernel.exps(eta.byteOffset, risk.byteOffset, weight.byteOffset, n / 2);
      let differing = 0;
      for (let i = 0; i < n; i++) if (!Object.is(risk[i], Math.exp(eta[i]!) * weight[i]!)) differing++;
      expect(differing).toBe(0);
    }
  });

  it('a work buffer in a WebAssembly memory keeps its scratch out of the part handed back', () => {
    const a = wasmBackedArray(100)!;
    const whole = wholeBuffer(a.subarray(10, 20));
    expect(whole.length).toBe(new Float64Array(a.buffer).length - SCRATCH_VALUES);
    expect(wasmQuadFor(new Float64Array(8), 2)).toBeNull();
  });

  it('coxPH fits are the same in a WebAssembly memory as in plain memory: distinct and tied times, p = 2 and 6', () => {
    // the kernels' oracle at the level of a fit: the same fit with the work buffer in ordinary memory.
    // Distinct times at p = 6 take the sweeps (coxPassSweeps.ts); tied times (5 distinct, ~2000 rows
    // each: the row lists of coxPassGroup.ts fill and are emptied several times per time) and p = 2
    // take the event-time pass (coxPass.ts).
    for (const [tied, p] of [
      [false, 6],
      [true, 6],
      [true, 2],
      [false, 2],
    ] as const) {
      const d = fitData(10000, p, tied);
      for (const ties of ['efron', 'breslow'] as const) {
        takeWorkBuffer(1); // the spare away: the fit takes a fresh (WebAssembly) buffer
        const inWasm = coxPH(d, { ties });
        const plain = withoutWebAssembly(() => {
          takeWorkBuffer(1);
          return coxPH(d, { ties });
        });
        expect(inWasm).toEqual(plain);
      }
    }
  });
});

function fitData(n: number, p: number, tied: boolean) {
  const rand = lehmer(5 + p);
  const covariates: Record<string, Float64Array> = {};
  for (let j = 0; j < p; j++) covariates[`x${j}`] = Float64Array.from({ length: n }, () => rand() * 2 - 1);
  const time = Float64Array.from({ length: n }, (_, i) => {
    const t = -Math.log(rand()) / Math.exp(0.3 * covariates.x0![i]!);
    return tied ? 1 + Math.min(4, Math.floor(t)) : t;
  });
  const event = Float64Array.from({ length: n }, () => (rand() < 0.7 ? 1 : 0));
  return { time, event, covariates };
}

/** Runs `f` with WebAssembly hidden, as in an environment without it. */
function withoutWebAssembly<T>(f: () => T): T {
  const g = globalThis as { WebAssembly?: unknown };
  const saved = g.WebAssembly;
  g.WebAssembly = undefined;
  try {
    return f();
  } finally {
    g.WebAssembly = saved;
  }
}
