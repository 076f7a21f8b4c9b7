// Walks function bodies in program order and records every map access with the thread it runs in, the
// locks held, and the goroutines it can overlap with. Calls into the package's own functions and methods are
// followed (bounded depth); goroutine bodies are walked as new threads with no locks held.
import type { AccessKind, Range } from '../model.js';
import type { Node } from '../go/parser.js';
import type { FuncDecl, Package, PkgFile } from '../go/package.js';
import { FMT_PRINTERS, Library, MAP_FUNCTIONS, type RootSummary, own } from '../go/summaries.js';
import { ExprTyper } from '../go/typeof.js';
import { LOCK_METHODS, spawnSites } from '../go/vocab.js';
import { TypeLookup, isQualifiedOwner } from '../go/typelookup.js';
import { type GoType, UNKNOWN, deref, isMutex, typeFromNode } from '../go/types.js';
import { CALLBACK_CALLS, type CallbackLiteral, HANDLER_REGISTRATIONS, callbackLiteral, isControllerOptions, isReconcile, isRunner, isSetupMethod, isWaitGroupStart, methodRoot } from './frameworks.js';
import { where } from './races/describe.js';
import { type Access, type Storage, type Thread, type ThreadKind, fieldKey, fieldKeyOwner, rootedFieldKey } from './threads.js';

const MAX_DEPTH = 4;
const STEP_BUDGET = 400_000;

interface VarInfo {
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
interface Callee {
  fn?: FuncDecl;
  recv?: Storage;
  lit?: Node;
  litScope?: Scope;
  litFile?: PkgFile | undefined;
}

interface SpawnOptions {
  /** Callbacks of one registration (an informer's handler funcs) run on one goroutine: the registration. */
  sameAs?: Node;
  /** The callback's arguments are objects of the informer cache. */
  sharedArgs?: SharedSource;
  /** The callback may run many times at once (a configured root with `concurrent: true`). */
  concurrent?: boolean;
}

/** Where an object shared with other readers came from (a lister, an indexer, an event handler's argument). */
export interface SharedSource {
  what: string;
  at: Range;
}

/** A write into a map of an object shared with the informer cache (MR1004). */
export interface SharedWrite {
  range: Range;
  map: string;
  source: SharedSource;
  func: string;
  path: { range: Range; message: string }[];
}

/** Map fields of Kubernetes objects, for writes whose type is not known (no module cache). */
const OBJECT_MAP_FIELDS = new Set(['Labels', 'Annotations', 'Data', 'StringData', 'BinaryData', 'MatchLabels', 'NodeSelector', 'Object', 'Capacity', 'Allocatable', 'Limits', 'Requests']);
const OBJECT_MAP_GETTERS = new Set(['GetLabels', 'GetAnnotations']);

/** Whether a variable holds an object shared with the informer cache, or one of its maps. */
interface SharedState {
  shared?: SharedSource | undefined;
  sharedMap?: boolean | undefined;
}
const sharedState = (v: VarInfo): SharedState => ({ shared: v.shared, sharedMap: v.sharedMap });
function applyShared(v: VarInfo, s: SharedState): void {
  if (s.shared) v.shared = s.shared;
  else delete v.shared;
  if (s.sharedMap) v.sharedMap = s.sharedMap;
  else delete v.sharedMap;
}

class Scope {
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
interface Flow {
  id: number;
  active: Set<number>;
  /** Every goroutine this flow was waiting on at some point (to find the joined ones). */
  started: Set<number>;
  /** Goroutines started inside enclosing loops (they overlap with the whole loop body). */
  loopSpawns: Set<number>[];
  epoch: number;
}

interface Frame {
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
  key: string;
  display: string;
}

export class PackageWalker {
  readonly accesses: Access[] = [];
  /** Field storage keys accessed while holding a lock of the same struct: evidence the type is shared. */
  readonly guardedFields = new Map<string, Set<string>>();
  readonly lockNames = new Map<string, string>();
  /** Struct types whose fields goroutines or handlers touch. */
  readonly sharedTypes = new Set<string>();
  /** Lock keys of `*sync.Mutex` fields that point at another struct's mutex, and that mutex's key. */
  private readonly lockAliases = new Map<string, string>();
  private threads: Thread[] = [];
  private nextUid = 0;
  private steps = 0;
  private readonly spawnIds = new Map<string, number>();
  /** Methods a framework calls back on its goroutines (a handler object's OnAdd, a Runnable's Start). */
  private readonly callbacks = new Set<FuncDecl>();
  /** Writes into maps of objects shared with the informer cache, one per site. */
  readonly sharedWrites = new Map<string, SharedWrite>();
  /** Reconciler types registered with controller-runtime in this package, and whether reconciles overlap. */
  private readonly reconcilers = new Map<string, { multi: boolean; workers: string; at: string }>();
  /** Loop-spawn placeholder id → the threads its spawn site started. */
  private readonly placeholders = new Map<number, number[]>();

  /** `types`: of this package and, when dependency types are on, of the packages it imports. */
  constructor(readonly pkg: Package, readonly lib: Library = new Library(), readonly types: TypeLookup = new TypeLookup(pkg, lib)) {
    this.typer = new ExprTyper(pkg, types, lib, (call, scope, f) => this.resolveCall(call, scope, f)?.fn);
  }

  private readonly typer: ExprTyper<Scope, Frame>;

  run(): void {
    // 1. Every declared function, as its own flow: finds spawns, handlers and the ordering around them.
    // Methods a framework runs on its own goroutines (webhooks, collectors, gRPC services) are roots too.
    const frameworkRoots = new Set<FuncDecl>();
    for (const fn of this.pkg.funcs.values()) {
      if (fn.recvType && fn.name === 'ServeHTTP' && fn.params.length === 2) {
        this.walkRoot(fn, 'handler', true, `handler ${fn.display}`);
        frameworkRoots.add(fn);
      }
      const root = methodRoot(fn, this.pkg);
      if (root) {
        this.walkRoot(fn, 'handler', root.multi, root.label, root.instances);
        frameworkRoots.add(fn);
      }
      this.walkRoot(fn, 'flow', false, fn.display);
    }
    // Reconcilers, once the flows have shown how they are registered (MaxConcurrentReconciles). Reconcilers of
    // different controllers run at the same time; one controller's run one at a time unless configured.
    for (const fn of this.pkg.funcs.values()) {
      if (!isReconcile(fn)) continue;
      const reg = this.reconcilers.get(fn.recvType!);
      const workers = reg ? `MaxConcurrentReconciles: ${reg.workers} at ${reg.at}` : undefined;
      const t = this.walkRoot(fn, 'handler', reg?.multi ?? false, `Reconcile of ${fn.display.replace(/\.Reconcile$/, '')}${workers ? ` (${workers})` : ''}`, 'in a concurrent Reconcile');
      if (t && workers) t.instancesWhy = workers;
      frameworkRoots.add(fn);
    }
    // 2. Exported methods of types shared with goroutines may be called from any goroutine.
    for (const fn of this.pkg.funcs.values()) {
      if (!fn.recvType || !fn.exported || frameworkRoots.has(fn) || this.callbacks.has(fn) || isSetupMethod(fn) || this.calledOnlyLocked(fn)) continue;
      const guarded = this.isGuardedType(fn.recvType);
      if (!guarded && !this.sharedTypes.has(fn.recvType)) continue;
      this.walkRoot(fn, 'api', guarded, `exported method ${fn.display} (callable from any goroutine)`);
    }
    // Accesses recorded before a loop's spawn ran point at its placeholder: resolve to the real threads.
    for (const a of this.accesses) {
      for (const id of [...a.concurrentWith]) {
        if (id >= 0) continue;
        a.concurrentWith.delete(id);
        for (const t of this.placeholders.get(id) ?? []) a.concurrentWith.add(t);
      }
      // A `*sync.Mutex` field pointed at another struct's mutex (`mu: &t.mu`) is that mutex.
      if (this.lockAliases.size && [...a.locks.keys()].some((k) => this.lockAliases.has(k))) {
        a.locks = new Map([...a.locks].map(([k, m]) => [this.lockAliases.get(k) ?? k, m]));
      }
    }
  }

  allThreads(): readonly Thread[] {
    return this.threads;
  }

  threadById(id: number): Thread | undefined {
    return this.threads[id - 1];
  }

  /** A struct whose map fields are accessed under one of its own locks is meant for concurrent use. */
  private isGuardedType(type: string): boolean {
    for (const [field, locks] of this.guardedFields) {
      if (fieldKeyOwner(field) !== type) continue;
      for (const l of locks) if (fieldKeyOwner(l) === type) return true;
    }
    return false;
  }

  private newThread(kind: ThreadKind, multi: boolean, label: string, site?: Range): Thread {
    const t: Thread = { id: this.threads.length + 1, kind, multi, label, sends: new Set(), instanceLocal: new Set() };
    if (site) t.site = site;
    this.threads.push(t);
    return t;
  }

  private newFlow(): Flow {
    return { id: ++this.nextUid, active: new Set(), started: new Set(), loopSpawns: [], epoch: 0 };
  }

  private walkRoot(fn: FuncDecl, kind: ThreadKind, multi: boolean, label: string, instances?: string): Thread | undefined {
    const body = fn.node.childForFieldName('body');
    if (!body) return undefined;
    const thread = this.newThread(kind, multi, label, rangeOf(fn.file, fn.node.childForFieldName('name') ?? fn.node));
    if (instances) thread.instances = instances;
    if (kind === 'flow' && fn.exported) thread.exportedRoot = true;
    const scope = new Scope();
    const frame = this.frame(fn.file, fn.display, thread, this.newFlow(), new Map(), 0, [], new Set([fn.key]));
    frame.spawns = fn.spawns;
    this.methodContext(frame, fn);
    this.declareParams(fn, scope, frame, []);
    this.walkBody(body, scope, frame);
    this.scopeJoined(frame.flow, thread);
    return thread;
  }

  /** Goroutines a flow started and joined again live inside the thread that ran the flow. */
  private scopeJoined(flow: Flow, owner: Thread): void {
    for (const id of flow.started) {
      const t = this.threads[id - 1];
      if (t && !flow.active.has(id) && !t.scopedIn) t.scopedIn = owner;
    }
  }

  private frame(file: PkgFile, func: string, thread: Thread, flow: Flow, locks: Map<string, 'w' | 'r'>, depth: number, path: Frame['path'], visiting: Set<string>): Frame {
    return { file, func, thread, flow, locks, deferredUnlocks: [], depth, path, loopDepth: 0, loopScopes: [], terminated: false, visiting, spawns: true };
  }

  private methodContext(f: Frame, fn: FuncDecl): void {
    if (fn.recvType) f.recvType = fn.recvType;
    if (fn.recvName) f.recvName = fn.recvName;
  }

  private declareParams(fn: FuncDecl, scope: Scope, f: Frame, args: (Storage | undefined)[], recvStorage?: Storage, shared: (SharedSource | undefined)[] = [], owners?: { recv?: string | undefined; args: (string | undefined)[] }): void {
    if (fn.recvName && fn.recvType) {
      const t: GoType = { k: 'named', pkg: '', name: fn.recvType, args: [] };
      const v = this.newVar(f, fn.recvPtr ? { k: 'ptr', elem: t } : t);
      if (recvStorage) v.alias = recvStorage;
      if (owners?.recv) v.owner = owners.recv;
      scope.vars.set(fn.recvName, v);
    }
    fn.params.forEach((p, i) => {
      const v = this.newVar(f, p.type);
      const a = args[i];
      if (a) v.alias = a;
      const sh = shared[i];
      if (sh) v.shared = sh;
      const owner = owners?.args[i];
      if (owner) v.owner = owner;
      scope.vars.set(p.name, v);
    });
  }

  private uid(): string {
    return `v${++this.nextUid}`;
  }

  /** A new variable; inside a goroutine, handler or API call it belongs to that one instance. */
  private newVar(f: Frame, type: GoType): VarInfo {
    const v: VarInfo = { uid: this.uid(), type };
    if (f.thread.kind !== 'flow') f.thread.instanceLocal.add(v.uid);
    return v;
  }

  // ---- statements -------------------------------------------------------------------------------

  private walkBody(block: Node, scope: Scope, f: Frame): void {
    this.walkStmt(block, scope, f);
    for (const key of f.deferredUnlocks) f.locks.delete(key);
  }

  private walkStmt(node: Node | null, scope: Scope, f: Frame): void {
    if (!node || f.terminated) return;
    if (++this.steps > STEP_BUDGET * 10) return;
    switch (node.type) {
      case 'block': {
        const inner = new Scope(scope);
        for (const c of node.namedChildren) this.walkStmt(c, inner, f);
        return;
      }
      case 'statement_list':
        for (const c of node.namedChildren) {
          this.walkStmt(c, scope, f);
          if (f.terminated) return;
        }
        return;
      case 'short_var_declaration':
        return this.declare(node.childForFieldName('left'), node.childForFieldName('right'), undefined, scope, f);
      case 'var_declaration':
        for (const spec of node.descendantsOfType('var_spec')) {
          if (spec) this.declare(spec, spec.childForFieldName('value'), spec.childForFieldName('type'), scope, f);
        }
        return;
      case 'assignment_statement':
        return this.assign(node, scope, f);
      case 'inc_statement':
      case 'dec_statement': {
        const target = node.namedChild(0);
        if (target?.type === 'index_expression' && this.mapAccess(target, 'write', scope, f)) {
          this.walkExpr(target.childForFieldName('index'), scope, f);
        } else this.walkExpr(target, scope, f);
        return;
      }
      case 'expression_statement':
        return this.walkExpr(node.namedChild(0), scope, f);
      case 'go_statement': {
        const call = node.namedChild(0);
        if (call?.type !== 'call_expression') return;
        this.walkArgs(call, scope, f, true);
        // `go wait.Until(c.worker, ...)`: the goroutine is the callback.
        const callback = this.runnerCallback(call, scope, f);
        if (callback) this.spawn(callback, undefined, node, scope, f, 'goroutine', 'goroutine started here');
        else this.spawn(call.childForFieldName('function'), call, node, scope, f, 'goroutine', 'goroutine started here');
        return;
      }
      case 'defer_statement':
        return this.deferStmt(node.namedChild(0), scope, f);
      case 'if_statement':
        return this.ifStmt(node, scope, f);
      case 'for_statement':
        return this.forStmt(node, scope, f);
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
        return this.switchStmt(node, scope, f);
      case 'return_statement':
        for (const c of node.namedChildren) this.walkExpr(c, scope, f);
        if (f.returnedLocks) this.returnedUnlocks(node, scope, f);
        f.terminated = true;
        return;
      case 'send_statement': {
        const ch = this.storageOf(node.childForFieldName('channel'), scope, f);
        if (ch) f.thread.sends.add(ch.key);
        this.walkExpr(node.childForFieldName('value'), scope, f);
        return;
      }
      case 'labeled_statement':
        return this.walkStmt(node.namedChildren[node.namedChildren.length - 1] ?? null, scope, f);
      case 'receive_statement': {
        const right = node.childForFieldName('right');
        this.walkExpr(right, scope, f);
        for (const id of node.childForFieldName('left')?.namedChildren ?? []) {
          if (id?.type === 'identifier') scope.vars.set(id.text, this.newVar(f, UNKNOWN));
        }
        return;
      }
      case 'break_statement':
      case 'continue_statement':
      case 'goto_statement':
        f.terminated = true;
        return;
      case 'const_declaration':
      case 'type_declaration':
      case 'comment':
      case 'empty_statement':
      case 'fallthrough_statement':
        return;
      default:
        for (const c of node.namedChildren) this.walkExpr(c, scope, f);
    }
  }

  private declare(left: Node | null, right: Node | null, typeNode: Node | null | undefined, scope: Scope, f: Frame): void {
    const values = right?.type === 'expression_list' ? right.namedChildren : right ? [right] : [];
    const names = left?.type === 'var_spec' ? left.childrenForFieldName('name') : (left?.namedChildren ?? []);
    // A literal bound to a name is walked where it is called (bindLiteral).
    for (const v of values) if (v?.type !== 'func_literal' || values.length !== names.length) this.walkExpr(v, scope, f);
    const declared = typeNode ? typeFromNode(typeNode, f.file.resolve) : undefined;
    const multi = values.length === 1 && names.length > 1 ? values[0]! : undefined;
    names.forEach((n, i) => {
      if (!n || n.type !== 'identifier' || n.text === '_') return;
      const value = multi ? undefined : (values[i] ?? null);
      let type = declared ?? (value ? this.typer.typeOf(value, scope, f) : UNKNOWN);
      if (multi && !declared) type = this.multiValueType(multi, i, scope, f);
      const existing = scope.vars.get(n.text);
      const info = this.newVar(f, type);
      if (existing && left?.type !== 'var_spec') info.uid = existing.uid;
      if (value && this.typer.isMapLike(type)) {
        const s = this.storageOf(value, scope, f);
        if (s) info.alias = s;
      }
      if (value?.type === 'func_literal') this.bindLiteral(info, value, scope, f);
      const from = value ?? (i === 0 ? multi : undefined);
      if (from && (isFreshObject(from) || this.fromContext(from))) info.fresh = true;
      const shared = from ? this.sharedOf(from, scope, f) : undefined;
      if (shared) {
        info.shared = shared;
        if (this.objectMap(from!, scope, f)) info.sharedMap = true;
      }
      scope.vars.set(n.text, info);
    });
  }

  private multiValueType(value: Node, i: number, scope: Scope, f: Frame): GoType {
    if (value.type === 'index_expression' && i === 0) return this.typer.typeOf(value, scope, f);
    if (value.type === 'call_expression') return this.typer.callResults(value, scope, f)[i] ?? UNKNOWN;
    return UNKNOWN;
  }

  private assign(node: Node, scope: Scope, f: Frame): void {
    const right = node.childForFieldName('right');
    const lefts = node.childForFieldName('left')?.namedChildren ?? [];
    right?.namedChildren.forEach((r, i) => {
      const l = lefts[i];
      const bound = r?.type === 'func_literal' && l?.type === 'identifier' && !!scope.lookup(l.text);
      if (!bound) this.walkExpr(r, scope, f);
    });
    lefts.forEach((l, i) => {
      if (!l) return;
      if (l.type === 'index_expression' && this.mapAccess(l, 'write', scope, f)) {
        this.walkExpr(l.childForFieldName('index'), scope, f);
        return;
      }
      const value = right?.namedChildren[i];
      if (value) this.noteCond(l, value, scope, f);
      if (l.type === 'selector_expression') {
        // `s.m = nil` (or a new map): locals copied from s.m keep the old map, which s no longer reaches.
        const field = this.storageOf(l, scope, f);
        if (field && !field.via) {
          for (let sc: Scope | undefined = scope; sc; sc = sc.parent) {
            for (const v of sc.vars.values()) if (v.alias?.key === field.key) delete v.alias;
          }
        }
        if (value) this.repointField(l, value, scope, f);
      }
      if (l.type === 'identifier') {
        // `m = c.cache` re-points a local at other storage.
        const v = scope.lookup(l.text);
        if (v && value && this.typer.isMapLike(v.type)) {
          const s = this.storageOf(value, scope, f);
          if (s) v.alias = s;
          else delete v.alias;
        }
        if (v && value?.type === 'func_literal') this.bindLiteral(v, value, scope, f);
        if (v && value) {
          // `pod = pod.DeepCopy()`: the variable now holds the controller's own copy (or another shared object);
          // assigned in a branch, it may still hold the shared one after it.
          const shared = this.sharedOf(value, scope, f);
          scope.setShared(v, l.text, shared ? { shared, sharedMap: this.objectMap(value, scope, f) } : {});
        }
        return;
      }
      this.walkExpr(l, scope, f);
    });
  }

  private deferStmt(call: Node | null, scope: Scope, f: Frame): void {
    if (call?.type !== 'call_expression') return this.walkExpr(call, scope, f);
    const fn = call.childForFieldName('function');
    const lock = this.lockOp(call, scope, f);
    if (lock && (lock.op === 'Unlock' || lock.op === 'RUnlock')) {
      f.deferredUnlocks.push(lock.key);
      return;
    }
    if (fn?.type === 'func_literal') {
      // defer func() { mu.Unlock() }(): unlocks at return; other work happens at return too.
      for (const c of fn.descendantsOfType('call_expression')) {
        const l = c ? this.lockOp(c, scope, f) : undefined;
        if (l && (l.op === 'Unlock' || l.op === 'RUnlock')) f.deferredUnlocks.push(l.key);
      }
      return;
    }
    // defer c.unlock(): a helper that releases locks does so at return, not now.
    const b = this.branch(f);
    this.walkExpr(call, scope, b);
    for (const key of f.locks.keys()) if (!b.locks.has(key)) f.deferredUnlocks.push(key);
  }

  private branch(f: Frame): Frame {
    return { ...f, locks: new Map(f.locks), deferredUnlocks: [...f.deferredUnlocks], terminated: false };
  }

  /**
   * After branches (whether each falls through, and its scope): a variable that a branch re-pointed holds a shared
   * object after them if it does at the end of any branch that falls through (`if notFound { pod = create() }`
   * leaves the lister's pod in `pod` on the other path), and the controller's own object if at the end of all.
   * Each branch has been ended (`endBranch`) right after it was walked, so that the next starts from the same state.
   */
  private mergeBranches(scope: Scope, branches: [boolean, Scope][]): void {
    const names = new Map<VarInfo, string>();
    for (const [, s] of branches) for (const [v, t] of s.touched ?? []) names.set(v, t.name);
    const live = branches.filter(([falls]) => falls).map(([, s]) => s);
    if (live.length === 0) return;
    for (const [v, name] of names) {
      const ends = live.map((s) => s.ends?.get(v) ?? sharedState(v));
      scope.setShared(v, name, ends.find((e) => e.shared) ?? {});
    }
  }

  /** After branches: the locks held on every path that falls through. */
  private merge(f: Frame, ends: Frame[]): void {
    const live = ends.filter((e) => !e.terminated);
    if (live.length === 0) {
      // Every path left (return/break): nothing after this statement runs from here.
      f.terminated = ends.length > 0 && ends.every((e) => e.terminated);
      return;
    }
    const merged = new Map(live[0]!.locks);
    for (const e of live.slice(1)) {
      for (const [k, m] of merged) {
        const o = e.locks.get(k);
        if (!o) merged.delete(k);
        else if (o !== m) merged.set(k, 'r');
      }
    }
    f.locks.clear();
    for (const [k, m] of merged) f.locks.set(k, m);
    for (const e of ends) for (const d of e.deferredUnlocks) if (!f.deferredUnlocks.includes(d)) f.deferredUnlocks.push(d);
  }

  private ifStmt(node: Node, scope: Scope, f: Frame): void {
    const inner = new Scope(scope);
    this.walkStmt(node.childForFieldName('initializer'), inner, f);
    this.walkExpr(node.childForFieldName('condition'), inner, f);
    const then = this.branch(f);
    const thenScope = Scope.conditional(inner);
    this.walkStmt(node.childForFieldName('consequence'), thenScope, then);
    thenScope.endBranch();
    const alt = node.childForFieldName('alternative');
    const other = this.branch(f);
    const otherScope = Scope.conditional(inner);
    if (alt) this.walkStmt(alt, otherScope, other);
    otherScope.endBranch();
    this.merge(f, [then, other]);
    this.mergeBranches(inner, [[!then.terminated, thenScope], [!other.terminated, otherScope]]);
    f.terminated = then.terminated && other.terminated && !!alt;
  }

  private switchStmt(node: Node, scope: Scope, f: Frame): void {
    const inner = new Scope(scope);
    this.walkStmt(node.childForFieldName('initializer'), inner, f);
    this.walkExpr(node.childForFieldName('value'), inner, f);
    const ends: Frame[] = [];
    const cases: [Frame, Scope][] = [];
    let hasDefault = false;
    for (const c of node.namedChildren) {
      if (!c || !/case$/.test(c.type)) continue;
      if (c.type === 'default_case') hasDefault = true;
      const b = this.branch(f);
      const caseScope = Scope.conditional(inner);
      cases.push([b, caseScope]);
      for (const part of c.namedChildren) {
        if (!part) continue;
        if (part.type === 'statement_list') this.walkStmt(part, caseScope, b);
        else if (part.type === 'receive_statement' || part.type === 'send_statement') this.walkStmt(part, caseScope, b);
        else this.walkExpr(part, caseScope, b);
      }
      caseScope.endBranch();
      // break inside a switch case ends the case, not the function.
      if (b.terminated && lastStmtType(c) === 'break_statement') b.terminated = false;
      ends.push(b);
    }
    if (!hasDefault || node.type === 'select_statement') {
      const none = this.branch(f);
      ends.push(none);
      cases.push([none, Scope.conditional(inner)]);
    }
    this.merge(f, ends);
    this.mergeBranches(inner, cases.map(([b, sc]) => [!b.terminated, sc]));
    f.terminated = false;
  }

  private forStmt(node: Node, scope: Scope, f: Frame): void {
    const inner = new Scope(scope);
    const body = node.childForFieldName('body');
    const rc = node.namedChildren.find((c) => c?.type === 'range_clause');
    // Goroutines started anywhere in the loop overlap with the whole loop body (later iterations).
    const loopSpawns = new Set<number>();
    if (f.spawns) for (const site of spawnSites(body, this.lib.rootNames)) loopSpawns.add(this.spawnId(f.file, site));
    f.flow.loopSpawns.push(loopSpawns);
    f.loopDepth++;
    f.loopScopes.push(inner);
    if (rc) {
      const right = rc.childForFieldName('right');
      const t = this.typer.typeOf(right, scope, f);
      if (this.typer.isMapLike(t) && right) this.mapAccess(right, 'iterate', scope, f, true);
      else this.walkExpr(right, scope, f);
      if (t.k === 'chan') this.receive(right, scope, f);
      const names = rc.childForFieldName('left')?.namedChildren ?? [];
      const d = deref(t);
      const elemTypes: GoType[] = d.k === 'map' ? [d.key, d.value] : d.k === 'slice' ? [UNKNOWN, d.elem] : d.k === 'chan' ? [d.elem] : [];
      const shared = right ? this.sharedOf(right, scope, f) : undefined;
      names.forEach((n, i) => {
        if (n?.type !== 'identifier') return;
        const v = this.newVar(f, elemTypes[i] ?? UNKNOWN);
        if (shared && i === names.length - 1) v.shared = shared;
        inner.vars.set(n.text, v);
      });
    } else {
      const clause = node.namedChildren.find((c) => c?.type === 'for_clause');
      if (clause) {
        this.walkStmt(clause.childForFieldName('initializer'), inner, f);
        this.walkExpr(clause.childForFieldName('condition'), inner, f);
      } else {
        const cond = node.namedChildren.find((c) => c && c.id !== body?.id && c.type !== 'comment');
        if (cond) this.walkExpr(cond, inner, f);
      }
    }
    const b = this.branch(f);
    const bodyScope = Scope.conditional(inner);
    this.walkStmt(body, bodyScope, b);
    bodyScope.endBranch();
    // The body may run no time, or end early (break, continue, return).
    this.mergeBranches(inner, [[true, bodyScope], [true, Scope.conditional(inner)]]);
    f.loopScopes.pop();
    f.loopDepth--;
    f.flow.loopSpawns.pop();
    // Spawns of the loop stay active after it; the lock state after a loop is the one before it.
    for (const d of b.deferredUnlocks) if (!f.deferredUnlocks.includes(d)) f.deferredUnlocks.push(d);
  }

  // ---- expressions ------------------------------------------------------------------------------

  private walkExpr(node: Node | null | undefined, scope: Scope, f: Frame): void {
    if (!node) return;
    if (++this.steps > STEP_BUDGET * 10) return;
    switch (node.type) {
      case 'index_expression': {
        if (this.mapAccess(node, 'read', scope, f)) {
          this.walkExpr(node.childForFieldName('index'), scope, f);
          return;
        }
        break;
      }
      case 'call_expression':
        return this.call(node, scope, f);
      case 'composite_literal': {
        const t = typeFromNode(node.childForFieldName('type'), f.file.resolve);
        const callbacks = callbackLiteral(t);
        if (callbacks) return this.spawnCallbacks(node, callbacks, scope, f);
        if (isControllerOptions(t)) this.controllerOptions(node, scope, f);
        this.mutexPointers(t, node, scope, f);
        break;
      }
      case 'func_literal': {
        // A closure not started as a goroutine: its body runs in this flow (callbacks, sort funcs, Once).
        const inner = new Scope(scope);
        const b = this.branch(f);
        this.declareLiteralParams(node, inner, f);
        this.walkStmt(node.childForFieldName('body'), inner, b);
        return;
      }
      case 'unary_expression': {
        if (node.childForFieldName('operator')?.text === '<-') {
          this.walkExpr(node.childForFieldName('operand'), scope, f);
          this.receive(node.childForFieldName('operand'), scope, f);
          return;
        }
        break;
      }
      case 'identifier': {
        // A closure variable used as a value (stored, passed to a library): its body runs from here on.
        const v = scope.lookup(node.text);
        if (v?.funcLit && !v.litWalked) {
          const lit = this.literalOf(v, scope);
          const b: Frame = { ...this.branch(f), file: lit.litFile ?? f.file };
          const inner = new Scope(lit.litScope);
          this.declareLiteralParams(lit.lit!, inner, b);
          this.walkStmt(lit.lit!.childForFieldName('body'), inner, b);
        }
        return;
      }
      case 'field_identifier':
      case 'interpreted_string_literal':
      case 'raw_string_literal':
      case 'int_literal':
      case 'float_literal':
      case 'true':
      case 'false':
      case 'nil':
        return;
    }
    for (const c of node.namedChildren) this.walkExpr(c, scope, f);
  }

  private declareLiteralParams(lit: Node, scope: Scope, f: Frame): void {
    for (const p of lit.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const t = typeFromNode(p.childForFieldName('type'), f.file.resolve);
      for (const n of p.childrenForFieldName('name')) if (n) scope.vars.set(n.text, this.newVar(f, t));
    }
  }

  private walkArgs(call: Node, scope: Scope, f: Frame, skipFuncLits = false): void {
    for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (skipFuncLits && a?.type === 'func_literal') continue;
      this.walkExpr(a, scope, f);
    }
  }

  private call(node: Node, scope: Scope, f: Frame): void {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a) ?? [];
    if (!fn) return;
    // Builtins.
    if (fn.type === 'identifier' && !scope.lookup(fn.text)) {
      const b = fn.text;
      if ((b === 'delete' || b === 'clear') && args[0]) {
        if (this.mapAccess(args[0], 'write', scope, f, true)) {
          for (const a of args.slice(1)) this.walkExpr(a, scope, f);
          return;
        }
      } else if (b === 'len' && args[0] && this.mapAccess(args[0], 'read', scope, f, true)) {
        return;
      } else if (b === 'close' && args[0]) {
        const ch = this.storageOf(args[0], scope, f);
        if (ch) f.thread.sends.add(ch.key);
        return;
      } else if (b === 'make' || b === 'new') return;
    }
    const root = this.configuredRoot(fn, scope, f);
    if (root && args[root.arg]) {
      if (fn.type === 'selector_expression') this.walkExpr(fn.childForFieldName('operand'), scope, f);
      for (const [i, a] of args.entries()) if (i !== root.arg) this.walkExpr(a, scope, f);
      return this.spawn(args[root.arg]!, undefined, node, scope, f, 'goroutine', `goroutine started by ${fn.text}`, { concurrent: root.concurrent });
    }
    // Locks and joins.
    const lock = this.lockOp(node, scope, f);
    if (lock) {
      this.lockNames.set(lock.key, lock.display);
      if (lock.op === 'Lock') f.locks.set(lock.key, 'w');
      else if (lock.op === 'RLock') {
        if (f.locks.get(lock.key) !== 'w') f.locks.set(lock.key, 'r');
      } else if (lock.op === 'TryLock') f.locks.set(lock.key, 'w');
      else f.locks.delete(lock.key);
      return;
    }
    if (fn.type === 'selector_expression') {
      const field = fn.childForFieldName('field')?.text ?? '';
      const operand = fn.childForFieldName('operand');
      const pkgPath = this.typer.packageOf(operand, scope, f);
      if (field === 'Wait' && args.length === 0) {
        this.walkExpr(operand, scope, f);
        return this.join(f);
      }
      if ((field === 'Go' || field === 'TryGo') && args.length === 1 && !pkgPath) {
        this.walkExpr(operand, scope, f);
        return this.spawn(args[0]!, undefined, node, scope, f, 'goroutine', `goroutine started by ${fn.text}`);
      }
      if (pkgPath === 'time' && field === 'AfterFunc' && args[1]) {
        this.walkExpr(args[0], scope, f);
        return this.spawn(args[1], undefined, node, scope, f, 'goroutine', 'time.AfterFunc callback scheduled here');
      }
      if ((field === 'HandleFunc' || field === 'Handle') && args.length === 2) {
        this.walkExpr(args[0], scope, f);
        return this.spawn(unwrapHandler(args[1]!), undefined, node, scope, f, 'handler', 'HTTP handler registered here');
      }
      if (pkgPath === 'net/http' && field === 'HandlerFunc' && args.length === 1) {
        return this.spawn(args[0]!, undefined, node, scope, f, 'handler', 'HTTP handler created here');
      }
      if (this.frameworkCall(node, field, operand, pkgPath, args, scope, f)) return;
      if (pkgPath) return this.libraryCall(pkgPath, field, args, node, scope, f);
      // A method of a package-level value of a library (`equality.Semantic.DeepEqual`).
      const base = operand?.type === 'selector_expression' ? operand.childForFieldName('operand') : null;
      const basePath = this.typer.packageOf(base, scope, f);
      const qualified = basePath ? `${operand!.childForFieldName('field')?.text}.${field}` : '';
      if (basePath && own(own(MAP_FUNCTIONS, basePath), qualified)) return this.libraryCall(basePath, qualified, args, node, scope, f);
      // Methods of library map types (sets.String.Insert, http.Header.Set, url.Values.Add).
      const recvType = this.typer.typeOf(operand, scope, f);
      const summary = this.lib.mapType(deref(recvType));
      if (summary && operand) {
        const kind = own(summary.methods, field);
        if (kind) {
          this.mapAccess(operand, kind, scope, f, true, fn);
          for (const a of args) this.walkExpr(a, scope, f);
          return;
        }
      }
    }
    // Callbacks (literals, variables holding one) are walked where the callee calls them, else after the call.
    const isCallback = (a: Node) => a.type === 'func_literal' || (a.type === 'identifier' && !!scope.lookup(a.text)?.funcLit);
    for (const a of args) if (!isCallback(a)) this.walkExpr(a, scope, f);
    if (fn.type === 'selector_expression') this.walkExpr(fn.childForFieldName('operand'), scope, f);
    // Calls into the package: follow them.
    const target = this.resolveCall(node, scope, f);
    if (target?.lit) {
      const litKey = `lit:${target.lit.id}`;
      // A closure called on the spot (`func() { mu.Lock(); defer mu.Unlock(); ... }()`) is a call:
      // its defers run when it returns. A closure that calls itself (`walk = func(...) { ... walk(c) }`) once.
      if (f.visiting.has(litKey)) return;
      const b: Frame = { ...this.branch(f), deferredUnlocks: [], file: target.litFile ?? f.file, visiting: new Set(f.visiting).add(litKey), returnedLocks: undefined };
      const inner = new Scope(target.litScope ?? scope);
      this.declareLiteralParams(target.lit, inner, f);
      this.walkBody(target.lit.childForFieldName('body')!, inner, b);
      f.locks = b.locks;
    } else if (target?.fn) {
      this.noteCallSite(target.fn, fn, scope, f);
      for (const a of args) if (a.type === 'func_literal') this.walkedLiterals.delete(a.id);
      // Not followed (too deep): the callee runs its callbacks, under its own locks, where it is walked from
      // shallower roots; walking them here, without those locks, would only invent races.
      if (!this.follow(target.fn, target.recv, args, node, scope, f)) return;
    }
    // Callbacks the callee did not call (or a library function's) run here, as far as we can tell.
    for (const a of args) {
      if (a.type === 'func_literal' ? !this.walkedLiterals.has(a.id) : isCallback(a)) this.walkExpr(a, scope, f);
    }
  }

  /**
   * A value read from a context (`req.Context().Value(key).(*T)`, or a function of the package that returns one, like
   * `GetLogData(req)`): what a middleware stored in the context of this request, the request's own object.
   */
  private fromContext(node: Node): boolean {
    if (isContextValue(node)) return true;
    if (node.type !== 'call_expression') return false;
    const fn = node.childForFieldName('function');
    const decl = fn?.type === 'identifier' ? this.pkg.funcs.get(fn.text) : undefined;
    if (!decl || decl.recvType || decl.results[0]?.k !== 'ptr') return false;
    let known = this.contextGetters.get(decl.key);
    if (known === undefined) this.contextGetters.set(decl.key, (known = returnsContextValue(decl.node)));
    return known;
  }

  private readonly contextGetters = new Map<string, boolean>();

  /** The variable uid that owns the object `node` points to, when one instance of this thread made it. */
  private ownerOf(node: Node, scope: Scope, f: Frame): string | undefined {
    if (node.type !== 'identifier' || f.thread.kind === 'flow') return undefined;
    const v = scope.lookup(node.text);
    if (!v) return undefined;
    return v.owner ?? (v.fresh && f.thread.instanceLocal.has(v.uid) ? v.uid : undefined);
  }

  // ---- objects shared with the informer cache (MR1004) -------------------------------------------

  /**
   * `x.F = value` on a local object: later `x.F` is the map `value` refers to (a reference copied out of another
   * object: writes through it reach that object), or x's own map when `value` makes a new one.
   */
  private repointField(l: Node, value: Node, scope: Scope, f: Frame): void {
    const operand = l.childForFieldName('operand');
    const field = l.childForFieldName('field')?.text;
    const v = operand?.type === 'identifier' ? scope.lookup(operand.text) : undefined;
    if (!v || !field) return;
    v.fields ??= new Map();
    const source = this.storageOf(value, scope, f);
    if (source && (source.kind !== 'local' || source.key.includes('.'))) v.fields.set(field, source);
    else if (isNewMap(value)) v.fields.set(field, null);
    else v.fields.delete(field);
  }

  /** The shared object an expression denotes or reaches into, if any. */
  private sharedOf(node: Node, scope: Scope, f: Frame, depth = 0): SharedSource | undefined {
    if (depth > 8) return undefined;
    switch (node.type) {
      case 'identifier':
        return scope.lookup(node.text)?.shared;
      case 'parenthesized_expression':
        return node.namedChild(0) ? this.sharedOf(node.namedChild(0)!, scope, f, depth + 1) : undefined;
      case 'unary_expression':
      case 'selector_expression':
      case 'index_expression':
      case 'type_assertion_expression': {
        const inner = node.childForFieldName('operand');
        return inner ? this.sharedOf(inner, scope, f, depth + 1) : undefined;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'selector_expression') return undefined;
        const recv = fn.childForFieldName('operand');
        const name = fn.childForFieldName('field')?.text ?? '';
        if (!recv) return undefined;
        // Getters of a shared object return its own maps (`GetLabels()`); copies are private.
        if (/^Get[A-Z]/.test(name) && !/Copy/.test(name)) {
          const s = this.sharedOf(recv, scope, f, depth + 1);
          if (s) return s;
        }
        if (this.isCacheReader(recv, name, scope, f, 0)) {
          const text = node.text.length > 60 ? `${fn.text.slice(0, 57)}...` : fn.text;
          return { what: `${text} at ${where(rangeOf(f.file, node))}`, at: rangeOf(f.file, node) };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private handlerArgs(site: Node, f: Frame): SharedSource {
    const at = rangeOf(f.file, site);
    return { what: `an argument of the event handler registered at ${where(at)}`, at };
  }

  /** `lister.Get/List`, `lister.Foos(ns).Get`, `indexer.GetByKey/List/ByIndex`, `informer.GetStore().List`. */
  private isCacheReader(recv: Node, method: string, scope: Scope, f: Frame, depth: number): boolean {
    if (depth > 3) return false;
    const reads = method === 'Get' || method === 'List' || method === 'GetByKey' || method === 'ByIndex' || method === 'ListKeys' || method === 'Index';
    if (!reads && depth === 0) return false;
    const t = deref(this.typer.typeOf(recv, scope, f));
    if (t.k === 'named') {
      if (t.pkg.includes('/listers/') || /Lister$/.test(t.name)) return true;
      if (t.pkg === 'k8s.io/client-go/tools/cache' && /^(Indexer|Store|ThreadSafeStore)$/.test(t.name)) return true;
      if (t.pkg !== '' || this.pkg.types.has(t.name)) return false;
    }
    if (recv.type === 'call_expression') {
      // `x.Lister()`, `x.GetStore()`, `x.GetIndexer()`, or a namespace lister `lister.Pods(ns)`.
      const fn = recv.childForFieldName('function');
      if (fn?.type !== 'selector_expression') return false;
      const name = fn.childForFieldName('field')?.text ?? '';
      if (name === 'Lister' || name === 'GetStore' || name === 'GetIndexer') return true;
      const inner = fn.childForFieldName('operand');
      return !!inner && /^[A-Z]/.test(name) && this.isCacheReader(inner, name, scope, f, depth + 1);
    }
    // A field or variable of a type not known here, named like one (`c.podLister`, `podsLister`, `c.indexer`).
    const name = recv.type === 'selector_expression' ? recv.childForFieldName('field')?.text : recv.type === 'identifier' ? recv.text : undefined;
    return !!name && /(Lister|[iI]ndexer)$/.test(name);
  }

  /** A write into a map of a shared object: recorded for MR1004 (and not paired as a race). */
  private sharedWrite(target: Node, at: Node, scope: Scope, f: Frame): boolean {
    const source = this.sharedOf(target, scope, f);
    if (!source || !this.objectMap(target, scope, f)) return false;
    const range = rangeOf(f.file, at);
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (!this.sharedWrites.has(key)) this.sharedWrites.set(key, { range, map: target.text, source, func: f.func, path: f.path });
    return true;
  }

  /** Whether an expression of a shared object is one of its maps (typed, or by the Kubernetes field names). */
  private objectMap(node: Node, scope: Scope, f: Frame): boolean {
    if (this.typer.isMapLike(this.typer.typeOf(node, scope, f))) return true;
    if (node.type === 'selector_expression') return OBJECT_MAP_FIELDS.has(node.childForFieldName('field')?.text ?? '');
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      return fn?.type === 'selector_expression' && OBJECT_MAP_GETTERS.has(fn.childForFieldName('field')?.text ?? '');
    }
    if (node.type === 'identifier') {
      const v = scope.lookup(node.text);
      return !!v?.sharedMap;
    }
    return false;
  }

  // ---- frameworks (frameworks.ts) ---------------------------------------------------------------

  /** `wait.Until(f, ...)` and friends: the func argument they run, if the call is one of them. */
  private runnerCallback(call: Node, scope: Scope, f: Frame): Node | undefined {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') return undefined;
    const operand = fn.childForFieldName('operand');
    const pkgPath = this.typer.packageOf(operand, scope, f);
    if (!isRunner(pkgPath, fn.childForFieldName('field')?.text ?? '')) return undefined;
    return call.childForFieldName('arguments')?.namedChildren.find((a): a is Node => !!a && (a.type === 'func_literal' || !!this.resolveFuncValue(a, scope, f)));
  }

  /**
   * Calls that hand a callback to a framework or run it here. Returns true when the call was handled.
   * `pkgPath` is set for `pkg.Func(...)`, `operand` is the receiver expression for `x.M(...)`.
   */
  private frameworkCall(node: Node, field: string, operand: Node | null, pkgPath: string | undefined, args: Node[], scope: Scope, f: Frame): boolean {
    if (pkgPath) {
      const label = own(own(CALLBACK_CALLS, pkgPath), field);
      if (label && args[0]) {
        this.spawn(args[0], undefined, node, scope, f, 'goroutine', label);
        return true;
      }
      if (isRunner(pkgPath, field)) {
        // The callback runs on this goroutine, one call at a time.
        for (const a of args) {
          if (a.type === 'func_literal') continue;
          const target = this.resolveFuncValue(a, scope, f);
          if (target?.fn) this.follow(target.fn, undefined, [], node, scope, f);
          else this.walkExpr(a, scope, f);
        }
        for (const a of args) if (a.type === 'func_literal') this.walkExpr(a, scope, f);
        return true;
      }
      return false;
    }
    if (!operand) return false;
    const registration = own(HANDLER_REGISTRATIONS, field);
    if (registration && args[0] && args[0].type !== 'composite_literal') {
      // An object whose OnAdd/OnUpdate/OnDelete the informer calls, one at a time, on its own goroutine.
      this.walkExpr(operand, scope, f);
      const t = deref(this.typer.typeOf(args[0], scope, f));
      if (t.k !== 'named' || t.pkg !== '') return false;
      for (const m of registration.methods) {
        const method = this.findMethod(t.name, m);
        if (method) this.spawn(method, undefined, node, scope, f, 'goroutine', registration.label, { sameAs: node, sharedArgs: this.handlerArgs(node, f) });
      }
      return true;
    }
    if (isWaitGroupStart(this.typer.typeOf(operand, scope, f), field)) {
      const fnArg = args[args.length - 1];
      if (fnArg) this.spawn(fnArg, undefined, node, scope, f, 'goroutine', `goroutine started by ${field}`);
      return true;
    }
    if (field === 'Add' && args.length === 1) {
      // mgr.Add(runnable): a manager runs the Start method of what it is given on its own goroutine.
      const t = deref(this.typer.typeOf(args[0], scope, f));
      const start = t.k === 'named' && t.pkg === '' ? this.findMethod(t.name, 'Start') : undefined;
      if (start && start.params.length === 1) {
        this.walkExpr(operand, scope, f);
        this.spawn(start, undefined, node, scope, f, 'goroutine', 'manager runnable added here');
        return true;
      }
    }
    // The builder's `Complete(r)` / `Build(r)` (or a wrapper's `Build(ctx, r)`) given a reconciler.
    const last = args[args.length - 1];
    if ((field === 'Complete' || field === 'Build') && last && (this.controllerBuilder(node) || this.isReconciler(last, scope, f))) {
      this.registerReconciler(last, this.maxConcurrentReconciles(node), node, scope, f);
      return false;
    }
    return false;
  }

  private spawnCallbacks(lit: Node, callbacks: CallbackLiteral, scope: Scope, f: Frame): void {
    for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') {
        this.walkExpr(el, scope, f);
        continue;
      }
      const key = el.childForFieldName('key')?.text ?? '';
      const value = el.childForFieldName('value')?.namedChild(0) ?? null;
      if (!value) continue;
      if (callbacks.fields.includes(key) && value.type !== 'nil') {
        const method = value.type === 'selector_expression' ? this.resolveFuncValue(value, scope, f)?.fn : undefined;
        if (method) this.callbacks.add(method);
        const opts: SpawnOptions = {};
        if (callbacks.sequential) opts.sameAs = lit;
        if (callbacks.cacheObjects) opts.sharedArgs = this.handlerArgs(lit, f);
        this.spawn(value, undefined, el, scope, f, 'goroutine', `${callbacks.label} (${key})`, opts);
      } else this.walkExpr(value, scope, f);
    }
  }

  /** The calls of a method chain `a.B(...).C(...).D(x)`, outermost first. */
  private chain(call: Node): Node[] {
    const out: Node[] = [];
    for (let n: Node | null = call; n?.type === 'call_expression'; ) {
      out.push(n);
      const fn: Node | null = n.childForFieldName('function');
      n = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
    }
    return out;
  }

  /** `ctrl.NewControllerManagedBy(mgr)...Complete(r)` (or builder.ControllerManagedBy). */
  private controllerBuilder(call: Node): boolean {
    return this.chain(call).some((c) => {
      const fn = c.childForFieldName('function');
      const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text;
      return name === 'NewControllerManagedBy' || name === 'ControllerManagedBy';
    });
  }

  /**
   * The MaxConcurrentReconciles value set in a builder chain's options, as written; the options value itself
   * when they come from elsewhere (`WithOptions(options)`: set by flags in main, so possibly more than one).
   */
  private maxConcurrentReconciles(call: Node): Node | undefined {
    for (const c of this.chain(call)) {
      const args = c.childForFieldName('arguments');
      for (const el of args?.descendantsOfType('keyed_element') ?? []) {
        if (el?.childForFieldName('key')?.text === 'MaxConcurrentReconciles') return el.childForFieldName('value') ?? undefined;
      }
      const fn = c.childForFieldName('function');
      const opts = args?.namedChild(0);
      if (fn?.type === 'selector_expression' && fn.childForFieldName('field')?.text === 'WithOptions' && opts && opts.type !== 'composite_literal') return opts;
    }
    return undefined;
  }

  /** `controller.Options{Reconciler: r, MaxConcurrentReconciles: n}` given to controller.New. */
  /** `&T{mu: &t.mu}`: T's `*sync.Mutex` field is t's mutex, whoever locks it through T. */
  private mutexPointers(t: GoType, lit: Node, scope: Scope, f: Frame): void {
    const decl = t.k === 'named' && t.pkg === '' ? this.pkg.types.get(t.name) : undefined;
    if (decl?.k !== 'struct' || t.k !== 'named') return;
    for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') continue;
      const key = el.childForFieldName('key')?.text;
      const field = decl.fields.find((x) => x.name === key);
      const value = el.childForFieldName('value')?.namedChild(0);
      if (!field || field.type.k !== 'ptr' || !isMutex(field.type) || value?.type !== 'unary_expression' || value.childForFieldName('operator')?.text !== '&') continue;
      const target = this.storageOf(value.childForFieldName('operand'), scope, f, true);
      if (!target) continue;
      // Pointed at different mutexes in different literals: not one mutex, no alias.
      const alias = fieldKey(t.name, field.name);
      this.lockAliases.set(alias, this.lockAliases.has(alias) && this.lockAliases.get(alias) !== target.key ? alias : target.key);
      if (!this.lockNames.has(target.key)) this.lockNames.set(target.key, value.text.slice(1));
    }
  }

  private controllerOptions(lit: Node, scope: Scope, f: Frame): void {
    let reconciler: Node | undefined;
    let workers: Node | undefined;
    for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
      if (el?.type !== 'keyed_element') continue;
      const key = el.childForFieldName('key')?.text;
      const value = el.childForFieldName('value') ?? undefined;
      if (key === 'Reconciler') reconciler = value?.namedChild(0) ?? undefined;
      if (key === 'MaxConcurrentReconciles') workers = value;
    }
    if (reconciler) this.registerReconciler(reconciler, workers, lit, scope, f);
  }

  private isReconciler(r: Node, scope: Scope, f: Frame): boolean {
    const t = deref(this.typer.typeOf(r, scope, f));
    if (t.k !== 'named' || t.pkg !== '') return false;
    const m = this.findMethod(t.name, 'Reconcile');
    return !!m && isReconcile(m);
  }

  private registerReconciler(r: Node, workers: Node | undefined, site: Node, scope: Scope, f: Frame): void {
    const t = deref(this.typer.typeOf(r, scope, f));
    if (t.k !== 'named' || t.pkg !== '') return;
    const text = workers?.text ?? '1';
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    // A count set at run time (a flag, a field) may be more than one.
    const prev = this.reconcilers.get(t.name);
    const multi = Number.isNaN(n) || n > 1 || !!prev?.multi;
    this.reconcilers.set(t.name, { multi, workers: text, at: where(rangeOf(f.file, site)) });
  }

  private libraryCall(pkgPath: string, name: string, args: Node[], node: Node, scope: Scope, f: Frame): void {
    const kinds = own(own(MAP_FUNCTIONS, pkgPath), name);
    const printed = pkgPath === 'fmt' && FMT_PRINTERS.has(name);
    args.forEach((a, i) => {
      const kind: AccessKind | undefined = kinds ? kinds[i] : printed ? 'iterate' : undefined;
      if (kind && this.typer.isMapLike(this.typer.typeOf(a, scope, f)) && this.mapAccess(a, kind, scope, f, true)) return;
      this.walkExpr(a, scope, f);
    });
    void node;
  }

  /**
   * Walks a call of a declared function; false when it is too deep to follow. `sharedArgs`: every parameter
   * holds an object shared with the informer cache (a handler the framework calls with cache objects).
   */
  private follow(fn: FuncDecl, recv: Storage | undefined, args: Node[], call: Node, scope: Scope, f: Frame, sharedArgs?: SharedSource): boolean {
    if (f.depth >= MAX_DEPTH || f.visiting.has(fn.key)) return false;
    const argShared = args.map((a) => sharedArgs ?? this.sharedOf(a, scope, f));
    const fnNode = call.type === 'call_expression' ? call.childForFieldName('function') : null;
    const recvNode = fnNode?.type === 'selector_expression' ? fnNode.childForFieldName('operand') : null;
    const owners = { recv: recvNode ? this.ownerOf(recvNode, scope, f) : undefined, args: args.map((a) => this.ownerOf(a, scope, f)) };
    if (sharedArgs) for (let i = args.length; i < fn.params.length; i++) argShared.push(sharedArgs);
    // Flows only need callees that start goroutines, or callees that run while goroutines are active (or that
    // are handed a shared object).
    const inFlow = f.thread.kind === 'flow' && f.flow.active.size === 0 && f.flow.loopSpawns.every((s) => s.size === 0);
    if (inFlow && !fn.spawns && !fn.locks && f.locks.size === 0 && !argShared.some(Boolean) && !this.spawnsTransitively(fn, new Set())) return true;
    const body = fn.node.childForFieldName('body');
    if (!body) return true;
    if (++this.steps > STEP_BUDGET) return false;
    const argStorage = args.map((a) => (this.typer.isMapLike(this.typer.typeOf(a, scope, f)) ? this.storageOf(a, scope, f) : undefined));
    const inner = new Scope();
    const visiting = new Set(f.visiting).add(fn.key);
    const callee = this.frame(fn.file, fn.display, f.thread, f.flow, new Map(f.locks), f.depth + 1, [...f.path, { range: rangeOf(f.file, call), message: `calls ${fn.display}` }], visiting);
    callee.spawns = fn.spawns;
    this.methodContext(callee, fn);
    this.declareParams(fn, inner, callee, argStorage, recv, argShared, owners);
    // Func literals passed in run where the callee calls them, under the callee's locks.
    args.forEach((a, i) => {
      const p = fn.params[i];
      const v = p ? inner.vars.get(p.name) : undefined;
      if (!v) return;
      if (a.type === 'func_literal') this.bindLiteral(v, a, scope, f);
      else if (a.type === 'identifier') {
        const src = scope.lookup(a.text);
        if (src?.funcLit) {
          v.funcLit = src.funcLit;
          v.funcScope = src.funcScope ?? scope;
          v.funcFile = src.funcFile ?? f.file;
          src.litWalked = true;
        }
      }
    });
    callee.returnedLocks = new Map();
    this.walkBody(body, inner, callee);
    f.locks = callee.locks;
    for (const [k, m] of callee.returnedLocks) f.locks.set(k, m);
    return true;
  }

  /** `return ..., x.mu.Unlock, ...` with x.mu held: the caller holds it after the call. */
  private returnedUnlocks(ret: Node, scope: Scope, f: Frame): void {
    const values = ret.namedChildren.flatMap((c) => (c?.type === 'expression_list' ? c.namedChildren : [c]));
    for (const v of values) {
      if (v?.type !== 'selector_expression') continue;
      const op = v.childForFieldName('field')?.text;
      if (op !== 'Unlock' && op !== 'RUnlock') continue;
      const lock = this.lockOf(v.childForFieldName('operand'), scope, f);
      const mode = lock && f.locks.get(lock.key);
      if (mode) f.returnedLocks?.set(lock.key, mode);
    }
  }

  /** Func literals whose body has been walked where they are called. */
  private readonly walkedLiterals = new Set<number>();

  private bindLiteral(v: VarInfo, lit: Node, scope: Scope, f: Frame): void {
    v.funcLit = lit;
    v.funcScope = scope;
    v.funcFile = f.file;
    v.litWalked = false;
  }

  /** The literal a variable holds, as a callee; calling it walks it, so it is not walked again as a value. */
  private literalOf(v: VarInfo, scope: Scope): Callee {
    v.litWalked = true;
    this.walkedLiterals.add(v.funcLit!.id);
    return { lit: v.funcLit!, litScope: v.funcScope ?? scope, litFile: v.funcFile };
  }

  /** Per method: how many call sites hold one of its receiver type's locks, and how many do not. */
  private readonly callSites = new Map<string, { locked: number; unlocked: number }>();

  /**
   * Counts a call of a method with or without a lock held: the receiver's own, or a lock of a struct the receiver
   * is part of (`s.locks[i].Lock(); s.hashes[i].Set(...)`, a stripe of a container that locks for its parts).
   */
  private noteCallSite(fn: FuncDecl, callee: Node, scope: Scope, f: Frame): void {
    if (!fn.recvType) return;
    const c = this.callSites.get(fn.key) ?? { locked: 0, unlocked: 0 };
    this.callSites.set(fn.key, c);
    if (f.locks.size === 0) {
      c.unlocked++;
      return;
    }
    const owners = new Set([fn.recvType]);
    for (let x = callee.type === 'selector_expression' ? callee.childForFieldName('operand') : null; x; ) {
      const t = deref(this.typer.typeOf(x, scope, f));
      if (t.k === 'named' && t.pkg === '') owners.add(t.name);
      x = x.type === 'selector_expression' || x.type === 'index_expression' ? x.childForFieldName('operand') : x.type === 'parenthesized_expression' ? x.namedChild(0) : null;
    }
    // The container's locks may be of a type of their own (`locks []stripeLock`, each embedding a RWMutex).
    for (const o of [...owners]) {
      const t = this.pkg.types.get(o);
      if (t?.k !== 'struct') continue;
      for (const field of t.fields) {
        let ft = field.type;
        while (ft.k === 'ptr' || ft.k === 'slice') ft = ft.elem;
        if (ft.k === 'named' && ft.pkg === '') owners.add(ft.name);
      }
    }
    if ([...f.locks.keys()].some((k) => owners.has(fieldKeyOwner(k) ?? ''))) c.locked++;
    else c.unlocked++;
  }

  /** A method every caller in the package calls with the receiver's lock held (e.g. `fooLocked`). */
  private calledOnlyLocked(fn: FuncDecl): boolean {
    const c = this.callSites.get(fn.key);
    return !!c && c.locked > 0 && c.unlocked === 0;
  }

  private readonly transitive = new Map<string, boolean>();

  private spawnsTransitively(fn: FuncDecl, seen: Set<string>): boolean {
    const known = this.transitive.get(fn.key);
    if (known !== undefined) return known;
    if (fn.spawns) return true;
    if (seen.has(fn.key) || seen.size > 6) return false;
    seen.add(fn.key);
    let result = false;
    for (const c of fn.node.descendantsOfType('call_expression')) {
      const callee = c?.childForFieldName('function');
      const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'selector_expression' ? callee.childForFieldName('field')?.text : undefined;
      if (!name) continue;
      for (const cand of this.byName(name)) {
        if (cand !== fn && this.spawnsTransitively(cand, seen)) {
          result = true;
          break;
        }
      }
      if (result) break;
    }
    this.transitive.set(fn.key, result);
    return result;
  }

  private nameIndex?: Map<string, FuncDecl[]>;

  private byName(name: string): FuncDecl[] {
    if (!this.nameIndex) {
      this.nameIndex = new Map();
      for (const fn of this.pkg.funcs.values()) {
        const list = this.nameIndex.get(fn.name) ?? [];
        list.push(fn);
        this.nameIndex.set(fn.name, list);
      }
    }
    return this.nameIndex.get(name) ?? [];
  }

  /** What a call's function expression refers to in this package. */
  private resolveCall(call: Node, scope: Scope, f: Frame): Callee | undefined {
    let fn = call.childForFieldName('function');
    if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = fn.namedChild(0);
    if (!fn) return undefined;
    if (fn.type === 'parenthesized_expression') fn = fn.namedChild(0);
    if (fn?.type === 'func_literal') return { lit: fn, litScope: scope };
    if (fn?.type === 'identifier') {
      const v = scope.lookup(fn.text);
      if (v?.funcLit) return this.literalOf(v, scope);
      if (v) return undefined;
      const decl = this.pkg.funcs.get(fn.text);
      return decl && !decl.recvType ? { fn: decl } : undefined;
    }
    if (fn?.type === 'selector_expression') {
      const operand = fn.childForFieldName('operand');
      const name = fn.childForFieldName('field')?.text ?? '';
      const t = deref(this.typer.typeOf(operand, scope, f));
      if (t.k !== 'named' || t.pkg !== '') return undefined;
      const m = this.findMethod(t.name, name);
      if (!m) return undefined;
      const recvIsMap = this.typer.isMapLike(t);
      const recv = recvIsMap && operand ? this.storageOf(operand, scope, f) : undefined;
      return recv ? { fn: m, recv } : { fn: m };
    }
    return undefined;
  }

  private findMethod(typeName: string, method: string, depth = 0): FuncDecl | undefined {
    const direct = this.pkg.funcs.get(`${typeName}.${method}`);
    if (direct || depth > 2) return direct;
    const t = this.pkg.types.get(typeName);
    if (t?.k !== 'struct') return undefined;
    for (const fld of t.fields) {
      if (!fld.embedded) continue;
      const e = deref(fld.type);
      if (e.k === 'named' && e.pkg === '') {
        const m = this.findMethod(e.name, method, depth + 1);
        if (m) return m;
      }
    }
    return undefined;
  }

  // ---- goroutines, joins, locks -----------------------------------------------------------------

  private spawnId(file: PkgFile, site: Node): number {
    const key = `${file.rel}:${site.startIndex}`;
    let id = this.spawnIds.get(key);
    if (id === undefined) {
      id = -(this.spawnIds.size + 1);
      this.spawnIds.set(key, id);
    }
    return id;
  }

  /**
   * Starts `target` (a func literal, a function or method name, a method value, a variable holding a
   * literal) as a new thread. `call` is the go statement's call (its arguments are passed to the target).
   */
  private spawn(target: Node | FuncDecl | null, call: Node | undefined, site: Node, scope: Scope, f: Frame, kind: 'goroutine' | 'handler', label: string, opts: SpawnOptions = {}): void {
    const { sameAs, sharedArgs, concurrent = false } = opts;
    if (!target) return;
    const inLoop = f.loopDepth > 0;
    const multi = kind === 'handler' || inLoop || f.thread.multi || concurrent;
    const thread = this.newThread(kind, multi, label, rangeOf(f.file, site));
    // Tie the thread to the placeholder id loops use, so accesses before it in the loop see it.
    const placeholder = this.spawnId(f.file, site);
    // Callbacks of one registration (`sameAs`, e.g. an informer's handler funcs) run on one goroutine.
    if (kind === 'goroutine') thread.spawnKey = `${f.file.rel}:${(sameAs ?? site).startIndex}`;
    const ids = this.placeholders.get(placeholder) ?? [];
    ids.push(thread.id);
    this.placeholders.set(placeholder, ids);
    for (const set of f.flow.loopSpawns) {
      if (set.has(placeholder)) set.add(thread.id);
    }
    thread.parentFlow = f.flow.id;
    thread.epoch = f.flow.epoch;
    const fresh = 'key' in target ? undefined : this.freshReceiverType(call?.childForFieldName('function') ?? target, scope, f);
    if (fresh) thread.freshType = fresh;
    // Variables declared inside the innermost loop belong to one iteration, hence to one goroutine.
    const loopScope = f.loopScopes[f.loopScopes.length - 1];
    if (loopScope) {
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        for (const v of s.vars.values()) thread.instanceLocal.add(v.uid);
        if (s === loopScope) break;
      }
    }
    const g: Frame = this.frame(f.file, f.func, thread, this.newFlow(), new Map(), f.depth, f.path, new Set(f.visiting));
    if ('key' in target) {
      // A method the framework calls (a registered handler object's OnAdd, a runnable's Start).
      this.callbacks.add(target);
      this.follow(target, undefined, [], site, scope, { ...g, depth: Math.max(0, f.depth - 1) }, sharedArgs);
      return this.afterSpawn(g, thread, f, kind);
    }
    let t = target;
    while (t.type === 'parenthesized_expression' && t.namedChild(0)) t = t.namedChild(0)!;
    const args = call?.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a) ?? [];
    if (t.type === 'func_literal') {
      const inner = new Scope(scope);
      const params = t.childForFieldName('parameters')?.namedChildren ?? [];
      let i = 0;
      for (const p of params) {
        if (!p) continue;
        const type = typeFromNode(p.childForFieldName('type'), f.file.resolve);
        for (const n of p.childrenForFieldName('name')) {
          if (!n) continue;
          const arg = args[i++];
          const v = this.newVar(g, type);
          const s = arg && this.typer.isMapLike(type) ? this.storageOf(arg, scope, f) : undefined;
          if (s) v.alias = s;
          if (sharedArgs) v.shared = sharedArgs;
          inner.vars.set(n.text, v);
        }
      }
      this.walkBody(t.childForFieldName('body')!, inner, g);
    } else {
      const fake = call ?? site;
      const resolved = call ? this.resolveCall(call, scope, f) : this.resolveFuncValue(t, scope, f);
      if (resolved?.lit) {
        const inner = new Scope(resolved.litScope ?? scope);
        this.walkBody(resolved.lit.childForFieldName('body')!, inner, resolved.litFile ? { ...g, file: resolved.litFile } : g);
      } else if (resolved?.fn) {
        this.follow(resolved.fn, resolved.recv, args, fake, scope, { ...g, depth: Math.max(0, f.depth - 1) }, sharedArgs);
      }
    }
    this.afterSpawn(g, thread, f, kind);
  }

  private afterSpawn(g: Frame, thread: Thread, f: Frame, kind: 'goroutine' | 'handler'): void {
    this.scopeJoined(g.flow, thread);
    if (kind === 'goroutine') {
      // Goroutines it started and did not wait for outlive it: whoever waits for the spawner's flow (an
      // errgroup shared by nested Go calls) waits for them too.
      for (const id of g.flow.active) this.startIn(f.flow, id);
      this.startIn(f.flow, thread.id);
    }
  }

  private startIn(flow: Flow, id: number): void {
    flow.active.add(id);
    flow.started.add(id);
  }

  /** `go x.run()` where x holds an object made in this function: the type whose fields are per-instance. */
  private freshReceiverType(fn: Node | null, scope: Scope, f: Frame): string | undefined {
    if (fn?.type !== 'selector_expression') return undefined;
    const x = fn.childForFieldName('operand');
    if (x?.type !== 'identifier' || !scope.lookup(x.text)?.fresh) return undefined;
    // In a loop, the object is per goroutine only when it is made in the iteration (not shared by all of them).
    const loopScope = f.loopScopes[f.loopScopes.length - 1];
    if (loopScope && f.loopDepth > 0) {
      let own = false;
      for (let s: Scope | undefined = scope; s; s = s.parent) {
        if (s.vars.has(x.text)) {
          own = true;
          break;
        }
        if (s === loopScope) break;
      }
      if (!own) return undefined;
    }
    const t = deref(this.typer.typeOf(x, scope, f));
    return t.k === 'named' && t.pkg === '' ? t.name : undefined;
  }

  /** A function value (`c.worker`, `worker`, `h`) used as a goroutine or handler. */
  private resolveFuncValue(node: Node, scope: Scope, f: Frame): Callee | undefined {
    if (node.type === 'identifier') {
      const v = scope.lookup(node.text);
      if (v?.funcLit) return this.literalOf(v, scope);
      const d = this.pkg.funcs.get(node.text);
      return d ? { fn: d } : undefined;
    }
    if (node.type === 'selector_expression') {
      const t = deref(this.typer.typeOf(node.childForFieldName('operand'), scope, f));
      if (t.k === 'named' && t.pkg === '') {
        const m = this.findMethod(t.name, node.childForFieldName('field')?.text ?? '');
        return m ? { fn: m } : undefined;
      }
    }
    if (node.type === 'call_expression') {
      // http.HandlerFunc(h) and similar conversions.
      const inner = node.childForFieldName('arguments')?.namedChild(0);
      return inner ? this.resolveFuncValue(inner, scope, f) : undefined;
    }
    return undefined;
  }

  private join(f: Frame): void {
    f.flow.active.clear();
    f.flow.epoch++;
  }

  private receive(chan: Node | null, scope: Scope, f: Frame): void {
    const ch = this.storageOf(chan, scope, f);
    if (!ch) return;
    for (const id of [...f.flow.active]) {
      const t = this.threads[id - 1];
      if (t?.sends.has(ch.key)) f.flow.active.delete(id);
    }
  }

  /** `s.cond = sync.NewCond(&s.mu)`: `s.cond.L` is `s.mu`. */
  private readonly condLocks = new Map<string, { key: string; display: string }>();

  private noteCond(target: Node, value: Node, scope: Scope, f: Frame): void {
    if (value.type !== 'call_expression') return;
    const fn = value.childForFieldName('function');
    if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'NewCond') return;
    if (this.typer.packageOf(fn.childForFieldName('operand'), scope, f) !== 'sync') return;
    const arg = value.childForFieldName('arguments')?.namedChild(0);
    const cond = this.storageOf(target, scope, f, true);
    const mu = this.storageOf(arg, scope, f, true);
    if (cond && mu && arg) this.condLocks.set(cond.key, { key: mu.key, display: arg.text.replace(/^&/, '') });
  }

  private lockOp(call: Node, scope: Scope, f: Frame): { op: string; key: string; display: string } | undefined {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') return undefined;
    const op = fn.childForFieldName('field')?.text ?? '';
    if (!LOCK_METHODS.has(op)) return undefined;
    if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) !== 0) return undefined;
    const lock = this.lockOf(fn.childForFieldName('operand'), scope, f);
    return lock && { op, ...lock };
  }

  /** The lock an expression denotes: `c.mu`, `c` with an embedded mutex, a sync.Cond's `L`. */
  private lockOf(operand: Node | null, scope: Scope, f: Frame): LockUse | undefined {
    if (!operand) return undefined;
    if (operand.type === 'selector_expression' && operand.childForFieldName('field')?.text === 'L') {
      const cond = this.storageOf(operand.childForFieldName('operand'), scope, f, true);
      const mu = cond && this.condLocks.get(cond.key);
      if (mu) return mu;
    }
    // An embedded mutex: `c.Lock()` locks the struct's Mutex field.
    const emb = this.types.embeddedMutex(deref(this.typer.typeOf(operand, scope, f)));
    if (emb) return { key: fieldKey(emb.owner, emb.field), display: `${operand.text}.${emb.field}` };
    const s = this.storageOf(operand, scope, f, true);
    return { key: s?.key ?? `text:${operand.text}`, display: operand.text };
  }

  // ---- storage and types ------------------------------------------------------------------------

  /** Records an access when `expr` (or `expr[k]` for index expressions) is a map. */
  private mapAccess(node: Node, kind: AccessKind, scope: Scope, f: Frame, whole = false, at?: Node): boolean {
    const target = whole ? node : node.childForFieldName('operand');
    if (!target) return false;
    if (kind === 'write' && this.sharedWrite(target, at ?? node, scope, f)) return true;
    const t = this.typer.typeOf(target, scope, f);
    if (!this.typer.isMapLike(t)) return false;
    // Walk inner expressions (e.g. `a[b][c]`: `a[b]` is a read of the outer map).
    if (target.type === 'index_expression') this.walkExpr(target, scope, f);
    else if (target.type === 'selector_expression') this.walkExpr(target.childForFieldName('operand'), scope, f);
    else if (target.type === 'call_expression') this.walkExpr(target, scope, f);
    const storage = this.storageOf(target, scope, f);
    if (!storage) return true;
    this.record(storage, kind, at ?? node, f, scope, target);
    return true;
  }

  private record(storage: Storage, kind: AccessKind, node: Node, f: Frame, scope?: Scope, target?: Node): void {
    if (storage.kind === 'field' && scope && target && this.otherInstance(target, f, scope)) return;
    // Lock evidence counts when an entry point of the package takes the lock on its own flow: a lock taken
    // only inside worker goroutines protects those workers, not the type's API.
    if (storage.kind === 'field' && f.thread.kind === 'flow' && f.thread.exportedRoot) {
      const locks = this.guardedFields.get(storage.key) ?? new Set<string>();
      for (const l of f.locks.keys()) locks.add(l);
      this.guardedFields.set(storage.key, locks);
    }
    if (storage.kind === 'field') {
      const owner = fieldKeyOwner(storage.key);
      if (owner && (f.thread.kind === 'goroutine' || f.thread.kind === 'handler')) this.sharedTypes.add(owner);
    }
    const concurrentWith = new Set<number>(f.flow.active);
    for (const s of f.flow.loopSpawns) for (const id of s) concurrentWith.add(id);
    if (f.thread.kind === 'flow' && concurrentWith.size === 0) return;
    this.accesses.push({
      storage,
      kind,
      range: rangeOf(f.file, node),
      thread: f.thread,
      locks: new Map(f.locks),
      concurrentWith,
      func: f.func,
      path: f.path,
    });
  }

  /**
   * In a method of T, `other.m` where `other` is another *T than the receiver (a copy target, a new value being
   * configured): another object, which type-based field keys cannot tell from the receiver's. Not recorded.
   */
  private otherInstance(node: Node, f: Frame, scope: Scope): boolean {
    const recvType = f.recvType;
    if (!recvType) return false;
    let base: Node | null = node;
    while (base && (base.type === 'selector_expression' || base.type === 'index_expression' || base.type === 'call_expression')) {
      base = base.type === 'call_expression' ? base.childForFieldName('function') : base.childForFieldName('operand');
    }
    if (base?.type !== 'identifier' || base.text === f.recvName) return false;
    const v = scope.lookup(base.text);
    const t = v ? deref(v.type) : undefined;
    return t?.k === 'named' && t.pkg === '' && t.name === recvType;
  }

  storageOf(node: Node | null | undefined, scope: Scope, f: Frame, anyType = false): Storage | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.storageOf(node.namedChild(0), scope, f, anyType);
      case 'unary_expression': {
        const op = node.childForFieldName('operator')?.text;
        return op === '*' || op === '&' ? this.storageOf(node.childForFieldName('operand'), scope, f, anyType) : undefined;
      }
      case 'identifier': {
        const v = scope.lookup(node.text);
        if (v) {
          if (v.alias) return { ...v.alias, expr: v.alias.kind === 'local' ? node.text : v.alias.expr };
          return { key: `local:${v.uid}`, kind: 'local', expr: node.text };
        }
        if (this.pkg.globals.has(node.text)) return { key: `global:${this.pkg.dir}.${node.text}`, kind: 'global', expr: node.text };
        return undefined;
      }
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field')?.text ?? '';
        const path = this.typer.packageOf(operand, scope, f);
        if (path) return { key: `global:${path}.${field}`, kind: 'global', expr: node.text };
        // `x.F` after `x.F = other.m`: the map of other.m; after `x.F = maps.Clone(...)`: x's own map.
        const v = operand?.type === 'identifier' ? scope.lookup(operand.text) : undefined;
        const repointed = v?.fields?.get(field);
        if (repointed) return { ...repointed, via: node.text };
        if (repointed === null) return { key: `local:${v!.uid}.${field}`, kind: 'local', expr: node.text };
        // A field of an object made by this instance of the thread (a planner a Reconcile made for itself).
        const made = operand ? this.ownerOf(operand, scope, f) : undefined;
        if (made) return { key: `local:${made}.${field}`, kind: 'local', expr: node.text };
        const owner = this.fieldOwner(deref(this.typer.typeOf(operand, scope, f)), field);
        if (owner && isQualifiedOwner(owner)) {
          // Another package's struct (a Pod, a ConfigMap): the object is the one the selector starts from, not every
          // value of the type; from unknown storage (a call's result) it is every value of the type.
          const root = this.storageOf(operand, scope, f, true);
          if (root && !root.key.startsWith('text:')) return { key: rootedFieldKey(root.key, owner, field), kind: root.kind, expr: node.text };
        }
        if (owner) return { key: fieldKey(owner, field), kind: 'field', expr: node.text };
        return anyType ? { key: `text:${node.text}`, kind: 'field', expr: node.text } : undefined;
      }
      case 'index_expression': {
        const operand = node.childForFieldName('operand');
        const inner = this.storageOf(operand, scope, f, anyType);
        if (!inner) return undefined;
        // `slots[i]` with an index of this goroutine instance (its parameter, its loop variable): its own slot.
        const index = node.childForFieldName('index');
        const iv = index?.type === 'identifier' ? scope.lookup(index.text) : undefined;
        if (iv && f.thread.instanceLocal.has(iv.uid) && this.typer.underlying(this.typer.typeOf(operand, scope, f)).k === 'slice') {
          return { key: `local:${iv.uid}@${inner.key}[]`, kind: 'local', expr: node.text };
        }
        return { key: `${inner.key}[]`, kind: inner.kind, expr: node.text };
      }
      default:
        return undefined;
    }
  }

  /** The struct type that declares `field` (directly or through embedding, across packages), as a key owner. */
  private fieldOwner(t: GoType, field: string): string | undefined {
    return this.types.field(t, field)?.owner;
  }

  /** A call the configuration declares as a goroutine root (`roots:` in .maprace.yaml), e.g. `pool.Submit(f)`. */
  private configuredRoot(fn: Node, scope: Scope, f: Frame): RootSummary | undefined {
    if (this.lib.roots.length === 0) return undefined;
    if (fn.type === 'identifier') return scope.lookup(fn.text) ? undefined : this.lib.root('', undefined, fn.text);
    const name = fn.childForFieldName('field')?.text ?? '';
    if (fn.type !== 'selector_expression' || !this.lib.rootNames.has(name)) return undefined;
    const operand = fn.childForFieldName('operand');
    const path = this.typer.packageOf(operand, scope, f);
    if (path) return this.lib.root(path, undefined, name);
    const t = deref(this.typer.typeOf(operand, scope, f));
    return t.k === 'named' ? this.lib.root(t.pkg, t.name, name) : undefined;
  }

}

/** An expression that makes a new map: `make(...)`, a literal, `maps.Clone(...)`, `x.DeepCopy()`. */
function isNewMap(n: Node): boolean {
  if (n.type === 'composite_literal') return true;
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text === 'make';
  const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  return name === 'Clone' || /^DeepCopy/.test(name ?? '');
}

/**
 * `req.Context().Value(key)` or `ctx.Value(key)` (a variable named `ctx`, as Go code names contexts), possibly
 * asserted to a type: a value stored in a context.
 */
function isContextValue(n: Node): boolean {
  while (n.type === 'type_assertion_expression' || n.type === 'parenthesized_expression') {
    const inner = n.type === 'parenthesized_expression' ? n.namedChild(0) : n.childForFieldName('operand');
    if (!inner) return false;
    n = inner;
  }
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Value') return false;
  if ((n.childForFieldName('arguments')?.namedChildCount ?? 0) !== 1) return false;
  const ctx = fn.childForFieldName('operand');
  if (ctx?.type === 'identifier') return ctx.text === 'ctx';
  return ctx?.type === 'call_expression' && ctx.childForFieldName('function')?.childForFieldName('field')?.text === 'Context';
}

/**
 * A function whose every return gives `nil` or a value read from a context (directly, or through a variable
 * declared from one: `if ld, ok := req.Context().Value(key).(*T); ok { return ld }`).
 */
function returnsContextValue(decl: Node): boolean {
  const body = decl.childForFieldName('body');
  if (!body) return false;
  const fromCtx = new Set<string>();
  for (const d of body.descendantsOfType('short_var_declaration')) {
    const right = d.childForFieldName('right')?.namedChild(0);
    const first = d.childForFieldName('left')?.namedChild(0);
    if (right && first && isContextValue(right)) fromCtx.add(first.text);
  }
  const returns = body.descendantsOfType('return_statement');
  if (returns.length === 0 || returns.length > 4) return false;
  let some = false;
  for (const r of returns) {
    const list = r.namedChild(0);
    const first = list?.type === 'expression_list' ? list.namedChild(0) : list;
    if (!first) return false;
    if (first.type === 'nil') continue;
    if ((first.type === 'identifier' && fromCtx.has(first.text)) || isContextValue(first)) some = true;
    else return false;
  }
  return some;
}

/** `&T{...}`, `T{...}`, `new(T)` or a `newX(...)`/`NewX(...)` constructor call. */
function isFreshObject(n: Node): boolean {
  if (n.type === 'composite_literal') return true;
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') return n.childForFieldName('operand')?.type === 'composite_literal';
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  return name === 'new' || /^[nN]ew[A-Z_]?/.test(name ?? '');
}

function lastStmtType(caseNode: Node): string | undefined {
  const list = caseNode.namedChildren.find((c) => c?.type === 'statement_list');
  const last = list?.namedChildren[list.namedChildren.length - 1];
  return last?.type;
}

function unwrapHandler(n: Node): Node {
  // http.HandlerFunc(h) → h
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.text.endsWith('HandlerFunc') && args.length === 1 && args[0]) return args[0];
  }
  return n;
}

export function rangeOf(file: PkgFile, node: Node): Range {
  return {
    file: file.rel,
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}
