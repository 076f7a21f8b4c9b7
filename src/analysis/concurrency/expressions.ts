// Expressions: map reads, calls (builtins, configured roots, locks, joins, spawns, framework and library calls,
// calls followed into the package), closures and receives.
import type { Node } from '../../go/parser.js';
import { MAP_FUNCTIONS, own } from '../../go/summaries.js';
import { deref, typeFromNode } from '../../go/types.js';
import { callbackLiteral, isControllerOptions } from '../frameworks.js';
import { type Frame, Scope } from './scope.js';
import { unwrapHandler } from './syntax.js';
import { StatementWalker } from './statements.js';
import { NODE_BUDGET } from './state.js';

export abstract class ExpressionWalker extends StatementWalker {

  protected override walkExpr(node: Node | null | undefined, scope: Scope, f: Frame): void {
    if (!node) return;
    if (!this.step(NODE_BUDGET)) return;
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

  protected override walkArgs(call: Node, scope: Scope, f: Frame, skipFuncLits = false): void {
    for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (skipFuncLits && a?.type === 'func_literal') continue;
      this.walkExpr(a, scope, f);
    }
  }

  protected call(node: Node, scope: Scope, f: Frame): void {
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
      this.lockIds.set(lock.key, lock.id);
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
      // A function of a library; a function of another package of the module is followed like one of this package.
      if (pkgPath && (this.quiet(f) || !this.packageContext(pkgPath)?.pkg.funcs.has(field))) return this.libraryCall(pkgPath, field, args, scope, f);
      // A method of a package-level value of a library (`equality.Semantic.DeepEqual`).
      const base = operand?.type === 'selector_expression' ? operand.childForFieldName('operand') : null;
      const basePath = this.typer.packageOf(base, scope, f);
      const qualified = basePath ? `${operand!.childForFieldName('field')?.text}.${field}` : '';
      if (basePath && own(own(MAP_FUNCTIONS, basePath), qualified)) return this.libraryCall(basePath, qualified, args, scope, f);
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
    const target = this.resolveCall(node, scope, f, !this.quiet(f));
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
      for (const other of target.also ?? []) this.follow(other, undefined, args, node, scope, f);
    }
    // Callbacks the callee did not call (or a library function's) run here, as far as we can tell.
    for (const a of args) {
      if (a.type === 'func_literal' ? !this.walkedLiterals.has(a.id) : isCallback(a)) this.walkExpr(a, scope, f);
    }
  }
}
