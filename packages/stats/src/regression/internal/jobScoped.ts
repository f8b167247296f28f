/**
 * One value kept for the rest of the current job — the synchronous run of code before the next
 * microtask checkpoint — and dropped after it: the Cox work buffer's spare and the sort memo,
 * reused by the next fit of a synchronous run of fits and freed once the run is over.
 *
 * Why not a WeakRef: ECMA-262 keeps the target of every WeakRef created or dereferenced alive
 * until the job ends (AddToKeptObjects, cleared by ClearKeptObjects), so a report's one long
 * synchronous analysis kept every buffer and memo of every fit, not the last one — about 130 MB of
 * dead arrays at 10⁵ rows, over a gigabyte at 10⁶. Here a new value replaces the old, which the
 * garbage collector may then free at once.
 */
export class JobScoped<T> {
  private value: T | null = null;
  private dropQueued = false;

  /** The value set in this job, or null. */
  get(): T | null {
    return this.value;
  }

  /** Keeps `value` (null: none) until the end of the current job, replacing the previous one. */
  set(value: T | null): void {
    this.value = value;
    if (value === null || this.dropQueued) return;
    this.dropQueued = true;
    // A promise reaction, not queueMicrotask: the engine runs in browsers and Node alike, on ES alone.
    void Promise.resolve().then(() => {
      this.value = null;
      this.dropQueued = false;
    });
  }
}
