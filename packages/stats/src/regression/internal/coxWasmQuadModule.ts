/**
 * The WebAssembly module of coxWasmQuad.ts, assembled here from its instructions (a few hundred
 * bytes; no build step and no binary in the repository): `quad`, the four-row update of
 * coxOuterQuad.ts in 128-bit SIMD, written out for one p (p ≥ 1) or with loops for any (p = 0),
 * `rows`, `quad` over consecutive rows, `list`, `quad` over listed rows, and `exps`
 * (coxWasmExp.ts). Encodings: the WebAssembly core specification 2.0, binary format (§5) and its
 * fixed-width SIMD instructions (shared helpers in wasmEncoding.ts).
 */

import { expsBody } from './coxWasmExp.js';
import { get, leb, set, tee } from './wasmEncoding.js';

const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const i32 = (v: number): number[] => [0x41, ...leb(v)]; // non-negative constants below 64 only
const ADD = 0x6a;
const SUB = 0x6b;
const I_MUL = 0x6c;
const EQZ = 0x45;
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

/**
 * rows(o, risk, step, count, p, acc, sum): `quad` over `count` groups of four consecutive rows from
 * byte address o, with weights risk[k]·step[k] read at the byte addresses risk and step (the row
 * sweep's r·K): one call from JavaScript per sweep instead of one per four rows.
 */
function rowsBody(): number[] {
  const [o, risk, step, count, p, acc, sum, row] = [0, 1, 2, 3, 4, 5, 6, 7];
  const weight = (k: number): number[] => [
    ...get(risk),
    ...fLoadAt(8 * k),
    ...get(step),
    ...fLoadAt(8 * k),
    F_MUL,
  ];
  const rowsAt = [...get(o), ...get(o), ...get(row), ADD, ...get(o), ...get(row), ...i32(1), SHL, ADD];
  const call = [...rowsAt, ...get(o), ...get(row), ...i32(3), I_MUL, ADD, ...[0, 1, 2, 3].flatMap(weight)];
  const advance = [
    ...[...get(o), ...get(row), ...i32(2), SHL, ADD, ...set(o)],
    ...[...get(risk), ...i32(32), ADD, ...set(risk), ...get(step), ...i32(32), ADD, ...set(step)],
    ...[...get(count), ...i32(1), SUB, ...set(count)],
  ];
  const loop = [
    ...get(count),
    EQZ,
    ...BR_IF(1),
    ...call,
    ...get(p),
    ...get(acc),
    ...get(sum),
    0x10,
    QUAD,
    ...advance,
  ];
  return [...get(p), ...i32(3), SHL, ...set(row), ...BLOCK, ...LOOP, ...loop, ...BR(0), END, END, END];
}

/**
 * list(at, count, x, risk, p, acc, sum): `quad` over `count` groups of four rows whose indices are
 * the i32 values from byte address `at`, row q at x + q·8p weighted by the value at risk + 8q (the
 * row pass's rows of one stop time, coxPassGroup.ts).
 */
function listBody(): number[] {
  const [at, count, x, risk, p, acc, sum, row] = [0, 1, 2, 3, 4, 5, 6, 7];
  const q = [8, 9, 10, 11];
  const load = [0, 1, 2, 3].flatMap((k) => [...get(at), 0x28, 2, ...leb(4 * k), ...set(q[k]!)]);
  const rows = [0, 1, 2, 3].flatMap((k) => [...get(x), ...get(q[k]!), ...get(row), I_MUL, ADD]);
  const weights = [0, 1, 2, 3].flatMap((k) => [...get(risk), ...get(q[k]!), ...i32(3), SHL, ADD, ...F_LOAD]);
  const advance = [...get(at), ...i32(16), ADD, ...set(at), ...get(count), ...i32(1), SUB, ...set(count)];
  const call = [...rows, ...weights, ...get(p), ...get(acc), ...get(sum), 0x10, QUAD];
  const loop = [...get(count), EQZ, ...BR_IF(1), ...load, ...call, ...advance];
  return [...get(p), ...i32(3), SHL, ...set(row), ...BLOCK, ...LOOP, ...loop, ...BR(0), END, END, END];
}

/** Function index of `quad` (after the imported Math.exp). */
const QUAD = 1;

export function quadModule(p: number): Uint8Array {
  const locals = vec([
    [...leb(4), I32],
    [...leb(4), F64],
    [...leb(4), V128],
  ]);
  const body = [...locals, ...(p === 0 ? quadBody() : unrolledBody(p))];
  const rows = [...vec([[...leb(1), I32]]), ...rowsBody()];
  const list = [...vec([[...leb(5), I32]]), ...listBody()];
  const exps = expsBody();
  const quadParams = [I32, I32, I32, I32, F64, F64, F64, F64, I32, I32, I32].map((t) => [t]);
  const rowsParams = [I32, I32, I32, I32, I32, I32, I32].map((t) => [t]);
  const expsParams = [I32, I32, I32, I32].map((t) => [t]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(
      1,
      vec([
        [0x60, ...vec(quadParams), ...vec([])],
        [0x60, ...vec(rowsParams), ...vec([])],
        [0x60, ...vec([[F64]]), ...vec([[F64]])],
        [0x60, ...vec(expsParams), ...vec([])],
      ]),
    ),
    // imports: Math.exp (function 0, for `exps`' values out of its range) and the memory
    ...section(
      2,
      vec([
        [...name('env'), ...name('exp'), 0x00, ...leb(2)],
        [...name('env'), ...name('mem'), 0x02, 0x00, ...leb(1)],
      ]),
    ),
    ...section(3, vec([leb(0), leb(1), leb(1), leb(3)])),
    ...section(
      7,
      vec([
        [...name('quad'), 0x00, ...leb(QUAD)],
        [...name('rows'), 0x00, ...leb(QUAD + 1)],
        [...name('list'), 0x00, ...leb(QUAD + 2)],
        [...name('exps'), 0x00, ...leb(QUAD + 3)],
      ]),
    ),
    ...section(
      10,
      vec([
        [...leb(body.length), ...body],
        [...leb(rows.length), ...rows],
        [...leb(list.length), ...list],
        [...leb(exps.length), ...exps],
      ]),
    ),
  ]);
}
