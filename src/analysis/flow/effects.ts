// What a call does to the interpreter's state: goroutines it starts (go, Go(...), time.AfterFunc, HTTP handlers,
// configured roots, framework registrations from ../frameworks.ts), callbacks a framework runs on the caller's
// goroutine, reconcilers it registers, and calls followed into the module with the caller's locks.
import type { RootSummary } from '../../go/summaries.js';
import { own } from '../../go/summaries.js';
import { deref } from '../../go/types.js';
import { type Alloc, type At, type Func, type Value, toRange } from '../../ir/types.js';
import { forEachStmt, tempDefs } from '../../ir/walk.js';
import { CALLBACK_CALLS, type CallbackLiteral, HANDLER_REGISTRATIONS, callbackLiteral, isControllerOptions, isReconcile, isRunner, isWaitGroupStart } from '../frameworks.js';
import { where } from '../../witness.js';
import { calleeName, calleePkg } from './context.js';
import type { SpawnOptions, Target } from './calls.js';
import { recvOf } from './objects.js';
import type { CallInstr, Frame } from './state.js';
import { FlowWalker } from './walker.js';

export abstract class CallEffects extends FlowWalker {
  private readonly contextGetters = new Map<string, boolean>();

  protected override callInstr(c: CallInstr, f: Frame): void {
    const name = calleeName(c);
    const pkg = calleePkg(c);
    const recv = recvOf(c);
    const args = c.args;
    // A container handed to a function (but a builtin's) may be filled there with anything.
    if (c.callee.k !== 'builtin') for (const a of args) if (a.k === 'place' && a.place.path.length === 0) delete this.varOf(a.place.root, f)?.freshElems;
    const method = !pkg && c.text.includes('.');
    const root = this.configuredRoot(c, name, pkg, recv);
    if (root && args[root.arg]) {
      this.walkValue(recv, f);
      args.forEach((a, i) => i !== root.arg && this.walkValue(a, f));
      return this.spawn(this.resolveValue(args[root.arg], f), [], c.at, f, 'goroutine', `goroutine started by ${c.text}`, { concurrent: root.concurrent });
    }
    if ((name === 'Go' || name === 'TryGo') && args.length === 1 && method) {
      this.walkValue(recv, f);
      return this.spawn(this.resolveValue(args[0], f), [], c.at, f, 'goroutine', `goroutine started by ${c.text}`, { joinable: true });
    }
    if (pkg === 'time' && name === 'AfterFunc' && args[1]) {
      this.walkValue(args[0], f);
      return this.spawn(this.resolveValue(args[1], f), [], c.at, f, 'goroutine', 'time.AfterFunc callback scheduled here');
    }
    if ((name === 'HandleFunc' || name === 'Handle') && args.length === 2 && c.text.includes('.')) {
      this.walkValue(args[0], f);
      return this.spawn(this.resolveValue(args[1], f), [], c.at, f, 'handler', 'HTTP handler registered here');
    }
    if (pkg === 'net/http' && name === 'HandlerFunc' && args.length === 1) {
      if (this.handlerConversions.has(c)) return;
      return this.spawn(this.resolveValue(args[0], f), [], c.at, f, 'handler', 'HTTP handler created here');
    }
    if (this.frameworkCall(c, name, pkg, recv, f)) return;
    const module = pkg === f.ctx.ir.path || (pkg !== undefined && this.packages.isMain(pkg) && !this.quiet(f));
    if ((pkg !== undefined && !module) || c.callee.k === 'library' || c.callee.k === 'builtin' || c.callee.k === 'conversion') {
      for (const a of args) this.walkValue(a, f);
      return;
    }
    // Callbacks (literals, variables holding one) are walked where the callee calls them, else after the call.
    const isCallback = (a: Value) => !!this.litOf(a, f) || (a.k === 'place' && a.place.path.length === 0 && !!this.varOf(a.place.root, f)?.lit);
    for (const a of args) if (!isCallback(a)) this.walkValue(a, f);
    this.walkValue(recv, f);
    const target = this.resolveCall(c, f, !this.quiet(f));
    if (target && 'lit' in target) this.callLiteral(target.lit, f);
    else if (target) {
      this.noteCallSite(target.fn.ctx, target.fn.func.id, target.fn.decl.recvType, recv, f);
      for (const a of args) if (a.k === 'alloc' && a.alloc.func) this.walkedLiterals.delete(a.alloc.func);
      // Not followed (too deep): the callee runs its callbacks, under its own locks, where it is walked from
      // shallower roots; walking them here, without those locks, would only invent races.
      if (!this.follow(target.fn, target.recv, args, c.at, f, undefined, target.recvFrame)) return;
      for (const other of target.also ?? []) this.follow(other, target.recv, args, c.at, f);
    }
    // Callbacks the callee did not call (or a library function's) run here, as far as we can tell.
    for (const a of args) {
      const lit = this.litOf(a, f);
      if (lit ? !this.walkedLiterals.has(lit.func.id) : isCallback(a)) this.walkValue(a, f);
    }
  }

  /** `http.HandlerFunc(h)` conversions handed to Handle: the registration starts the handler, not the conversion. */
  private readonly handlerConversions = new WeakSet<CallInstr>();
  private readonly scanned = new WeakSet<object>();

  protected override walkBlock(b: Parameters<FlowWalker['walkBlock']>[0], f: Frame): void {
    if (b && !this.scanned.has(b)) this.scanHandlers(b);
    super.walkBlock(b, f);
  }

  private scanHandlers(b: NonNullable<Parameters<FlowWalker['walkBlock']>[0]>): void {
    this.scanned.add(b);
    const byTemp = new Map<number, CallInstr>();
    for (const s of b.stmts) {
      if (s.k !== 'call') continue;
      byTemp.set(s.temp, s);
      const name = calleeName(s);
      const arg = s.args[1];
      if ((name === 'Handle' || name === 'HandleFunc') && s.args.length === 2 && arg?.k === 'place' && arg.place.root.k === 'result') {
        const conv = byTemp.get(arg.place.root.temp);
        if (conv) this.handlerConversions.add(conv);
      }
    }
  }

  protected override goInstr(c: CallInstr, at: At, f: Frame): void {
    for (const a of c.args) if (!this.litOf(a, f)) this.walkValue(a, f);
    // `go wait.Until(c.worker, ...)`: the goroutine is the callback.
    const pkg = calleePkg(c);
    if (isRunner(pkg, calleeName(c))) {
      for (const a of c.args) {
        const t = this.resolveValue(a, f);
        if (t) return this.spawn(t, [], at, f, 'goroutine', 'goroutine started here', { joinable: true });
      }
    }
    this.spawn(this.resolveCall(c, f, true), c.args, at, f, 'goroutine', 'goroutine started here', { callAt: c.at, joinable: true });
  }

  /** A call the configuration declares as a goroutine root (`roots:` in .maprace.yaml), e.g. `pool.Submit(f)`. */
  private configuredRoot(c: CallInstr, name: string, pkg: string | undefined, recv: Value | undefined): RootSummary | undefined {
    if (this.own.lib.roots.length === 0 || !this.own.lib.rootNames.has(name)) return undefined;
    if (c.callee.k === 'dynamic') return undefined;
    if (!c.text.includes('.')) return this.own.lib.root('', undefined, name);
    if (pkg !== undefined) return this.own.lib.root(pkg, undefined, name);
    const t = deref(recv ? this.valueType(recv) : c.callee.k === 'unknown' && c.callee.recvType ? c.callee.recvType : { k: 'unknown' });
    return t.k === 'named' ? this.own.lib.root(t.pkg, t.name, name) : undefined;
  }

  /** Calls that hand a callback to a framework or run it here; true when the call was handled. */
  private frameworkCall(c: CallInstr, name: string, pkg: string | undefined, recv: Value | undefined, f: Frame): boolean {
    const args = c.args;
    if (pkg !== undefined) {
      const label = own(own(CALLBACK_CALLS, pkg), name);
      if (label && args[0]) {
        this.spawn(this.resolveValue(args[0], f), [], c.at, f, 'goroutine', label);
        return true;
      }
      if (isRunner(pkg, name)) {
        // The callback runs on this goroutine, one call at a time.
        for (const a of args) {
          if (this.litOf(a, f)) continue;
          const t = this.resolveValue(a, f);
          if (t && 'fn' in t) this.follow(t.fn, undefined, [], c.at, f);
          else this.walkValue(a, f);
        }
        for (const a of args) if (this.litOf(a, f)) this.walkValue(a, f);
        return true;
      }
      return false;
    }
    if (!recv) return false;
    const registration = own(HANDLER_REGISTRATIONS, name);
    if (registration && args[0] && !(args[0].k === 'alloc' && args[0].alloc.kind === 'composite')) {
      // An object whose OnAdd/OnUpdate/OnDelete the informer calls, one at a time, on its own goroutine.
      this.walkValue(recv, f);
      const t = deref(this.valueType(args[0]));
      if (!(t.k === 'named' && f.ctx.types.isOwn(t))) return false;
      for (const m of registration.methods) {
        const fn = this.packages.method(t.pkg, t.name, m);
        if (fn) this.spawn({ fn }, [], c.at, f, 'goroutine', registration.label, { sameAs: c.at, sharedArgs: this.handlerArgs(c.at) }, true);
      }
      return true;
    }
    const recvType = c.callee.k === 'unknown' && c.callee.recvType ? c.callee.recvType : this.valueType(recv);
    if (isWaitGroupStart(recvType, name)) {
      const fnArg = args[args.length - 1];
      if (fnArg) this.spawn(this.resolveValue(fnArg, f), [], c.at, f, 'goroutine', `goroutine started by ${name}`, { joinable: true });
      return true;
    }
    if (name === 'Add' && args.length === 1) {
      // mgr.Add(runnable): a manager runs the Start method of what it is given on its own goroutine.
      const t = deref(this.valueType(args[0]!));
      const start = t.k === 'named' && f.ctx.types.isOwn(t) ? this.packages.method(t.pkg, t.name, 'Start') : undefined;
      if (start && start.decl.params.length === 1) {
        this.walkValue(recv, f);
        this.spawn({ fn: start }, [], c.at, f, 'goroutine', 'manager runnable added here', {}, true);
        return true;
      }
    }
    // The builder's `Complete(r)` / `Build(r)` (or a wrapper's `Build(ctx, r)`) given a reconciler.
    const last = args[args.length - 1];
    if ((name === 'Complete' || name === 'Build') && last) {
      const chain = this.chain(c, f);
      const builder = chain.some((x) => /^(New)?ControllerManagedBy$/.test(calleeName(x)));
      if (builder || this.isReconciler(last, f)) this.registerReconciler(last, this.maxConcurrentReconciles(chain), c.at, f);
    }
    return false;
  }

  /** The calls of a method chain `a.B(...).C(...).D(x)`, outermost first. */
  private chain(c: CallInstr, f: Frame): CallInstr[] {
    const out: CallInstr[] = [];
    for (let x: CallInstr | undefined = c; x && out.length < 32; x = this.callOf(recvOf(x), f)) out.push(x);
    return out;
  }

  /** The MaxConcurrentReconciles set in a builder chain's options, as written; the options value when they come from elsewhere. */
  private maxConcurrentReconciles(chain: CallInstr[]): string | undefined {
    for (const c of chain) {
      for (const a of c.args) {
        const found = keyedValue(a, 'MaxConcurrentReconciles', 0);
        if (found) return valueText(found);
      }
      const opts = c.args[0];
      const composite = opts && (opts.k === 'alloc' || (opts.k === 'addr' && opts.place.root.k === 'alloc'));
      if (calleeName(c) === 'WithOptions' && opts && !composite) return valueText(opts);
    }
    return undefined;
  }

  private isReconciler(r: Value, f: Frame): boolean {
    const t = deref(this.valueType(r));
    if (!(t.k === 'named' && f.ctx.types.isOwn(t))) return false;
    const m = this.packages.method(t.pkg, t.name, 'Reconcile');
    return !!m && isReconcile(m.decl);
  }

  private registerReconciler(r: Value, workers: string | undefined, at: At, f: Frame): void {
    const t = deref(this.valueType(r));
    if (!(t.k === 'named' && f.ctx.types.isOwn(t))) return;
    const text = workers ?? '1';
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    const prev = this.reconcilers.get(t.name);
    const multi = Number.isNaN(n) || n > 1 || !!prev?.multi;
    this.reconcilers.set(t.name, { multi, workers: text, at: where(toRange(at)) });
  }

  protected override compositeEffects(a: Alloc, f: Frame): boolean {
    const callbacks = callbackLiteral(a.type);
    if (callbacks) {
      this.spawnCallbacks(a, callbacks, f);
      return true;
    }
    if (isControllerOptions(a.type)) {
      const reconciler = a.elems?.find((e) => e.key === 'Reconciler')?.value;
      const workers = a.elems?.find((e) => e.key === 'MaxConcurrentReconciles')?.value;
      if (reconciler) this.registerReconciler(reconciler, workers && valueText(workers), a.at, f);
    }
    return false;
  }

  private spawnCallbacks(a: Alloc, callbacks: CallbackLiteral, f: Frame): void {
    for (const el of a.elems ?? []) {
      const key = el.key ?? '';
      const nil = el.value.k === 'const' && el.value.text === 'nil';
      if (!el.key || !callbacks.fields.includes(key) || nil) {
        this.walkValue(el.value, f);
        continue;
      }
      const target = this.resolveValue(el.value, f);
      if (target && 'fn' in target && el.value.k === 'method') this.callbacks.add(target.fn.func.id);
      const opts: SpawnOptions = {};
      if (callbacks.sequential) opts.sameAs = a.at;
      if (callbacks.cacheObjects) opts.sharedArgs = this.handlerArgs(a.at);
      this.spawn(target as Target | undefined, [], el.at, f, 'goroutine', `${callbacks.label} (${key})`, opts);
    }
  }

  protected override fromContext(v: Value, f: Frame): boolean {
    if (isContextValue(v, (x) => this.callOf(x, f))) return true;
    const c = this.callOf(v, f);
    if (!c || c.callee.k !== 'static' || c.callee.func.recv || c.callee.func.pkg !== f.ctx.ir.path) return false;
    const target = this.packages.resolve(c.callee.func);
    if (!target || target.decl.results[0]?.k !== 'ptr') return false;
    let known = this.contextGetters.get(target.func.id);
    if (known === undefined) this.contextGetters.set(target.func.id, (known = returnsContextValue(target.func)));
    return known;
  }
}

/**
 * `req.Context().Value(key)` or `ctx.Value(key)` (a variable named `ctx`, as Go code names contexts), possibly
 * asserted to a type: a value stored in a context.
 */
function isContextValue(v: Value, callOf: (v: Value) => CallInstr | undefined): boolean {
  while (v.k === 'assert') v = v.value;
  if (v.k === 'place' && v.place.root.k === 'value' && v.place.path.length === 0) return isContextValue(v.place.root.value, callOf);
  const c = callOf(v);
  if (!c || calleeName(c) !== 'Value' || c.args.length !== 1) return false;
  const ctx = recvOf(c);
  if (ctx?.k === 'place' && ctx.place.path.length === 0 && ctx.place.root.k !== 'result') return 'name' in ctx.place.root && ctx.place.root.name === 'ctx';
  const inner = ctx && callOf(ctx);
  return !!inner && calleeName(inner) === 'Context';
}

/** A function whose every return gives `nil` or a value read from a context (directly, or through a variable). */
function returnsContextValue(func: Func): boolean {
  const defs = tempDefs(func);
  const callOf = (v: Value): CallInstr | undefined => {
    if (v.k !== 'place' || v.place.root.k !== 'result' || v.place.path.length) return undefined;
    const d = defs.get(v.place.root.temp);
    return d?.k === 'call' ? d : undefined;
  };
  const fromCtx = new Set<number>();
  const returns: Value[][] = [];
  forEachStmt(func.body, (s) => {
    if (s.k === 'define' && s.value && isContextValue(s.value, callOf)) fromCtx.add(s.local.id);
    if (s.k === 'return') returns.push(s.values);
  });
  if (returns.length === 0 || returns.length > 4) return false;
  let some = false;
  for (const values of returns) {
    const first = values[0];
    if (!first) return false;
    if (first.k === 'const' && first.text === 'nil') continue;
    const local = first.k === 'place' && first.place.path.length === 0 && first.place.root.k === 'local' && fromCtx.has(first.place.root.id);
    if (local || isContextValue(first, callOf)) some = true;
    else return false;
  }
  return some;
}

/** The value of `key: value` in a composite literal (or one nested in it). */
function keyedValue(v: Value, key: string, depth: number): Value | undefined {
  if (depth > 4) return undefined;
  const alloc = v.k === 'alloc' ? v.alloc : (v.k === 'addr' || v.k === 'place') && v.place.root.k === 'alloc' ? v.place.root.alloc : undefined;
  for (const e of alloc?.elems ?? []) {
    if (e.key === key) return e.value;
    const inner = keyedValue(e.value, key, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function valueText(v: Value): string {
  switch (v.k) {
    case 'const':
      return v.text;
    case 'place':
      return v.place.text;
    case 'addr':
      return `&${v.place.text}`;
    default:
      return '?';
  }
}
