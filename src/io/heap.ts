// The JavaScript heap in use on this thread, for budgets that must hold whatever the input is.
import v8 from 'node:v8';

/** Bytes of JavaScript heap in use on this thread (live objects and garbage not yet collected). */
export function heapInUse(): number {
  return v8.getHeapStatistics().used_heap_size;
}
