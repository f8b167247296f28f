/**
 * The body of the WebAssembly function `exps(eta, risk, weight, pairs)` of coxWasmQuadModule.ts:
 * risk[k] = exp(eta[k])·weight[k] for 2·pairs rows (byte addresses), two rows per instruction. The
 * exp() is V8's own (`Math.exp`, fdlibm's e_exp.c by Sun Microsystems, 1993) transcribed to 128-bit
 * SIMD: the same reduction x = k·ln2 + r (ln2 split in two parts), the same polynomial and the same
 * reconstruction y·2^k, in the same order, so every value is the same double as Math.exp's
 * (test: coxWasmQuad.test.ts, every value of 10⁷ over the whole range compared bit for bit).
 *
 * Branch-free in the common range 2⁻²⁸ ≤ |x| < 708, x ≠ 1: fdlibm's three cases there (|x| ≤ ln2/2:
 * k = 0; |x| < 1.5·ln2: k = ±1; else k = round(x/ln2)) give the same values as its general formula
 * with that k, whose k = 0 form is the first case's expression rearranged exactly (c − 2 = −(2 − c),
 * and ×2⁰ is exact). A pair with a value outside that range (overflow, underflow, subnormal results,
 * tiny arguments, x = 1, NaN) calls the imported Math.exp for both.
 *
 * Math.exp was a tenth of a pass at 10⁶ rows: a call out of the compiled loop per row.
 */

import { get, leb, set, tee } from './wasmEncoding.js';

const simd = (op: number): number[] => [0xfd, ...leb(op)];
/** v128.const of two equal f64, or of two equal i64. */
const f64x2 = (v: number): number[] => [0xfd, 0x0c, ...new Uint8Array(new Float64Array([v, v]).buffer)];
const i64x2 = (v: number): number[] => [
  0xfd,
  0x0c,
  ...new Uint8Array(new BigInt64Array([BigInt(v), BigInt(v)]).buffer),
];

const V_LOAD = [0xfd, 0x00, 4, 0];
const V_STORE = [0xfd, 0x0b, 4, 0];
const ABS = simd(0xec);
const NEG = simd(0xed);
const ADD = simd(0xf0);
const SUB = simd(0xf1);
const MUL = simd(0xf2);
const DIV = simd(0xf3);
const NE = simd(0x48);
const LT = simd(0x49);
const GE = simd(0x4c);
const AND = simd(0x4e);
const BITSELECT = simd(0x52);
const ALL_TRUE = simd(0xc3); // i64x2.all_true
const TRUNC = simd(0xfc); // i32x4.trunc_sat_f64x2_s_zero
const CONVERT = simd(0xfe); // f64x2.convert_low_i32x4_s
const EXTEND = simd(0xc7); // i64x2.extend_low_i32x4_s
const SHL = simd(0xcb); // i64x2.shl
const ADD64 = simd(0xce); // i64x2.add

/** The double with high word `high` and low word `low` (fdlibm states its constants so). */
const fromWords = (high: number, low: number): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
};

// fdlibm e_exp.c's constants, by their bits
const LN2_HI = fromWords(0x3fe62e42, 0xfee00000);
const LN2_LO = fromWords(0x3dea39ef, 0x35793c76);
const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe);
const P = [
  fromWords(0x3fc55555, 0x5555553e),
  fromWords(0xbf66c16c, 0x16bebd93),
  fromWords(0x3f11566a, 0xaf25de2c),
  fromWords(0xbebbbd41, 0xc5d26bf1),
  fromWords(0x3e663769, 0x72bea4d0),
];
const REDUCE = fromWords(0x3fd62e43, 0); // |x| > 0.5·ln2
const TINY = fromWords(0x3e300000, 0); // 2⁻²⁸
const SAFE = 708; // |k| ≤ 1021: 2^k a normal double, y·2^k not subnormal

/** Parameters (0–3: eta, risk, weight, pairs) and v128 locals. */
const [ETA, RISK, WEIGHT, PAIRS, Z, AZ, K, HI, LO, R, T, C] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** The pair's values are all in the branch-free range. */
const inRange = (): number[] => [
  ...[...get(AZ), ...f64x2(SAFE), ...LT, ...get(AZ), ...f64x2(TINY), ...GE, ...AND],
  ...[...get(Z), ...f64x2(1), ...NE, ...AND, ...ALL_TRUE],
];

/** k = ±trunc(|x|/ln2 + 0.5) (fdlibm's `(int)(invln2*x+halF[xsb])`), 0 where |x| ≤ 0.5·ln2. */
const reduction = (): number[] => [
  ...[...f64x2(INV_LN2), ...get(AZ), ...MUL, ...f64x2(0.5), ...ADD, ...TRUNC, ...CONVERT, ...tee(K)],
  ...[...NEG, ...get(K), ...get(Z), ...f64x2(0), ...LT, ...BITSELECT],
  ...[...get(AZ), ...f64x2(REDUCE), ...GE, ...AND, ...set(K)],
  ...[
    ...get(Z),
    ...get(K),
    ...f64x2(LN2_HI),
    ...MUL,
    ...SUB,
    ...set(HI),
    ...get(K),
    ...f64x2(LN2_LO),
    ...MUL,
    ...set(LO),
  ],
];

/** c = r − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), t = r², r = hi − lo. */
const polynomial = (): number[] => [
  ...[...get(HI), ...get(LO), ...SUB, ...tee(R), ...get(R), ...MUL, ...set(T), ...get(R), ...get(T)],
  ...P.flatMap((pk, i) => [...f64x2(pk), ...(i < 4 ? get(T) : [])]),
  ...[...MUL, ...ADD, ...MUL, ...ADD, ...MUL, ...ADD, ...MUL, ...ADD, ...MUL, ...SUB, ...set(C)],
];

/** risk = (1 − ((lo − r·c/(2 − c)) − hi))·2^k·weight, 2^k built from its exponent bits. */
const result = (): number[] => [
  ...[
    ...get(RISK),
    ...f64x2(1),
    ...get(LO),
    ...get(R),
    ...get(C),
    ...MUL,
    ...f64x2(2),
    ...get(C),
    ...SUB,
    ...DIV,
  ],
  ...[...SUB, ...get(HI), ...SUB, ...SUB, ...get(K), ...TRUNC, ...EXTEND, ...i64x2(1023), ...ADD64],
  ...[0x41, 52, ...SHL, ...MUL, ...get(WEIGHT), ...V_LOAD, ...MUL, ...V_STORE],
];

/** risk[k] = Math.exp(eta[k])·weight[k] for one row at byte offset `o` (the imported function 0). */
const scalarRow = (o: number): number[] => [
  ...[...get(RISK), ...get(ETA), 0x2b, 3, ...leb(o), 0x10, 0],
  ...[...get(WEIGHT), 0x2b, 3, ...leb(o), 0xa2, 0x39, 3, ...leb(o)],
];

/** The function's locals and instructions. */
export function expsBody(): number[] {
  const advance = [ETA, RISK, WEIGHT].flatMap((a) => [...get(a), 0x41, 16, 0x6a, ...set(a)]);
  const pair = [...get(ETA), ...V_LOAD, ...tee(Z), ...ABS, ...set(AZ), ...inRange()];
  const branch = [
    0x04,
    0x40,
    ...reduction(),
    ...polynomial(),
    ...result(),
    0x05,
    ...scalarRow(0),
    ...scalarRow(8),
    0x0b,
  ];
  const loop = [
    ...get(PAIRS),
    0x45,
    0x0d,
    1,
    ...pair,
    ...branch,
    ...advance,
    ...get(PAIRS),
    0x41,
    1,
    0x6b,
    ...set(PAIRS),
  ];
  const locals = [1, 8, 0x7b]; // eight v128
  return [...locals, 0x02, 0x40, 0x03, 0x40, ...loop, 0x0c, 0, 0x0b, 0x0b, 0x0b];
}
