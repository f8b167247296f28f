/**
 * The WebAssembly binary encodings that coxWasmQuadModule.ts and coxWasmExp.ts both assemble their
 * instructions from (the WebAssembly core specification 2.0, binary format §5): unsigned LEB128
 * integers and the local-variable instructions.
 */

/** An unsigned integer in LEB128 (§5.2.2): seven bits per byte, the high bit set on all but the last. */
export const leb = (n: number): number[] => {
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

/** local.get, local.set and local.tee of local `i` (§5.4.4). */
export const get = (i: number): number[] => [0x20, ...leb(i)];
export const set = (i: number): number[] => [0x21, ...leb(i)];
export const tee = (i: number): number[] => [0x22, ...leb(i)];
