// Calls: resolving a call or function value to a declared function, method or func literal, following it
// (bounded depth, with the caller's locks), binding literals to the parameters they are passed as, and calls of
// library functions that read, write or iterate a map argument.
import type { AccessKind } from '../../model.js';
import type { Node } from '../../go/parser.js';
import type { FuncDecl, Package } from '../../go/package.js';
import { FMT_PRINTERS, MAP_FUNCTIONS, type RootSummary, own } from '../../go/summaries.js';
import { type GoType, deref, typeFromNode } from '../../go/types.js';
import type { SharedSource } from './facts.js';
import { type Callee, type Frame, Scope, type VarInfo } from './scope.js';
import { isContextValue, rangeOf, returnsContextValue } from './syntax.js';
import type { Storage } from './threads.js';
import { DispatchModel } from './dispatch.js';
import { FOREIGN_CALL_BUDGET, MAX_DEPTH, STEP_BUDGET } from './state.js';

export abstract class CallModel extends DispatchModel {
  protected abstract walkBody(block: Node, scope: Scope, f: Frame): void;

  protected declareParams(fn: FuncDecl, scope: Scope, f: Frame, args: (Storage | undefined)[], recvStorage?: Storage, shared: (SharedSource | undefined)[] = [], owners?: { recv?: string | undefined; args: (string | undefined)[] }): void {
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

  protected declareLiteralParams(lit: Node, scope: Scope, f: Frame): void {
    for (const p of lit.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const t = typeFromNode(p.childForFieldName('type'), f.file.resolve);
      for (const n of p.childrenForFieldName('name')) if (n) scope.vars.set(n.text, this.newVar(f, t));
    }
  }

  /**
   * A value read from a context (`req.Context().Value(key).(*T)`, or a function of the package that returns one, like
   * `GetLogData(req)`): what a middleware stored in the context of this request, the request's own object.
   */
  protected fromContext(node: Node): boolean {
    if (isContextValue(node)) return true;
    if (node.type !== 'call_expression') return false;
    const fn = node.childForFieldName('function');
    const decl = fn?.type === 'identifier' ? this.pkg.funcs.get(fn.text) : undefined;
    if (!decl || decl.recvType || decl.results[0]?.k !== 'ptr') return false;
    let known = this.contextGetters.get(this.fnId(decl));
    if (known === undefined) this.contextGetters.set(this.fnId(decl), (known = returnsContextValue(decl.node)));
    return known;
  }

  protected readonly contextGetters = new Map<string, boolean>();

  /** A library function that reads, writes or iterates its map arguments (`maps.Copy`, `json.Marshal`, `fmt` printing). */
  protected libraryCall(pkgPath: string, name: string, args: Node[], scope: Scope, f: Frame): void {
    const kinds = own(own(MAP_FUNCTIONS, pkgPath), name);
    const printed = pkgPath === 'fmt' && FMT_PRINTERS.has(name);
    args.forEach((a, i) => {
      const kind: AccessKind | undefined = kinds ? kinds[i] : printed ? 'iterate' : undefined;
      if (kind && this.typer.isMapLike(this.typer.typeOf(a, scope, f)) && this.mapAccess(a, kind, scope, f, true)) return;
      this.walkExpr(a, scope, f);
    });
  }

  /**
   * Walks a call of a declared function; false when it is too deep to follow. `sharedArgs`: every parameter
   * holds an object shared with the informer cache (a handler the framework calls with cache objects).
   */
  protected follow(fn: FuncDecl, recv: Storage | undefined, args: Node[], call: Node, scope: Scope, f: Frame, sharedArgs?: SharedSource): boolean {
    const id = this.fnId(fn);
    if (f.visiting.has(id)) return false;
    if (f.depth >= MAX_DEPTH) {
      this.truncated.depth++;
      return false;
    }
    if (this.contextOf(fn.file) !== this.contextOf(f.file) && ++this.foreignCalls > FOREIGN_CALL_BUDGET) {
      this.truncated.packages++;
      return false;
    }
    const argShared = args.map((a) => sharedArgs ?? this.sharedOf(a, scope, f));
    const fnNode = call.type === 'call_expression' ? call.childForFieldName('function') : null;
    const recvNode = fnNode?.type === 'selector_expression' ? fnNode.childForFieldName('operand') : null;
    const owners = { recv: recvNode ? this.ownerOf(recvNode, scope, f) : undefined, args: args.map((a) => this.ownerOf(a, scope, f)) };
    if (sharedArgs) for (let i = args.length; i < fn.params.length; i++) argShared.push(sharedArgs);
    // Flows only need callees that start goroutines, or callees that run while goroutines are active (or that
    // are handed a shared object).
    if (this.quiet(f) && !fn.spawns && !fn.locks && f.locks.size === 0 && !argShared.some(Boolean) && !this.inContext(fn, () => this.spawnsTransitively(fn, new Set()))) return true;
    const body = fn.node.childForFieldName('body');
    if (!body) return true;
    if (!this.step(STEP_BUDGET)) return false;
    const argStorage = args.map((a) => (this.typer.isMapLike(this.typer.typeOf(a, scope, f)) ? this.storageOf(a, scope, f) : undefined));
    const inner = new Scope();
    const visiting = new Set(f.visiting).add(id);
    const callee = this.frame(fn.file, fn.display, f.thread, f.flow, new Map(f.locks), f.depth + 1, [...f.path, { range: rangeOf(f.file, call), message: `calls ${this.callName(fn)}` }], visiting);
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

  /** Func literals whose body has been walked where they are called. */
  protected readonly walkedLiterals = new Set<number>();

  protected bindLiteral(v: VarInfo, lit: Node, scope: Scope, f: Frame): void {
    v.funcLit = lit;
    v.funcScope = scope;
    v.funcFile = f.file;
    v.litWalked = false;
  }

  /** The literal a variable holds, as a callee; calling it walks it, so it is not walked again as a value. */
  protected literalOf(v: VarInfo, scope: Scope): Callee {
    v.litWalked = true;
    this.walkedLiterals.add(v.funcLit!.id);
    return { lit: v.funcLit!, litScope: v.funcScope ?? scope, litFile: v.funcFile };
  }

  protected readonly transitive = new Map<string, boolean>();

  protected spawnsTransitively(fn: FuncDecl, seen: Set<string>): boolean {
    const id = this.fnId(fn);
    const known = this.transitive.get(id);
    if (known !== undefined) return known;
    if (fn.spawns) return true;
    if (seen.has(id) || seen.size > 6) return false;
    seen.add(id);
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
    this.transitive.set(id, result);
    return result;
  }

  protected readonly nameIndex = new WeakMap<Package, Map<string, FuncDecl[]>>();

  protected byName(name: string): FuncDecl[] {
    let index = this.nameIndex.get(this.pkg);
    if (!index) {
      this.nameIndex.set(this.pkg, (index = new Map()));
      for (const fn of this.pkg.funcs.values()) {
        const list = index.get(fn.name) ?? [];
        list.push(fn);
        index.set(fn.name, list);
      }
    }
    return index.get(name) ?? [];
  }

  /** Runs `body` in the context of the package `fn` is declared in. */
  protected inContext<T>(fn: FuncDecl, body: () => T): T {
    const saved = this.enter(fn.file);
    try {
      return body();
    } finally {
      if (saved) this.use(saved);
    }
  }

  /** What a call's function expression refers to in this package. */
  protected override resolveCall(call: Node, scope: Scope, f: Frame, foreign = true): Callee | undefined {
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
      const path = this.typer.packageOf(operand, scope, f);
      if (path) {
        // `pkg.F(...)`: a function of another package of the module.
        const decl = foreign ? this.packageContext(path)?.pkg.funcs.get(name) : undefined;
        return decl && !decl.recvType ? { fn: decl } : undefined;
      }
      const t = deref(this.typer.typeOf(operand, scope, f));
      if (!foreign && t.k === 'named' && !this.types.isOwn(t)) return undefined;
      const m = this.methodOf(t, name);
      if (!m) {
        if (!foreign) return undefined;
        const impls = this.dispatch(t, name);
        return impls[0] ? { fn: impls[0], also: impls.slice(1) } : undefined;
      }
      const recvIsMap = this.typer.isMapLike(t);
      const recv = recvIsMap && operand ? this.storageOf(operand, scope, f) : undefined;
      return recv ? { fn: m, recv } : { fn: m };
    }
    return undefined;
  }

  /** The method `name` of a named type of this package or of another package of the module (declared or promoted). */
  protected methodOf(t: GoType, name: string): FuncDecl | undefined {
    if (t.k !== 'named') return undefined;
    if (this.types.isOwn(t)) return this.findMethod(t.name, name);
    const c = this.packageContext(t.pkg);
    return c ? this.findMethodIn(c.pkg, t.name, name) : undefined;
  }

  protected findMethod(typeName: string, method: string): FuncDecl | undefined {
    return this.findMethodIn(this.pkg, typeName, method);
  }

  /** A method of `typeName` declared in `pkg`, or promoted from an embedded field (of any package of the module). */
  private findMethodIn(pkg: Package, typeName: string, method: string, depth = 0): FuncDecl | undefined {
    const direct = pkg.funcs.get(`${typeName}.${method}`);
    if (direct || depth > 2) return direct;
    const t = pkg.types.get(typeName);
    if (t?.k !== 'struct') return undefined;
    for (const fld of t.fields) {
      if (!fld.embedded) continue;
      const e = deref(fld.type);
      if (e.k !== 'named') continue;
      const inPkg = e.pkg === '' || e.pkg === pkg.importPath ? pkg : this.packageContext(e.pkg)?.pkg;
      const m = inPkg && this.findMethodIn(inPkg, e.name, method, depth + 1);
      if (m) return m;
    }
    return undefined;
  }

  /** A function value (`c.worker`, `worker`, `h`) used as a goroutine or handler. */
  protected resolveFuncValue(node: Node, scope: Scope, f: Frame): Callee | undefined {
    if (node.type === 'identifier') {
      const v = scope.lookup(node.text);
      if (v?.funcLit) return this.literalOf(v, scope);
      const d = this.pkg.funcs.get(node.text);
      return d ? { fn: d } : undefined;
    }
    if (node.type === 'selector_expression') {
      const operand = node.childForFieldName('operand');
      const name = node.childForFieldName('field')?.text ?? '';
      const path = this.typer.packageOf(operand, scope, f);
      if (path) {
        const d = this.packageContext(path)?.pkg.funcs.get(name);
        return d && !d.recvType ? { fn: d } : undefined;
      }
      const m = this.methodOf(deref(this.typer.typeOf(operand, scope, f)), name);
      return m ? { fn: m } : undefined;
    }
    if (node.type === 'call_expression') {
      // http.HandlerFunc(h) and similar conversions.
      const inner = node.childForFieldName('arguments')?.namedChild(0);
      return inner ? this.resolveFuncValue(inner, scope, f) : undefined;
    }
    return undefined;
  }

  /** A call the configuration declares as a goroutine root (`roots:` in .maprace.yaml), e.g. `pool.Submit(f)`. */
  protected configuredRoot(fn: Node, scope: Scope, f: Frame): RootSummary | undefined {
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
