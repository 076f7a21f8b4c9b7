// The concurrency pass's entry points: every declared function as its own flow, framework roots (handlers,
// webhooks, collectors), reconcilers once their registration is known, and exported methods of types shared
// with goroutines; then the clean-up of placeholders and lock aliases.
import type { FuncDecl } from '../../go/package.js';
import { isReconcile, isSetupMethod, methodRoot } from '../frameworks.js';
import { Scope } from './scope.js';
import { rangeOf } from './syntax.js';
import { type Thread, type ThreadKind } from './threads.js';
import { ExpressionWalker } from './expressions.js';

export class PackageWalker extends ExpressionWalker {
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
      const owner = this.types.ownOwner(fn.recvType);
      const guarded = this.isGuardedType(owner);
      if (!guarded && !this.sharedTypes.has(owner)) continue;
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

  protected walkRoot(fn: FuncDecl, kind: ThreadKind, multi: boolean, label: string, instances?: string): Thread | undefined {
    const body = fn.node.childForFieldName('body');
    if (!body) return undefined;
    const thread = this.newThread(kind, multi, label, rangeOf(fn.file, fn.node.childForFieldName('name') ?? fn.node));
    if (instances) thread.instances = instances;
    thread.method = fn.display;
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
}
