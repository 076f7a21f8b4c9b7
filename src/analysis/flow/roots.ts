// The IR interpreter's entry points: every declared function as its own flow, framework roots (handlers,
// webhooks, collectors), reconcilers once their registration is known, and exported methods of types shared
// with goroutines; then the clean-up of placeholders and lock aliases.
import { isTestFile } from '../../go/header.js';
import type { FuncDecl } from '../../go/package.js';
import type { Program } from '../../go/program.js';
import { Library } from '../../go/summaries.js';
import { TypeLookup } from '../../go/typelookup.js';
import type { ModuleTypes } from '../../go/universe.js';
import type { Package } from '../../go/package.js';
import { isReconcile, isSetupMethod, methodRoot } from '../frameworks.js';
import type { Thread, ThreadKind } from '../concurrency/threads.js';
import { Packages } from './context.js';
import { paramRoot } from './calls.js';
import { CallEffects } from './effects.js';
import { Env } from './state.js';
import type { Package as IRPackage } from '../../ir/types.js';

export class FlowInterpreter extends CallEffects {
  constructor(pkg: Package, lib: Library = new Library(), types: TypeLookup = new TypeLookup(pkg, lib), program?: Program, modules?: ModuleTypes) {
    super(new Packages(pkg, lib, types, program, modules));
  }

  /** The analysed package's IR. */
  ownPackage(): IRPackage {
    return this.own.ir;
  }

  run(): void {
    const decls = this.own.decls;
    // The program's own functions first, the tests' last: when a package runs out of its step budget, what is
    // left unwalked is test code.
    const funcs = [...decls.funcs.values()].sort((a, b) => Number(isTestFile(a.file.rel)) - Number(isTestFile(b.file.rel)));
    // 1. Every declared function, as its own flow: finds spawns, handlers and the ordering around them.
    // Methods a framework runs on its own goroutines (webhooks, collectors, gRPC services) are roots too.
    const frameworkRoots = new Set<FuncDecl>();
    const flows: Thread[] = [];
    for (const fn of funcs) {
      if (fn.recvType && fn.name === 'ServeHTTP' && fn.params.length === 2) {
        this.walkRoot(fn, 'handler', true, `handler ${fn.display}`);
        frameworkRoots.add(fn);
      }
      const root = methodRoot(fn, decls);
      if (root) {
        this.walkRoot(fn, 'handler', root.multi, root.label, root.instances);
        frameworkRoots.add(fn);
      }
      const flow = this.walkRoot(fn, 'flow', false, fn.display);
      if (flow && !fn.exported) flows.push(flow);
    }
    // Reconcilers, once the flows have shown how they are registered (MaxConcurrentReconciles).
    for (const fn of funcs) {
      if (!isReconcile(fn)) continue;
      const reg = this.reconcilers.get(fn.recvType!);
      const workers = reg ? `MaxConcurrentReconciles: ${reg.workers} at ${reg.at}` : undefined;
      const t = this.walkRoot(fn, 'handler', reg?.multi ?? false, `Reconcile of ${fn.display.replace(/\.Reconcile$/, '')}${workers ? ` (${workers})` : ''}`, 'in a concurrent Reconcile', true);
      if (t && workers) t.instancesWhy = workers;
      frameworkRoots.add(fn);
    }
    // 2. Exported methods of types shared with goroutines may be called from any goroutine.
    for (const fn of funcs) {
      if (!fn.recvType || !fn.exported || frameworkRoots.has(fn) || isSetupMethod(fn)) continue;
      const func = this.packages.funcOf(this.own, fn);
      if (!func || this.callbacks.has(func.id) || this.calledOnlyLocked(func.id)) continue;
      const owner = this.own.types.ownOwner(fn.recvType);
      const guarded = this.isGuardedType(owner);
      if (!guarded && !this.sharedTypes.has(owner)) continue;
      const t = this.walkRoot(fn, 'api', guarded, `exported method ${fn.display} (callable from any goroutine)`);
      // A type that locks some of its maps guards them: its unguarded accesses are inconsistent locking, reported
      // as they are. Otherwise the method's concurrency is an assumption the whole program must witness.
      if (t && !guarded) t.assumed = true;
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
    // Once every walk has made its calls.
    this.lockedByCallers(flows);
    this.handOffs.order(this.threads);
    this.unguardedMaps();
    this.truncated.packages += this.packages.overBudget;
  }

  /**
   * An unexported function that does not release it, and that every call in the package makes with a lock held
   * (`c.lock` around `c.startWatches()`): its own flow runs inside that critical section, so its accesses hold the
   * lock too (issue 12, class 6). Its callers' walks followed the calls with the lock; this is the function's own walk.
   */
  private lockedByCallers(flows: readonly Thread[]): void {
    const byThread = new Map<Thread, Map<string, 'w' | 'r'>>();
    for (const t of flows) {
      const callers = t.funcId ? this.callerLocks.get(t.funcId) : undefined;
      const released = t.flowId === undefined ? undefined : this.releasedIn.get(t.flowId);
      const held = new Map([...(callers ?? [])].filter(([k]) => !released?.has(k)));
      if (held.size) byThread.set(t, held);
    }
    if (!byThread.size) return;
    for (const a of this.accesses) {
      const held = byThread.get(a.thread);
      if (held) for (const [k, m] of held) if (!a.locks.has(k)) a.locks.set(k, m);
    }
    // Goroutines the function starts and joins before it returns run inside that critical section too (`sync()`
    // runs workers and waits for them while every caller holds `c.lock`): held by the function's flow, as a spawner
    // holding a lock across them would.
    for (const t of this.threads) {
      let owner = t.scopedIn;
      while (owner && !byThread.has(owner)) owner = owner.scopedIn;
      const held = owner && byThread.get(owner);
      if (!held) continue;
      for (const [k, mode] of held) if (!t.heldBy?.has(k)) (t.heldBy ??= new Map()).set(k, { mode, holder: owner!, hold: -owner!.id, onePerHold: false });
    }
  }

  /**
   * Issue 12, class 7: a type that locks is taken as used from many goroutines, and a map it guards in some methods
   * and not in others is inconsistent locking. A map of such a type that no access locks is not part of that: its
   * API accesses are an assumption, as a lock-free type's are (`Access.unguardedApi`).
   */
  private unguardedMaps(): void {
    const locked = new Set<string>();
    for (const a of this.accesses) if (a.locks.size || a.thread.heldBy?.size) locked.add(a.storage.key);
    for (const a of this.accesses) if (a.thread.kind === 'api' && !a.thread.assumed && !locked.has(a.storage.key)) a.unguardedApi = true;
  }

  /** `request`: the second parameter is the request a Reconcile handles (the workqueue's same-key guarantee). */
  private walkRoot(fn: FuncDecl, kind: ThreadKind, multi: boolean, label: string, instances?: string, request = false): Thread | undefined {
    const func = this.packages.funcOf(this.own, fn);
    if (!func?.body) return undefined;
    const thread = this.newThread(kind, multi, label, func.nameAt);
    if (instances) thread.instances = instances;
    thread.method = fn.display;
    thread.funcId = func.id;
    if (kind === 'flow' && fn.exported) thread.exportedRoot = true;
    const f = this.frame(this.own, func, fn.display, thread, this.newFlow(), new Map(), 0, [], new Set([func.id]), new Env());
    thread.flowId = f.flow.id;
    if (fn.recvType) f.recvType = fn.recvType;
    if (fn.recvName) f.recvName = fn.recvName;
    if (func.recv !== undefined) this.declare(f, func, func.recv);
    for (const [i, p] of func.params.entries()) {
      const v = this.declare(f, func, p);
      if (request && i === 1) v.request = true;
      // An entry point's pointer parameters are told apart (`old, cur *T`); its callers in the program are walked
      // with their own arguments.
      if (thread.exportedRoot && v.type.k === 'ptr' && this.stable(paramRoot(func, p), f)) v.obj = { id: `param${thread.id}:${v.uid}`, lost: new Set() };
    }
    this.walkBody(f);
    this.scopeJoined(f.flow, thread);
    return thread;
  }
}
