// Building the call graph of a whole Program. Static calls and closures are edges as lowered; a call through an
// interface runs the method of every type the program creates (a composite literal, `new`, a conversion) that
// has the interface's whole method set (rapid type analysis); a call through a func value runs what ValueFlow says
// the value may hold. Function values and dispatch feed each other (a func value passed to a method found by
// dispatch), so constraints and edges are added in rounds until a round adds nothing.
import type { GoType } from '../go/types.js';
import { SPAWN_METHODS } from '../go/vocab.js';
import { valueType } from '../ir/expr.js';
import type { At, Callee, Func, FuncId, FuncRef, Instr, Program, Stmt, Value } from '../ir/types.js';
import type { CGFunc, CallGraph, Edge, EdgeKind, EdgeVia } from './types.js';
import { type Loc, ValueFlow, localLoc, placeLoc, resultLoc, tempLoc, typeKey } from './values.js';

/** Rounds of value flow and dispatch, at most (each round only adds edges; real programs settle in two or three). */
const MAX_ROUNDS = 8;

interface CallSite {
  func: Func;
  instr: Extract<Instr, { k: 'call' }>;
  kind: EdgeKind;
  inLoop: boolean;
}

export function buildCallGraph(program: Program): CallGraph {
  return new Builder(program).build();
}

/** A declared function's id, as lowering names it (`funcId` in ir/context.ts). */
export function refId(ref: FuncRef): FuncId {
  return `${ref.pkg}.${ref.recv ? `${ref.recv}.` : ''}${ref.name}`;
}

class Builder {
  private readonly funcs = new Map<FuncId, Func>();
  private readonly info = new Map<FuncId, CGFunc>();
  /** `<import path>.T` → method name → FuncId. */
  private readonly methods = new Map<string, Map<string, FuncId>>();
  /** Named types the program creates, `<import path>.T`. */
  private readonly created = new Set<string>();
  private readonly flow = new ValueFlow();
  private readonly sites: CallSite[] = [];
  private readonly edges = new Map<string, Edge>();
  /** Method name → the created types that have it, sorted; filled once the scan is done. */
  private readonly implementers = new Map<string, string[]>();
  private readonly dispatched = new Map<string, FuncId[]>();
  /** Whether every created type is known (the scan is done): dispatch before that would miss implementations. */
  private ready = false;
  private readonly pendingMethods: { loc: Loc; v: Value }[] = [];

  constructor(private readonly program: Program) {}

  build(): CallGraph {
    for (const pkg of this.program.packages) {
      for (const f of pkg.funcs) {
        this.funcs.set(f.id, f);
        const recvType = f.ref?.recv ? `${f.ref.pkg}.${f.ref.recv}` : undefined;
        this.info.set(f.id, { id: f.id, name: f.name, pkg: pkg.path, dir: pkg.dir, pkgName: pkg.name, kind: f.kind, exported: f.exported, nameAt: f.nameAt, ...(recvType ? { recvType } : {}), ...(f.parent ? { parent: f.parent } : {}) });
        if (recvType) (this.methods.get(recvType) ?? this.methods.set(recvType, new Map()).get(recvType)!).set(f.ref!.name, f.id);
      }
    }
    for (const f of this.funcs.values()) this.scan(f, f.body?.stmts ?? [], 0);
    // Every type is created by now (the rounds below only connect what the scan saw).
    for (const t of [...this.created].sort()) {
      for (const name of this.methods.get(t)?.keys() ?? []) (this.implementers.get(name) ?? this.implementers.set(name, []).get(name)!).push(t);
    }
    this.ready = true;
    for (const { loc, v } of this.pendingMethods) for (const fn of this.sourcesOf(v)) this.flow.source(loc, fn);
    let unresolved = { interface: 0, value: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.flow.solve();
      const before = this.edges.size;
      unresolved = { interface: 0, value: 0 };
      for (const site of this.sites) {
        const targets = this.targets(site.func, site.instr.callee);
        if (!targets.length && (site.instr.callee.k === 'interface' || site.instr.callee.k === 'dynamic')) unresolved[site.instr.callee.k === 'interface' ? 'interface' : 'value']++;
        for (const [to, via] of targets) this.edge(site, to, via);
      }
      if (this.edges.size === before) break;
    }
    const out = new Map<FuncId, Edge[]>();
    const into = new Map<FuncId, Edge[]>();
    for (const e of this.edges.values()) {
      (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
      (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(e);
    }
    return { funcs: this.info, out, in: into, unresolved };
  }

  /** Records the constraints and call sites of a list of statements. */
  private scan(f: Func, stmts: Stmt[], loops: number): void {
    for (const s of stmts) this.stmt(f, s, loops);
  }

  private stmt(f: Func, s: Stmt, loops: number, kind: EdgeKind = 'call'): void {
    switch (s.k) {
      case 'define':
        return this.flowInto(f, localLoc(s.local), s.value);
      case 'assign': {
        const loc = s.op ? undefined : placeLoc(f.id, s.dst);
        if (loc) this.flowInto(f, loc, s.value);
        return;
      }
      case 'return':
        s.values.forEach((v, i) => this.flowInto(f, resultLoc(f.id, i), v));
        return;
      case 'call':
        return this.call(f, s, loops, kind);
      case 'go':
      case 'defer':
        return this.stmt(f, s.run, loops, s.k);
      case 'oncedo':
        this.values(f, s.fn);
        this.sites.push({ func: f, instr: callOf(s.at, s.fn, 'Do'), kind: 'call', inLoop: loops > 0 });
        return;
      case 'if':
        this.scan(f, s.init, loops);
        this.scan(f, s.then.stmts, loops);
        return this.scan(f, s.else?.stmts ?? [], loops);
      case 'switch':
        this.scan(f, s.init, loops);
        for (const c of s.cases) {
          this.scan(f, c.pre, loops);
          this.scan(f, c.body.stmts, loops);
        }
        return;
      case 'select':
        for (const c of s.cases) {
          this.scan(f, c.comm, loops);
          this.scan(f, c.body.stmts, loops);
        }
        return;
      case 'loop':
        this.scan(f, s.init, loops);
        this.scan(f, s.cond, loops + 1);
        this.scan(f, s.post, loops + 1);
        return this.scan(f, s.body.stmts, loops + 1);
      case 'range':
        return this.scan(f, s.body.stmts, loops + 1);
      case 'send':
      case 'eval':
        return this.values(f, s.value);
      case 'mapwrite':
        if (s.value) this.values(f, s.value);
        return;
      default:
        return;
    }
  }

  private call(f: Func, instr: Extract<Instr, { k: 'call' }>, loops: number, kind: EdgeKind): void {
    const c = instr.callee;
    if (c.k === 'conversion') this.create(c.type);
    for (const a of instr.args) this.values(f, a);
    if (c.k === 'dynamic') this.values(f, c.value);
    // A library function (or one whose body is not in the program) handed func values: a spawning method runs
    // them on a goroutine of their own, any other runs them before it returns (sort.Slice, Once.Do, a visitor).
    const name = c.k === 'static' ? c.func.name : c.k === 'library' || c.k === 'unknown' ? c.name.replace(/^.*\./, '') : undefined;
    if (name !== undefined && (c.k !== 'static' || !this.funcs.has(refId(c.func)))) {
      const spawn = SPAWN_METHODS.has(name);
      for (const a of instr.args) {
        if (valueType(a).k !== 'func' && !this.sourcesOf(a).length) continue;
        this.sites.push({ func: f, instr: callOf(instr.at, a, instr.text), kind: spawn && kind === 'call' ? 'spawn' : kind, inLoop: loops > 0 });
      }
      return;
    }
    this.sites.push({ func: f, instr, kind, inLoop: loops > 0 });
  }

  /** What `v` may hold flows into `loc`. */
  private flowInto(f: Func, loc: Loc, v: Value | undefined): void {
    if (!v) return;
    this.values(f, v);
    // A method value of an interface (`kv.Get` with kv a store.KV) is every created implementation's: known once
    // the scan has seen every type.
    if (!this.ready && v.k === 'method' && !this.sourcesOf(v).length) this.pendingMethods.push({ loc, v });
    for (const fn of this.sourcesOf(v)) this.flow.source(loc, fn);
    const from = this.locOf(f, v);
    if (from) this.flow.copy(from, loc);
  }

  /** Records what evaluating `v` creates: types, and the fields of composite literals. */
  private values(f: Func, v: Value): void {
    if (v.k === 'alloc') {
      if (v.alloc.kind === 'composite' || v.alloc.kind === 'new') this.create(v.alloc.type);
      const owner = typeKey(v.alloc.type);
      for (const e of v.alloc.elems ?? []) {
        this.flowInto(f, e.key && owner !== '?' ? `F ${owner}.${e.key}` : `A ${v.alloc.at.file}:${v.alloc.at.line}:${v.alloc.at.column}[]`, e.value);
      }
    } else if ((v.k === 'place' || v.k === 'addr') && v.place.root.k === 'alloc') this.values(f, { k: 'alloc', alloc: v.place.root.alloc });
    else if (v.k === 'op') v.args.forEach((a) => this.values(f, a));
    else if (v.k === 'assert') this.values(f, v.value);
  }

  private create(t: GoType): void {
    const key = typeKey(t);
    if (key !== '?') this.created.add(key);
  }

  /** The functions a value is, when it is one (not what a location holds). */
  private sourcesOf(v: Value): FuncId[] {
    switch (v.k) {
      case 'func':
        return this.funcs.has(refId(v.ref)) ? [refId(v.ref)] : [];
      case 'alloc':
        return v.alloc.func ? [v.alloc.func] : [];
      case 'method':
        return this.methodsOf(valueType(v.recv), v.name, undefined).map(([id]) => id);
      case 'assert':
        return this.sourcesOf(v.value);
      default:
        return [];
    }
  }

  private locOf(f: Func, v: Value): Loc | undefined {
    if (v.k === 'place') return placeLoc(f.id, v.place);
    if (v.k === 'assert') return this.locOf(f, v.value);
    return undefined;
  }

  /** The functions a call may run. */
  private targets(f: Func, c: Callee): [FuncId, EdgeVia][] {
    switch (c.k) {
      case 'static':
        return this.funcs.has(refId(c.func)) ? [[refId(c.func), 'static']] : [];
      case 'closure':
        return [[c.func, 'closure']];
      case 'interface':
        return this.dispatch(c.method, c.methods).map((id) => [id, 'interface']);
      case 'dynamic': {
        const direct = this.sourcesOf(c.value);
        const loc = this.locOf(f, c.value);
        const held = loc ? [...this.flow.at(loc)] : [];
        return [...new Set([...direct, ...held])].sort().map((id) => [id, 'value']);
      }
      default:
        return [];
    }
  }

  /** Methods named `name` of a value's type: its own, or every created implementation when it is an interface. */
  private methodsOf(t: GoType, name: string, set: string[] | undefined): [FuncId, EdgeVia][] {
    const own = this.methods.get(typeKey(t))?.get(name);
    if (own) return [[own, 'static']];
    return this.dispatch(name, set).map((id) => [id, 'interface']);
  }

  /** Rapid type analysis: the method `name` of every created type that has all of `set` (else just `name`). */
  private dispatch(name: string, set: string[] | undefined): FuncId[] {
    if (!this.ready) return [];
    const need = set?.length ? set : [name];
    const key = `${name}|${need.join(',')}`;
    let out = this.dispatched.get(key);
    if (out) return out;
    out = [];
    for (const t of this.implementers.get(name) ?? []) {
      const ms = this.methods.get(t)!;
      if (need.every((m) => ms.has(m))) out.push(ms.get(name)!);
    }
    this.dispatched.set(key, out);
    return out;
  }

  /** Adds an edge, and the flow of the call's arguments into the callee's parameters and of its results back. */
  private edge(site: CallSite, to: FuncId, via: EdgeVia): void {
    const key = `${site.func.id}|${to}|${site.instr.at.file}:${site.instr.at.line}:${site.instr.at.column}|${site.kind}`;
    if (this.edges.has(key)) return;
    this.edges.set(key, { from: site.func.id, to, kind: site.kind, via, at: site.instr.at, text: site.instr.text, inLoop: site.inLoop });
    const callee = this.funcs.get(to);
    if (!callee) return;
    site.instr.args.forEach((a, i) => {
      const p = callee.params[Math.min(i, callee.params.length - 1)];
      if (p !== undefined) this.flowInto(site.func, localLoc({ func: to, id: p }), a);
    });
    if (site.instr.temp >= 0) callee.results.forEach((_, i) => this.flow.copy(resultLoc(to, i), tempLoc(site.func.id, site.instr.temp, i)));
  }
}

/** A call of a func value with no arguments (a callback a library runs, the function `Once.Do` runs). */
function callOf(at: At, fn: Value, text: string): Extract<Instr, { k: 'call' }> {
  return { k: 'call', at, temp: -1, callee: { k: 'dynamic', value: fn }, args: [], spread: false, text };
}
