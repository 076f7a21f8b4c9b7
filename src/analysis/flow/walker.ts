// Statements and regions of the IR, in program order: definitions and assignments (aliases, literals bound to
// variables, fresh and shared objects), map operations, locks, joins, channel operations, defers, branches (with
// the merge of lock sets and of the informer-cache state at their ends) and loops; and the values an
// instruction uses (func literals run where they are used as values, composite literals that register callbacks).
import type { Alloc, At, Block, Instr, LocalRoot, Place, Stmt, Value } from '../../ir/types.js';
import { type GoType, deref, isLockRef, isNamed } from '../../go/types.js';
import { NODE_BUDGET } from './budgets.js';
import { fieldsGivenShared } from './elements.js';
import { typeKey } from '../../callgraph/values.js';
import { calleeName } from './context.js';
import { FlowCalls } from './calls.js';
import { type CallInstr, type Frame, type SharedState, type VarInfo, localKey, receivedStruct, sharedState } from './state.js';
import { keyKind } from '../concurrency/storage-key.js';

/** Methods that return a copy of their receiver. */
const COPY_METHODS: ReadonlySet<string> = new Set(['Clone', 'DeepCopy', 'DeepCopyObject', 'Copy']);

/** Where a loop starts: the thread's sends and accesses so far, and the flow's lock releases. */
type LoopMark = { sent: number; accesses: number; releases: number };

export abstract class FlowWalker extends FlowCalls {
  protected abstract callInstr(c: CallInstr, f: Frame): void;
  protected abstract goInstr(c: CallInstr, at: At, f: Frame): void;
  /** A composite literal of a framework type that registers callbacks; true when handled. */
  protected abstract compositeEffects(alloc: Alloc, f: Frame): boolean;
  /** A value read from a context (`ctx.Value(k).(*T)`, or a getter of the package that returns one). */
  protected abstract fromContext(v: Value, f: Frame): boolean;

  /** Walks a frame's function body; deferred unlocks run at its end. */
  protected override walkBody(f: Frame): void {
    this.walkBlock(f.func.body, f);
    for (const key of f.deferredUnlocks) {
      if (!f.terminated) this.released(key, f);
      f.locks.delete(key);
    }
  }

  protected walkBlock(b: Block | undefined, f: Frame): void {
    const stmts = b?.stmts ?? [];
    for (let i = 0; i < stmts.length; i++) {
      if (f.terminated) return;
      const s = stmts[i]!;
      const next = stmts[i + 1];
      // The iteration of a range loop (or its receive) runs inside the loop: goroutines it starts overlap with it.
      if (next?.k === 'range' && ((s.k === 'mapiter' && s.via === 'range') || s.k === 'recv') && sameAt(s.at, next.at)) {
        this.rangeLoop(next, f, s);
        i++;
        continue;
      }
      this.walkStmt(s, f);
    }
  }

  protected walkStmts(list: Stmt[], f: Frame): void {
    for (const s of list) {
      if (f.terminated) return;
      this.walkStmt(s, f);
    }
  }

  /** `deferred`: a deferred statement, walked where it is deferred and run at the function's end. */
  protected walkStmt(s: Stmt, f: Frame, deferred = false): void {
    if (f.terminated || !this.step(NODE_BUDGET)) return;
    switch (s.k) {
      case 'define':
        return this.define(s.local, s.value, f);
      case 'assign':
        return this.assign(s.dst, s.value, s.at, f);
      case 'eval':
        return this.walkValue(s.value, f);
      case 'mapread':
      case 'mapiter':
        this.mapAccess(s.map, s.k === 'mapread' ? 'read' : 'iterate', s.at, f, s.k === 'mapread' && s.via === 'len');
        if (s.k === 'mapread') this.walkValue(s.key, f);
        return;
      case 'mapwrite':
      case 'mapdelete':
      case 'mapclear':
        if (!this.sharedWrite(s.map, s.at, f)) this.mapAccess(s.map, 'write', s.at, f);
        if (s.k === 'mapwrite') this.storedElement(s.map, [s.value], f);
        if (s.k === 'mapdelete') this.removeFrom(s.map, s.key, f);
        if (s.k !== 'mapclear') this.walkValue(s.key, f);
        if (s.k === 'mapwrite') {
          this.walkValue(s.value, f);
          this.storedAtRequestKey(s.key, s.value, f);
        }
        return;
      case 'call':
        f.temps.set(s.temp, s);
        return this.callInstr(s, f);
      case 'go':
        if (s.run.k === 'call') {
          f.temps.set(s.run.temp, s.run);
          this.goInstr(s.run, s.at, f);
        }
        return;
      case 'defer':
        return this.deferInstr(s.run, f);
      case 'lock':
        return this.applyLock(s.op, this.lockOf(s.lock, s.embedded, f), f);
      case 'send':
      case 'close': {
        const ch = this.valueStorage(s.chan, f);
        if (ch) this.sent(ch, s.k === 'close', f, deferred);
        if (s.k === 'send') this.walkValue(s.value, f);
        return;
      }
      case 'recv':
        (f.recvTemps ??= new Set()).add(s.temp);
        return this.receive(s.chan, f);
      case 'wait':
        // `cond.Wait()` releases the cond's lock while it waits: the goroutines running then are not inside a hold.
        if (isNamed(deref(s.type), 'sync', 'Cond')) for (const key of [...f.locks.keys()]) this.released(key, f);
        f.flow.active.clear();
        f.flow.epoch++;
        return;
      case 'oncedo': {
        const lit = this.litOf(s.fn, f);
        if (lit) this.walkLiteral(lit, f);
        else this.walkValue(s.fn, f);
        return;
      }
      case 'return':
        for (const v of s.values) this.walkValue(v, f);
        if (f.returnedLocks) this.returnedUnlocks(s.values, f);
        // The deferred unlocks run at this return.
        for (const key of f.deferredUnlocks) this.released(key, f);
        f.terminated = true;
        return;
      case 'jump':
        if (s.jump !== 'fallthrough') f.terminated = true;
        return;
      case 'if':
        return this.ifRegion(s, f);
      case 'switch':
      case 'select':
        return this.switchRegion(s, f);
      case 'loop':
        return this.loopRegion(s, f);
      case 'range':
        return this.rangeLoop(s, f);
    }
  }

  protected mapAccess(map: Place, kind: 'read' | 'write' | 'iterate', at: At, f: Frame, len = false): void {
    const st = this.storageOf(map, f);
    if (st) this.record(st, kind, at, f, map, { len, keyed: this.keyedAccess(map, f) });
  }

  /** `m[req.NamespacedName] = x`: the object x holds is now the element at the request's own key. */
  private storedAtRequestKey(key: Value | undefined, value: Value | undefined, f: Frame): void {
    if (!key || value?.k !== 'place' || value.place.path.length || !this.requestKey(key, f)) return;
    const v = this.varOf(value.place.root, f);
    if (v) this.setShared(v, f, { ...sharedState(v), keyed: f.thread });
  }

  /** A receive joins the goroutines it hears from last (`joins`); the end of a range over a channel, those that close it. */
  protected receive(chan: Value, f: Frame, rangeEnd = false): void {
    const ch = this.valueStorage(chan, f);
    if (!ch) return;
    if (f.thread.kind === 'goroutine' && !f.received?.has(ch.key)) f.received = new Set([...(f.received ?? []), ch.key]);
    for (const id of [...f.flow.active]) {
      const t = this.threads[id - 1];
      if (t && this.joins(t, ch.key, rangeEnd)) f.flow.active.delete(id);
    }
  }

  protected define(local: LocalRoot, value: Value | undefined, f: Frame): void {
    const lit = this.litOf(value, f);
    if (!lit) this.walkValue(value, f);
    const key = localKey(local);
    const l = f.func.locals[local.id];
    const existing = f.env.vars.get(key);
    const v = this.newVar(f, l?.type ?? { k: 'unknown' }, l?.loopDepth ?? 0);
    if (existing) v.uid = existing.uid;
    f.env.vars.set(key, v);
    if (!value) {
      // `var j T` of a struct type: a new value of this call's own, its maps nil until it is given some.
      if (f.ctx.types.underlying(v.type).k === 'struct') v.fresh = true;
      return;
    }
    const s = this.referenceOf(v.type, value, f);
    if (s) v.alias = s;
    // `p := &x.Meta`, `o := t.obj` or `x := t` with t this instance's own: what v holds is t's.
    const owner = this.ownerOfValue(value, f);
    if (owner) v.owner = owner;
    if (lit) {
      v.lit = lit;
      v.litWalked = false;
    }
    const funcs = this.funcFields(value, f);
    if (funcs) v.funcs = funcs;
    const fresh = this.freshValue(value, f);
    if (fresh || this.fromContext(value, f) || this.ownedElement(value, f) || receivedStruct(value, f, v.type)) v.fresh = true;
    const shape = fresh && this.shapeOf(value, f);
    if (shape) v.shape = shape;
    if (emptyContainer(value)) v.freshElems = true;
    if (fresh || this.newMap(value, f)) this.madeIn.set(v.uid, { flow: f.flow.id, loops: f.flow.loopSpawns.length });
    const keyed = this.keyedElement(value, f);
    if (keyed) v.keyed = keyed;
    this.noteReadFrom(v, value, f);
    this.bindObject(v, local, value, f);
    this.bindDynamic(v, value, f);
    const shared = this.sharedOf(value, f);
    if (shared) {
      v.shared = shared;
      if (value.k === 'place' && this.objectMap(value.place, f)) v.sharedMap = true;
    }
    this.noteCond({ root: local, path: [], type: v.type, text: local.name }, value, f);
  }

  /** `m[k] = v` or `s = append(s, v...)` on a container variable: it keeps yielding owned objects only if every v is one. */
  private storedElement(container: Place, values: (Value | undefined)[], f: Frame): void {
    if (container.path.length) return;
    const v = this.varOf(container.root, f);
    if (v?.freshElems && !values.every((x) => x && this.ownedValue(x, f))) delete v.freshElems;
  }

  /** An object this instance owns: a new one, what a variable holding one holds, an element of an owned container. */
  private ownedValue(value: Value, f: Frame): boolean {
    if (this.freshValue(value, f) || this.ownedElement(value, f)) return true;
    if (value.k !== 'place' || value.place.path.length) return false;
    const v = this.varOf(value.place.root, f);
    return !!v && (!!v.fresh || !!v.owner);
  }

  /** `byAddr[a]`, `list[i]` of a container that holds only owned objects. */
  private ownedElement(value: Value, f: Frame): boolean {
    if (value.k !== 'place' || value.place.path.length !== 1) return false;
    const step = value.place.path[0]!;
    return (step.k === 'mapelem' || step.k === 'index') && !!this.varOf(value.place.root, f)?.freshElems;
  }

  /** `s = append(s, a, b)`: the values appended to s. */
  private appendedTo(dst: Place, value: Value | undefined, f: Frame): Value[] | undefined {
    const c = this.callOf(value, f);
    const first = c?.args[0];
    if (c?.callee.k !== 'builtin' || c.callee.name !== 'append' || first?.k !== 'place' || first.place.path.length || dst.path.length) return undefined;
    const [a, b] = [first.place.root, dst.root];
    return a.k === 'local' && b.k === 'local' && localKey(a) === localKey(b) ? c.args.slice(1) : undefined;
  }

  /**
   * `&T{...}`, `T{...}`, `new(T)`, a `newX(...)`/`NewX(...)` constructor call, or a copy: `x.Clone()`,
   * `x.DeepCopy()`, `x.DeepCopyObject()` (Kubernetes' generated deep copies), `x.Copy()` return a new object.
   */
  protected freshValue(v: Value, f: Frame): boolean {
    if (v.k === 'alloc') return v.alloc.kind === 'composite' || v.alloc.kind === 'new';
    if (v.k === 'addr') return v.place.root.k === 'alloc' && v.place.path.length === 0 && v.place.root.alloc.kind === 'composite';
    if (v.k === 'assert') return this.freshValue(v.value, f);
    const c = this.callOf(v, f);
    if (!c || c.callee.k === 'builtin') return false;
    const name = calleeName(c);
    if (/^[nN]ew[A-Z_]?/.test(name) || (c.args.length === 0 && COPY_METHODS.has(name.replace(/^.*\./, '')))) return true;
    // A function of the module whose every return is a new object (`return fi` after `var fi FileInfo`), or a
    // method called through an interface whose every implementation the program makes returns one.
    return this.shapes.of(v, f.func) !== undefined;
  }

  protected assign(dst: Place, value: Value | undefined, at: At, f: Frame): void {
    const plain = dst.path.length === 0 && (dst.root.k === 'local' || dst.root.k === 'param' || dst.root.k === 'recv');
    const lit = plain ? this.litOf(value, f) : undefined;
    if (!lit) this.walkValue(value, f);
    for (const s of dst.path) if (s.k === 'index' || s.k === 'mapelem') this.walkValue(s.k === 'index' ? s.index : s.key, f);
    this.noteCond(dst, value, f);
    const last = dst.path[dst.path.length - 1];
    if (last?.k === 'index' && f.ctx.types.underlying(this.prefix(dst, 1, f).type).k === 'unknown') this.sharedWrite(this.prefix(dst, 1, f), at, f);
    this.noteElementStore(dst, value, f);
    if (last?.k === 'index' && dst.path.length === 1) this.storedElement(this.prefix(dst, 1, f), [value], f);
    // `*x = T{...}` gives x's object maps of another's: none of its fields is told apart any more.
    if (last?.k === 'deref' && dst.path.every((p) => p.k === 'deref')) this.varOf(dst.root, f)?.obj?.lost.add('*');
    if (last?.k === 'field') {
      // `s.m = nil` (or a new map): locals copied from s.m keep the old map, which s no longer reaches.
      const field = this.storageOf(dst, f);
      if (field && !field.via) {
        for (let e: typeof f.env | undefined = f.env; e; e = e.parent) for (const v of e.vars.values()) if (v.alias?.key === field.key) delete v.alias;
      }
      this.repointField(dst, value, f);
      this.storeFunc(dst, value, f);
    }
    if (!plain) return;
    const v = this.varOf(dst.root, f);
    if (!v || !value) return;
    this.madeIn.delete(v.uid);
    // What v held before (a zero value of its own, an owned object) is gone. The variable is one for every path
    // (an assignment in one arm of an `if` is seen after it): it stays its instance's own only if it was before.
    const owner = this.ownerOfValue(value, f);
    if (!owner) delete v.owner;
    else if (v.fresh || v.owner) v.owner = owner;
    if (!this.freshValue(value, f) && !this.fromContext(value, f) && !this.ownedElement(value, f)) delete v.fresh;
    // `m = c.cache` re-points a local at other storage.
    if (this.refersTo(f.ctx, v.type) || isLockRef(v.type)) {
      const s = this.referenceOf(v.type, value, f);
      if (s) v.alias = s;
      else delete v.alias;
    }
    if (lit) {
      v.lit = lit;
      v.litWalked = false;
    }
    const funcs = this.funcFields(value, f);
    if (funcs) v.funcs = funcs;
    else delete v.funcs;
    this.bindDynamic(v, value, f);
    const shape = this.freshValue(value, f) && this.shapeOf(value, f);
    if (shape) v.shape = shape;
    else delete v.shape;
    const appended = this.appendedTo(dst, value, f);
    if (appended) this.storedElement(dst, appended, f);
    else if (emptyContainer(value)) v.freshElems = true;
    else delete v.freshElems;
    // `pod = pod.DeepCopy()`: the variable now holds the controller's own copy (or another shared object).
    const shared = this.sharedOf(value, f);
    this.setShared(v, f, { ...(shared ? { shared, sharedMap: value.k === 'place' && this.objectMap(value.place, f) } : {}), keyed: this.keyedElement(value, f) });
    delete v.readFrom;
    this.noteReadFrom(v, value, f);
  }

  /** `p.onEvent = c.Add` (through pointers): calls of `p.onEvent` on that object run what the value is. */
  private storeFunc(dst: Place, value: Value | undefined, f: Frame): void {
    const last = dst.path[dst.path.length - 1];
    if (last?.k !== 'field' || !dst.path.slice(0, -1).every((s) => s.k === 'deref')) return;
    const v = this.varOf(dst.root, f);
    if (!v) return;
    const t = this.boundFunc(value, f);
    if (t) (v.funcs ??= new Map()).set(last.name, t);
    else v.funcs?.delete(last.name);
  }

  protected deferInstr(run: Instr, f: Frame): void {
    if (run.k === 'lock') {
      const lock = this.lockOf(run.lock, run.embedded, f);
      if (run.op === 'Unlock' || run.op === 'RUnlock') f.deferredUnlocks.push(lock.key);
      return;
    }
    if (run.k !== 'call') return this.walkStmt(run, this.branch(f), true);
    if (run.callee.k === 'closure') {
      // defer func() { mu.Unlock() }(): unlocks at return; other work happens at return too.
      const func = f.ctx.funcs.get(run.callee.func);
      const inner: Frame = { ...this.branch(f), func: func!, temps: new Map() };
      for (const s of func?.body?.stmts ?? []) this.deferredLocks(s, inner);
      return;
    }
    // defer c.unlock(): a helper that releases locks does so at return, not now.
    const b = this.branch(f);
    f.temps.set(run.temp, run);
    this.callInstr(run, b);
    for (const key of f.locks.keys()) if (!b.locks.has(key)) f.deferredUnlocks.push(key);
  }

  /** The unlocks anywhere in a deferred literal's body. */
  private deferredLocks(s: Stmt, f: Frame): void {
    if (s.k === 'lock' && (s.op === 'Unlock' || s.op === 'RUnlock')) f.deferredUnlocks.push(this.lockOf(s.lock, s.embedded, f).key);
    const blocks: (Block | undefined)[] = s.k === 'if' ? [s.then, s.else] : s.k === 'switch' || s.k === 'select' ? s.cases.map((c) => c.body) : s.k === 'loop' || s.k === 'range' ? [s.body] : [];
    for (const b of blocks) for (const x of b?.stmts ?? []) this.deferredLocks(x, f);
    if (s.k === 'defer') this.deferredLocks(s.run, f);
  }

  /** After branches: the locks held on every path that falls through. */
  protected merge(f: Frame, ends: Frame[]): void {
    const live = ends.filter((e) => !e.terminated);
    if (live.length === 0) {
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

  private arm(f: Frame, walk: (b: Frame) => void): { b: Frame; ends: Map<VarInfo, SharedState> } {
    const b = this.branch(f);
    walk(b);
    return { b, ends: this.endBranch(b) };
  }

  private ifRegion(s: Extract<Stmt, { k: 'if' }>, f: Frame): void {
    this.walkStmts(s.init, f);
    this.walkValue(s.cond, f);
    // `if lock {` with lock a parameter the call gave a constant: only that arm runs.
    const known = s.init.length === 0 ? this.boolValue(s.cond, f) : undefined;
    if (known !== undefined) {
      const taken = known ? s.then : s.else;
      if (taken) this.walkBlock(taken, f);
      return;
    }
    const then = this.arm(f, (b) => this.walkBlock(s.then, b));
    const other = this.arm(f, (b) => this.walkBlock(s.else, b));
    this.merge(f, [then.b, other.b]);
    this.mergeShared(f, [then, other].map((x) => ({ falls: !x.b.terminated, ends: x.ends })));
    f.terminated = then.b.terminated && other.b.terminated && !!s.else;
  }

  private switchRegion(s: Extract<Stmt, { k: 'switch' | 'select' }>, f: Frame): void {
    if (s.k === 'switch') {
      this.walkStmts(s.init, f);
      this.walkValue(s.tag, f);
    }
    const arms: { b: Frame; ends: Map<VarInfo, SharedState> }[] = [];
    for (const c of s.cases) {
      const arm = this.arm(f, (b) => {
        if ('pre' in c) {
          this.walkStmts(c.pre, b);
          for (const v of c.values) this.walkValue(v, b);
          // `switch x := v.(type)`: x is v's dynamic value (its map, or a copy holding v's maps), not a zero value.
          if (c.bound) this.define(c.bound, s.k === 'switch' && s.typeSwitch ? s.tag : undefined, b);
        } else this.walkStmts(c.comm, b);
        this.walkBlock(c.body, b);
      });
      // break inside a case ends the case, not the function.
      if (arm.b.terminated && c.endsInBreak) arm.b.terminated = false;
      arms.push(arm);
    }
    if (!s.hasDefault || s.k === 'select') arms.push({ b: this.branch(f), ends: new Map() });
    this.merge(f, arms.map((a) => a.b));
    this.mergeShared(f, arms.map((x) => ({ falls: !x.b.terminated, ends: x.ends })));
    f.terminated = false;
  }

  /**
   * Enters a loop: goroutines started anywhere in it overlap with the whole body (later iterations). Returns the
   * thread's sends and accesses so far and the flow's releases, for `leaveLoop`.
   */
  private enterLoop(s: Extract<Stmt, { k: 'loop' | 'range' }>, f: Frame): LoopMark {
    // A body that waits for its goroutines before the next iteration: they overlap no later iteration.
    const joined = joinedPerIteration(s);
    const spawns = new Set(joined ? [] : s.spawns.map((at) => this.spawnId(at)));
    if (joined) this.joinedLoops.add(spawns);
    f.flow.loopSpawns.push(spawns);
    f.flow.loopStarts.push(this.accesses.length);
    f.loopDepth++;
    f.loops++;
    return { ...this.loopMark(f.thread), releases: f.flow.releases };
  }

  private leaveLoop(f: Frame, body: { b: Frame; ends: Map<VarInfo, SharedState> }, before: LoopMark): void {
    this.sentInLoop(f.thread, before);
    this.loopReleases(f, before.releases);
    // The body may run no time, or end early (break, continue, return).
    this.mergeShared(f, [{ falls: true, ends: body.ends }, { falls: true, ends: new Map() }]);
    f.loops--;
    f.loopDepth--;
    f.flow.loopSpawns.pop();
    f.flow.loopStarts.pop();
    // The lock state after a loop is the one before it.
    for (const d of body.b.deferredUnlocks) if (!f.deferredUnlocks.includes(d)) f.deferredUnlocks.push(d);
  }

  private loopRegion(s: Extract<Stmt, { k: 'loop' }>, f: Frame): void {
    const before = this.enterLoop(s, f);
    this.walkStmts(s.init, f);
    this.walkStmts(s.cond, f);
    this.walkValue(s.condValue, f);
    const body = this.arm(f, (b) => {
      this.walkBlock(s.body, b);
      b.terminated = false;
      this.walkStmts(s.post, b);
    });
    this.leaveLoop(f, body, before);
  }

  private rangeLoop(s: Extract<Stmt, { k: 'range' }>, f: Frame, iteration?: Stmt): void {
    const before = this.enterLoop(s, f);
    if (iteration) this.walkStmt(iteration, f);
    else this.walkValue(s.over, f);
    const shared = this.sharedOf(s.over, f);
    const names = [s.key, s.value].filter((x): x is LocalRoot | Place => !!x);
    const over = this.valueStorage(s.over, f);
    const sharedOver = !!over && keyKind(over.id) !== 'local';
    const owned = s.value && s.over.k === 'place' && s.over.place.path.length === 0 && this.varOf(s.over.place.root, f)?.freshElems;
    names.forEach((n, i) => {
      if ('root' in n) return this.assign(n, undefined, s.at, f);
      this.define(n, undefined, f);
      const v = f.env.vars.get(localKey(n));
      if (v && shared && i === names.length - 1) v.shared = shared;
      // An element of a container in a field or a package variable is a copy of the container's (its maps are the
      // container's), not a value of this instance's own.
      if (v && sharedOver) delete v.fresh;
      if (v && owned && n === s.value) v.fresh = true;
      // Each iteration's element of a slice of pointers is an object of its own (issue 12, class 5): a goroutine
      // per element writes its element's maps, not another's.
      const own = v && n === s.value && !v.obj ? this.elementMaps(s.overType, f) : undefined;
      if (v && own?.size) v.obj = { id: `slot:${v.uid}`, own, lost: new Set() };
    });
    const body = this.arm(f, (b) => this.walkBlock(s.body, b));
    this.leaveLoop(f, body, before);
    if (iteration?.k === 'recv') this.receive(iteration.chan, f, true);
  }

  /**
   * For a slice of pointers to a struct of this package: the map fields each element owns (those the package never
   * gives a map from elsewhere, `elements.ts`).
   */
  private elementMaps(over: GoType, f: Frame): Set<string> | undefined {
    const t = f.ctx.types.underlying(over);
    const elem = t.k === 'slice' && t.elem.k === 'ptr' ? t.elem.elem : undefined;
    const st = elem && f.ctx.types.underlying(elem);
    if (elem?.k !== 'named' || elem.pkg !== f.ctx.ir.path || st?.k !== 'struct') return undefined;
    const shared = fieldsGivenShared(f.ctx.ir).get(typeKey(elem));
    if (shared?.has('*')) return undefined;
    return new Set(st.fields.filter((x) => f.ctx.types.isMapLike(x.type) && !shared?.has(x.name)).map((x) => x.name));
  }

  /** The effects of a value used by an instruction: literals run here, callback literals register threads. */
  protected override walkValue(v: Value | undefined, f: Frame, depth = 0): void {
    if (!v || depth > 32) return;
    switch (v.k) {
      case 'alloc':
        return this.allocEffects(v.alloc, f, depth);
      case 'addr':
      case 'place': {
        const root = v.place.root;
        if (root.k === 'alloc') this.allocEffects(root.alloc, f, depth);
        else if (root.k === 'value') this.walkValue(root.value, f, depth + 1);
        else if (v.place.path.length === 0) {
          // A closure variable used as a value (stored, passed to a library): its body runs from here on.
          const local = this.varOf(root, f);
          if (local?.lit && !local.litWalked) this.walkLiteral(this.literalOf(local), f);
        }
        for (const s of v.place.path) if (s.k === 'index' || s.k === 'mapelem') this.walkValue(s.k === 'index' ? s.index : s.key, f, depth + 1);
        return;
      }
      case 'method':
        return this.walkValue(v.recv, f, depth + 1);
      case 'op':
        for (const a of v.args) this.walkValue(a, f, depth + 1);
        return;
      case 'assert':
        return this.walkValue(v.value, f, depth + 1);
      default:
        return;
    }
  }

  private allocEffects(a: Alloc, f: Frame, depth: number): void {
    if (a.kind === 'func') {
      // A closure not started as a goroutine: its body runs in this flow (callbacks, sort funcs).
      const lit = this.litOf({ k: 'alloc', alloc: a }, f);
      if (lit) this.walkLiteral(lit, f);
      return;
    }
    if (a.kind !== 'composite') return;
    if (this.compositeEffects(a, f)) return;
    this.mutexPointers(a, f);
    for (const e of a.elems ?? []) this.walkValue(e.value, f, depth + 1);
  }
}

/** Whether an iteration instruction is the one of the range statement that follows it (written in its header). */
function sameAt(at: At, rangeAt: At): boolean {
  return at.line === rangeAt.line && at.column >= rangeAt.column;
}

/** `make(map[K]V)`, `make([]T, 0)`, `map[K]V{}`, `[]T{}`: a container that holds nothing yet. */
function emptyContainer(v: Value | undefined): boolean {
  return v?.k === 'alloc' && (v.alloc.kind === 'make' || (v.alloc.kind === 'composite' && !v.alloc.elems?.length));
}

/**
 * Whether a loop's body ends its iterations by waiting for the goroutines it started: a `Wait` among its own
 * statements, after every go statement of the loop, and no `continue` (or `goto`) that could skip it.
 */
function joinedPerIteration(s: Extract<Stmt, { k: 'loop' | 'range' }>): boolean {
  const wait = s.body.stmts.findLast((x) => x.k === 'wait');
  const before = (a: At, b: At) => a.line < b.line || (a.line === b.line && a.column < b.column);
  return !!wait && s.spawns.every((at) => before(at, wait.at)) && !skipsToNext(s.body, s.label, false);
}

/** Whether a block can jump to the loop's next iteration: `continue` (its own or labelled), or a `goto`. */
function skipsToNext(b: Block | undefined, label: string | undefined, nested: boolean): boolean {
  return (b?.stmts ?? []).some((s) => {
    switch (s.k) {
      case 'jump':
        return s.jump === 'goto' || (s.jump === 'continue' && (!nested || (s.label !== undefined && s.label === label)));
      case 'if':
        return skipsToNext(s.then, label, nested) || skipsToNext(s.else, label, nested);
      case 'switch':
      case 'select':
        return s.cases.some((c) => skipsToNext(c.body, label, nested));
      case 'loop':
      case 'range':
        return skipsToNext(s.body, label, true);
      default:
        return false;
    }
  });
}
