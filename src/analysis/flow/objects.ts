// Locks and shared objects on the IR: which lock a place denotes (a field, an embedded mutex, a sync.Cond's L,
// a `*sync.Mutex` field pointed at another struct's mutex), locks handed back to the caller, the call sites
// that hold a lock; and objects shared with the informer cache (MR1004): which values denote an object read
// from a lister or indexer or handed to an event handler, and writes into their maps.
import { isTestFile } from '../../go/header.js';
import { isMutex, deref } from '../../go/types.js';
import { type Alloc, type At, type Place, type Value, toRange } from '../../ir/types.js';
import type { SharedSource } from '../concurrency/facts.js';
import { keyOwner, keyString } from '../concurrency/storage-key.js';
import type { HeldBy, Thread } from '../concurrency/threads.js';
import { where } from '../../witness.js';
import { calleeName, type PkgCtx } from './context.js';
import { type CallInstr, type Frame, type LockUse, type SharedState, type VarInfo, applyShared, lockUse, sharedState } from './state.js';
import { FlowState } from './storage.js';

/** Map fields of Kubernetes objects, for writes whose type is not known (no module cache). */
const OBJECT_MAP_FIELDS = new Set(['Labels', 'Annotations', 'Data', 'StringData', 'BinaryData', 'MatchLabels', 'NodeSelector', 'Object', 'Capacity', 'Allocatable', 'Limits', 'Requests']);
const OBJECT_MAP_GETTERS = new Set(['GetLabels', 'GetAnnotations']);

/** The receiver value of a method call, if any. */
export function recvOf(c: CallInstr): Value | undefined {
  const k = c.callee;
  return k.k === 'static' || k.k === 'interface' || k.k === 'library' || k.k === 'unknown' ? k.recv : undefined;
}

export abstract class FlowObjects extends FlowState {
  /** Lock key → the number of its latest acquisition in the walk: a lock held with the same number was never released. */
  protected readonly acquisitions = new Map<string, number>();
  private acquired = 0;

  /** The lock a lock operation's place denotes: `c.mu`, the mutex `c` embeds, a sync.Cond's `L`. */
  protected lockOf(place: Place, embedded: boolean, f: Frame): LockUse {
    const last = place.path[place.path.length - 1];
    if (last?.k === 'field' && last.name === 'L') {
      const cond = this.storageOf(this.prefix(place, 1, f), f, true);
      const mu = cond && this.condLocks.get(cond.key);
      if (mu) return mu;
    }
    if (embedded && last?.k === 'field') {
      const owner = this.ownerName(last.owner);
      if (owner) return lockUse({ k: 'field', owner, field: last.name }, place.text);
    }
    const s = this.storageOf(place, f, true);
    // A `*sync.Mutex` variable pointed at a field's mutex is named as that mutex (`i.lock`, not `mu`).
    const pointed = s && s.id.k !== 'local' && place.path.every((x) => x.k === 'deref') ? s.expr : '';
    return lockUse(s?.id ?? { k: 'text', text: place.text }, pointed || place.text);
  }

  protected applyLock(op: string, lock: LockUse, f: Frame): void {
    this.lockNames.set(lock.key, lock.display);
    this.lockIds.set(lock.key, lock.id);
    if (op !== 'Unlock' && op !== 'RUnlock') this.acquisitions.set(lock.key, ++this.acquired);
    if (op === 'Lock' || op === 'TryLock' || op === 'RLock') f.flow.lockedInLoops.set(lock.key, f.flow.loopSpawns.length);
    if (op === 'Lock' || op === 'TryLock') f.locks.set(lock.key, 'w');
    else if (op === 'RLock') {
      if (f.locks.get(lock.key) !== 'w') f.locks.set(lock.key, 'r');
    } else {
      this.released(lock.key, f);
      f.locks.delete(lock.key);
    }
  }

  /** Per flow: goroutines it started while holding locks, each lock until a release shows whether it joined them first. */
  private readonly holds = new Map<number, { thread: Thread; key: string; held: HeldBy; loops: number; revoked: boolean }[]>();

  /** A goroutine started with the flow's locks held: it runs under them if every release of one comes after its join. */
  protected holdAcross(thread: Thread, f: Frame): void {
    if (f.locks.size === 0) return;
    const list = this.holds.get(f.flow.id) ?? [];
    for (const [key, mode] of f.locks) {
      const onePerHold = f.flow.lockedInLoops.get(key) === f.flow.loopSpawns.length;
      list.push({ thread, key, held: { mode, holder: f.thread, hold: this.acquisitions.get(key) ?? 0, onePerHold }, loops: f.flow.loopSpawns.length, revoked: false });
    }
    this.holds.set(f.flow.id, list);
  }

  /**
   * The flow releases a lock (an unlock, or a deferred one at a return): the goroutines started under it that are
   * joined by now ran inside its critical section; one still running does not, whatever another path does.
   */
  protected released(key: string, f: Frame): void {
    for (const h of this.holds.get(f.flow.id) ?? []) {
      if (h.revoked || h.key !== key) continue;
      if (f.flow.active.has(h.thread.id)) this.revoke(h);
      else (h.thread.heldBy ??= new Map()).set(key, h.held);
    }
    f.flow.releases++;
    this.releaseLog.push(key);
    const keys = this.releasedIn.get(f.flow.id);
    if (keys) keys.add(key);
    else this.releasedIn.set(f.flow.id, new Set([key]));
  }

  /** Per flow: the locks it releases (a function that unlocks its caller's lock does not run inside it). */
  protected readonly releasedIn = new Map<number, Set<string>>();

  /** Every release walked, in order (a followed call's summary replays its own). */
  protected readonly releaseLog: string[] = [];

  private revoke(h: { thread: Thread; key: string; revoked: boolean }): void {
    h.revoked = true;
    h.thread.heldBy?.delete(h.key);
  }

  /**
   * The end of a loop's body that released a lock (`releases` before it): a goroutine started in the body and still
   * running when the next iteration begins may see that release, which the walk of one iteration did not check.
   */
  protected loopReleases(f: Frame, releases: number): void {
    if (f.flow.releases === releases) return;
    const depth = f.flow.loopSpawns.length;
    for (const h of this.holds.get(f.flow.id) ?? []) if (!h.revoked && h.loops >= depth && f.flow.active.has(h.thread.id)) this.revoke(h);
  }

  /** A struct whose map fields are accessed under one of its own locks is meant for concurrent use. */
  protected isGuardedType(type: string): boolean {
    for (const l of this.guardedLocksByOwner.get(type) ?? []) if (keyOwner(this.lockIds.get(l)) === type) return true;
    return false;
  }

  /** `&T{mu: &t.mu}`: T's `*sync.Mutex` field is t's mutex, whoever locks it through T. */
  protected mutexPointers(alloc: Alloc, f: Frame): void {
    const t = alloc.type;
    if (t.k !== 'named' || !f.ctx.types.isOwn(t)) return;
    const decl = f.ctx.decls.types.get(t.name);
    if (decl?.k !== 'struct') return;
    for (const el of alloc.elems ?? []) {
      const field = decl.fields.find((x) => x.name === el.key);
      if (!field || field.type.k !== 'ptr' || !isMutex(field.type) || el.value.k !== 'addr') continue;
      const target = this.storageOf(el.value.place, f, true);
      if (!target) continue;
      const alias = keyString({ k: 'field', owner: this.ownerName(t)!, field: field.name });
      this.lockAliases.set(alias, this.lockAliases.has(alias) && this.lockAliases.get(alias) !== target.key ? alias : target.key);
      if (!this.lockNames.has(target.key)) this.lockNames.set(target.key, el.value.place.text);
      this.lockIds.set(target.key, target.id);
    }
  }

  /** `return ..., x.mu.Unlock, ...` with x.mu held: the caller holds it after the call. */
  protected returnedUnlocks(values: Value[], f: Frame): void {
    for (const v of values) {
      if (v.k !== 'method' || (v.name !== 'Unlock' && v.name !== 'RUnlock')) continue;
      if (v.recv.k !== 'place' && v.recv.k !== 'addr') continue;
      const lock = this.lockOf(v.recv.place, false, f);
      const mode = f.locks.get(lock.key);
      if (mode) f.returnedLocks?.set(lock.key, mode);
    }
  }

  /** Per method: how many call sites hold one of its receiver type's locks, and how many do not. */
  protected readonly callSites = new Map<string, { locked: number; unlocked: number }>();

  /** Per function: the locks held (in the same mode) at every call of it the walks have seen. */
  protected readonly callerLocks = new Map<string, Map<string, 'w' | 'r'>>();

  /**
   * Counts a call of a method with or without a lock held: the receiver's own, or one of a struct it is part of.
   * Calls in test files are not counted.
   */
  protected noteCallSite(ctx: PkgCtx, funcId: string, recvType: string | undefined, recv: Value | undefined, f: Frame): void {
    // How a test calls a function (unlocked, on its own) says nothing of how the program does.
    if (isTestFile(f.func.at.file)) return;
    const held = this.callerLocks.get(funcId);
    if (!held) this.callerLocks.set(funcId, new Map(f.locks));
    else for (const [k, m] of held) if (f.locks.get(k) !== m) held.delete(k);
    if (!recvType) return;
    const c = this.callSites.get(funcId) ?? { locked: 0, unlocked: 0 };
    this.callSites.set(funcId, c);
    if (f.locks.size === 0) {
      c.unlocked++;
      return;
    }
    const owners = new Set([recvType]);
    if (recv?.k === 'place' || recv?.k === 'addr') {
      const p = recv.place;
      for (let n = 0; n <= p.path.length; n++) {
        const t = deref(n === 0 ? p.type : this.prefix(p, n, f).type);
        if (t.k === 'named' && f.ctx.types.isOwn(t)) owners.add(t.name);
      }
    }
    for (const o of [...owners]) {
      const t = ctx.decls.types.get(o);
      if (t?.k !== 'struct') continue;
      for (const field of t.fields) {
        let ft = field.type;
        while (ft.k === 'ptr' || ft.k === 'slice') ft = ft.elem;
        if (ft.k === 'named' && (ft.pkg === '' || ft.pkg === ctx.ir.path)) owners.add(ft.name);
      }
    }
    if ([...f.locks.keys()].some((k) => owners.has(f.ctx.types.ownTypeName(keyOwner(this.lockIds.get(k))) ?? ''))) c.locked++;
    else c.unlocked++;
  }

  /** A method every caller in the package calls with the receiver's lock held (e.g. `fooLocked`). */
  protected calledOnlyLocked(funcId: string): boolean {
    const c = this.callSites.get(funcId);
    return !!c && c.locked > 0 && c.unlocked === 0;
  }

  /** `s.cond = sync.NewCond(&s.mu)`: `s.cond.L` is `s.mu`. */
  protected noteCond(dst: Place, value: Value | undefined, f: Frame): void {
    const c = this.callOf(value, f);
    if (!c || c.callee.k !== 'static' || c.callee.func.pkg !== 'sync' || c.callee.func.name !== 'NewCond') return;
    const arg = c.args[0];
    const cond = this.storageOf(dst, f, true);
    const mu = this.valueStorage(arg, f, true);
    if (cond && mu && arg && (arg.k === 'addr' || arg.k === 'place')) this.condLocks.set(cond.key, { key: mu.key, id: mu.id, display: arg.place.text });
  }

  // ----- per-request objects: the workqueue never runs two Reconciles of one key at once -----

  /** `req`, `req.NamespacedName` or their `String()`, where `req` holds the request a Reconcile handles. */
  protected requestKey(v: Value, f: Frame, depth = 0): boolean {
    const c = this.callOf(v, f);
    if (c) {
      const recv = recvOf(c);
      return depth < 2 && !!recv && c.args.length === 0 && calleeName(c).replace(/^.*\./, '') === 'String' && this.requestKey(recv, f, depth + 1);
    }
    if (v.k !== 'place') return false;
    const steps = v.place.path.filter((s) => s.k !== 'deref');
    if (steps.length > 1 || (steps[0] && (steps[0].k !== 'field' || steps[0].name !== 'NamespacedName'))) return false;
    return !!this.varOf(v.place.root, f)?.request;
  }

  /**
   * `m[key]` at the request's own key, or a variable holding such an element: the thread that handles the
   * request, whose element it is.
   */
  protected keyedElement(v: Value | undefined, f: Frame): Thread | undefined {
    if (v?.k !== 'place') return undefined;
    const last = v.place.path[v.place.path.length - 1];
    if (!last) return this.keyedAccess(v.place, f) ? f.thread : undefined;
    return last.k === 'mapelem' && this.requestKey(last.key, f) ? f.thread : undefined;
  }

  /** Whether a place starts from a variable holding the element at the request's own key that this thread handles. */
  protected keyedAccess(place: Place, f: Frame): boolean {
    const root = place.root;
    return (root.k === 'local' || root.k === 'param' || root.k === 'recv') && this.varOf(root, f)?.keyed === f.thread;
  }

  // ----- objects taken out of a shared map: private again -----

  /** The identity of a map key that stays the same between a read and a delete: a variable, a constant. */
  private keyId(v: Value | undefined, f: Frame): string | undefined {
    if (v?.k === 'const') return `const:${v.text}`;
    if (v?.k !== 'place' || v.place.path.length) return undefined;
    const uid = this.varOf(v.place.root, f)?.uid;
    return uid && `var:${uid}`;
  }

  /** `x := m[k]` with exclusive locks held: what a later `delete(m, k)` must match for x to hold a removed object. */
  protected noteReadFrom(v: VarInfo, value: Value, f: Frame): void {
    const last = value.k === 'place' ? value.place.path[value.place.path.length - 1] : undefined;
    if (value.k !== 'place' || last?.k !== 'mapelem') return;
    const locks = new Map<string, number>();
    for (const [k, m] of f.locks) if (m === 'w') locks.set(k, this.acquisitions.get(k) ?? 0);
    const map = this.storageOf(this.prefix(value.place, 1, f), f);
    const key = this.keyId(last.key, f);
    if (locks.size && map && key) v.readFrom = { map: map.key, key, locks };
  }

  /**
   * `delete(m, k)` while a lock held at `x := m[k]` is still held, never released since: no other goroutine read
   * the element in between or can read it after, so the object x holds is x's own (private to this goroutine).
   */
  protected removeFrom(map: Place, key: Value | undefined, f: Frame): void {
    const st = this.storageOf(map, f);
    const id = this.keyId(key, f);
    if (!st || !id) return;
    for (const v of f.env.vars.values()) {
      const r = v.readFrom;
      if (!r || r.map !== st.key || r.key !== id) continue;
      if ([...r.locks].some(([k, n]) => f.locks.get(k) === 'w' && this.acquisitions.get(k) === n)) this.setShared(v, f, { ...sharedState(v), removed: true });
    }
  }

  // ----- objects shared with the informer cache (MR1004) -----

  /** The shared object a value denotes or reaches into, if any. */
  protected sharedOf(v: Value | undefined, f: Frame, depth = 0): SharedSource | undefined {
    if (!v || depth > 8) return undefined;
    if (v.k === 'assert') return this.sharedOf(v.value, f, depth + 1);
    if (v.k !== 'place' && v.k !== 'addr') return undefined;
    const root = v.place.root;
    if (root.k === 'value') return this.sharedOf(root.value, f, depth + 1);
    if (root.k !== 'result') return this.varOf(root, f)?.shared;
    const c = f.temps.get(root.temp);
    const recv = c && recvOf(c);
    if (!c || !recv) return undefined;
    const name = calleeName(c);
    // Getters of a shared object return its own maps (`GetLabels()`); copies are private.
    if (/^Get[A-Z]/.test(name) && !/Copy/.test(name)) {
      const s = this.sharedOf(recv, f, depth + 1);
      if (s) return s;
    }
    if (this.isCacheReader(recv, name, f, 0)) {
      const text = c.text.length > 57 ? `${c.text.slice(0, 57)}...` : c.text;
      const at = toRange(c.at);
      return { what: `${text} at ${where(at)}`, at };
    }
    return undefined;
  }

  protected handlerArgs(site: At): SharedSource {
    const at = toRange(site);
    return { what: `an argument of the event handler registered at ${where(at)}`, at };
  }

  /** `lister.Get/List`, `lister.Foos(ns).Get`, `indexer.GetByKey/List/ByIndex`, `informer.GetStore().List`. */
  protected isCacheReader(recv: Value, method: string, f: Frame, depth: number): boolean {
    if (depth > 3) return false;
    const reads = method === 'Get' || method === 'List' || method === 'GetByKey' || method === 'ByIndex' || method === 'ListKeys' || method === 'Index';
    if (!reads && depth === 0) return false;
    const t = deref(this.valueType(recv));
    if (t.k === 'named') {
      if (t.pkg.includes('/listers/') || /Lister$/.test(t.name)) return true;
      if (t.pkg === 'k8s.io/client-go/tools/cache' && /^(Indexer|Store|ThreadSafeStore)$/.test(t.name)) return true;
      if (!f.ctx.types.isOwn(t) || f.ctx.decls.types.has(t.name)) return false;
    }
    const c = this.callOf(recv, f);
    if (c) {
      // `x.Lister()`, `x.GetStore()`, `x.GetIndexer()`, or a namespace lister `lister.Pods(ns)`.
      const inner = recvOf(c);
      if (!inner) return false;
      const name = calleeName(c);
      if (name === 'Lister' || name === 'GetStore' || name === 'GetIndexer') return true;
      return /^[A-Z]/.test(name) && this.isCacheReader(inner, name, f, depth + 1);
    }
    if (recv.k !== 'place') return false;
    // A field or variable of a type not known here, named like one (`c.podLister`, `podsLister`, `c.indexer`).
    const last = recv.place.path[recv.place.path.length - 1];
    const root = recv.place.root;
    const name = last ? (last.k === 'field' ? last.name : undefined) : 'name' in root ? root.name : undefined;
    return !!name && /(Lister|[iI]ndexer)$/.test(name);
  }

  /** A write into a map of a shared object: recorded for MR1004 (and not paired as a race). */
  protected sharedWrite(map: Place, at: At, f: Frame): boolean {
    const source = this.sharedOf({ k: 'place', place: map }, f);
    if (!source || !this.objectMap(map, f)) return false;
    const range = toRange(at);
    const key = `${range.file}:${range.start.line}:${range.start.column}`;
    if (!this.sharedWrites.has(key)) this.sharedWrites.set(key, { range, map: map.text, source, func: f.fname, path: f.path });
    return true;
  }

  /** Whether a place of a shared object is one of its maps (typed, or by the Kubernetes field names). */
  protected objectMap(p: Place, f: Frame): boolean {
    if (f.ctx.types.isMapLike(p.type)) return true;
    const last = p.path[p.path.length - 1];
    if (last?.k === 'field') return OBJECT_MAP_FIELDS.has(last.name);
    if (last) return false;
    const c = this.callOf({ k: 'place', place: p }, f);
    if (c) return OBJECT_MAP_GETTERS.has(calleeName(c));
    return !!this.varOf(p.root, f)?.sharedMap;
  }

  /** Points `v` at a shared object or at the controller's own (`{}`), remembering its state before a branch. */
  protected setShared(v: VarInfo, f: Frame, state: SharedState): void {
    if (f.touched !== undefined && !f.touched?.has(v)) (f.touched ??= new Map()).set(v, sharedState(v));
    applyShared(v, state);
  }

  /** At the end of a branch: what it left in the variables it touched, which get their states from before back. */
  protected endBranch(b: Frame): Map<VarInfo, SharedState> {
    const ends = new Map<VarInfo, SharedState>();
    for (const [v, before] of b.touched ?? []) {
      ends.set(v, sharedState(v));
      applyShared(v, before);
    }
    return ends;
  }

  /**
   * After branches: a variable a branch re-pointed holds a shared object after them if it does at the end of any
   * branch that falls through, and the controller's own object if at the end of all; it holds the element at the
   * request's own key, or an object taken out of a shared map, only if it does at the end of all.
   */
  protected mergeShared(f: Frame, branches: { falls: boolean; ends: Map<VarInfo, SharedState> }[]): void {
    const vars = new Set<VarInfo>();
    for (const b of branches) for (const v of b.ends.keys()) vars.add(v);
    const live = branches.filter((b) => b.falls);
    if (live.length === 0) return;
    for (const v of vars) {
      const ends = live.map((b) => b.ends.get(v) ?? sharedState(v));
      const shared = ends.find((e) => e.shared);
      const keyed = ends[0]!.keyed;
      this.setShared(v, f, { shared: shared?.shared, sharedMap: shared?.sharedMap, keyed: ends.every((e) => e.keyed === keyed) ? keyed : undefined, removed: ends.every((e) => e.removed) });
    }
  }
}
