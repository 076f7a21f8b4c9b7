// Who runs code concurrently. A Thread is one kind of execution: a goroutine started at a spawn site, an
// HTTP handler, an exported method of a type that is shared with goroutines, or a function's own flow.
import type { AccessKind, Range, ReceiverField } from '../../model.js';
import type { Place } from '../../ir/types.js';
import { type StorageKey, keyKind, keyString } from './storage-key.js';

export type ThreadKind = 'flow' | 'goroutine' | 'handler' | 'api';

export interface Thread {
  id: number;
  kind: ThreadKind;
  /** Runs as many instances at once (go in a loop, an HTTP handler, an API of a concurrent type). */
  multi: boolean;
  /** Many only because the exported method that started it is guessed to run on many goroutines at once. */
  multiGuessed?: boolean;
  /** How its instances overlap, for a race of it with itself ("in another request"); default per kind. */
  instances?: string;
  /** Why they overlap, in place of the declaration site ("MaxConcurrentReconciles: 4 at main.go:30"). */
  instancesWhy?: string;
  /** Where it starts: spawn site, handler registration, method declaration. */
  site?: Range;
  label: string;
  /** For roots: the function or method it runs (`(*Cache).Get`), and its id in the program. */
  method?: string;
  funcId?: string;
  /** For API threads of types that take no lock: concurrency assumed, for the whole program to witness. */
  assumed?: boolean;
  /** For goroutines: the flow that started them, and its join epoch at the start. */
  parentFlow?: number;
  /** The flow of its own walk (the goroutines it starts have it as their parentFlow). */
  flowId?: number;
  /** For goroutines started by the walk of a function as its own flow: that function (its id). */
  startedInFlowOf?: string;
  epoch?: number;
  /** For goroutines: the loops of the spawner's flow around the start, by their sets of outliving goroutines. */
  spawnLoops?: readonly ReadonlySet<number>[];
  /** Channels this goroutine sends on or closes (receiving from one joins it). */
  sends: Set<string>;
  /** Local variables that belong to one instance of this thread (declared in its body or its loop iteration). */
  instanceLocal: Set<string>;
  /**
   * For goroutines started outside loops by a goroutine, handler or API call: that thread, one instance of which
   * starts one instance of this one (so the variables of its instance belong to this instance too).
   */
  spawnerInstance?: Thread;
  /** For goroutines joined before their spawner returns: the thread they live inside. */
  scopedIn?: Thread;
  /** For flows: the root is an exported function or method (an entry point of the package). */
  exportedRoot?: boolean;
  /** For goroutines started on an object their spawner just made: each instance has its own object. */
  freshType?: string;
  /** The spawn site (file and offset): walks that reach one site from several roots make one goroutine. */
  spawnKey?: string;
  /**
   * For goroutines started while their spawner held a lock and joined before every release of it the walk saw:
   * the lock → the spawner's mode. The goroutine does not hold it, but no other holder of it can run meanwhile.
   */
  heldBy?: Map<string, HeldBy>;
}

/** Whether variable `uid` belongs to one instance of `t`: its own, or its spawner instance's. */
export function ownsVar(t: Thread, uid: string): boolean {
  for (let x: Thread | undefined = t, n = 0; x && n < 64; x = x.spawnerInstance, n++) if (x.instanceLocal.has(uid)) return true;
  return false;
}

/** A lock a goroutine's spawner holds while it runs. */
export interface HeldBy {
  mode: 'w' | 'r';
  /** The thread that holds it (another holder thread holds it in another critical section). */
  holder: Thread;
  /** Which of the holder's critical sections (its acquisition): two sections of one thread are two sections too. */
  hold: number;
  /** Started in no loop inside the hold: each instance runs in another hold (another run of the spawner). */
  onePerHold: boolean;
}

/** The same goroutine, found by walking its spawner from more than one root. */
export function sameGoroutine(x: Thread, y: Thread): boolean {
  return x === y || (x.spawnKey !== undefined && x.spawnKey === y.spawnKey);
}

export interface Storage {
  id: StorageKey;
  /** keyString(id): accesses of one storage are grouped by it. */
  key: string;
  kind: 'local' | 'field' | 'global';
  /** As written at the access. */
  expr: string;
  /** The expression the map was reached through when it is a reference copied out of `expr` (`obj.Annotations`). */
  via?: string;
  /**
   * For a map field: the object it belongs to, when known apart from others (`distinctObjects`): made by one
   * allocation (`new:vN`), a parameter of one entry-point activation (`paramT:vN`), or the element of a struct
   * slice at a goroutine instance's own index (`slot:vN`).
   */
  object?: ObjectField;
}

/** The object a map field belongs to (`id`), unless `lost` comes to hold the field (it was given a map of another's). */
export interface ObjectField {
  id: string;
  field: string;
  lost?: ReadonlySet<string>;
}

const knownObject = (o: ObjectField | undefined): string | undefined => (o && !o.lost?.has(o.field) && !o.lost?.has('*') ? o.id : undefined);

/**
 * Whether two accesses of one field key are to different objects: two allocations, two parameters of one entry
 * point (assumed distinct: its callers in the program are walked with their own arguments), or two instances of
 * one goroutine each at its own index of a struct slice.
 */
export function distinctObjects(a: Access, b: Access): boolean {
  const x = knownObject(a.storage.object);
  const y = knownObject(b.storage.object);
  if (!x || !y) return false;
  if (x.startsWith('slot:') || y.startsWith('slot:')) return x === y && sameGoroutine(a.thread, b.thread);
  return x !== y && x.slice(0, x.indexOf(':')) === y.slice(0, y.indexOf(':'));
}

/** The storage a key names, as written at the access. */
export function storage(id: StorageKey, expr: string): Storage {
  return { id, key: keyString(id), kind: keyKind(id), expr };
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
  /** The flow that made the access, and the access's place in the walk's order (`seq`). */
  flowId: number;
  seq: number;
  /** For a goroutine's access after receives from channels only its spawner sends on: the spawner's flow, and the
   * first of its accesses that is not before one of those sends (all earlier ones happen before this one). */
  orderedAfter?: { flow: number; seq: number };
  /**
   * An exported method's access (the method guessed callable from any goroutine because its type locks) to a map
   * that nothing locks: the type guards other maps, not this one, so the guess is an assumption for the program to
   * witness, as for a type that takes no lock.
   */
  unguardedApi?: boolean;
  /** Enclosing declared function, for fingerprints. */
  func: string;
  /** The access is to a field of its method's receiver (`c.items`). */
  receiver?: ReceiverField;
  /** A read by `len(m)`: it reads the map's count and no flag, so racing with a write never crashes. */
  len?: boolean;
  /**
   * Reached through the element of a shared map at the key of the request this instance handles: the workqueue
   * never runs two Reconciles of one key at once, so no other instance of the thread reaches it.
   */
  keyed?: boolean;
  /** Calls from the thread's root to this access. */
  path: { range: Range; message: string }[];
}

/**
 * Whether `child` was started by the walk of `parent`, a thread of one instance, or an exported method whose many
 * instances are a guess: its own goroutine comes after what the call did before starting it (a `Start` that fills a
 * map, then starts the loop that reads it); two calls at once are the method's race with itself.
 */
function startedBy(child: Thread, parent: Thread): boolean {
  return (!parent.multi || parent.kind === 'api') && parent.flowId !== undefined && child.parentFlow === parent.flowId;
}

/** Whether `y` comes after a channel send its spawner makes after `x` (`x` fills a map, then hands work over). */
function handedOff(x: Access, y: Access): boolean {
  return !!y.orderedAfter && x.flowId === y.orderedAfter.flow && x.seq < y.orderedAfter.seq;
}

/** Whether `child` was started by the flow walk of the exported method `api`: one call of it, as its own walk is. */
function ownCall(child: Thread, api: Thread): boolean {
  return api.kind === 'api' && api.funcId !== undefined && child.startedInFlowOf === api.funcId;
}

/** Whether two accesses can run at the same time (ignoring locks). */
export function concurrent(a: Access, b: Access): boolean {
  if (a.thread === b.thread) return a.thread.multi;
  if (handedOff(a, b) || handedOff(b, a)) return false;
  if (a.concurrentWith.has(b.thread.id) || b.concurrentWith.has(a.thread.id)) return true;
  return threadsConcurrent(a.thread, b.thread, 0);
}

function threadsConcurrent(x: Thread, y: Thread, depth: number): boolean {
  // One go statement walked twice by one flow (a helper called twice) with a join in between: the first walk's
  // goroutines are over before the second's start.
  const rewalked = x !== y && x.kind === 'goroutine' && x.parentFlow !== undefined && x.parentFlow === y.parentFlow;
  if (sameGoroutine(x, y)) return (x.multi || y.multi) && !(rewalked && x.epoch !== y.epoch);
  if (x.kind === 'goroutine' && y.kind === 'goroutine' && x.parentFlow !== undefined && x.parentFlow === y.parentFlow) {
    return x.epoch === y.epoch;
  }
  // A goroutine joined before its spawner returns overlaps only with what overlaps its spawner (and with the
  // spawner's own accesses while it runs, which concurrentWith covers).
  if (depth < 8 && x.scopedIn) return x.scopedIn !== y && threadsConcurrent(x.scopedIn, y, depth + 1);
  if (depth < 8 && y.scopedIn) return y.scopedIn !== x && threadsConcurrent(x, y.scopedIn, depth + 1);
  if (x.kind === 'flow' || y.kind === 'flow') return false;
  if (x.kind === 'api' && y.kind === 'api') return x.multi && y.multi;
  // A goroutine started by the other's own walk overlaps only the accesses made while it runs (`concurrentWith`):
  // what its one spawner did before the go statement happens before it (a map filled, then handed over).
  if (startedBy(y, x) || startedBy(x, y)) return false;
  // An exported method's walk as a root and its walk as a flow are two models of one call: the goroutines the
  // flow starts are the method's own, which its root walk starts too (and orders by startedBy).
  if (ownCall(x, y) || ownCall(y, x)) return false;
  return true;
}

/**
 * Locks that make a pair safe: one lock held by both, exclusively by each writer; or, for an access of a goroutine
 * whose spawner holds a lock across its whole run, that lock held by the other access outside that critical
 * section (it does not overlap the goroutine in its spawner's flow).
 */
export function commonLock(a: Access, b: Access): boolean {
  if (sharedLock(a, a.locks, b, b.locks)) return true;
  if (!b.concurrentWith.has(a.thread.id) && sharedLock(a, heldModes(a.thread), b, b.locks)) return true;
  if (!a.concurrentWith.has(b.thread.id) && sharedLock(b, heldModes(b.thread), a, a.locks)) return true;
  // Goroutines inside critical sections of two holders, or two instances of one, each inside its own spawner's.
  const one = sameGoroutine(a.thread, b.thread);
  return sharedLock(a, heldModes(a.thread, b.thread, one), b, heldModes(b.thread, a.thread, one));
}

/**
 * The locks a goroutine's spawner holds while it runs; with `other`, those whose critical section is not the
 * one `other` runs in: held by another thread, or (`instances`) one hold per instance.
 */
function heldModes(t: Thread, other?: Thread, instances = false): Map<string, 'w' | 'r'> | undefined {
  if (!t.heldBy) return undefined;
  const apart = (k: string, h: HeldBy) => {
    const o = other?.heldBy?.get(k);
    return !o || o.holder !== h.holder || o.hold !== h.hold || (instances && h.onePerHold && o.onePerHold);
  };
  return new Map([...t.heldBy].filter(([k, h]) => !other || apart(k, h)).map(([k, h]) => [k, h.mode]));
}

/** Whether a lock is in both sets, in a mode that protects each access (exclusive for a write). */
function sharedLock(x: Access, lx: ReadonlyMap<string, 'w' | 'r'> | undefined, y: Access, ly: ReadonlyMap<string, 'w' | 'r'> | undefined): boolean {
  for (const [lock, modeX] of lx ?? []) {
    const modeY = ly?.get(lock);
    if (modeY && (x.kind !== 'write' || modeX === 'w') && (y.kind !== 'write' || modeY === 'w')) return true;
  }
  return false;
}

/** `{ receiver }` for `r.f` (through pointers) of a method's receiver `r`: the method and the field; else `{}`. */
export function receiverOf(place: Place): { receiver?: ReceiverField } {
  const steps = place.path.filter((s) => s.k !== 'deref');
  return place.root.k === 'recv' && steps.length === 1 && steps[0]!.k === 'field' ? { receiver: { func: place.root.func, field: steps[0]!.name } } : {};
}
