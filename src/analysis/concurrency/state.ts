// The interpreter's state, the bottom layer of the concurrency pass: threads, flows, frames and variables, and the
// results it accumulates. The layers above (storage, cache-objects, locks, calls, spawns, framework-calls,
// statements, expressions, roots) each add one concern; together they are one PackageWalker object.
import type { Range } from '../../model.js';
import type { Node } from '../../go/parser.js';
import type { FuncDecl, Package, PkgFile } from '../../go/package.js';
import { Library } from '../../go/summaries.js';
import { ExprTyper } from '../../go/typeof.js';
import { TypeLookup } from '../../go/typelookup.js';
import type { Program } from '../../go/program.js';
import type { ModuleTypes } from '../../go/universe.js';
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
/**
 * Calls followed into other packages of the module per analysed package, at most: each root re-walks what it
 * reaches, and across packages that is most of a large program. The rest are counted in `truncated.packages`.
 */
export const FOREIGN_CALL_BUDGET = 4_000;

/** Where the pass gave up precision: the step budget ran out, calls not followed for depth. */
export interface Truncated {
  /** The step budget ran out (0 or 1 per package). */
  steps: number;
  /** Calls into the package not followed because they were MAX_DEPTH calls deep. */
  depth: number;
  /** Calls into other packages of the module not followed: the package was over the memory budget, or the analysed package over FOREIGN_CALL_BUDGET. */
  packages: number;
  /** Implementations not followed at a call through an interface (over MAX_DISPATCH). */
  dispatch: number;
}

/** The package a function's code is walked with: names inside it mean its package's names. */
export interface PackageContext {
  pkg: Package;
  lib: Library;
  types: TypeLookup;
  typer: ExprTyper<Scope, Frame>;
}

export abstract class WalkerState {
  /** `foreign`: resolve into other packages of the module too (loading them). */
  protected abstract resolveCall(call: Node, scope: Scope, f: Frame, foreign?: boolean): Callee | undefined;

  readonly accesses: Access[] = [];

  readonly truncated: Truncated = { steps: 0, depth: 0, packages: 0, dispatch: 0 };

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

  /**
   * `types`: of this package and, when dependency types are on, of the packages it imports. `program`: the
   * main modules' packages with bodies, whose functions calls are followed into (walked in their own context).
   */
  constructor(pkg: Package, lib: Library = new Library(), types: TypeLookup = new TypeLookup(pkg, lib), readonly program?: Program, readonly modules?: ModuleTypes) {
    this.own = this.context(pkg, lib, types);
    this.pkg = pkg;
    this.lib = lib;
    this.types = types;
    this.typer = this.own.typer;
  }

  /** The package whose code is being walked (the analysed one, or one a call led into) and its types. */
  pkg: Package;
  lib: Library;
  types: TypeLookup;
  protected typer: ExprTyper<Scope, Frame>;

  /** The analysed package's context. */
  protected readonly own: PackageContext;

  /**
   * The context of every file walked so far, by file, held weakly: a package the program drops for its budget is
   * freed once no frame walks it any more.
   */
  private readonly contexts = new WeakMap<PkgFile, PackageContext>();

  protected context(pkg: Package, lib: Library, types: TypeLookup): PackageContext {
    const typer = new ExprTyper<Scope, Frame>(pkg, types, lib, (call, scope, f) => {
      // Not into another package: its results name that package's types unqualified; the declarations
      // (qualified) type the call instead.
      return this.resolveCall(call, scope, f, false)?.fn;
    });
    const c: PackageContext = { pkg, lib, types, typer };
    for (const file of pkg.files) this.contexts.set(file, c);
    return c;
  }

  /** The context of another package of the module, with bodies (undefined when not loaded). */
  protected packageContext(importPath: string): PackageContext | undefined {
    if (importPath === '' || importPath === this.own.pkg.importPath || !this.program) return undefined;
    const before = this.program.overBudget;
    const pkg = this.program.package(importPath);
    if (this.program.overBudget > before) this.truncated.packages += this.program.overBudget - before;
    if (!pkg?.files[0]) return undefined;
    const known = this.contexts.get(pkg.files[0]);
    if (known) return known;
    const lib = new Library(importPath, this.own.lib.configured);
    return this.context(pkg, lib, new TypeLookup(pkg, lib, this.modules, this.program));
  }

  /**
   * A flow with no goroutine running: what it reaches in another package cannot race with it, and that
   * package's own analysis walks its code. Calls into other packages are not followed from here.
   */
  protected quiet(f: Frame): boolean {
    return f.thread.kind === 'flow' && f.flow.active.size === 0 && f.flow.loopSpawns.every((s) => s.size === 0);
  }

  protected contextOf(file: PkgFile): PackageContext {
    return this.contexts.get(file) ?? this.own;
  }

  protected current(): PackageContext {
    return { pkg: this.pkg, lib: this.lib, types: this.types, typer: this.typer };
  }

  /** Switches to the context of the package `file` belongs to; returns the context to restore after. */
  protected enter(file: PkgFile): PackageContext | undefined {
    const c = this.contexts.get(file) ?? this.own;
    if (c.pkg === this.pkg) return undefined;
    const saved = this.current();
    this.use(c);
    return saved;
  }

  protected use(c: PackageContext): void {
    this.pkg = c.pkg;
    this.lib = c.lib;
    this.types = c.types;
    this.typer = c.typer;
  }

  /** A function's identity across packages (keys of other packages are prefixed with their import path). */
  protected foreignCalls = 0;

  /** A function as a witness names it: `store.(*Store).Put` in another package (its display name is the fingerprint's). */
  protected callName(fn: FuncDecl): string {
    const c = this.contextOf(fn.file);
    return c === this.own ? fn.display : `${c.pkg.name}.${fn.display}`;
  }

  protected fnId(fn: FuncDecl): string {
    const c = this.contextOf(fn.file);
    return c === this.own ? fn.key : `${c.pkg.importPath}#${fn.key}`;
  }

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
