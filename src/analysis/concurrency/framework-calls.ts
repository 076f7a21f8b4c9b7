// Framework calls (tables in ../frameworks.ts): callbacks handed to informers, runners, managers and
// controller-runtime builders, and the reconcilers they register.
import type { Node } from '../../go/parser.js';
import { own } from '../../go/summaries.js';
import { deref } from '../../go/types.js';
import { CALLBACK_CALLS, type CallbackLiteral, HANDLER_REGISTRATIONS, isReconcile, isRunner, isWaitGroupStart } from '../frameworks.js';
import { type Frame, Scope, type SpawnOptions } from './scope.js';
import { rangeOf, where } from './syntax.js';
import { SpawnModel } from './spawns.js';

export abstract class FrameworkCalls extends SpawnModel {

  /** `wait.Until(f, ...)` and friends: the func argument they run, if the call is one of them. */
  protected runnerCallback(call: Node, scope: Scope, f: Frame): Node | undefined {
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
  protected frameworkCall(node: Node, field: string, operand: Node | null, pkgPath: string | undefined, args: Node[], scope: Scope, f: Frame): boolean {
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
      if (!(t.k === 'named' && this.types.isOwn(t))) return false;
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
      const start = t.k === 'named' && this.types.isOwn(t) ? this.findMethod(t.name, 'Start') : undefined;
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

  protected spawnCallbacks(lit: Node, callbacks: CallbackLiteral, scope: Scope, f: Frame): void {
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
  protected chain(call: Node): Node[] {
    const out: Node[] = [];
    for (let n: Node | null = call; n?.type === 'call_expression'; ) {
      out.push(n);
      const fn: Node | null = n.childForFieldName('function');
      n = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
    }
    return out;
  }

  /** `ctrl.NewControllerManagedBy(mgr)...Complete(r)` (or builder.ControllerManagedBy). */
  protected controllerBuilder(call: Node): boolean {
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
  protected maxConcurrentReconciles(call: Node): Node | undefined {
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
  protected controllerOptions(lit: Node, scope: Scope, f: Frame): void {
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

  protected isReconciler(r: Node, scope: Scope, f: Frame): boolean {
    const t = deref(this.typer.typeOf(r, scope, f));
    if (!(t.k === 'named' && this.types.isOwn(t))) return false;
    const m = this.findMethod(t.name, 'Reconcile');
    return !!m && isReconcile(m);
  }

  protected registerReconciler(r: Node, workers: Node | undefined, site: Node, scope: Scope, f: Frame): void {
    const t = deref(this.typer.typeOf(r, scope, f));
    if (!(t.k === 'named' && this.types.isOwn(t))) return;
    const text = workers?.text ?? '1';
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    // A count set at run time (a flag, a field) may be more than one.
    const prev = this.reconcilers.get(t.name);
    const multi = Number.isNaN(n) || n > 1 || !!prev?.multi;
    this.reconcilers.set(t.name, { multi, workers: text, at: where(rangeOf(f.file, site)) });
  }
}
