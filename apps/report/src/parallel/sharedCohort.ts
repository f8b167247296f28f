/**
 * The cohort's columns in shared memory, for the worker thread: a structured clone copies every
 * typed array twice (into the message, then out of it into the worker's heap) — at 10⁶ patients
 * about 200 MB each way, one second of this thread's time and more of the worker's before either
 * analysed a patient. A SharedArrayBuffer is not copied by postMessage: the worker reads the same
 * memory. The copy made here is one sequential pass — none for a column the import already
 * allocated in shared memory (`columnMemory: 'shared'`, which the CLI asks for when it has opened
 * the worker before the load). Neither thread writes a cohort column, so sharing them needs no
 * synchronisation.
 */
import type { CohortEndpoint, CohortParts, CohortVariable } from '@survkit/cohort';

function shared<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function sharedVariable(v: CohortVariable): CohortVariable {
  return v.type === 'categorical' ? { ...v, codes: shared(v.codes) } : { ...v, values: shared(v.values) };
}

function sharedEndpoint(e: CohortEndpoint): CohortEndpoint {
  return { ...e, time: shared(e.time), event: shared(e.event) };
}

/**
 * `parts` with every per-patient column copied into shared memory (the same values), or `parts`
 * itself where SharedArrayBuffer is not available (the clone then copies them).
 */
export function sharedCohortParts(parts: CohortParts): CohortParts {
  if (typeof SharedArrayBuffer !== 'function') return parts;
  return {
    ...parts,
    rowNumbers: shared(parts.rowNumbers),
    variables: parts.variables.map(sharedVariable),
    endpoints: parts.endpoints.map(sharedEndpoint),
  };
}
