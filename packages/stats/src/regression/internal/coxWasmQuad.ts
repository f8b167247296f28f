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
 * runs.
 */

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
    const instance = new api.Instance(compiled(key)!, { env: { mem: backing.memory } });
    kernel = { quad: instance.exports.quad as WasmQuad['quad'], scratch: backing.scratch };
    backing.byP.set(key, kernel);
  }
  return kernel;
}

// --- the module, assembled here (a few hundred bytes; no build step, no binary in the repository) ---

const leb = (n: number): number[] => {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, ...leb(i)];
const set = (i: number): number[] => [0x21, ...leb(i)];
const tee = (i: number): number[] => [0x22, ...leb(i)];
const i32 = (v: number): number[] => [0x41, ...leb(v)]; // non-negative constants below 64 only
const ADD = 0x6a;
const SHL = 0x74;
const LT_S = 0x48;
const GT_S = 0x4a;
const GE_S = 0x4e;
const F_ADD = 0xa0;
const F_MUL = 0xa2;
const F_LOAD = [0x2b, 3, 0];
const F_STORE = [0x39, 3, 0];
const V_LOAD = [0xfd, 0x00, 3, 0];
const V_STORE = [0xfd, 0x0b, 3, 0];
/** Loads and stores at a constant byte offset from the address on the stack. */
const fLoadAt = (offset: number): number[] => [0x2b, 3, ...leb(offset)];
const vLoadAt = (offset: number): number[] => [0xfd, 0x00, 3, ...leb(offset)];
const vStoreAt = (offset: number): number[] => [0xfd, 0x0b, 3, ...leb(offset)];
const SPLAT = [0xfd, 0x14];
const V_ADD = [0xfd, 0xf0, 0x01];
const V_MUL = [0xfd, 0xf2, 0x01];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const BR = (d: number): number[] => [0x0c, d];
const BR_IF = (d: number): number[] => [0x0d, d];

/** Parameters and locals of `quad` (indices). */
const O = [0, 1, 2, 3];
const W = [4, 5, 6, 7];
const P = 8;
const ACC = 9;
const SUM = 10;
const I = 11; // row of the triangle
const J8 = 12; // column, in bytes
const ROW = 13; // byte address of acc's row I
const I8 = 14; // I in bytes
const V = [15, 16, 17, 18]; // w_k·src_k[I]
const VV = [19, 20, 21, 22]; // the same, splatted

/** s_k[j..j+1] for the four rows, times VV_k, paired as in coxOuterQuad.ts. */
const pairTerm = (a: number, b: number): number[] => [
  ...get(VV[a]!),
  ...get(O[a]!),
  ...get(J8),
  ADD,
  ...V_LOAD,
  ...V_MUL,
  ...get(VV[b]!),
  ...get(O[b]!),
  ...get(J8),
  ADD,
  ...V_LOAD,
  ...V_MUL,
  ...V_ADD,
];

/** v_k = w_k·src_k[I] for the four rows, kept as scalars (V) and splatted (VV). */
function rowValues(): number[] {
  return [0, 1, 2, 3].flatMap((k) => [
    ...get(W[k]!),
    ...get(O[k]!),
    ...get(I8),
    ADD,
    ...F_LOAD,
    F_MUL,
    ...tee(V[k]!),
    ...SPLAT,
    ...set(VV[k]!),
  ]);
}

/** sum[I] = sum[I] + (v1 + v2) + (v3 + v4), unless sum is −1. */
function sumUpdate(): number[] {
  const address = [...get(SUM), ...get(I8), ADD];
  const terms = [...get(V[0]!), ...get(V[1]!), F_ADD, F_ADD, ...get(V[2]!), ...get(V[3]!), F_ADD, F_ADD];
  return [
    ...BLOCK,
    ...get(SUM),
    ...i32(0),
    LT_S,
    ...BR_IF(0),
    ...address,
    ...address,
    ...F_LOAD,
    ...terms,
    ...F_STORE,
    END,
  ];
}

/** Row I of the triangle, two columns a step: acc[I][j..j+1] += (v1·s1 + v2·s2) + (v3·s3 + v4·s4). */
function columns(): number[] {
  const address = [...get(ROW), ...get(J8), ADD];
  const entry = [
    ...address,
    ...address,
    ...V_LOAD,
    ...pairTerm(0, 1),
    ...V_ADD,
    ...pairTerm(2, 3),
    ...V_ADD,
    ...V_STORE,
  ];
  const next = [...get(J8), ...i32(16), ADD, ...set(J8)];
  return [
    ...i32(0),
    ...set(J8),
    ...BLOCK,
    ...LOOP,
    ...get(J8),
    ...get(I8),
    GT_S,
    ...BR_IF(1),
    ...entry,
    ...next,
    ...BR(0),
    END,
    END,
  ];
}

/** The kernel with loops over the rows and columns of the triangle, for any p. */
function quadBody(): number[] {
  const start = [...i32(0), ...set(I), ...get(ACC), ...set(ROW)];
  const rowStart = [...get(I), ...get(P), GE_S, ...BR_IF(1), ...get(I), ...i32(3), SHL, ...set(I8)];
  const rowEnd = [
    ...get(I),
    ...i32(1),
    ADD,
    ...set(I),
    ...get(ROW),
    ...get(P),
    ...i32(3),
    SHL,
    ADD,
    ...set(ROW),
  ];
  const rows = [...rowStart, ...rowValues(), ...sumUpdate(), ...columns(), ...rowEnd];
  return [...start, ...BLOCK, ...LOOP, ...rows, ...BR(0), END, END, END];
}

/**
 * `quadBody` for one p, written out: every offset (row i of the accumulator, column j of a source
 * row) is a constant of its load or store, and no loop runs; about a third faster than the loops
 * at p = 8. The same operations per entry.
 */
function unrolledBody(p: number): number[] {
  const out: number[] = [];
  const term = (a: number, b: number, j8: number): number[] => [
    ...get(VV[a]!),
    ...get(O[a]!),
    ...vLoadAt(j8),
    ...V_MUL,
    ...get(VV[b]!),
    ...get(O[b]!),
    ...vLoadAt(j8),
    ...V_MUL,
    ...V_ADD,
  ];
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < 4; k++)
      out.push(
        ...get(W[k]!),
        ...get(O[k]!),
        ...fLoadAt(8 * i),
        F_MUL,
        ...tee(V[k]!),
        ...SPLAT,
        ...set(VV[k]!),
      );
    out.push(
      ...BLOCK,
      ...get(SUM),
      ...i32(0),
      LT_S,
      ...BR_IF(0),
      ...get(SUM),
      ...get(SUM),
      ...fLoadAt(8 * i),
    );
    out.push(...get(V[0]!), ...get(V[1]!), F_ADD, F_ADD, ...get(V[2]!), ...get(V[3]!), F_ADD, F_ADD);
    out.push(0x39, 3, ...leb(8 * i), END);
    for (let j = 0; j <= i; j += 2) {
      const at = 8 * (i * p + j);
      out.push(
        ...get(ACC),
        ...get(ACC),
        ...vLoadAt(at),
        ...term(0, 1, 8 * j),
        ...V_ADD,
        ...term(2, 3, 8 * j),
      );
      out.push(...V_ADD, ...vStoreAt(at));
    }
  }
  out.push(END);
  return out;
}

function quadModule(p: number): Uint8Array {
  const locals = vec([
    [...leb(4), I32],
    [...leb(4), F64],
    [...leb(4), V128],
  ]);
  const body = [...locals, ...(p === GENERIC ? quadBody() : unrolledBody(p))];
  const params = [I32, I32, I32, I32, F64, F64, F64, F64, I32, I32, I32].map((t) => [t]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec(params), ...vec([])]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...leb(1)]])),
    ...section(3, vec([leb(0)])),
    ...section(7, vec([[...name('quad'), 0x00, ...leb(0)]])),
    ...section(10, vec([[...leb(body.length), ...body]])),
  ]);
}
