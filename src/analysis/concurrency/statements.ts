// Statements, in program order: declarations, assignments, defers, branches (with the merge of lock sets and
// of the informer-cache state at their ends) and loops.
import type { Node } from '../../go/parser.js';
import { spawnSites } from '../../go/vocab.js';
import { type GoType, UNKNOWN, deref, typeFromNode } from '../../go/types.js';
import { type Frame, Scope, type VarInfo, sharedState } from './scope.js';
import { isFreshObject, lastStmtType } from './syntax.js';
import { FrameworkCalls } from './framework-calls.js';
import { NODE_BUDGET } from './state.js';

export abstract class StatementWalker extends FrameworkCalls {
  protected abstract walkArgs(call: Node, scope: Scope, f: Frame, skipFuncLits?: boolean): void;

  /** Walks a body in the context of its package (a callee in another package of the module names its own package's names). */
  protected override walkBody(block: Node, scope: Scope, f: Frame): void {
    const saved = this.enter(f.file);
    try {
      this.walkStmt(block, scope, f);
    } finally {
      if (saved) this.use(saved);
    }
    for (const key of f.deferredUnlocks) f.locks.delete(key);
  }

  protected walkStmt(node: Node | null, scope: Scope, f: Frame): void {
    if (!node || f.terminated) return;
    if (!this.step(NODE_BUDGET)) return;
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

  protected declare(left: Node | null, right: Node | null, typeNode: Node | null | undefined, scope: Scope, f: Frame): void {
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

  protected multiValueType(value: Node, i: number, scope: Scope, f: Frame): GoType {
    if (value.type === 'index_expression' && i === 0) return this.typer.typeOf(value, scope, f);
    if (value.type === 'call_expression') return this.typer.callResults(value, scope, f)[i] ?? UNKNOWN;
    return UNKNOWN;
  }

  protected assign(node: Node, scope: Scope, f: Frame): void {
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

  protected deferStmt(call: Node | null, scope: Scope, f: Frame): void {
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

  protected branch(f: Frame): Frame {
    return { ...f, locks: new Map(f.locks), deferredUnlocks: [...f.deferredUnlocks], terminated: false };
  }

  /**
   * After branches (whether each falls through, and its scope): a variable that a branch re-pointed holds a shared
   * object after them if it does at the end of any branch that falls through (`if notFound { pod = create() }`
   * leaves the lister's pod in `pod` on the other path), and the controller's own object if at the end of all.
   * Each branch has been ended (`endBranch`) right after it was walked, so that the next starts from the same state.
   */
  protected mergeBranches(scope: Scope, branches: [boolean, Scope][]): void {
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
  protected merge(f: Frame, ends: Frame[]): void {
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

  protected ifStmt(node: Node, scope: Scope, f: Frame): void {
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

  protected switchStmt(node: Node, scope: Scope, f: Frame): void {
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

  protected forStmt(node: Node, scope: Scope, f: Frame): void {
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
}
