// The interpreter's state, the bottom layer of the concurrency pass: threads, flows, frames and variables, and the
// results it accumulates. The layers above (storage, cache-objects, locks, calls, spawns, framework-calls,
// statements, expressions, roots) each add one concern; together they are one PackageWalker object.
import type { Range } from '../../model.js';
import type { Node } from '../../go/parser.js';
import type { FuncDecl, Package, PkgFile } from '../../go/package.js';
import { Library } from '../../go/summaries.js';
import { ExprTyper } from '../../go/typeof.js';
import { TypeLookup } from '../../go/typelookup.js';
import type { GoType } from '../../go/types.js';
import type { SharedWrite } from './facts.js';
import type { StorageKey } from './storage-key.js';
import { type Callee, type Flow, type Frame, Scope, type VarInfo } from './scope.js';
import { type Access, type Thread, type ThreadKind } from './threads.js';

/** Calls followed from a root, at most. */
export const MAX_DEPTH = 4;
/**
 * Calls followed per package. Statements and expressions walked per package: ten times that (a function body
 * has about ten nodes per call it makes), which bounds the walk of huge bodies that make few calls.
 */
export const STEP_BUDGET = 400_000;
export const NODE_BUDGET = STEP_BUDGET * 10;

/** Where the pass gave up precision: the step budget ran out, calls not followed for depth. */
export interface Truncated {
  /** The step budget ran out (0 or 1 per package). */
  steps: number;
  /** Calls into the package not followed because they were MAX_DEPTH calls deep. */
  depth: number;
}

export abstract class WalkerState {
  protected abstract resolveCall(call: Node, scope: Scope, f: Frame): Callee | undefined;

  readonly accesses: Access[] = [];

  readonly truncated: Truncated = { steps: 0, depth: 0 };

  /** Field storage accessed from an entry point's flow, with its owner and the locks held: evidence the type is shared. */
  readonly guardedFields = new Map<string, { owner: string | undefined; locks: Set<string> }>();
  /** The locks of `guardedFields` by owner type, so that `isGuardedType` does not scan every field. */
  readonly guardedLocksByOwner = new Map<string, Set<string>>();

  readonly lockNames = new Map<string, string>();

  /** Lock key → its identity, for every lock taken (to find the struct a lock belongs to). */
  protected readonly lockIds = new Map<string, StorageKey>();

  /** Struct types whose fields goroutines or handlers touch. */
  readonly sharedTypes = new Set<string>();

  /** Lock keys of `*sync.Mutex` fields that point at another struct's mutex, and that mutex's key. */
  protected readonly lockAliases = new Map<string, string>();

  protected threads: Thread[] = [];

  protected nextUid = 0;

  protected steps = 0;

  /** Counts a step; false (and the budget noted as exhausted) once `budget` steps have been taken. */
  protected step(budget: number): boolean {
    if (++this.steps <= budget) return true;
    this.truncated.steps = 1;
    return false;
  }

  protected readonly spawnIds = new Map<string, number>();

  /** Methods a framework calls back on its goroutines (a handler object's OnAdd, a Runnable's Start). */
  protected readonly callbacks = new Set<FuncDecl>();

  /** Writes into maps of objects shared with the informer cache, one per site. */
  readonly sharedWrites = new Map<string, SharedWrite>();

  /** Reconciler types registered with controller-runtime in this package, and whether reconciles overlap. */
  protected readonly reconcilers = new Map<string, { multi: boolean; workers: string; at: string }>();

  /** Loop-spawn placeholder id → the threads its spawn site started. */
  protected readonly placeholders = new Map<number, number[]>();

  /** `types`: of this package and, when dependency types are on, of the packages it imports. */
  constructor(readonly pkg: Package, readonly lib: Library = new Library(), readonly types: TypeLookup = new TypeLookup(pkg, lib)) {
    this.typer = new ExprTyper(pkg, types, lib, (call, scope, f) => this.resolveCall(call, scope, f)?.fn);
  }

  protected readonly typer: ExprTyper<Scope, Frame>;

  allThreads(): readonly Thread[] {
    return this.threads;
  }

  protected newThread(kind: ThreadKind, multi: boolean, label: string, site?: Range): Thread {
    const t: Thread = { id: this.threads.length + 1, kind, multi, label, sends: new Set(), instanceLocal: new Set() };
    if (site) t.site = site;
    this.threads.push(t);
    return t;
  }

  protected newFlow(): Flow {
    return { id: ++this.nextUid, active: new Set(), started: new Set(), loopSpawns: [], epoch: 0 };
  }

  /** Goroutines a flow started and joined again live inside the thread that ran the flow. */
  protected scopeJoined(flow: Flow, owner: Thread): void {
    for (const id of flow.started) {
      const t = this.threads[id - 1];
      if (t && !flow.active.has(id) && !t.scopedIn) t.scopedIn = owner;
    }
  }

  protected frame(file: PkgFile, func: string, thread: Thread, flow: Flow, locks: Map<string, 'w' | 'r'>, depth: number, path: Frame['path'], visiting: Set<string>): Frame {
    return { file, func, thread, flow, locks, deferredUnlocks: [], depth, path, loopDepth: 0, loopScopes: [], terminated: false, visiting, spawns: true };
  }

  protected methodContext(f: Frame, fn: FuncDecl): void {
    if (fn.recvType) f.recvType = fn.recvType;
    if (fn.recvName) f.recvName = fn.recvName;
  }

  protected uid(): string {
    return `v${++this.nextUid}`;
  }

  /** A new variable; inside a goroutine, handler or API call it belongs to that one instance. */
  protected newVar(f: Frame, type: GoType): VarInfo {
    const v: VarInfo = { uid: this.uid(), type };
    if (f.thread.kind !== 'flow') f.thread.instanceLocal.add(v.uid);
    return v;
  }
}
