// The bottom layer of the IR interpreter: threads, flows and variables, which storage a Place denotes (a local,
// a struct field, a package variable, an element of one), and the recording of map accesses with the thread,
// locks and concurrent goroutines at that point.
import type { AccessKind } from '../../model.js';
import { type GoType, deref, isLockRef } from '../../go/types.js';
import { type At, type Func, type Place, type Root, type Value, toRange } from '../../ir/types.js';
import type { SharedWrite, Truncated } from '../concurrency/facts.js';
import { type StorageKey, keyOwner, keyString, throughField } from '../concurrency/storage-key.js';
import { type Access, type ObjectField, type Storage, type Thread, type ThreadKind, ownsVar, receiverOf, storage } from '../concurrency/threads.js';
import { type Packages, type PkgCtx, calleeName } from './context.js';
import { reassignedIn } from './reassigned.js';
import { HandOffs } from './handoffs.js';
import { type Shape, Shapes, foreignField } from './shapes.js';
import { type CallInstr, type Flow, type Frame, type LockUse, type ObjectRef, type VarInfo, localKey } from './state.js';

/** A goroutine's sends and closes in walk order (deferred ones run at its end), and those a map access followed. */
interface SendLog {
  sent: { key: string; close: boolean }[];
  /** How many of `sent` an access has followed. */
  passed: number;
  closes: Set<string>;
  /** Channels sent on or closed, and closed, before one of its accesses: receiving from them does not join it. */
  early: Set<string>;
  closedEarly: Set<string>;
}

export abstract class FlowState {
  readonly accesses: Access[] = [];
  readonly truncated: Truncated = { steps: 0, depth: 0, packages: 0, dispatch: 0 };
  readonly lockNames = new Map<string, string>();
  readonly sharedWrites = new Map<string, SharedWrite>();
  /** Field storage accessed from an entry point's flow, with its owner and the locks held: evidence the type is shared. */
  protected readonly guardedLocksByOwner = new Map<string, Set<string>>();
  protected readonly guardedFields = new Map<string, { owner: string | undefined; locks: Set<string> }>();
  /** Lock key → its identity, for every lock taken. */
  protected readonly lockIds = new Map<string, StorageKey>();
  /** Struct types whose fields goroutines or handlers touch. */
  protected readonly sharedTypes = new Set<string>();
  /** Lock keys of `*sync.Mutex` fields that point at another struct's mutex, and that mutex's key. */
  protected readonly lockAliases = new Map<string, string>();
  /** `s.cond = sync.NewCond(&s.mu)`: the cond's key → s.mu. */
  protected readonly condLocks = new Map<string, LockUse>();
  protected readonly threads: Thread[] = [];
  protected readonly spawnIds = new Map<string, number>();
  /** Loops' spawn sets of bodies that wait for their goroutines before the next iteration. */
  protected readonly joinedLoops = new WeakSet<Set<number>>();
  /** Loop-spawn placeholder id → the threads its spawn site started. */
  protected readonly placeholders = new Map<number, number[]>();
  /** Methods a framework calls back on its goroutines (by function id). */
  protected readonly callbacks = new Set<string>();
  /** Reconciler types registered with controller-runtime in this package, and whether reconciles overlap. */
  protected readonly reconcilers = new Map<string, { multi: boolean; workers: string; at: string }>();
  /**
   * Variables defined with a map or object made there (`m := map[K]V{}`, `x := &T{}`): the flow and how many loops
   * of it enclose the definition. Each iteration of those loops makes a new one.
   */
  protected readonly madeIn = new Map<string, { flow: number; loops: number }>();
  private readonly sendLogs = new Map<Thread, SendLog>();
  /** Sends and closes, for the order of what goroutines do after receiving. */
  protected readonly handOffs = new HandOffs();

  /** Sends and closes a thread has made so far (a walk that made some is not summarized: their order matters). */
  protected sendCount(t: Thread): number {
    return this.sendLogs.get(t)?.sent.length ?? 0;
  }
  private nextUid = 0;
  private steps = 0;

  /** The fields of new objects that hold new objects (`&Scope{Tracker: NewTracker()}`, constructors' results). */
  protected readonly shapes: Shapes;

  constructor(protected readonly packages: Packages) {
    this.shapes = new Shapes((c) => this.shapeCallees(c));
  }

  protected get own(): PkgCtx {
    return this.packages.own;
  }

  /** Counts a step; false (and the budget noted as exhausted) once `budget` steps have been taken. */
  protected step(budget: number): boolean {
    if (++this.steps <= budget) return true;
    this.truncated.steps = 1;
    return false;
  }

  allThreads(): readonly Thread[] {
    return this.threads;
  }

  protected newThread(kind: ThreadKind, multi: boolean, label: string, site?: At): Thread {
    const t: Thread = { id: this.threads.length + 1, kind, multi, label, sends: new Set(), instanceLocal: new Set() };
    if (site) t.site = toRange(site);
    this.threads.push(t);
    return t;
  }

  protected newFlow(): Flow {
    return { id: ++this.nextUid, active: new Set(), started: new Set(), loopSpawns: [], loopStarts: [], epoch: 0, lockedInLoops: new Map(), releases: 0 };
  }

  /** `ch <- v` or `close(ch)` on a thread; `deferred`: at its end, after all its accesses. */
  protected sent(ch: Storage, close: boolean, f: Frame, deferred: boolean): void {
    f.thread.sends.add(ch.key);
    if (!deferred) this.handOffs.sent(f.flow.id, ch, f.thread, f.received, this.accesses.length, f.flow.loopStarts.map((start, i) => ({ start, spawns: f.flow.loopSpawns[i]! })));
    if (f.thread.kind !== 'goroutine') return;
    let log = this.sendLogs.get(f.thread);
    if (!log) this.sendLogs.set(f.thread, (log = { sent: [], passed: 0, closes: new Set(), early: new Set(), closedEarly: new Set() }));
    if (close) log.closes.add(ch.key);
    if (!deferred) log.sent.push({ key: ch.key, close });
  }

  /** The sends and closes of `log` from `from` on precede an access. */
  private passSends(log: SendLog, from: number): void {
    for (const s of log.sent.slice(from)) {
      log.early.add(s.key);
      if (s.close) log.closedEarly.add(s.key);
    }
    log.passed = log.sent.length;
  }

  /** Where a loop starts, for `sentInLoop`: the thread's sends so far, and the accesses recorded. */
  protected loopMark(t: Thread): { sent: number; accesses: number } {
    return { sent: this.sendLogs.get(t)?.sent.length ?? 0, accesses: this.accesses.length };
  }

  /** After a loop body with accesses: a send in it precedes the accesses of its next iteration. */
  protected sentInLoop(t: Thread, before: { sent: number; accesses: number }): void {
    const log = this.sendLogs.get(t);
    if (log && log.sent.length > before.sent && this.accesses.length > before.accesses) this.passSends(log, before.sent);
  }

  /**
   * Whether receiving from `ch` joins goroutine t: it sends on or closes ch after its last map access; at the end
   * of a range over ch (`rangeEnd`), it closes ch after its last access.
   */
  protected joins(t: Thread, ch: string, rangeEnd: boolean): boolean {
    const log = this.sendLogs.get(t);
    if (rangeEnd) return !!log?.closes.has(ch) && !log.closedEarly.has(ch);
    return t.sends.has(ch) && !log?.early.has(ch);
  }

  /** Goroutines a flow started and joined again live inside the thread that ran the flow. */
  protected scopeJoined(flow: Flow, owner: Thread): void {
    for (const id of flow.started) {
      const t = this.threads[id - 1];
      if (t && !flow.active.has(id) && !t.scopedIn) t.scopedIn = owner;
    }
  }

  /** A new variable; inside a goroutine, handler or API call it belongs to that one instance. */
  protected newVar(f: Frame, type: GoType, loop = 0): VarInfo {
    const v: VarInfo = { uid: `v${++this.nextUid}`, type, loop };
    if (f.thread.kind !== 'flow') f.thread.instanceLocal.add(v.uid);
    return v;
  }

  /** The variable a root names in this activation (made on first use for one never defined: a named result, a zero value of its own). */
  protected varOf(root: Root, f: Frame): VarInfo | undefined {
    if (root.k !== 'local' && root.k !== 'param' && root.k !== 'recv') return undefined;
    const key = localKey(root);
    const known = f.env.lookup(key);
    if (known) return known;
    const local = root.func === f.func.id ? f.func.locals[root.id] : undefined;
    const v = this.newVar(f, local?.type ?? { k: 'unknown' });
    if (local?.kind === 'result' && f.ctx.types.underlying(v.type).k === 'struct') v.fresh = true;
    f.env.vars.set(key, v);
    return v;
  }

  /** A struct type as a field owner: `<import path>.T`, or `T` in a package outside any module. */
  protected ownerName(t: GoType | undefined): string | undefined {
    const d = t && deref(t);
    if (d?.k !== 'named') return undefined;
    return d.pkg ? `${d.pkg}.${d.name}` : d.name;
  }

  /** The type of a value. */
  protected valueType(v: Value): GoType {
    switch (v.k) {
      case 'place':
        return v.place.type;
      case 'alloc':
        return v.alloc.kind === 'new' ? { k: 'ptr', elem: v.alloc.type } : v.alloc.type;
      case 'addr':
      case 'const':
      case 'method':
      case 'op':
      case 'assert':
        return v.type;
      case 'func':
        return { k: 'unknown' };
    }
  }

  /** A variable of this type refers to the storage of the value it is given: a map, or a channel (the caller's). */
  protected refersTo(ctx: PkgCtx, t: GoType): boolean {
    return ctx.types.isMapLike(t) || ctx.types.underlying(t).k === 'chan';
  }

  /** The storage a value refers to (a place, or the address of one). */
  protected valueStorage(v: Value | undefined, f: Frame, anyType = false): Storage | undefined {
    if (v?.k === 'place' || v?.k === 'addr') return this.storageOf(v.place, f, anyType);
    return undefined;
  }

  /**
   * The storage a variable of type `type` refers to when it is given `value`: the map (or channel) a variable is
   * copied from, or the mutex a `*sync.Mutex` or a `sync.Locker` points at (`mu := &s.mu`, a helper's `mu
   * *sync.Mutex` or `l sync.Locker` given `&s.mu`), so that locking through it is locking that mutex.
   */
  protected referenceOf(type: GoType, value: Value | undefined, f: Frame): Storage | undefined {
    if (this.refersTo(f.ctx, type)) return this.valueStorage(value, f);
    if (isLockRef(type) && (value?.k === 'addr' || value?.k === 'place')) {
      const s = this.valueStorage(value, f, true);
      return s && s.id.k !== 'text' ? s : undefined;
    }
    return undefined;
  }

  /** `place` without its last `n` steps. */
  protected prefix(place: Place, n: number, f: Frame): Place {
    const path = place.path.slice(0, place.path.length - n);
    const last = path[path.length - 1];
    return { root: place.root, path, type: last ? last.type : this.rootType(place, f), text: prefixText(place, n) };
  }

  private rootType(place: Place, f: Frame): GoType {
    const root = place.root;
    if (place.path.length === 0) return place.type;
    if (root.k === 'alloc') return root.alloc.type;
    if (root.k === 'value') return this.valueType(root.value);
    if (root.k === 'result') return f.temps.get(root.temp) ? this.resultType(root.temp, root.index, f) : { k: 'unknown' };
    return this.varOf(root, f)?.type ?? { k: 'unknown' };
  }

  /** The type of a call's result (the temps of the function whose activation made it). */
  private resultType(temp: number, index: number, f: Frame): GoType {
    return f.func.temps[temp]?.[index] ?? { k: 'unknown' };
  }

  /** The variable uid that owns the object a root points to, when one instance of this thread made it or took it out of a shared map. */
  protected ownerOf(root: Root, f: Frame): string | undefined {
    const v = this.varOf(root, f);
    if (!v) return undefined;
    // An object taken out of a shared map: the variable's own, whatever thread holds it.
    if (v.removed) return v.uid;
    if (f.thread.kind === 'flow') return undefined;
    return v.owner ?? (v.fresh && ownsVar(f.thread, v.uid) ? v.uid : undefined);
  }

  /**
   * The owner of the object the first `n` steps of `place` reach when it is a new object held in a field of an
   * object one instance of this thread owns (`s.Tracker`, `s.Tracker.Workers` with `s := scope.New()`): the
   * owner's uid and the field path, which belongs to that instance as well.
   */
  protected ownedPath(place: Place, n: number, f: Frame): string | undefined {
    const v = this.varOf(place.root, f);
    let owner = v && this.ownerOf(place.root, f);
    let shape = v?.shape;
    if (!owner) return undefined;
    let fields = 0;
    // Struct values inside the object (`fi.Meta` of `var fi FileInfo`) are its own memory; what a field points
    // to, only when the object's shape says it was made with it.
    for (const s of place.path.slice(0, n)) {
      if (s.k === 'deref') continue;
      if (s.k !== 'field') return undefined;
      shape = shape?.get(s.name);
      if (!shape && f.ctx.types.underlying(s.type).k !== 'struct') return undefined;
      owner = `${owner}/${s.name}`;
      fields++;
    }
    if (!fields) return undefined;
    f.thread.instanceLocal.add(owner);
    return owner;
  }

  /** The functions a call may run, for the shapes of what it returns (a static call's here; dispatch adds more). */
  protected shapeCallees(c: CallInstr): readonly Func[] {
    const func = c.callee.k === 'static' ? this.packages.resolve(c.callee.func)?.func : undefined;
    return func ? [func] : [];
  }

  /** Whether field step `i` of `place`, in an owned object, was given something not new when the object was made. */
  private givenFromElsewhere(place: Place, i: number, f: Frame): boolean {
    let shape = this.varOf(place.root, f)?.shape;
    for (const s of place.path.slice(0, i + 1)) {
      if (s.k === 'deref') continue;
      if (s.k !== 'field' || foreignField(shape, s.name)) return s.k === 'field';
      shape = shape?.get(s.name);
    }
    return false;
  }

  /** The shape of the object a value denotes: a new one's, a variable's, or a field's of an owned object. */
  protected shapeOf(value: Value | undefined, f: Frame): Shape | undefined {
    if ((value?.k !== 'place' && value?.k !== 'addr') || value.place.root.k === 'result' || value.place.root.k === 'alloc') return value ? this.shapes.of(value, f.func) : undefined;
    let shape = this.varOf(value.place.root, f)?.shape;
    for (const s of value.place.path) {
      if (s.k === 'deref') continue;
      shape = s.k === 'field' ? shape?.get(s.name) : undefined;
    }
    return shape;
  }

  /** Which storage a place denotes; `anyType`: fall back to its text (for locks). */
  storageOf(place: Place, f: Frame, anyType = false): Storage | undefined {
    if (this.deepCopied(place, f)) return undefined;
    const steps = place.path;
    let cur: Storage | undefined = this.rootStorage(place.root, place, f, steps.length === 0);
    let plain = place.root.k === 'local' || place.root.k === 'param' || place.root.k === 'recv';
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      const text = i === steps.length - 1 ? place.text : '';
      if (s.k === 'deref') continue;
      if (s.k === 'field') {
        const operandIsVar = plain && steps.slice(0, i).every((x) => x.k === 'deref');
        const v = operandIsVar ? this.varOf(place.root, f) : undefined;
        plain = false;
        const dotted = fieldPath(steps, i + 1);
        const repointed = dotted && (place.root.k === 'local' || place.root.k === 'param' || place.root.k === 'recv') ? this.varOf(place.root, f)?.fields?.get(dotted) : undefined;
        if (repointed) {
          cur = { ...repointed, via: place.text };
          continue;
        }
        if (repointed === null && v) {
          cur = storage({ k: 'member', uid: v.uid, field: s.name }, text);
          continue;
        }
        const made = operandIsVar ? this.ownerOf(place.root, f) : this.ownedPath(place, i, f);
        if (made && !this.givenFromElsewhere(place, i, f)) {
          cur = storage({ k: 'member', uid: made, field: s.name }, text);
          continue;
        }
        const owner = this.ownerName(s.owner);
        if (owner && f.ctx.types.isForeignOwner(owner) && cur && cur.id.k !== 'text') {
          cur = storage({ k: 'rooted', root: cur.id, owner, field: s.name }, text);
          continue;
        }
        if (owner) {
          const object = i === steps.length - 1 ? this.objectOf(v, cur, place, i, f) : undefined;
          cur = storage({ k: 'field', owner, field: s.name }, text);
          if (object) cur.object = object;
        } else if (anyType && i === steps.length - 1) return storage({ k: 'text', text: place.text }, place.text);
        else cur = undefined;
        continue;
      }
      plain = false;
      if (!cur) return undefined;
      if (s.k === 'index' && s.index.k === 'place' && s.index.place.path.length === 0) {
        const iv = this.varOf(s.index.place.root, f);
        const operandType = f.ctx.types.underlying(this.prefix(place, steps.length - i, f).type);
        if (iv && ownsVar(f.thread, iv.uid) && operandType.k === 'slice') {
          cur = storage({ k: 'slot', uid: iv.uid, of: cur.id }, text);
          continue;
        }
      }
      cur = storage({ k: 'elem', of: cur.id }, text);
    }
    if (cur && cur.expr === '' && !cur.via) cur = { ...cur, expr: place.text };
    return cur;
  }

  /**
   * The object whose map field step `i` of `place` reaches: the one `v` (the operand variable) holds, or the element
   * of a struct slice at an instance's own index (`operand`, the slot).
   */
  private objectOf(v: VarInfo | undefined, operand: Storage | undefined, place: Place, i: number, f: Frame): ObjectField | undefined {
    const step = place.path[i]!;
    if (step.k !== 'field' || !f.ctx.types.isMapLike(step.type)) return undefined;
    if (v?.obj) return !v.obj.own || v.obj.own.has(step.name) ? { id: v.obj.id, field: step.name, lost: v.obj.lost } : undefined;
    if (operand?.id.k !== 'slot') return undefined;
    const elem = this.prefix(place, place.path.length - i, f).type;
    return elem.k !== 'ptr' && f.ctx.types.underlying(elem).k === 'struct' ? { id: `slot:${operand.id.uid}`, field: step.name, lost: this.elementsLost(keyString(operand.id.of)) } : undefined;
  }

  /** Per slice (its storage key): the map fields of its struct elements given anything but a new map (`*`: whole elements). */
  private readonly lostInElements = new Map<string, Set<string>>();

  private elementsLost(slice: string): Set<string> {
    let lost = this.lostInElements.get(slice);
    if (!lost) this.lostInElements.set(slice, (lost = new Set()));
    return lost;
  }

  /** `s[i].m = value` or `s[i] = value`: unless m is given a new map, the elements' maps are not told apart. */
  protected noteElementStore(dst: Place, value: Value | undefined, f: Frame): void {
    const n = dst.path.length;
    const last = dst.path[n - 1];
    const at = last?.k === 'index' ? n - 1 : last?.k === 'field' && dst.path[n - 2]?.k === 'index' ? n - 2 : -1;
    if (at < 0) return;
    const slice = this.storageOf(this.prefix(dst, n - at, f), f);
    if (!slice) return;
    if (last?.k === 'field' && value && this.newMap(value, f)) return;
    this.elementsLost(slice.key).add(last?.k === 'field' ? last.name : '*');
  }

  /** Whether a local keeps the value of its definition (it is never assigned again). */
  protected stable(root: Root, f: Frame): boolean {
    if (root.k !== 'local' && root.k !== 'param' && root.k !== 'recv') return false;
    const func = root.func === f.func.id ? f.func : f.ctx.funcs.get(root.func);
    return !!func && !reassignedIn(func, f.ctx.funcs).has(localKey(root));
  }

  /** The object a value refers to, when it is known apart (a stable variable that holds one). */
  protected objectOfValue(value: Value | undefined, f: Frame): ObjectRef | undefined {
    if ((value?.k !== 'place' && value?.k !== 'addr') || value.place.path.length) return undefined;
    const root = value.place.root;
    return this.stable(root, f) ? this.varOf(root, f)?.obj : undefined;
  }

  /** `v := value` or a parameter given `value`: v holds the object value refers to, if known apart and v keeps it. */
  protected bindObject(v: VarInfo, root: Root, value: Value | undefined, f: Frame, valueFrame = f): void {
    const own = this.ownMaps(value, valueFrame);
    const obj = own ? { id: `new:${v.uid}`, own, lost: new Set<string>() } : this.objectOfValue(value, valueFrame);
    if (obj && this.stable(root, f)) v.obj = obj;
  }

  /** `&T{m: make(...)}`, `T{}`, `new(T)`: a new object, and the map fields it makes new maps for. */
  private ownMaps(value: Value | undefined, f: Frame): Set<string> | undefined {
    // `NewRecorder()`: the fields its constructor gave new maps (or objects), from the result's shape.
    if (value?.k === 'place' && value.place.root.k === 'result' && value.place.path.length === 0) {
      const shape = this.shapes.of(value, f.func);
      return shape?.size ? new Set(shape.keys()) : undefined;
    }
    const alloc = value?.k === 'alloc' ? value.alloc : value?.k === 'addr' && value.place.root.k === 'alloc' && value.place.path.length === 0 ? value.place.root.alloc : undefined;
    if (alloc?.kind === 'new') return new Set();
    if (alloc?.kind !== 'composite' || f.ctx.types.underlying(alloc.type).k !== 'struct') return undefined;
    const own = new Set<string>();
    for (const e of alloc.elems ?? []) if (e.key && f.ctx.types.isMapLike(this.valueType(e.value)) && this.newMap(e.value, f)) own.add(e.key);
    return own;
  }

  private rootStorage(root: Root, place: Place, f: Frame, whole: boolean): Storage | undefined {
    const text = whole ? place.text : '';
    switch (root.k) {
      case 'local':
      case 'param':
      case 'recv': {
        const v = this.varOf(root, f)!;
        if (v.alias) return { ...v.alias, expr: v.alias.kind === 'local' ? text : v.alias.expr };
        return storage({ k: 'local', uid: v.uid }, text);
      }
      case 'global':
        return storage({ k: 'global', pkg: root.pkg || f.ctx.ir.dir, name: root.name }, text);
      default:
        return undefined;
    }
  }

  /**
   * In a method of T, `other.m` where `other` is another *T than the receiver (a copy target, a new value being
   * configured): another object, which type-based field keys cannot tell from the receiver's. Not recorded.
   */
  protected otherInstance(place: Place, f: Frame): boolean {
    const root = place.root;
    if (!f.recvType || (root.k !== 'local' && root.k !== 'param' && root.k !== 'recv') || root.name === f.recvName) return false;
    const v = this.varOf(root, f);
    const t = v ? deref(v.type) : undefined;
    return t?.k === 'named' && f.ctx.types.isOwn(t) && t.name === f.recvType;
  }

  /** `len`: a `len(m)` read; `keyed`: reached through the element at the key of the request this thread handles. */
  protected record(st: Storage, kind: AccessKind, at: At, f: Frame, place?: Place, { len = false, keyed = false } = {}): void {
    const log = this.sendLogs.get(f.thread);
    if (log && log.passed < log.sent.length) this.passSends(log, log.passed);
    // An exported method is a guessed root: what it reaches in another package is that package's API.
    if (f.thread.kind === 'api' && f.ctx !== this.own) return;
    if (st.kind === 'field' && place && this.otherInstance(place, f)) return;
    if (st.kind === 'field' && f.thread.kind === 'flow' && f.thread.exportedRoot) {
      const guarded = this.guardedFields.get(st.key) ?? { owner: keyOwner(st.id), locks: new Set<string>() };
      for (const l of f.locks.keys()) guarded.locks.add(l);
      this.guardedFields.set(st.key, guarded);
      if (guarded.owner !== undefined) {
        const byOwner = this.guardedLocksByOwner.get(guarded.owner) ?? new Set<string>();
        for (const l of guarded.locks) byOwner.add(l);
        this.guardedLocksByOwner.set(guarded.owner, byOwner);
      }
    }
    if (st.kind === 'field') {
      const owner = keyOwner(st.id);
      if (owner && (f.thread.kind === 'goroutine' || f.thread.kind === 'handler')) this.sharedTypes.add(owner);
    }
    const concurrentWith = new Set<number>(f.flow.active);
    const from = this.perIterationFrom(st, f);
    f.flow.loopSpawns.forEach((s, i) => {
      if (i >= from) for (const id of s) concurrentWith.add(id);
    });
    if (f.thread.kind === 'flow' && concurrentWith.size === 0) return;
    const access: Access = { storage: st, kind, range: toRange(at), thread: f.thread, locks: new Map(f.locks), concurrentWith, flowId: f.flow.id, seq: this.accesses.length, func: f.fname, path: f.path, ...(len ? { len } : {}), ...(keyed ? { keyed } : {}), ...(st.kind === 'field' && place ? receiverOf(place) : {}) };
    this.accesses.push(access);
    if (f.thread.kind === 'goroutine' && f.received?.size) this.handOffs.received(access, f.received);
  }

  /**
   * Goroutines a loop started in earlier iterations hold earlier instances of what the iteration makes: the loops
   * (by index in `loopSpawns`) from which on their goroutines overlap an access to `st`.
   */
  private perIterationFrom(st: Storage, f: Frame): number {
    const own = st.id.k === 'local' || st.id.k === 'member' ? this.madeIn.get(st.id.uid) : undefined;
    return own?.flow === f.flow.id ? own.loops : 0;
  }

  /**
   * A goroutine a called function started inside loops and left running (its go statement is not in the loops' own
   * bodies): it overlaps every later iteration, so each loop's accesses so far (of this thread, to storage not made
   * anew per iteration) overlap it, as the loops' own goroutines' do through their placeholders.
   */
  protected spawnedInLoops(id: number, f: Frame): void {
    f.flow.loopSpawns.forEach((set, i) => {
      if (set.has(id) || this.joinedLoops.has(set)) return;
      set.add(id);
      for (let k = f.flow.loopStarts[i] ?? this.accesses.length; k < this.accesses.length; k++) {
        const a = this.accesses[k]!;
        if (a.thread === f.thread && i >= this.perIterationFrom(a.storage, f)) a.concurrentWith.add(id);
      }
    });
  }

  /** `x.F = value` on a local object: later `x.F` is the map `value` refers to, or x's own map for a new one. */
  protected repointField(dst: Place, value: Value | undefined, f: Frame): void {
    const last = dst.path[dst.path.length - 1];
    const dotted = fieldPath(dst.path, dst.path.length);
    if (last?.k !== 'field' || !dotted) return;
    const v = this.varOf(dst.root, f);
    if (!v) return;
    v.fields ??= new Map();
    const source = this.valueStorage(value, f);
    const kept = source && (source.kind !== 'local' || throughField(source.id));
    // A new map stored through a pointer to an object others may reach (a receiver, a parameter) is published
    // there at once: it stays the field every other method reaches, not this variable's own.
    const apart = v.type.k !== 'ptr' || !!(v.fresh || v.obj || v.owner || v.removed);
    const fresh = !kept && !!value && apart && this.newMap(value, f);
    // The object's own maps: those it was given new maps in; one given another map is no longer told apart.
    if (dotted === last.name) {
      if (fresh) v.obj?.own?.add(last.name);
      else v.obj?.lost.add(last.name);
    }
    if (kept) v.fields.set(dotted, source);
    else if (fresh) v.fields.set(dotted, null);
    else v.fields.delete(dotted);
  }

  /** The call that made a value, when it is a call's result (`x.DeepCopy()`). */
  protected callOf(v: Value | undefined, f: Frame): CallInstr | undefined {
    if (v?.k !== 'place' || v.place.root.k !== 'result' || v.place.path.length) return undefined;
    return f.temps.get(v.place.root.temp);
  }

  /**
   * A place inside the result of `x.DeepCopy()` / `x.DeepCopyObject()` (`u.DeepCopy().Object`): every map in a deep
   * copy is new, and nobody else holds it yet, so it is no storage another goroutine reaches.
   */
  private deepCopied(place: Place, f: Frame): boolean {
    if (place.root.k !== 'result' || place.path.length === 0) return false;
    const c = f.temps.get(place.root.temp);
    return !!c && c.args.length === 0 && c.callee.k !== 'builtin' && /^DeepCopy(Object)?$/.test(calleeName(c));
  }

  /** A value that makes a new map: `make(...)`, a literal, `maps.Clone(...)`, `x.DeepCopy()`. */
  protected newMap(v: Value, f: Frame): boolean {
    if (v.k === 'alloc') return v.alloc.kind === 'make' || v.alloc.kind === 'composite';
    const c = this.callOf(v, f);
    if (!c) return false;
    const name = calleeName(c);
    return name === 'Clone' || /^DeepCopy/.test(name);
  }
}

/** The source text of a place without its last `n` steps (`pod.Labels` of `pod.Labels["x"]`), as far as it can be cut. */
function prefixText(place: Place, n: number): string {
  let text = place.text;
  for (let i = place.path.length - 1; i >= place.path.length - n && i >= 0; i--) {
    const s = place.path[i]!;
    if (s.k === 'field' && text.endsWith(`.${s.name}`)) text = text.slice(0, -s.name.length - 1);
    else if ((s.k === 'index' || s.k === 'mapelem') && text.endsWith(']')) {
      let depth = 0;
      let j = text.length - 1;
      for (; j >= 0; j--) {
        if (text[j] === ']') depth++;
        else if (text[j] === '[' && --depth === 0) break;
      }
      if (j > 0) text = text.slice(0, j);
    }
  }
  return text;
}

/** The field names of the first `n` steps (`Meta.Sys` for `fi.Meta.Sys`), when they are fields and dereferences only. */
function fieldPath(steps: Place['path'], n: number): string | undefined {
  const names: string[] = [];
  for (const s of steps.slice(0, n)) {
    if (s.k === 'field') names.push(s.name);
    else if (s.k !== 'deref') return undefined;
  }
  return names.length ? names.join('.') : undefined;
}
