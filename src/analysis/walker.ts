// Walks function bodies in program order and records every map access with the thread it runs in, the
// locks held, and the goroutines it can overlap with. Calls into the package's own functions and methods are
// followed (bounded depth); goroutine bodies are walked as new threads with no locks held.
import type { AccessKind, Range } from '../model.js';
import type { Node } from '../go/parser.js';
import type { FuncDecl, Package, PkgFile } from '../go/package.js';
import { staticType } from '../go/package.js';
import { FMT_PRINTERS, MAP_FUNCTIONS, constructorResult, mapTypeSummary } from '../go/summaries.js';
import { TypeLookup, isQualifiedOwner } from '../go/typelookup.js';
import { type GoType, UNKNOWN, deref, typeFromNode } from '../go/types.js';
import type { ModuleTypes } from '../go/universe.js';
import { type Access, type Storage, type Thread, type ThreadKind, fieldKey, fieldKeyOwner, rootedFieldKey } from './threads.js';

const MAX_DEPTH = 4;
const STEP_BUDGET = 400_000;

interface VarInfo {
  uid: string;
  type: GoType;
  /** The storage this variable refers to (a map variable copied from a field or passed as an argument). */
  alias?: Storage;
  /** A func literal assigned to the variable, so `go f()` can walk it. */
  funcLit?: Node;
  /** Holds an object created here (`&T{...}`, `T{}`, `new(T)`, `newT(...)`): not shared with other calls. */
  fresh?: boolean;
}

class Scope {
  readonly vars = new Map<string, VarInfo>();
  constructor(readonly parent?: Scope) {}
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
  private threads: Thread[] = [];
  private nextUid = 0;
  private steps = 0;
  private readonly spawnIds = new Map<string, number>();
  /** Loop-spawn placeholder id → the threads its spawn site started. */
  private readonly placeholders = new Map<number, number[]>();

  /** Types of this package and, with `modules`, of the packages it imports. */
  readonly types: TypeLookup;

  constructor(readonly pkg: Package, modules?: ModuleTypes) {
    this.types = new TypeLookup(pkg, modules);
  }

  run(): void {
    // 1. Every declared function, as its own flow: finds spawns, handlers and the ordering around them.
    for (const fn of this.pkg.funcs.values()) {
      if (fn.recvType && fn.name === 'ServeHTTP' && fn.params.length === 2) {
        this.walkRoot(fn, 'handler', true, `handler ${fn.display}`);
      }
      this.walkRoot(fn, 'flow', false, fn.display);
    }
    // 2. Exported methods of types shared with goroutines may be called from any goroutine.
    for (const fn of this.pkg.funcs.values()) {
      if (!fn.recvType || !fn.exported || fn.name === 'ServeHTTP' || this.calledOnlyLocked(fn)) continue;
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
    }
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

  private walkRoot(fn: FuncDecl, kind: ThreadKind, multi: boolean, label: string): void {
    const body = fn.node.childForFieldName('body');
    if (!body) return;
    const thread = this.newThread(kind, multi, label, rangeOf(fn.file, fn.node.childForFieldName('name') ?? fn.node));
    if (kind === 'flow' && fn.exported) thread.exportedRoot = true;
    const scope = new Scope();
    const frame = this.frame(fn.file, fn.display, thread, this.newFlow(), new Map(), 0, [], new Set([fn.key]));
    frame.spawns = fn.spawns;
    this.methodContext(frame, fn);
    this.declareParams(fn, scope, frame, []);
    this.walkBody(body, scope, frame);
    this.scopeJoined(frame.flow, thread);
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

  private declareParams(fn: FuncDecl, scope: Scope, f: Frame, args: (Storage | undefined)[], recvStorage?: Storage): void {
    if (fn.recvName && fn.recvType) {
      const t: GoType = { k: 'named', pkg: '', name: fn.recvType, args: [] };
      const v = this.newVar(f, fn.recvPtr ? { k: 'ptr', elem: t } : t);
      if (recvStorage) v.alias = recvStorage;
      scope.vars.set(fn.recvName, v);
    }
    fn.params.forEach((p, i) => {
      const v = this.newVar(f, p.type);
      const a = args[i];
      if (a) v.alias = a;
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
        if (call?.type === 'call_expression') {
          this.walkArgs(call, scope, f, true);
          this.spawn(call.childForFieldName('function'), call, node, scope, f, 'goroutine', 'goroutine started here');
        }
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
    for (const v of values) this.walkExpr(v, scope, f);
    const names = left?.type === 'var_spec' ? left.childrenForFieldName('name') : (left?.namedChildren ?? []);
    const declared = typeNode ? typeFromNode(typeNode, f.file.resolve) : undefined;
    const multi = values.length === 1 && names.length > 1 ? values[0]! : undefined;
    names.forEach((n, i) => {
      if (!n || n.type !== 'identifier' || n.text === '_') return;
      const value = multi ? undefined : (values[i] ?? null);
      let type = declared ?? (value ? this.typeOf(value, scope, f) : UNKNOWN);
      if (multi && !declared) type = this.multiValueType(multi, i, scope, f);
      const existing = scope.vars.get(n.text);
      const info = this.newVar(f, type);
      if (existing && left?.type !== 'var_spec') info.uid = existing.uid;
      if (value && this.isMapLike(type)) {
        const s = this.storageOf(value, scope, f);
        if (s) info.alias = s;
      }
      if (value?.type === 'func_literal') info.funcLit = value;
      if (value && isFreshObject(value)) info.fresh = true;
      scope.vars.set(n.text, info);
    });
  }

  private multiValueType(value: Node, i: number, scope: Scope, f: Frame): GoType {
    if (value.type === 'index_expression' && i === 0) return this.typeOf(value, scope, f);
    if (value.type === 'call_expression') return this.callResults(value, scope, f)[i] ?? UNKNOWN;
    return UNKNOWN;
  }

  private assign(node: Node, scope: Scope, f: Frame): void {
    const right = node.childForFieldName('right');
    for (const r of right?.namedChildren ?? []) this.walkExpr(r, scope, f);
    const lefts = node.childForFieldName('left')?.namedChildren ?? [];
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
        if (field) {
          for (let sc: Scope | undefined = scope; sc; sc = sc.parent) {
            for (const v of sc.vars.values()) if (v.alias?.key === field.key) delete v.alias;
          }
        }
      }
      if (l.type === 'identifier') {
        // `m = c.cache` re-points a local at other storage.
        const v = scope.lookup(l.text);
        if (v && value && this.isMapLike(v.type)) {
          const s = this.storageOf(value, scope, f);
          if (s) v.alias = s;
          else delete v.alias;
        }
        if (v && value?.type === 'func_literal') v.funcLit = value;
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
    this.walkStmt(node.childForFieldName('consequence'), inner, then);
    const alt = node.childForFieldName('alternative');
    const other = this.branch(f);
    if (alt) this.walkStmt(alt, inner, other);
    this.merge(f, [then, other]);
    f.terminated = then.terminated && other.terminated && !!alt;
  }

  private switchStmt(node: Node, scope: Scope, f: Frame): void {
    const inner = new Scope(scope);
    this.walkStmt(node.childForFieldName('initializer'), inner, f);
    this.walkExpr(node.childForFieldName('value'), inner, f);
    const ends: Frame[] = [];
    let hasDefault = false;
    for (const c of node.namedChildren) {
      if (!c || !/case$/.test(c.type)) continue;
      if (c.type === 'default_case') hasDefault = true;
      const b = this.branch(f);
      const caseScope = new Scope(inner);
      for (const part of c.namedChildren) {
        if (!part) continue;
        if (part.type === 'statement_list') this.walkStmt(part, caseScope, b);
        else if (part.type === 'receive_statement' || part.type === 'send_statement') this.walkStmt(part, caseScope, b);
        else this.walkExpr(part, caseScope, b);
      }
      // break inside a switch case ends the case, not the function.
      if (b.terminated && lastStmtType(c) === 'break_statement') b.terminated = false;
      ends.push(b);
    }
    if (!hasDefault || node.type === 'select_statement') ends.push(this.branch(f));
    this.merge(f, ends);
    f.terminated = false;
  }

  private forStmt(node: Node, scope: Scope, f: Frame): void {
    const inner = new Scope(scope);
    const body = node.childForFieldName('body');
    const rc = node.namedChildren.find((c) => c?.type === 'range_clause');
    // Goroutines started anywhere in the loop overlap with the whole loop body (later iterations).
    const loopSpawns = new Set<number>();
    if (f.spawns) for (const site of spawnSites(body)) loopSpawns.add(this.spawnId(f.file, site));
    f.flow.loopSpawns.push(loopSpawns);
    f.loopDepth++;
    f.loopScopes.push(inner);
    if (rc) {
      const right = rc.childForFieldName('right');
      const t = this.typeOf(right, scope, f);
      if (this.isMapLike(t) && right) this.mapAccess(right, 'iterate', scope, f, true);
      else this.walkExpr(right, scope, f);
      if (t.k === 'chan') this.receive(right, scope, f);
      const names = rc.childForFieldName('left')?.namedChildren ?? [];
      const d = deref(t);
      const elemTypes: GoType[] = d.k === 'map' ? [d.key, d.value] : d.k === 'slice' ? [UNKNOWN, d.elem] : d.k === 'chan' ? [d.elem] : [];
      names.forEach((n, i) => {
        if (n?.type === 'identifier') inner.vars.set(n.text, this.newVar(f, elemTypes[i] ?? UNKNOWN));
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
    this.walkStmt(body, inner, b);
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
      case 'identifier':
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
      const pkgPath = operand?.type === 'identifier' && !scope.lookup(operand.text) && !this.pkg.globals.has(operand.text) ? f.file.imports.get(operand.text) : undefined;
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
      if (pkgPath) return this.libraryCall(pkgPath, field, args, node, scope, f);
      // Methods of library map types (sets.String.Insert, http.Header.Set, url.Values.Add).
      const recvType = this.typeOf(operand, scope, f);
      const summary = mapTypeSummary(deref(recvType));
      if (summary && operand) {
        const kind = summary.methods[field];
        if (kind) {
          this.mapAccess(operand, kind, scope, f, true, fn);
          for (const a of args) this.walkExpr(a, scope, f);
          return;
        }
      }
    }
    for (const a of args) if (a.type !== 'func_literal') this.walkExpr(a, scope, f);
    if (fn.type === 'selector_expression') this.walkExpr(fn.childForFieldName('operand'), scope, f);
    // Calls into the package: follow them.
    const target = this.resolveCall(node, scope, f);
    if (target?.lit) {
      // A closure called on the spot (`func() { mu.Lock(); defer mu.Unlock(); ... }()`) is a call:
      // its defers run when it returns.
      const b: Frame = { ...this.branch(f), deferredUnlocks: [] };
      const inner = new Scope(target.litScope ?? scope);
      this.declareLiteralParams(target.lit, inner, f);
      this.walkBody(target.lit.childForFieldName('body')!, inner, b);
      f.locks = b.locks;
    } else if (target?.fn) {
      this.noteCallSite(target.fn, f);
      this.follow(target.fn, target.recv, args, node, scope, f);
    }
    for (const a of args) if (a.type === 'func_literal') this.walkExpr(a, scope, f);
  }

  private libraryCall(pkgPath: string, name: string, args: Node[], node: Node, scope: Scope, f: Frame): void {
    const kinds = MAP_FUNCTIONS[pkgPath]?.[name];
    const printed = pkgPath === 'fmt' && FMT_PRINTERS.has(name);
    args.forEach((a, i) => {
      const kind: AccessKind | undefined = kinds ? kinds[i] : printed ? 'iterate' : undefined;
      if (kind && this.isMapLike(this.typeOf(a, scope, f)) && this.mapAccess(a, kind, scope, f, true)) return;
      this.walkExpr(a, scope, f);
    });
    void node;
  }

  private follow(fn: FuncDecl, recv: Storage | undefined, args: Node[], call: Node, scope: Scope, f: Frame): void {
    if (f.depth >= MAX_DEPTH || f.visiting.has(fn.key)) return;
    // Flows only need callees that start goroutines, or callees that run while goroutines are active.
    const inFlow = f.thread.kind === 'flow' && f.flow.active.size === 0 && f.flow.loopSpawns.every((s) => s.size === 0);
    if (inFlow && !fn.spawns && !fn.locks && f.locks.size === 0 && !this.spawnsTransitively(fn, new Set())) return;
    const body = fn.node.childForFieldName('body');
    if (!body) return;
    if (++this.steps > STEP_BUDGET) return;
    const argStorage = args.map((a) => (this.isMapLike(this.typeOf(a, scope, f)) ? this.storageOf(a, scope, f) : undefined));
    const inner = new Scope();
    const visiting = new Set(f.visiting).add(fn.key);
    const callee = this.frame(fn.file, fn.display, f.thread, f.flow, new Map(f.locks), f.depth + 1, [...f.path, { range: rangeOf(f.file, call), message: `calls ${fn.display}` }], visiting);
    callee.spawns = fn.spawns;
    this.methodContext(callee, fn);
    this.declareParams(fn, inner, callee, argStorage, recv);
    this.walkBody(body, inner, callee);
    f.locks = callee.locks;
  }

  /** Per method: how many call sites hold one of its receiver type's locks, and how many do not. */
  private readonly callSites = new Map<string, { locked: number; unlocked: number }>();

  private noteCallSite(fn: FuncDecl, f: Frame): void {
    if (!fn.recvType) return;
    const c = this.callSites.get(fn.key) ?? { locked: 0, unlocked: 0 };
    if ([...f.locks.keys()].some((k) => fieldKeyOwner(k) === fn.recvType)) c.locked++;
    else c.unlocked++;
    this.callSites.set(fn.key, c);
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
  private resolveCall(call: Node, scope: Scope, f: Frame): { fn?: FuncDecl; recv?: Storage; lit?: Node; litScope?: Scope } | undefined {
    let fn = call.childForFieldName('function');
    if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = fn.namedChild(0);
    if (!fn) return undefined;
    if (fn.type === 'parenthesized_expression') fn = fn.namedChild(0);
    if (fn?.type === 'func_literal') return { lit: fn, litScope: scope };
    if (fn?.type === 'identifier') {
      const v = scope.lookup(fn.text);
      if (v?.funcLit) return { lit: v.funcLit };
      if (v) return undefined;
      const decl = this.pkg.funcs.get(fn.text);
      return decl && !decl.recvType ? { fn: decl } : undefined;
    }
    if (fn?.type === 'selector_expression') {
      const operand = fn.childForFieldName('operand');
      const name = fn.childForFieldName('field')?.text ?? '';
      const t = deref(this.typeOf(operand, scope, f));
      if (t.k !== 'named' || t.pkg !== '') return undefined;
      const m = this.findMethod(t.name, name);
      if (!m) return undefined;
      const recvIsMap = this.isMapLike(t);
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
  private spawn(target: Node | null, call: Node | undefined, site: Node, scope: Scope, f: Frame, kind: 'goroutine' | 'handler', label: string): void {
    if (!target) return;
    const inLoop = f.loopDepth > 0;
    const multi = kind === 'handler' || inLoop || f.thread.multi;
    const thread = this.newThread(kind, multi, label, rangeOf(f.file, site));
    // Tie the thread to the placeholder id loops use, so accesses before it in the loop see it.
    const placeholder = this.spawnId(f.file, site);
    if (kind === 'goroutine') thread.spawnKey = `${f.file.rel}:${site.startIndex}`;
    const ids = this.placeholders.get(placeholder) ?? [];
    ids.push(thread.id);
    this.placeholders.set(placeholder, ids);
    for (const set of f.flow.loopSpawns) {
      if (set.has(placeholder)) set.add(thread.id);
    }
    thread.parentFlow = f.flow.id;
    thread.epoch = f.flow.epoch;
    const fresh = this.freshReceiverType(call?.childForFieldName('function') ?? target, scope, f);
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
          const s = arg && this.isMapLike(type) ? this.storageOf(arg, scope, f) : undefined;
          if (s) v.alias = s;
          inner.vars.set(n.text, v);
        }
      }
      this.walkBody(t.childForFieldName('body')!, inner, g);
    } else {
      const fake = call ?? site;
      const resolved = call ? this.resolveCall(call, scope, f) : this.resolveFuncValue(t, scope, f);
      if (resolved?.lit) {
        const inner = new Scope(resolved.litScope ?? scope);
        this.walkBody(resolved.lit.childForFieldName('body')!, inner, g);
      } else if (resolved?.fn) {
        this.follow(resolved.fn, resolved.recv, args, fake, scope, { ...g, depth: Math.max(0, f.depth - 1) });
      }
    }
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
    const t = deref(this.typeOf(x, scope, f));
    return t.k === 'named' && t.pkg === '' ? t.name : undefined;
  }

  /** A function value (`c.worker`, `worker`, `h`) used as a goroutine or handler. */
  private resolveFuncValue(node: Node, scope: Scope, f: Frame): { fn?: FuncDecl; recv?: Storage; lit?: Node; litScope?: Scope } | undefined {
    if (node.type === 'identifier') {
      const v = scope.lookup(node.text);
      if (v?.funcLit) return { lit: v.funcLit };
      const d = this.pkg.funcs.get(node.text);
      return d ? { fn: d } : undefined;
    }
    if (node.type === 'selector_expression') {
      const t = deref(this.typeOf(node.childForFieldName('operand'), scope, f));
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
    if (f.file.imports.get(fn.childForFieldName('operand')?.text ?? '') !== 'sync') return;
    const arg = value.childForFieldName('arguments')?.namedChild(0);
    const cond = this.storageOf(target, scope, f, true);
    const mu = this.storageOf(arg, scope, f, true);
    if (cond && mu && arg) this.condLocks.set(cond.key, { key: mu.key, display: arg.text.replace(/^&/, '') });
  }

  private lockOp(call: Node, scope: Scope, f: Frame): { op: string; key: string; display: string } | undefined {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') return undefined;
    const op = fn.childForFieldName('field')?.text ?? '';
    if (!['Lock', 'Unlock', 'RLock', 'RUnlock', 'TryLock'].includes(op)) return undefined;
    if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) !== 0) return undefined;
    const operand = fn.childForFieldName('operand');
    if (!operand) return undefined;
    if (operand.type === 'selector_expression' && operand.childForFieldName('field')?.text === 'L') {
      const cond = this.storageOf(operand.childForFieldName('operand'), scope, f, true);
      const mu = cond && this.condLocks.get(cond.key);
      if (mu) return { op, ...mu };
    }
    // An embedded mutex: `c.Lock()` locks the struct's Mutex field.
    const emb = this.types.embeddedMutex(deref(this.typeOf(operand, scope, f)));
    if (emb) return { op, key: fieldKey(emb.owner, emb.field), display: `${operand.text}.${emb.field}` };
    const s = this.storageOf(operand, scope, f, true);
    return { op, key: s?.key ?? `text:${operand.text}`, display: operand.text };
  }

  // ---- storage and types ------------------------------------------------------------------------

  /** Records an access when `expr` (or `expr[k]` for index expressions) is a map. */
  private mapAccess(node: Node, kind: AccessKind, scope: Scope, f: Frame, whole = false, at?: Node): boolean {
    const target = whole ? node : node.childForFieldName('operand');
    if (!target) return false;
    const t = this.typeOf(target, scope, f);
    if (!this.isMapLike(t)) return false;
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

  private isMapLike(t: GoType): boolean {
    return this.types.isMapLike(t);
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
        if (operand?.type === 'identifier' && !scope.lookup(operand.text) && !this.pkg.globals.has(operand.text)) {
          const path = f.file.imports.get(operand.text);
          if (path) return { key: `global:${path}.${field}`, kind: 'global', expr: node.text };
        }
        const owner = this.fieldOwner(deref(this.typeOf(operand, scope, f)), field);
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
        const inner = this.storageOf(node.childForFieldName('operand'), scope, f, anyType);
        return inner ? { key: `${inner.key}[]`, kind: inner.kind, expr: node.text } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The struct type that declares `field` (directly or through embedding, across packages), as a key owner. */
  private fieldOwner(t: GoType, field: string): string | undefined {
    return this.types.field(t, field)?.owner;
  }

  private fieldType(t: GoType, field: string): GoType {
    return this.types.fieldType(t, field);
  }

  typeOf(node: Node | null | undefined, scope: Scope, f: Frame): GoType {
    if (!node) return UNKNOWN;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.typeOf(node.namedChild(0), scope, f);
      case 'identifier': {
        const v = scope.lookup(node.text);
        if (v) return v.type;
        return this.pkg.globals.get(node.text)?.type ?? UNKNOWN;
      }
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field')?.text ?? '';
        if (operand?.type === 'identifier' && !scope.lookup(operand.text) && !this.pkg.globals.has(operand.text)) {
          const path = f.file.imports.get(operand.text);
          return (path && this.types.varType(path, field)) || UNKNOWN;
        }
        return this.fieldType(deref(this.typeOf(operand, scope, f)), field);
      }
      case 'index_expression': {
        const t = this.underlying(this.typeOf(node.childForFieldName('operand'), scope, f));
        return t.k === 'map' ? t.value : t.k === 'slice' ? t.elem : UNKNOWN;
      }
      case 'composite_literal':
        return typeFromNode(node.childForFieldName('type'), f.file.resolve);
      case 'unary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const t = this.typeOf(node.childForFieldName('operand'), scope, f);
        if (op === '&') return t.k === 'unknown' ? t : { k: 'ptr', elem: t };
        if (op === '*') return t.k === 'ptr' ? t.elem : UNKNOWN;
        if (op === '<-') return t.k === 'chan' ? t.elem : UNKNOWN;
        return UNKNOWN;
      }
      case 'type_assertion_expression':
        return typeFromNode(node.childForFieldName('type'), f.file.resolve);
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.type === 'identifier' && !scope.lookup(fn.text)) {
          if (fn.text === 'make') return typeFromNode(args[0] ?? null, f.file.resolve);
          if (fn.text === 'new') return { k: 'ptr', elem: typeFromNode(args[0] ?? null, f.file.resolve) };
          if (this.pkg.types.has(fn.text)) return { k: 'named', pkg: '', name: fn.text, args: [] };
        }
        const st = staticType(node, f.file);
        if (st.k !== 'unknown') return st;
        if (fn?.type === 'selector_expression') {
          const operand = fn.childForFieldName('operand');
          const name = fn.childForFieldName('field')?.text ?? '';
          if (operand?.type === 'identifier' && !scope.lookup(operand.text)) {
            const path = f.file.imports.get(operand.text);
            if (path) return constructorResult(path, name) ?? (path === 'maps' && name === 'Clone' ? this.typeOf(args[0], scope, f) : (this.callResults(node, scope, f)[0] ?? UNKNOWN));
          }
          const rt = deref(this.typeOf(operand, scope, f));
          if (mapTypeSummary(rt) && (name === 'Clone' || name === 'Union' || name === 'Intersection' || name === 'Difference')) return rt;
        }
        return this.callResults(node, scope, f)[0] ?? UNKNOWN;
      }
      case 'func_literal':
        return { k: 'func', params: [], results: [] };
      default:
        return UNKNOWN;
    }
  }

  private underlying(t: GoType): GoType {
    return this.types.underlying(t);
  }

  /**
   * The result types of a call: a function or method of this package, a function of an imported package, a
   * method found on the operand's type (declared, promoted, or in an interface's method set, in any package),
   * or a function-typed value.
   */
  private callResults(call: Node, scope: Scope, f: Frame): GoType[] {
    const target = this.resolveCall(call, scope, f);
    if (target?.fn) return target.fn.results;
    let fn = call.childForFieldName('function');
    if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = fn.namedChild(0);
    if (fn?.type === 'selector_expression') {
      const operand = fn.childForFieldName('operand');
      const name = fn.childForFieldName('field')?.text ?? '';
      if (operand?.type === 'identifier' && !scope.lookup(operand.text) && !this.pkg.globals.has(operand.text)) {
        const path = f.file.imports.get(operand.text);
        // A function, or a conversion to one of the package's types (`labels.Set(m)`).
        if (path) return this.types.funcResults(path, name) ?? (this.types.decls(path)?.types.has(name) ? [{ k: 'named', pkg: path, name, args: [] }] : []);
      }
      return this.types.methodResults(this.typeOf(operand, scope, f), name) ?? [];
    }
    const t = fn?.type === 'identifier' ? scope.lookup(fn.text)?.type : undefined;
    return t?.k === 'func' ? t.results : [];
  }
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

/** Spawn sites lexically inside a node: go statements and X.Go(...)/AfterFunc(...) calls. */
function spawnSites(node: Node | null): Node[] {
  if (!node) return [];
  const sites: Node[] = [];
  for (const c of node.descendantsOfType(['go_statement', 'call_expression'])) {
    if (!c) continue;
    if (c.type === 'go_statement') {
      sites.push(c);
      continue;
    }
    const fn = c.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const name = fn.childForFieldName('field')?.text;
    if (name === 'Go' || name === 'TryGo' || name === 'AfterFunc' || name === 'HandleFunc' || name === 'Handle' || name === 'HandlerFunc') sites.push(c);
  }
  return sites;
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
