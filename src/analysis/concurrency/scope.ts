// The interpreter's records: what it knows about a variable (VarInfo), block scopes with the branch bookkeeping of
// the informer-cache state, one execution flow (Flow) and one function activation (Frame).
import type { Range } from '../../model.js';
import type { Node } from '../../go/parser.js';
import type { FuncDecl, PkgFile } from '../../go/package.js';
import type { GoType } from '../../go/types.js';
import type { SharedSource } from './facts.js';
import { type StorageKey, keyString } from './storage-key.js';
import type { Storage, Thread } from './threads.js';

export interface VarInfo {
  uid: string;
  type: GoType;
  /** The storage this variable refers to (a map variable copied from a field or passed as an argument). */
  alias?: Storage;
  /**
   * A func literal assigned to the variable (or passed as this parameter), walked where it is called — with the
   * locks held there — rather than where it is written: `check := func(...) {...}; s.iterLocked(check)`.
   */
  funcLit?: Node;
  /** Scope and file the literal was written in, and whether its body has been walked yet. */
  funcScope?: Scope;
  funcFile?: PkgFile;
  litWalked?: boolean;
  /** Holds an object created here (`&T{...}`, `T{}`, `new(T)`, `newT(...)`): not shared with other calls. */
  fresh?: boolean;
  /** Holds an object (or a map inside one) shared with the informer cache: where it came from. */
  shared?: SharedSource;
  /**
   * The object this variable points to was made by one instance of the current thread (one Reconcile, one
   * request): the uid of the variable that made it. Its fields are that instance's own.
   */
  owner?: string;
  /** Holds one of the maps of a shared object (`labels := pod.GetLabels()`). */
  sharedMap?: boolean;
  /** Map fields of this object re-pointed here: `x.F = other.m` (the storage) or `x.F = maps.Clone(...)` (null). */
  fields?: Map<string, Storage | null>;
}

/** What a call or a function value refers to: a declared function or method, or a func literal. */
export interface Callee {
  fn?: FuncDecl;
  /** Other implementations a call through an interface may run (`fn` is the first). */
  also?: FuncDecl[];
  recv?: Storage;
  lit?: Node;
  litScope?: Scope;
  litFile?: PkgFile | undefined;
}

export interface SpawnOptions {
  /** Callbacks of one registration (an informer's handler funcs) run on one goroutine: the registration. */
  sameAs?: Node;
  /** The callback's arguments are objects of the informer cache. */
  sharedArgs?: SharedSource;
  /** The callback may run many times at once (a configured root with `concurrent: true`). */
  concurrent?: boolean;
}

/** Whether a variable holds an object shared with the informer cache, or one of its maps. */
export interface SharedState {
  shared?: SharedSource | undefined;
  sharedMap?: boolean | undefined;
}
export const sharedState = (v: VarInfo): SharedState => ({ shared: v.shared, sharedMap: v.sharedMap });
export function applyShared(v: VarInfo, s: SharedState): void {
  if (s.shared) v.shared = s.shared;
  else delete v.shared;
  if (s.sharedMap) v.sharedMap = s.sharedMap;
  else delete v.sharedMap;
}

export class Scope {
  readonly vars = new Map<string, VarInfo>();
  /** Statements here may not run (a branch, a case, a loop body): what they assign is a "may", not a "must". */
  conditional = false;
  /** Variables of enclosing scopes this branch re-pointed (to a copy, or to a shared object), as they were before. */
  touched: Map<VarInfo, { name: string; before: SharedState }> | undefined;
  /** Their states when the branch ended (set by `endBranch`). */
  ends: Map<VarInfo, SharedState> | undefined;
  constructor(readonly parent?: Scope) {}
  /** A scope for statements that may not run (a branch, a case, a loop body). */
  static conditional(parent: Scope): Scope {
    const s = new Scope(parent);
    s.conditional = true;
    return s;
  }
  /** The nearest conditional scope between here and `v`'s declaration, if any. */
  private branchOf(v: VarInfo, name: string): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.get(name) === v) return undefined;
      if (s.conditional) return s;
    }
    return undefined;
  }
  /** Points `v` at a shared object or at the controller's own (state `{}`), remembering the state before a branch. */
  setShared(v: VarInfo, name: string, state: SharedState): void {
    const branch = this.branchOf(v, name);
    if (branch && !branch.touched?.has(v)) (branch.touched ??= new Map()).set(v, { name, before: sharedState(v) });
    applyShared(v, state);
  }
  /** At the end of a branch: what it left in the variables it touched, which get their states from before back. */
  endBranch(): void {
    for (const [v, t] of this.touched ?? []) {
      (this.ends ??= new Map()).set(v, sharedState(v));
      applyShared(v, t.before);
    }
  }
  lookup(name: string): VarInfo | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }
}

/** One execution flow through nested calls: which goroutines it has started and not joined yet. */
export interface Flow {
  id: number;
  active: Set<number>;
  /** Every goroutine this flow was waiting on at some point (to find the joined ones). */
  started: Set<number>;
  /** Goroutines started inside enclosing loops (they overlap with the whole loop body). */
  loopSpawns: Set<number>[];
  epoch: number;
}

export interface Frame {
  file: PkgFile;
  func: string;
  thread: Thread;
  flow: Flow;
  locks: Map<string, 'w' | 'r'>;
  deferredUnlocks: string[];
  depth: number;
  path: { range: Range; message: string }[];
  loopDepth: number;
  /** Variables declared at or below this loop depth belong to one iteration. */
  loopScopes: Scope[];
  terminated: boolean;
  visiting: Set<string>;
  /** The declared function being walked starts goroutines somewhere (else loops need no spawn scan). */
  spawns: boolean;
  /** The method's receiver, when walking a method. */
  recvType?: string;
  recvName?: string;
  /**
   * Locks the function being followed returns the unlock function of (`return n, n.mu.Unlock, nil`): still held
   * in the caller, which unlocks through the value. Shared by the frames of one call's branches.
   */
  returnedLocks?: Map<string, 'w' | 'r'>;
}

export interface LockUse {
  /** keyString(id): the key of `Frame.locks` and `Access.locks`. */
  key: string;
  id: StorageKey;
  display: string;
}

export function lockUse(id: StorageKey, display: string): LockUse {
  return { key: keyString(id), id, display };
}
