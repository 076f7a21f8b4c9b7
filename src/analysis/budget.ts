// The memory budget of a run: how much JavaScript heap each thread may use, what a package is expected to
// need before it is read, and the heap in use now. docs/limits.md explains the numbers.
import os from 'node:os';

export { heapInUse } from '../io/heap.js';

const MiB = 1024 * 1024;

/** Default budget of a whole run: 2 GiB, or half the machine's memory when that is less. */
export function defaultMemoryBudget(): number {
  return Math.min(2048 * MiB, Math.floor(os.totalmem() / 2));
}

/** Heap a worker thread needs at least (the runtime, the parser, the dependency types of a large module). */
const MIN_THREAD_BUDGET = 512 * MiB;

/**
 * Memory expected per byte of Go source while its package is analysed (syntax tree, declarations, walk): the
 * worst shape measured, a file of one-line functions that each start a goroutine writing a map, peaked at
 * about 52 bytes of heap per byte (docs/limits.md); generated protobuf code needs about 20, real code less.
 */
export const HEAP_PER_SOURCE_BYTE = 64;

/** A package may use this share of its thread's budget (the rest is the runtime and the dependency types). */
export const PACKAGE_SHARE = 0.8;

/** The budget one thread needs: enough for a package of one file of the largest accepted size. */
export function threadNeed(maxFileBytes: number): number {
  return Math.max(MIN_THREAD_BUDGET, Math.ceil((maxFileBytes * HEAP_PER_SOURCE_BYTE) / PACKAGE_SHARE));
}
