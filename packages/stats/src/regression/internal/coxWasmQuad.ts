/**
 * coxOuterQuad.ts's four-row update, acc += Σ_k w_k·v_k·v_kᵀ (lower triangle) and sum += Σ_k w_k·v_k,
 * as a WebAssembly function using 128-bit SIMD: two entries of a row of the triangle per
 * instruction, and no bounds check per value. The update is a third to half of a pass at 10⁶ rows ×
 * 8 covariates, and in JavaScript it runs at about one entry per 1.6 ns however it is written
 * (each entry is four products and four sums; V8 emits scalar code and checks every index).
 *
 * Every entry is formed as coxOuterQuad.ts forms it, `acc + (v1·s1 + v2·s2) + (v3·s3 + v4·s4)` with
 * v = w·src[i], s = src[j], and `sum + (v1 + v2) + (v3 + v4)`: WebAssembly's f64 and f64x2
 * arithmetic is IEEE 754 binary64 with round-to-nearest and no fused multiply-add, so the results
 * are the same doubles (test: coxWasmQuad.test.ts). A lane computed past the diagonal writes the
 * entry (i, i + 1) of the upper triangle, which callers do not read, and reads the next row's first
 * value: the accumulator needs p·p + 1 values.
 *
 * WebAssembly reads only its own memory, so the rows must be there: the fit's work buffer is
 * allocated as a WebAssembly.Memory (coxWorkBuffer.ts) and `wasmQuadFor` finds the kernel of the
 * memory that holds an array. The small accumulators are copied into the memory's scratch region
 * (its last `SCRATCH_VALUES` values, outside every array handed out) for a sweep and back after it.
 * Where WebAssembly or its SIMD is missing, nothing is backed by a memory and the JavaScript update
 * runs. The same module holds the loops that call the update over a sweep's rows and `exps`
 * (coxWasmExp.ts), the risk scores' exp().
 */

import { quadModule } from './coxWasmQuadModule.js';

/** The kernel of one memory and the scratch region at its end. */
export interface WasmQuad {
  /**
   * The four-row update on byte addresses in the memory: rows at o1..o4 (each p values), `acc` (p·p + 1
   * values), `sum` (p values) or −1 for none.
   */
  readonly quad: (
    o1: number,
    o2: number,
    o3: number,
    o4: number,
    w1: number,
    w2: number,
    w3: number,
    w4: number,
    p: number,
    acc: number,
    sum: number,
  ) => void;
  /**
   * `quad` over `count` groups of four consecutive rows from byte address o, weighted by
   * risk[k]·step[k] (byte addresses of the first row's values).
   */
  readonly rows: (
    o: number,
    risk: number,
    step: number,
    count: number,
    p: number,
    acc: number,
    sum: number,
  ) => void;
  /**
   * `quad` over `count` groups of four rows whose indices (i32) start at byte address `at`, row q at
   * x + 8pq weighted by the value at risk + 8q.
   */
  readonly list: (
    at: number,
    count: number,
    x: number,
    risk: number,
    p: number,
    acc: number,
    sum: number,
  ) => void;
  /**
   * risk[k] = Math.exp(eta[k])·weight[k] for 2·pairs rows from the byte addresses eta, risk, weight
   * (coxWasmExp.ts: the same doubles as Math.exp's).
   */
  readonly exps: (eta: number, risk: number, weight: number, pairs: number) => void;
  /** The memory's last `SCRATCH_VALUES` values, free for the duration of one synchronous sweep. */
  readonly scratch: Float64Array;
}

/** Values of scratch at the end of each memory: room for two p×p accumulators and six vectors up to p = 60. */
export const SCRATCH_VALUES = 8192;
const PAGE_BYTES = 65536;
/** WebAssembly memories (32-bit addresses) hold at most 4 GiB. */
const MAX_PAGES = 65535;

/** The part of the WebAssembly API used here (the package's ES2022 library does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Memory: new (limits: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** Each WebAssembly memory handed out, its scratch and its kernels by p (instantiated when first asked). */
interface Backing {
  readonly memory: object;
  readonly scratch: Float64Array;
  readonly byP: Map<number, WasmQuad>;
}
const backings = new WeakMap<ArrayBufferLike, Backing>();
/** Compiled modules by p (null: WebAssembly or its SIMD is missing). */
const modules = new Map<number, object | null>();
/** Covariates up to which `quad` is written out for its p; the module with loops has key 0. */
const UNROLLED_MAX = 16;
const GENERIC = 0;

function compiled(p: number): object | null {
  let mod = modules.get(p);
  if (mod === undefined) {
    mod = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      const bytes = quadModule(p);
      if (api?.validate(bytes)) mod = new api.Module(bytes);
    } catch {
      mod = null; // the JavaScript update
    }
    modules.set(p, mod);
  }
  return mod;
}

/**
 * A Float64Array of `length` values (plus the scratch) in a fresh WebAssembly.Memory, or null where
 * that is not possible (no WebAssembly or no SIMD, or beyond 4 GiB).
 */
export function wasmBackedArray(length: number): Float64Array | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined || compiled(GENERIC) === null) return null;
  const pages = Math.ceil(((length + SCRATCH_VALUES) * 8) / PAGE_BYTES);
  if (pages > MAX_PAGES) return null;
  let memory: { readonly buffer: ArrayBuffer };
  try {
    memory = new api.Memory({ initial: pages, maximum: pages });
  } catch {
    return null; // the address space refused: plain memory
  }
  const all = new Float64Array(memory.buffer);
  backings.set(memory.buffer, { memory, scratch: all.subarray(all.length - SCRATCH_VALUES), byP: new Map() });
  return all.subarray(0, all.length - SCRATCH_VALUES);
}

/**
 * The scratch is shared out by position: the row sweeps (coxPassSweeps.ts, coxPassRowSweep.ts) use
 * its first `sweepScratch(p)` values for the length of a sweep; the pass's workspace (coxPass.ts)
 * keeps its risk-set sums after them for the whole fit (one workspace per memory: the fit that owns
 * the work buffer).
 */
export function sweepScratch(p: number): number {
  return p * p + 4 * p + 2;
}

/** The whole of `a`'s memory, but for a WebAssembly memory without its scratch region. */
export function wholeBuffer(a: Float64Array): Float64Array {
  const all = new Float64Array(a.buffer);
  return backings.has(a.buffer) ? all.subarray(0, all.length - SCRATCH_VALUES) : all;
}

/** The kernel for p covariates of the memory holding `a`, or null when `a` is ordinary memory. */
export function wasmQuadFor(a: Float64Array, p: number): WasmQuad | null {
  const backing = backings.get(a.buffer);
  if (backing === undefined) return null;
  const key = p <= UNROLLED_MAX ? p : GENERIC;
  let kernel = backing.byP.get(key);
  if (kernel === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
    const instance = new api.Instance(compiled(key)!, { env: { mem: backing.memory, exp: Math.exp } });
    kernel = {
      quad: instance.exports.quad as WasmQuad['quad'],
      rows: instance.exports.rows as WasmQuad['rows'],
      list: instance.exports.list as WasmQuad['list'],
      exps: instance.exports.exps as WasmQuad['exps'],
      scratch: backing.scratch,
    };
    backing.byP.set(key, kernel);
  }
  return kernel;
}
