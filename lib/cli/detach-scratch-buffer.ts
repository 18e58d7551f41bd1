/**
 * Detaches one throwaway ArrayBuffer. A thread that will move buffers to or from another thread
 * calls it before its hot code runs: V8 assumes no ArrayBuffer was ever detached (its
 * "ArrayBufferDetaching" protector) and leaves the check out of optimized code that reads typed
 * arrays; the thread's first transfer gives that up, and every function compiled on the
 * assumption is thrown away at once. Without this, a validate worker's first block returned (and
 * the reading thread's first block sent) deoptimized ~25 functions (the tokenizer, the rules,
 * the duplicate hash) just after V8 had optimized them, and V8 compiled them all again: on a
 * 250k-row file, two threads, 46 such deopts (6 after) and 198 compiles (164 after; ADR 0020,
 * session 21).
 */
export function detachScratchBuffer(): void {
  const scratch = new ArrayBuffer(8);
  structuredClone(scratch, { transfer: [scratch] });
}
