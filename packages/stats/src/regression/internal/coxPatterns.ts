/**
 * The distinct covariate rows of a prepared Cox model, for the pass by patterns
 * (coxPassPatterns.ts): a pattern id per sorted row and each pattern's covariates, found once per
 * model before its first pass, by base-3 code for indicator rows and by the bits of the values
 * otherwise (open addressing either way); given up as soon as there are more than a limit.
 */
import type { PreparedCox } from './coxPrepare.js';
import { JobScoped } from './jobScoped.js';

/** The distinct covariate rows of a prepared model (or of any n×p row-major matrix `x`). */
export interface CovariatePatterns {
  readonly count: number;
  /** Pattern of each sorted row. */
  readonly id: Int32Array;
  /** The patterns' covariates, count×p row-major (centred and scaled, as `prep.x`). */
  readonly x: Float64Array;
  /** Per-pattern scratch of a pass: x·β, exp(x·β), and the sums described in the header. */
  readonly eta: Float64Array;
  readonly expEta: Float64Array;
  readonly sumRisk: Float64Array;
  readonly sumRiskC: Float64Array;
  readonly coef: Float64Array;
}

/**
 * The distinct rows of `prep.x`, or null as soon as there are more than `limit`. Rows whose
 * values are all in {−1, 0, 1} (uncentred indicator columns, R's `nocenter`) are told apart by
 * their base-3 code; any other row by the bits of its values. Either way by open addressing.
 */
export function covariatePatterns(
  prep: Pick<PreparedCox, 'n' | 'p' | 'x'> & Partial<Pick<PreparedCox, 'owned' | 'center' | 'scale'>>,
  limit: number,
): CovariatePatterns | null {
  const { n, p, x } = prep;
  if (limit < n && sampleAllDistinct(x, n, p)) return null;
  const derived = derivedPatterns(prep, limit);
  if (derived !== undefined) return derived;
  const id = new Int32Array(n);
  // Few indicator columns: the base-3 code indexes a table of 3^p entries directly (no hash, no
  // probe, and a table of at most 59,049 entries instead of one sized for `limit` patterns — 2 MB
  // of fresh pages at 10⁶ rows). Ids are numbered in order of first appearance either way.
  let found: Found | null = null;
  let ok = -1;
  if (p <= DIRECT_MAX_P) {
    found = directFound(p, limit);
    ok = directIds(x, p, n, limit, found, id);
  } else if (p <= 33) {
    // a base-3 code is an exact integer in a double while 3^p ≤ 2^53
    found = hashedFound(limit);
    ok = indicatorIds(x, p, n, limit, found, id);
  }
  if (ok === -2) return null;
  if (ok === -1) {
    found = hashedFound(limit);
    if (!wordIds(x, p, n, limit, found, id)) return null;
  }
  found = found!;
  const patterns = withScratch(found.count, id, patternRows(x, p, found.first, found.count));
  keepPatterns(prep, ok === 0 ? patterns : null);
  return patterns;
}

/** The covariates of each pattern's first row, count×p row-major. */
function patternRows(x: Float64Array, p: number, first: Int32Array, count: number): Float64Array {
  const px = new Float64Array(count * p);
  for (let c = 0; c < count; c++) px.set(x.subarray(first[c]! * p, first[c]! * p + p), c * p);
  return px;
}

function withScratch(count: number, id: Int32Array, x: Float64Array): CovariatePatterns {
  const scratch = () => new Float64Array(count);
  return {
    count,
    id,
    x,
    eta: scratch(),
    expEta: scratch(),
    sumRisk: scratch(),
    sumRiskC: scratch(),
    coef: scratch(),
  };
}

/**
 * The indicator patterns of the last model whose columns were all owned (coxOwnedColumns.ts), for
 * the next model on some of the same columns and the same sort: a model and its drop-one refits
 * (fitCoxModel's likelihood-ratio tests), and the proportional-hazards test of the model. Their
 * rows' patterns follow from the larger model's: a row's values on a subset of the columns are
 * those of its pattern there, so one lookup per row replaces p reads and checks. Only indicator
 * patterns (every value in {−1, 0, 1}, the base-3 path) are kept, whose equality is that of the
 * values (±0 alike) in either computation.
 */
interface KeptPatterns {
  readonly sortId: number;
  /** The columns' owned ids (coxOwnedColumns.ts): names that do not keep the columns alive. */
  readonly ids: readonly number[];
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly p: number;
  readonly count: number;
  readonly id: Int32Array;
  readonly x: Float64Array;
}

const kept = new JobScoped<KeptPatterns>();

type PatternInput = Parameters<typeof covariatePatterns>[0];

function keepPatterns(prep: PatternInput, patterns: CovariatePatterns | null): void {
  const { owned, center, scale } = prep;
  if (patterns === null || owned == null || center === undefined || scale === undefined) return;
  kept.set({
    sortId: owned.sortId,
    ids: owned.ids,
    center: center.slice(),
    scale: scale.slice(),
    p: prep.p,
    count: patterns.count,
    id: patterns.id,
    x: patterns.x,
  });
}

/**
 * The patterns of `prep` derived from the kept ones when its columns are among theirs (same
 * arrays, centring and scaling, same sort): the same ids, first rows and covariates as
 * `directIds` or `indicatorIds` would give, or null beyond `limit` patterns as they would.
 * `undefined` when they cannot be derived.
 */
function derivedPatterns(prep: PatternInput, limit: number): CovariatePatterns | null | undefined {
  const { owned, center, scale, n, p, x } = prep;
  const k = kept.get();
  if (k === null || owned == null || center === undefined || scale === undefined) return undefined;
  if (k.sortId !== owned.sortId || k.id.length !== n) return undefined;
  const at = owned.ids.map((col, j) => {
    const i = k.ids.indexOf(col);
    return i >= 0 && k.center[i] === center[j] && k.scale[i] === scale[j] ? i : -1;
  });
  if (at.some((i) => i < 0)) return undefined;
  // each kept pattern's base-3 code on these columns (exact in a double: p ≤ 33 as in the kept model)
  const code = new Float64Array(k.count);
  for (let c = 0; c < k.count; c++) {
    let key = 0;
    for (let j = 0; j < p; j++) key = key * 3 + k.x[c * k.p + at[j]!]! + 1;
    code[c] = key;
  }
  const first = new Int32Array(Math.max(Math.min(limit, k.count), 1));
  const id = new Int32Array(n);
  const count = relabel(k.id, code, k.count, limit, first, id);
  if (count < 0) return null;
  // the kept patterns stay: they cover these columns and the model's other subsets
  return withScratch(count, id, patternRows(x, p, first, count));
}

/**
 * Numbers the rows' codes (through their kept pattern) in order of first appearance, as the direct
 * computation does; −1 beyond `limit` patterns.
 */
function relabel(
  keptId: Int32Array,
  code: Float64Array,
  keptCount: number,
  limit: number,
  first: Int32Array,
  id: Int32Array,
): number {
  // kept pattern → new id (−1: not yet seen); patterns with equal codes share one new id
  const byKept = new Int32Array(keptCount).fill(-1);
  const byCode = new Map<number, number>();
  let count = 0;
  for (let k = 0; k < id.length; k++) {
    const c = keptId[k]!;
    let m = byKept[c]!;
    if (m < 0) {
      const known = byCode.get(code[c]!);
      if (known === undefined) {
        if (count === limit) return -1;
        m = count++;
        byCode.set(code[c]!, m);
        first[m] = k;
      } else m = known;
      byKept[c] = m;
    }
    id[k] = m;
  }
  return count;
}

/** Rows of the sample `sampleAllDistinct` takes, and the fewest rows for which it is taken. */
const SAMPLE = 4096;
const SAMPLE_MIN_ROWS = 16 * SAMPLE;

/**
 * Whether `SAMPLE` rows spread evenly over the n rows (n ≥ `SAMPLE_MIN_ROWS`) are all different:
 * a design with a continuous covariate (nearly every row its own pattern) is then told in
 * microseconds, where `wordIds` hashed n/4 rows (and allocated their ids) before giving up, about a
 * tenth of a fit at 10⁶ × 8. A design with at most n/4 patterns almost never passes: its n rows
 * then hold at least 3n/2 pairs of equal rows (fewest when every pattern has four rows), a share
 * 3/n of all pairs, so a sample unrelated to the patterns holds about 3·SAMPLE²/(2n) of them, 25 at
 * n = 10⁶ and more with fewer rows or fewer patterns. Either way the result is the same up to
 * rounding: which pass runs changes only the order of the additions (coxPassPatterns.ts).
 */
function sampleAllDistinct(x: Float64Array, n: number, p: number): boolean {
  if (n < SAMPLE_MIN_ROWS) return false;
  const sample = new Float64Array(SAMPLE * p);
  const stride = Math.floor(n / SAMPLE);
  for (let s = 0; s < SAMPLE; s++) {
    const from = s * stride * p;
    for (let i = 0; i < p; i++) sample[s * p + i] = x[from + i]!;
  }
  const found: Found = {
    table: new Int32Array(4 * SAMPLE).fill(-1),
    first: new Int32Array(SAMPLE - 1),
    code: new Float64Array(SAMPLE - 1),
    count: 0,
  };
  // wordIds gives up at the sample's first row that is a new pattern beyond SAMPLE − 1 of them
  return !wordIds(sample, p, SAMPLE, SAMPLE - 1, found, new Int32Array(SAMPLE));
}

/** Most covariates whose indicator rows are numbered through a direct table of 3^p entries. */
const DIRECT_MAX_P = 10;

/** An open-addressing table for up to `limit` patterns. */
function hashedFound(limit: number): Found {
  let size = 16;
  while (size < 2 * limit) size *= 2;
  return {
    table: new Int32Array(size).fill(-1),
    first: new Int32Array(Math.max(limit, 1)),
    code: new Float64Array(Math.max(limit, 1)),
    count: 0,
  };
}

/** A table indexed by base-3 code for p indicator columns (`code` unused). */
function directFound(p: number, limit: number): Found {
  const slots = 3 ** p;
  const most = Math.max(Math.min(limit, slots), 1);
  return {
    table: new Int32Array(slots).fill(-1),
    first: new Int32Array(most),
    code: new Float64Array(0),
    count: 0,
  };
}

/**
 * Pattern ids by base-3 code through a direct table (p ≤ `DIRECT_MAX_P`); the same ids, in the same
 * order, as `indicatorIds`, and the same returns: 0 when done, −1 at the first value outside
 * {−1, 0, 1}, −2 beyond `limit` patterns.
 */
function directIds(x: Float64Array, p: number, n: number, limit: number, f: Found, id: Int32Array): number {
  const { table, first } = f;
  for (let k = 0, off = 0; k < n; k++, off += p) {
    let key = 0;
    for (let i = 0; i < p; i++) {
      const v = x[off + i]!;
      if (v !== 0 && v !== 1 && v !== -1) return -1;
      key = key * 3 + v + 1;
    }
    let c = table[key]!;
    if (c < 0) {
      if (f.count === limit) return -2;
      c = f.count++;
      table[key] = c;
      first[c] = k;
    }
    id[k] = c;
  }
  return 0;
}

interface Found {
  readonly table: Int32Array;
  /** First sorted row of each pattern. */
  readonly first: Int32Array;
  /** Base-3 code of each pattern (indicatorIds). */
  readonly code: Float64Array;
  count: number;
}

/**
 * Pattern ids by base-3 code when every value is in {−1, 0, 1}: 0 when done, −1 at the first other
 * value (nothing usable written), −2 beyond `limit` patterns. ±0 share a code; the sums of a pass
 * cannot tell them apart.
 */
function indicatorIds(
  x: Float64Array,
  p: number,
  n: number,
  limit: number,
  f: Found,
  id: Int32Array,
): number {
  const { table, first, code } = f;
  const mask = table.length - 1;
  for (let k = 0, off = 0; k < n; k++, off += p) {
    let key = 0;
    for (let i = 0; i < p; i++) {
      const v = x[off + i]!;
      if (v !== 0 && v !== 1 && v !== -1) return -1;
      key = key * 3 + v + 1;
    }
    let slot = Math.imul((key % 4294967296) | 0, 0x9e3779b1) ^ ((key / 4294967296) | 0);
    for (;;) {
      slot &= mask;
      const c = table[slot]!;
      if (c < 0) {
        if (f.count === limit) return -2;
        table[slot] = f.count;
        first[f.count] = k;
        code[f.count] = key;
        id[k] = f.count++;
        break;
      }
      if (code[c] === key) {
        id[k] = c;
        break;
      }
      slot++;
    }
  }
  return 0;
}

function mix(h: number, w: number): number {
  return Math.imul(h ^ w, 0x01000193);
}

/** Pattern ids by the bits of each row's values; false beyond `limit` patterns. */
function wordIds(x: Float64Array, p: number, n: number, limit: number, f: Found, id: Int32Array): boolean {
  const { table, first } = f;
  const mask = table.length - 1;
  const words = new Uint32Array(x.buffer, x.byteOffset, n * p * 2);
  const w = 2 * p;
  for (let k = 0, off = 0; k < n; k++, off += w) {
    let h = 0x811c9dc5;
    for (let i = 0; i < w; i++) h = mix(h, words[off + i]!);
    h ^= h >>> 15;
    let slot = Math.imul(h, 0x2c1b3c6d) >>> 0;
    for (;;) {
      slot &= mask;
      const c = table[slot]!;
      if (c < 0) {
        if (f.count === limit) return false;
        table[slot] = f.count;
        first[f.count] = k;
        id[k] = f.count++;
        break;
      }
      if (sameWords(words, first[c]! * w, off, w)) {
        id[k] = c;
        break;
      }
      slot++;
    }
  }
  return true;
}

function sameWords(words: Uint32Array, a: number, b: number, w: number): boolean {
  for (let i = 0; i < w; i++) if (words[a + i] !== words[b + i]) return false;
  return true;
}
