// The IR interpreter's records: what it knows about a variable (VarInfo), the variables of one activation (Env),
// one execution flow (Flow) and one function activation (Frame).
import type { Range } from '../../model.js';
import type { GoType } from '../../go/types.js';
import type { Func, Instr, LocalRoot, Value } from '../../ir/types.js';
import type { SharedSource } from '../concurrency/facts.js';
import { type StorageKey, keyString } from '../concurrency/storage-key.js';
import type { Storage, Thread } from '../concurrency/threads.js';
import type { Target } from './calls.js';
import type { PkgCtx } from './context.js';
import type { Shape } from './shapes.js';

/** A func literal with the variables it captures: walked where it is called. */
export interface Lit {
  func: Func;
  ctx: PkgCtx;
  env: Env;
}

export interface VarInfo {
  uid: string;
  type: GoType;
  /** The storage this variable refers to (a map variable copied from a field or passed as an argument). */
  alias?: Storage;
  /** A func literal assigned to the variable (or passed as this parameter), walked where it is called. */
  lit?: Lit;
  litWalked?: boolean;
  /** Holds an object created here (`&T{...}`, `new(T)`, `newT(...)`): not shared with other calls. */
  fresh?: boolean;
  /** Holds an object (or a map inside one) shared with the informer cache: where it came from. */
  shared?: SharedSource;
  sharedMap?: boolean;
  /** The object was made by one instance of the current thread: the uid of the variable that made it. */
  owner?: string;
  /**
   * Func values stored in fields of the object this variable holds (`&Pool{onEvent: c.Add}`, `p.onEvent = f`), by
   * field name; the variables a call binds to the same object (receiver, arguments) share the map.
   */
  funcs?: Map<string, Target>;
  /** Map fields of this object re-pointed here: `x.F = other.m` (the storage) or `x.F = make(...)` (null). */
  fields?: Map<string, Storage | null>;
  /** Loops around the declaration in its function (a variable of a loop body is one per iteration). */
  loop: number;
  /** Holds the request a Reconcile was called with (the workqueue never hands its key to two workers at once). */
  request?: boolean;
  /**
   * Holds the element of a shared map at the key of the request this thread handles (read from it or stored
   * into it): no other instance of the thread reaches it while this one runs. The thread that holds the request.
   */
  keyed?: Thread | undefined;
  /** Read from a shared map under exclusive locks: the map, the key, and the acquisition of each lock held. */
  readFrom?: { map: string; key: string; locks: Map<string, number> };
  /**
   * Holds an object deleted from the shared map it was read from without the lock being released in between:
   * nobody else reaches it any more, so it is this variable's own (its fields are per variable).
   */
  removed?: boolean;
  /** The object the variable holds, told apart from the objects of other such variables; it is never assigned again. */
  obj?: ObjectRef;
  /**
   * A map or slice made here that has only been given objects this instance owns (`m[k] = newCtx()`, `s =
   * append(s, &T{})`): ranging over it yields owned objects.
   */
  freshElems?: boolean;
  /** Fields of the object it owns that hold objects made with it (`s.Tracker` of `scope.New()`): owned too. */
  shape?: Shape;
  /** A declared function or method value given to this parameter (`runSynced(&c.mu, c.refresh)`): calling it runs that. */
  func?: Target;
  /** A bool parameter every walk of this call gives one constant (`load(ctx, true)`): `if lock {` takes one arm. */
  constBool?: boolean;
  /** The concrete type of what a variable of interface type holds, when the value it was given tells (`var s Store = newMem()`). */
  dyn?: GoType;
}

/** An object told apart from others (`Storage.object`), and which of its map fields are its own. */
export interface ObjectRef {
  /** Made by an allocation here (`new:vN`), or an entry point's parameter (`paramT:vN`). */
  id: string;
  /** For an allocation: the map fields it set to new maps (the others may be given a map another object has). */
  own?: Set<string>;
  /** Map fields given anything but a new map anywhere in the walk (`*`: the whole object): not told apart, before or after. */
  lost: Set<string>;
}

/**
 * What a variable holds that branches change and merge: an object shared with the informer cache (or one of its
 * maps), the element of a shared map at the thread's own request key, an object taken out of a shared map.
 */
export interface SharedState {
  shared?: SharedSource | undefined;
  sharedMap?: boolean | undefined;
  keyed?: Thread | undefined;
  removed?: boolean | undefined;
}
export const sharedState = (v: VarInfo): SharedState => ({ shared: v.shared, sharedMap: v.sharedMap, keyed: v.keyed, removed: v.removed });
export function applyShared(v: VarInfo, s: SharedState): void {
  if (s.shared) v.shared = s.shared;
  else delete v.shared;
  if (s.sharedMap) v.sharedMap = s.sharedMap;
  else delete v.sharedMap;
  if (s.keyed) v.keyed = s.keyed;
  else delete v.keyed;
  if (s.removed) v.removed = true;
  else delete v.removed;
}

/** The variables of one activation of a function; a literal's activation sees its creator's through `parent`. */
export class Env {
  readonly vars = new Map<string, VarInfo>();
  constructor(readonly parent?: Env) {}
  lookup(key: string): VarInfo | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const v = e.vars.get(key);
      if (v) return v;
    }
    return undefined;
  }
}

export function localKey(r: LocalRoot): string {
  return `${r.func}#${r.id}`;
}

/** One execution flow through nested calls: which goroutines it has started and not joined yet. */
export interface Flow {
  id: number;
  active: Set<number>;
  started: Set<number>;
  /** Goroutines started inside enclosing loops (they overlap with the whole loop body). */
  loopSpawns: Set<number>[];
  /** The number of accesses recorded when each enclosing loop was entered. */
  loopStarts: number[];
  epoch: number;
  /** Lock → how many loops were open when the flow last took it (spawns deeper than that repeat inside one hold). */
  lockedInLoops: Map<string, number>;
  /** How many lock releases the flow has seen (a loop that releases one may do so while an earlier iteration's goroutine runs). */
  releases: number;
}

export type CallInstr = Extract<Instr, { k: 'call' }>;

export interface Frame {
  ctx: PkgCtx;
  func: Func;
  /** The enclosing declared function, for fingerprints (`(*Cache).Get`). */
  fname: string;
  thread: Thread;
  flow: Flow;
  locks: Map<string, 'w' | 'r'>;
  deferredUnlocks: string[];
  depth: number;
  path: { range: Range; message: string }[];
  /** Loops around the current statement in this function, and in this thread's frames altogether. */
  loops: number;
  loopDepth: number;
  terminated: boolean;
  visiting: Set<string>;
  env: Env;
  recvType?: string;
  recvName?: string;
  /** Locks the function being followed returns the unlock function of: still held in the caller. */
  returnedLocks?: Map<string, 'w' | 'r'>;
  /** The calls that defined this activation's temps. */
  temps: Map<number, CallInstr>;
  /** This activation's temps that receives defined (`t, ok := <-ch`). */
  recvTemps?: Set<number>;
  /** In a branch: variables it re-pointed (shared or not), as they were before it (`setShared`; null until one is). */
  touched?: Map<VarInfo, SharedState> | null;
  /** Channels (storage keys) this path of a goroutine has received from: what follows comes after a send on each. */
  received?: ReadonlySet<string>;
}

export interface LockUse {
  key: string;
  id: StorageKey;
  display: string;
}

export function lockUse(id: StorageKey, display: string): LockUse {
  return { key: keyString(id), id, display };
}

/** A struct value received from a channel (`t, ok := <-ch`): handed to this instance, as a range over the channel's. */
export function receivedStruct(value: Value, f: Frame, type: GoType): boolean {
  const r = value.k === 'place' && !value.place.path.length ? value.place.root : undefined;
  return r?.k === 'result' && !!f.recvTemps?.has(r.temp) && f.ctx.types.underlying(type).k === 'struct';
}
