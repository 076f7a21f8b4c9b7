// Calls on the IR: what a call or a function value runs (a declared function of the module, a func literal with
// the variables it captured, the implementations behind an interface), following it with the caller's locks
// (bounded depth and budgets), and starting threads at spawn sites.
import type { FuncDecl } from '../../go/package.js';
import { type GoType, deref, typeString } from '../../go/types.js';
import { type At, type Func, type LocalRoot, type Place, type Value, toRange } from '../../ir/types.js';
import type { SharedSource } from '../concurrency/facts.js';
import type { StorageKey } from '../concurrency/storage-key.js';
import { FOREIGN_CALL_BUDGET, LOCK_HELPER_DEPTH, MAX_DEPTH, STEP_BUDGET } from './budgets.js';
import type { Access, Storage, Thread } from '../concurrency/threads.js';
import { type PkgCtx } from './context.js';
import { Dispatch } from './dispatch.js';
import { type CallInstr, Env, type Flow, type Frame, type Lit, type VarInfo, localKey } from './state.js';

type Declared = { ctx: PkgCtx; func: Func; decl: FuncDecl };

/**
 * What a call or function value runs. `recvFrame`: the frame `recv` is read in when it is not the caller's (a
 * method value stored in a field, `&Pool{onEvent: c.Add}`, called where the field is called).
 */
export type Target = { lit: Lit } | { fn: Declared; recv?: Value | undefined; recvFrame?: Frame; also?: Declared[] };

export interface SpawnOptions {
  /**
   * Callbacks of one registration run on one goroutine: the registration. Registering is set-up: an exported
   * method's guessed instances (a type that locks is "called from any goroutine"), and the goroutines they start,
   * do not register twice at once.
   */
  sameAs?: At;
  /** The callback's arguments are objects of the informer cache. */
  sharedArgs?: SharedSource;
  /** The callback may run many times at once (a configured root with `concurrent: true`). */
  concurrent?: boolean;
  /** The call a go statement runs (its call step in witnesses), when it is not the spawn site itself. */
  callAt?: At;
  /** A goroutine its spawner can join (`go`, `g.Go`, `wg.Go`), not a callback scheduled or registered for later. */
  joinable?: boolean;
}

export abstract class FlowCalls extends Dispatch {
  protected abstract walkBody(f: Frame): void;
  protected abstract walkValue(v: Value | undefined, f: Frame): void;
  protected abstract freshValue(v: Value, f: Frame): boolean;

  private foreignCalls = 0;
  /** Calls followed, by followKey. */
  private readonly followed = new Map<string, FollowSummary>();
  /** Follows in progress whose walk may become a summary. */
  private summarizing = 0;
  /** Func literals whose body has been walked where they are called. */
  protected readonly walkedLiterals = new Set<string>();

  /**
   * A flow with no goroutine running: what it reaches in another package cannot race with it, and that
   * package's own analysis walks its code. Calls into other packages are not followed from here.
   */
  protected quiet(f: Frame): boolean {
    return f.thread.kind === 'flow' && f.flow.active.size === 0 && f.flow.loopSpawns.every((s) => s.size === 0);
  }

  protected frame(ctx: PkgCtx, func: Func, fname: string, thread: Thread, flow: Flow, locks: Map<string, 'w' | 'r'>, depth: number, path: Frame['path'], visiting: Set<string>, env: Env): Frame {
    return { ctx, func, fname, thread, flow, locks, deferredUnlocks: [], depth, path, loops: 0, loopDepth: 0, terminated: false, visiting, env, temps: new Map() };
  }

  protected branch(f: Frame): Frame {
    return { ...f, locks: new Map(f.locks), deferredUnlocks: [...f.deferredUnlocks], terminated: false, touched: null };
  }

  /**
   * The owner of what a value denotes: an owned variable (or its address, `&table`), or a new object in a field of
   * one (`t.obj` of a value `t` this instance owns: a copy of it holds the same maps).
   */
  protected ownerOfValue(v: Value | undefined, f: Frame): string | undefined {
    if (v?.k !== 'place' && v?.k !== 'addr') return undefined;
    return v.place.path.length === 0 ? this.ownerOf(v.place.root, f) : this.ownedPath(v.place, v.place.path.length, f);
  }

  /** A function as a witness names it: `store.(*Store).Put` in another package. */
  protected callName(ctx: PkgCtx, decl: FuncDecl): string {
    return ctx === this.own ? decl.display : `${ctx.decls.name}.${decl.display}`;
  }

  /** The literal a variable holds; calling it walks it, so it is not walked again as a value. */
  protected literalOf(v: { lit?: Lit; litWalked?: boolean }): Lit {
    v.litWalked = true;
    this.walkedLiterals.add(v.lit!.func.id);
    return v.lit!;
  }

  /** The literal a func-literal allocation makes, with the current activation's variables. */
  protected litOf(v: Value | undefined, f: Frame): Lit | undefined {
    if (v?.k !== 'alloc' || v.alloc.kind !== 'func' || !v.alloc.func) return undefined;
    const func = f.ctx.funcs.get(v.alloc.func);
    return func ? { func, ctx: f.ctx, env: f.env } : undefined;
  }

  /** A function value (`c.worker`, `worker`, `h`, `http.HandlerFunc(h)`) used as a goroutine or handler. */
  protected resolveValue(v: Value | undefined, f: Frame): Target | undefined {
    if (!v) return undefined;
    const lit = this.litOf(v, f);
    if (lit) return { lit };
    if (v.k === 'func') {
      const fn = this.packages.resolve(v.ref);
      return fn ? { fn } : undefined;
    }
    if (v.k === 'method') {
      const fn = this.methodOf(this.valueType(v.recv), v.name);
      return fn ? { fn, recv: v.recv } : undefined;
    }
    if (v.k !== 'place') return undefined;
    const c = this.callOf(v, f);
    // http.HandlerFunc(h) and similar conversions.
    if (c) return this.resolveValue(c.args[0], f);
    if (v.place.path.length) return this.fieldFunc(v.place, f, true);
    const local = this.varOf(v.place.root, f);
    if (local?.lit) return { lit: this.literalOf(local) };
    return undefined;
  }

  /**
   * The func values in the fields of the object a value denotes: those of a composite literal (`&Pool{onEvent:
   * c.Add}`), or the ones known for the object a variable holds (the same map through a pointer, a copy of it
   * for a struct copied by value, `*p` included).
   */
  protected funcFields(v: Value | undefined, f: Frame): Map<string, Target> | undefined {
    const alloc = v?.k === 'alloc' ? v.alloc : v?.k === 'addr' && v.place.root.k === 'alloc' && v.place.path.length === 0 ? v.place.root.alloc : undefined;
    if (!alloc) {
      const named = (v?.k === 'place' || v?.k === 'addr') && v.place.path.every((s) => s.k === 'deref') ? v : undefined;
      const known = named && this.varOf(named.place.root, f)?.funcs;
      const t = known && named.k === 'place' ? this.valueType(named) : undefined;
      return t?.k === 'named' || t?.k === 'struct' ? new Map(known) : known;
    }
    if (alloc.kind !== 'composite' || f.ctx.types.underlying(alloc.type).k !== 'struct') return undefined;
    const funcs = new Map<string, Target>();
    for (const e of alloc.elems ?? []) {
      const t = e.key ? this.boundFunc(e.value, f) : undefined;
      if (t) funcs.set(e.key!, t);
    }
    return funcs.size ? funcs : undefined;
  }

  /** What a func value stored in a field runs: a method value keeps its receiver, read in this frame. */
  protected boundFunc(v: Value | undefined, f: Frame): Target | undefined {
    if (!v || (v.k === 'place' && (v.place.path.length || v.place.root.k === 'result'))) return undefined;
    if (v.k !== 'method' && v.k !== 'func' && v.k !== 'place' && !this.litOf(v, f)) return undefined;
    const t = this.resolveValue(v, f);
    return t && 'fn' in t && t.recv ? { ...t, recvFrame: f } : t;
  }

  /** `p.onEvent` (through pointers): the func value stored in that field of the object `p` holds, if known. */
  protected fieldFunc(place: Place, f: Frame, foreign: boolean): Target | undefined {
    const last = place.path[place.path.length - 1];
    if (last?.k !== 'field' || !place.path.slice(0, -1).every((s) => s.k === 'deref')) return undefined;
    const t = this.varOf(place.root, f)?.funcs?.get(last.name);
    return t && 'fn' in t && !foreign && t.fn.ctx !== f.ctx ? undefined : t;
  }

  /** The method `name` of a named type of the module (declared or promoted). */
  protected methodOf(t: GoType, name: string): Declared | undefined {
    const d = deref(t);
    return d.k === 'named' ? this.packages.method(d.pkg, d.name, name) : undefined;
  }

  /** What a call runs; `foreign`: into other packages of the module too. */
  protected resolveCall(c: CallInstr, f: Frame, foreign: boolean): Target | undefined {
    const k = c.callee;
    switch (k.k) {
      case 'static': {
        if (!foreign && k.func.pkg !== f.ctx.ir.path) return undefined;
        const fn = this.packages.resolve(k.func);
        return fn ? { fn, recv: k.recv } : undefined;
      }
      case 'closure': {
        const func = f.ctx.funcs.get(k.func);
        return func ? { lit: { func, ctx: f.ctx, env: f.env } } : undefined;
      }
      case 'dynamic': {
        if (k.value.k !== 'place') return undefined;
        if (k.value.place.path.length) return this.fieldFunc(k.value.place, f, foreign);
        const v = this.varOf(k.value.place.root, f);
        return v?.lit ? { lit: this.literalOf(v) } : v?.func;
      }
      case 'interface': {
        if (!foreign) return undefined;
        // The receiver holds a value of a known concrete type: its method, not every implementation's.
        const dyn = this.dynamicType(k.recv, f);
        if (dyn) {
          const fn = this.methodOf(dyn, k.method);
          return fn ? { fn, recv: k.recv } : undefined;
        }
        const impls = this.dispatch(k.iface, k.method, k.methods, f.ctx);
        return impls[0] ? { fn: impls[0], recv: k.recv, also: impls.slice(1) } : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * The concrete type of the value `v` holds when it is known: its static type when that is not an interface, or
   * the type a variable of interface type was given. Undefined for an interface or a type whose declaration is unknown.
   */
  protected dynamicType(v: Value | undefined, f: Frame): GoType | undefined {
    if (!v) return undefined;
    if (v.k === 'place' && v.place.path.length === 0) {
      const dyn = this.varOf(v.place.root, f)?.dyn;
      if (dyn) return dyn;
    }
    const t = this.valueType(v);
    const d = deref(t);
    if (d.k !== 'named') return undefined;
    const u = f.ctx.types.underlying(d);
    return u.k === 'named' || u.k === 'interface' || u.k === 'unknown' ? undefined : t;
  }

  /** A variable of interface type given `value`: what it holds, when known (else it forgets). */
  protected bindDynamic(v: VarInfo, value: Value | undefined, f: Frame, valueFrame = f): void {
    if (f.ctx.types.underlying(deref(v.type)).k !== 'interface') return;
    const dyn = this.dynamicType(value, valueFrame);
    if (dyn) v.dyn = dyn;
    else delete v.dyn;
  }

  /** `true`, `false`, `!x` or a variable holding a known bool: its value, else undefined. */
  protected boolValue(v: Value, f: Frame, depth = 0): boolean | undefined {
    if (v.k === 'const') return v.text === 'true' ? true : v.text === 'false' ? false : undefined;
    if (v.k === 'op' && v.op === '!' && v.args.length === 1 && depth < 8) {
      const x = this.boolValue(v.args[0]!, f, depth + 1);
      return x === undefined ? undefined : !x;
    }
    return v.k === 'place' && v.place.path.length === 0 ? this.varOf(v.place.root, f)?.constBool : undefined;
  }

  /** Walks a called literal: its defers run when it returns, its lock changes stay. */
  protected callLiteral(lit: Lit, f: Frame): void {
    const key = `lit:${lit.func.id}`;
    // A closure that calls itself (`walk = func(...) { ... walk(c) }`) is walked once.
    if (f.visiting.has(key)) return;
    const b: Frame = { ...this.branch(f), ctx: lit.ctx, func: lit.func, env: new Env(lit.env), loops: 0, deferredUnlocks: [], visiting: new Set(f.visiting).add(key), returnedLocks: undefined, temps: new Map() };
    this.walkBody(b);
    f.locks = b.locks;
  }

  /** Walks a literal used as a value (a callback, a sort func): its body runs in this flow, its locks do not leak. */
  protected walkLiteral(lit: Lit, f: Frame): void {
    this.walkedLiterals.add(lit.func.id);
    const b: Frame = { ...this.branch(f), ctx: lit.ctx, func: lit.func, env: new Env(lit.env), loops: 0, temps: new Map() };
    this.walkBody(b);
  }

  /**
   * Walks a call of a declared function; false when it is too deep to follow. `sharedArgs`: every parameter
   * holds an object shared with the informer cache (a handler the framework calls with cache objects).
   */
  protected follow(target: Declared, recv: Value | undefined, args: Value[], at: At, f: Frame, sharedArgs?: SharedSource, recvFrame = f): boolean {
    const { ctx, func, decl } = target;
    const id = func.id;
    if (f.visiting.has(id)) return false;
    if (f.depth >= MAX_DEPTH + (decl.locks && !decl.spawns ? LOCK_HELPER_DEPTH : 0)) {
      this.truncated.depth++;
      return false;
    }
    if (ctx !== f.ctx && ++this.foreignCalls > FOREIGN_CALL_BUDGET) {
      this.truncated.packages++;
      return false;
    }
    const argShared = args.map((a) => sharedArgs ?? this.sharedOf(a, f));
    if (sharedArgs) for (let i = args.length; i < func.params.length; i++) argShared.push(sharedArgs);
    const rootOf = (v: Value | undefined, from = f) => this.ownerOfValue(v, from);
    // Flows only need callees that start goroutines, or callees that run while goroutines are active.
    if (this.quiet(f) && !decl.spawns && !decl.locks && f.locks.size === 0 && !argShared.some(Boolean) && !this.packages.spawnsTransitively(ctx, func)) return true;
    if (!func.body) return true;
    if (!this.step(STEP_BUDGET)) return false;
    const callee = this.frame(ctx, func, decl.display, f.thread, f.flow, new Map(f.locks), f.depth + 1, [...f.path, { range: toRange(at), message: `calls ${this.callName(ctx, decl)}` }], new Set(f.visiting).add(id), new Env());
    if (decl.recvType) callee.recvType = decl.recvType;
    if (decl.recvName) callee.recvName = decl.recvName;
    // The callee runs after the receives its caller made: its sends and accesses follow them too.
    if (f.received) callee.received = f.received;
    if (func.recv !== undefined) {
      const v = this.declare(callee, func, func.recv);
      const recvStorage = recv && ctx.types.isMapLike(deref(this.valueType(recv))) ? this.valueStorage(recv, recvFrame) : undefined;
      if (recvStorage) v.alias = recvStorage;
      const owner = rootOf(recv, recvFrame);
      if (owner) v.owner = owner;
      // `newT().Run()`, `decide().Any()`: an object made for this call is the receiver's own, as for a parameter.
      else if (recv && this.freshValue(recv, recvFrame)) v.fresh = true;
      const shape = owner && this.shapeOf(recv, recvFrame);
      if (shape) v.shape = shape;
      const funcs = this.funcFields(recv, recvFrame);
      if (funcs) v.funcs = funcs;
      const keyed = this.keyedElement(recv, recvFrame);
      if (keyed) v.keyed = keyed;
      this.bindObject(v, paramRoot(func, func.recv), recv, callee, recvFrame);
      this.bindDynamic(v, recv, callee, recvFrame);
    }
    func.params.forEach((p, i) => {
      const v = this.declare(callee, func, p);
      const a = args[i];
      this.bindObject(v, paramRoot(func, p), a, callee, f);
      this.bindDynamic(v, a, callee, f);
      const s: Storage | undefined = a && this.refersTo(ctx, this.valueType(a)) ? this.valueStorage(a, f) : a && this.referenceOf(v.type, a, f);
      if (s) v.alias = s;
      const sh = argShared[i];
      if (sh) v.shared = sh;
      const owner = rootOf(a);
      if (owner) v.owner = owner;
      // `wrap(NewSource())`: an object made for this call is the parameter's own, as a local's would be.
      else if (a && this.freshValue(a, f)) v.fresh = true;
      const known = a && this.boolValue(a, f);
      if (known !== undefined && this.stable(paramRoot(func, p), callee)) v.constBool = known;
      const shape = (owner || v.fresh) && this.shapeOf(a, f);
      if (shape) v.shape = shape;
      const funcs = this.funcFields(a, f);
      if (funcs) v.funcs = funcs;
      // The request of a Reconcile and the element at its key stay the request's own in the helpers it calls.
      const src = a?.k === 'place' && a.place.path.length === 0 ? this.varOf(a.place.root, f) : undefined;
      if (src?.request) v.request = true;
      const keyed = this.keyedElement(a, f);
      if (keyed) v.keyed = keyed;
      // Func literals passed in run where the callee calls them, under the callee's locks.
      const lit = this.litOf(a, f);
      if (lit) {
        v.lit = lit;
        v.litWalked = false;
      } else if (src?.lit) {
        v.lit = src.lit;
        src.litWalked = true;
      }
      // A method value or declared function passed in runs where the callee calls it, with its receiver.
      const fn = a?.k === 'method' || a?.k === 'func' ? this.boundFunc(a, f) : src?.func;
      if (fn && 'fn' in fn) v.func = fn;
    });
    // A callee walked before in the same state (thread kind, locks, goroutines running, bindings) records the same
    // accesses: the thread that walked it has them; another thread gets a copy of them (the walk's summary).
    const key = this.followKey(callee, f);
    const known = key === undefined ? undefined : this.followed.get(key);
    if (known && known.depth <= callee.depth && (known.portable || known.threads.has(f.thread.id))) {
      // Inside a walk that is being summarized, the summary needs these accesses too.
      if (!known.threads.has(f.thread.id) || this.summarizing > 0) this.replay(known, f, callee.path);
      f.locks = new Map(known.locks);
      return true;
    }
    const before = this.flowMark(f);
    const first = this.accesses.length;
    const instanceLocal = f.thread.instanceLocal.size;
    const sends = this.sendCount(f.thread);
    const releases = this.releaseLog.length;
    callee.returnedLocks = new Map();
    const threadsBefore = this.threads.length;
    if (key !== undefined) this.summarizing++;
    this.walkBody(callee);
    if (key !== undefined) this.summarizing--;
    // Goroutines the callee started and left running overlap the later iterations of the caller's loops.
    for (const t of this.threads.slice(threadsBefore)) if (f.flow.active.has(t.id)) this.spawnedInLoops(t.id, f);
    f.locks = callee.locks;
    for (const [k, m] of callee.returnedLocks) f.locks.set(k, m);
    if (key !== undefined && this.flowMark(f) === before && this.sendCount(f.thread) === sends) {
      const accesses = this.accesses.slice(first);
      this.followed.set(key, {
        portable: this.portable(accesses, callee),
        depth: callee.depth,
        locks: new Map(f.locks),
        accesses,
        pathBase: f.path.length,
        instanceLocal: [...f.thread.instanceLocal].slice(instanceLocal),
        releases: this.releaseLog.slice(releases),
        threads: new Set([...(known?.threads ?? []), f.thread.id]),
      });
    }
    return true;
  }

  /**
   * Whether another thread's walk of the call in the same state would record these accesses: they name no variable
   * but those the receiver and parameters are bound to (a variable made in the walk, or in a walk it reused, is
   * another one in another walk) and no object told apart.
   */
  private portable(accesses: readonly Access[], callee: Frame): boolean {
    const bound = new Set<string>();
    for (const v of callee.env.vars.values()) {
      if (v.alias) uidsIn(v.alias.id, bound);
      if (v.owner) bound.add(v.owner);
    }
    const free = (key: StorageKey | undefined) => [...uidsIn(key, new Set())].some((uid) => !bound.has(uid));
    return accesses.every((a) => !a.storage.object && !free(a.storage.id) && ![...a.locks.keys()].some((l) => free(this.lockIds.get(l))));
  }

  /** A summary's accesses, as the thread of `f` makes them: their call paths start with this call's (`path`). */
  private replay(s: FollowSummary, f: Frame, path: Frame['path']): void {
    s.threads.add(f.thread.id);
    for (const a of s.accesses) {
      const copy = { ...a, thread: f.thread, path: [...path, ...a.path.slice(s.pathBase + 1)] };
      this.accesses.push(copy);
      if (f.thread.kind === 'goroutine' && f.received?.size) this.handOffs.received(copy, f.received);
    }
    for (const uid of s.instanceLocal) f.thread.instanceLocal.add(uid);
    // Its unlocks release this flow's locks: goroutines started under them are checked again.
    for (const key of s.releases) this.released(key, f);
  }

  /**
   * What a followed call's walk depends on: the kind of thread, the callee, the locks held, the goroutines
   * running, and what its receiver and parameters are bound to. Undefined when a func literal is passed (walking
   * it marks it walked) or an object whose fields hold functions (what they run is not in the key).
   */
  private followKey(callee: Frame, f: Frame): string | undefined {
    const t = f.thread;
    const parts = [`${t.kind}${t.exportedRoot ? '!' : ''}`, callee.func.id, lockKey(f.locks), [...f.flow.active].join(','), f.flow.loopSpawns.map((s) => [...s].join(',')).join(';'), [...(f.received ?? [])].join(',')];
    for (const v of callee.env.vars.values()) {
      // An object told apart: the accesses name it, and its fields given maps are marked on it.
      if (v.lit || v.func || v.funcs?.size || v.obj) return undefined;
      parts.push(`${v.alias?.key ?? ''}/${v.shared?.what ?? ''}/${v.owner ?? (v.fresh ? '+' : '')}/${v.keyed ? 'k' : ''}${v.request ? 'r' : ''}/${v.dyn ? typeString(v.dyn) : ''}/${v.constBool ?? ''}`);
    }
    return parts.join('|');
  }

  /** Changes a walk can make to its flow: goroutines started or joined. */
  private flowMark(f: Frame): string {
    return `${this.threads.length}/${f.flow.epoch}/${f.flow.active.size}/${f.flow.started.size}`;
  }

  /** A new variable for a local of `func` in frame `f`. */
  protected declare(f: Frame, func: Func, id: number) {
    const local = func.locals[id];
    const v = this.newVar(f, local?.type ?? { k: 'unknown' }, local?.loopDepth ?? 0);
    f.env.vars.set(localKey({ k: 'local', func: func.id, id, name: '' }), v);
    return v;
  }

  protected spawnId(site: At): number {
    const key = `${site.file}:${site.line}:${site.column}`;
    let id = this.spawnIds.get(key);
    if (id === undefined) {
      id = -(this.spawnIds.size + 1);
      this.spawnIds.set(key, id);
    }
    return id;
  }

  /**
   * Starts `target` as a new thread at `site`; `args` are passed to its parameters (a go statement's call).
   * `callback`: a method the framework calls back (a handler object's OnAdd, a runnable's Start), with no arguments.
   */
  protected spawn(target: Target | undefined, args: Value[], site: At, f: Frame, kind: 'goroutine' | 'handler', label: string, opts: SpawnOptions = {}, callback = false): void {
    if (!target) return;
    const { sameAs, sharedArgs, concurrent = false, callAt = site } = opts;
    // A closure that starts or schedules itself is walked once, as a closure that calls itself.
    const spawnKey = 'lit' in target ? `spawn:${target.lit.func.id}` : undefined;
    if (spawnKey && f.visiting.has(spawnKey)) return;
    // Instances that exist only because an exported method is guessed to run on many goroutines at once.
    const guessed = f.thread.multi && (f.thread.kind === 'api' || !!f.thread.multiGuessed) && f.loopDepth === 0 && kind !== 'handler' && !concurrent;
    const multi = kind === 'handler' || f.loopDepth > 0 || (f.thread.multi && !(guessed && sameAs !== undefined)) || concurrent;
    const thread = this.newThread(kind, multi, label, site);
    if (multi && guessed) thread.multiGuessed = true;
    const placeholder = this.spawnId(site);
    const same = sameAs ?? site;
    if (kind === 'goroutine') thread.spawnKey = `${same.file}:${same.line}:${same.column}`;
    const ids = this.placeholders.get(placeholder) ?? [];
    ids.push(thread.id);
    this.placeholders.set(placeholder, ids);
    for (const set of f.flow.loopSpawns) if (set.has(placeholder)) set.add(thread.id);
    thread.parentFlow = f.flow.id;
    thread.epoch = f.flow.epoch;
    thread.spawnLoops = [...f.flow.loopSpawns];
    if (f.thread.kind === 'flow' && f.flow.id === f.thread.flowId) thread.startedInFlowOf = f.thread.funcId;
    const fresh = 'fn' in target && !target.recvFrame ? this.freshReceiverType(target.recv, f) : undefined;
    if (fresh) thread.freshType = fresh;
    // Variables declared inside the innermost loop belong to one iteration, hence to one goroutine.
    if (f.loops > 0) for (const v of f.env.vars.values()) if (v.loop >= f.loops) thread.instanceLocal.add(v.uid);
    // A goroutine started outside loops has one instance per instance of its spawner: what that one owns, it owns.
    if (multi && kind === 'goroutine' && f.loopDepth === 0 && !concurrent && f.thread.kind !== 'flow') thread.spawnerInstance = f.thread;
    const visiting = new Set(f.visiting);
    if (spawnKey) visiting.add(spawnKey);
    const g = this.frame(f.ctx, f.func, f.fname, thread, this.newFlow(), new Map(), f.depth, f.path, visiting, f.env);
    thread.flowId = g.flow.id;
    if ('fn' in target) {
      if (callback) this.callbacks.add(target.fn.func.id);
      this.follow(target.fn, target.recv, callback ? [] : args, callAt, { ...g, depth: Math.max(0, f.depth - 1) }, sharedArgs, target.recvFrame);
    } else {
      const lit = target.lit;
      const inner: Frame = { ...g, ctx: lit.ctx, func: lit.func, env: new Env(lit.env), temps: new Map() };
      lit.func.params.forEach((p, i) => {
        const v = this.declare(inner, lit.func, p);
        const a = args[i];
        this.bindObject(v, paramRoot(lit.func, p), a, inner, f);
        const s = a && this.refersTo(lit.ctx, v.type) ? this.valueStorage(a, f) : a && this.referenceOf(v.type, a, f);
        if (s) v.alias = s;
        if (sharedArgs) v.shared = sharedArgs;
      });
      this.walkBody(inner);
    }
    this.scopeJoined(g.flow, thread);
    if (kind === 'goroutine') {
      if (opts.joinable) this.holdAcross(thread, f);
      // Goroutines it started and did not wait for outlive it: whoever waits for the spawner's flow waits for them too.
      for (const id of g.flow.active) this.startIn(f.flow, id);
      this.startIn(f.flow, thread.id);
    }
  }

  protected startIn(flow: Flow, id: number): void {
    flow.active.add(id);
    flow.started.add(id);
  }

  /** `go x.run()` where x holds an object made in this function: the type whose fields are per-instance. */
  private freshReceiverType(recv: Value | undefined, f: Frame): string | undefined {
    if (recv?.k !== 'place' || recv.place.path.length) return undefined;
    const root = recv.place.root;
    const v = this.varOf(root, f);
    if (!v?.fresh) return undefined;
    // In a loop, the object is per goroutine only when it is made in the iteration.
    if (f.loops > 0 && (!('func' in root) || root.func !== f.func.id || v.loop < f.loops)) return undefined;
    return this.ownerName(v.type);
  }
}

/** What following a call did, when it started and joined no goroutine: reused where the same call is followed again. */
interface FollowSummary {
  /** The shallowest depth it was walked at (deeper calls of it follow less). */
  depth: number;
  /** The locks held after it. */
  locks: Map<string, 'w' | 'r'>;
  /** The accesses it recorded; their call paths are the caller's `pathBase` steps, the call, then the callee's. */
  accesses: Access[];
  pathBase: number;
  /** Variables it made that belong to one instance of the thread. */
  instanceLocal: string[];
  /** Threads that have its accesses. */
  threads: Set<number>;
  /** Its accesses and locks name only variables its bindings name: another thread's walk would record the same. */
  portable: boolean;
  /** The locks it released, in order. */
  releases: string[];
}

/** The variables a storage key names (`local:v12`, `local:v3@field:T.slots[]`), added to `out`. */
function uidsIn(key: StorageKey | undefined, out: Set<string>): Set<string> {
  switch (key?.k) {
    case 'local':
    case 'member':
      out.add(key.uid);
      break;
    case 'slot':
      out.add(key.uid);
      uidsIn(key.of, out);
      break;
    case 'elem':
      uidsIn(key.of, out);
      break;
    case 'rooted':
      uidsIn(key.root, out);
      break;
  }
  return out;
}

function lockKey(locks: Map<string, 'w' | 'r'>): string {
  return [...locks].map(([k, m]) => k + m).sort().join(',');
}

/** The root naming a function's receiver or parameter `id`. */
export function paramRoot(func: Func, id: number): LocalRoot {
  return { k: 'local', func: func.id, id, name: func.locals[id]?.name ?? '' };
}
