// Who runs code concurrently. A Thread is one kind of execution: a goroutine started at a spawn site, an
// HTTP handler, an exported method of a type that is shared with goroutines, or a function's own flow.
import type { AccessKind, Range } from '../../model.js';

export type ThreadKind = 'flow' | 'goroutine' | 'handler' | 'api';

export interface Thread {
  id: number;
  kind: ThreadKind;
  /** Runs as many instances at once (go in a loop, an HTTP handler, an API of a concurrent type). */
  multi: boolean;
  /** How its instances overlap, for a race of it with itself ("in another request"); default per kind. */
  instances?: string;
  /** Why they overlap, in place of the declaration site ("MaxConcurrentReconciles: 4 at main.go:30"). */
  instancesWhy?: string;
  /** Where it starts: spawn site, handler registration, method declaration. */
  site?: Range;
  label: string;
  /** For goroutines: the flow that started them, and its join epoch at the start. */
  parentFlow?: number;
  epoch?: number;
  /** Channels this goroutine sends on or closes (receiving from one joins it). */
  sends: Set<string>;
  /** Local variables that belong to one instance of this thread (declared in its body or its loop iteration). */
  instanceLocal: Set<string>;
  /** For goroutines joined before their spawner returns: the thread they live inside. */
  scopedIn?: Thread;
  /** For flows: the root is an exported function or method (an entry point of the package). */
  exportedRoot?: boolean;
  /** For goroutines started on an object their spawner just made: each instance has its own object. */
  freshType?: string;
  /** The spawn site (file and offset): walks that reach one site from several roots make one goroutine. */
  spawnKey?: string;
}

/** The same goroutine, found by walking its spawner from more than one root. */
export function sameGoroutine(x: Thread, y: Thread): boolean {
  return x === y || (x.spawnKey !== undefined && x.spawnKey === y.spawnKey);
}

export interface Storage {
  key: string;
  kind: 'local' | 'field' | 'global';
  /** As written at the access. */
  expr: string;
  /** The expression the map was reached through when it is a reference copied out of `expr` (`obj.Annotations`). */
  via?: string;
}

/**
 * The storage key of a struct field: `field:<owner>.<field>`, the owner being `T` for a type of the package
 * under analysis and `<import path>.T` for another package's (import paths contain dots, identifiers do not).
 */
export function fieldKey(owner: string, field: string): string {
  return `field:${owner}.${field}`;
}

/**
 * The key of a field of another package's struct reached from known storage (`pod.Labels` with pod a local
 * variable): `<root key>><owner>.<field>`. `>` appears in no import path or identifier.
 */
export function rootedFieldKey(root: string, owner: string, field: string): string {
  return `${root}>${owner}.${field}`;
}

/**
 * The owner of a field key, read from the right of its root part: `field:k8s.io/api/core/v1.Pod.Labels[]` →
 * `k8s.io/api/core/v1.Pod`, `field:T.pod>…` → `T`.
 */
export function fieldKeyOwner(key: string): string | undefined {
  if (!key.startsWith('field:')) return undefined;
  const body = key.slice('field:'.length).split('>')[0]!.replace(/(\[\])+$/, '');
  const dot = body.lastIndexOf('.');
  return dot > 0 ? body.slice(0, dot) : undefined;
}

/** The variable a local storage key starts from: `local:v12[]`, `local:v12.F`, `local:v12@…`, `local:v12>…` → `v12`. */
export function localKeyVar(key: string): string | undefined {
  return /^local:([^.[@>]+)/.exec(key)?.[1];
}

export interface Access {
  storage: Storage;
  kind: AccessKind;
  range: Range;
  thread: Thread;
  /** Lock key → mode held at the access. */
  locks: Map<string, 'w' | 'r'>;
  /** Goroutines started by the same flow and still running at this point. */
  concurrentWith: Set<number>;
  /** Enclosing declared function, for fingerprints. */
  func: string;
  /** Calls from the thread's root to this access. */
  path: { range: Range; message: string }[];
}

/** Whether two accesses can run at the same time (ignoring locks). */
export function concurrent(a: Access, b: Access): boolean {
  if (a.thread === b.thread) return a.thread.multi;
  if (a.concurrentWith.has(b.thread.id) || b.concurrentWith.has(a.thread.id)) return true;
  return threadsConcurrent(a.thread, b.thread, 0);
}

function threadsConcurrent(x: Thread, y: Thread, depth: number): boolean {
  if (sameGoroutine(x, y)) return x.multi || y.multi;
  if (x.kind === 'goroutine' && y.kind === 'goroutine' && x.parentFlow !== undefined && x.parentFlow === y.parentFlow) {
    return x.epoch === y.epoch;
  }
  // A goroutine joined before its spawner returns overlaps only with what overlaps its spawner (and with the
  // spawner's own accesses while it runs, which concurrentWith covers).
  if (depth < 8 && x.scopedIn) return x.scopedIn !== y && threadsConcurrent(x.scopedIn, y, depth + 1);
  if (depth < 8 && y.scopedIn) return y.scopedIn !== x && threadsConcurrent(x, y.scopedIn, depth + 1);
  if (x.kind === 'flow' || y.kind === 'flow') return false;
  if (x.kind === 'api' && y.kind === 'api') return x.multi && y.multi;
  return true;
}

/** Locks that make a pair safe: one lock held by both, exclusively by each writer. */
export function commonLock(a: Access, b: Access): boolean {
  for (const [lock, modeA] of a.locks) {
    const modeB = b.locks.get(lock);
    if (!modeB) continue;
    const okA = a.kind !== 'write' || modeA === 'w';
    const okB = b.kind !== 'write' || modeB === 'w';
    if (okA && okB) return true;
  }
  return false;
}
