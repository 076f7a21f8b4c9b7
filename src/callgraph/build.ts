// Solving the call graph of a whole program from every package's facts (extract.ts). Static calls and closures
// are edges as extracted; a call through an interface runs the method of every type the program creates (a
// composite literal, `new`, a conversion) that has the interface's whole method set (rapid type analysis); a call
// through a func value runs what ValueFlow says the value may hold; a function outside the program handed func
// values runs them (a spawning method on a goroutine of its own). Function values and dispatch feed each other (a
// func value passed to a method found by dispatch), so edges are added in rounds until a round adds nothing.
import { SPAWN_METHODS } from '../go/vocab.js';
import type { FuncId, Program } from '../ir/types.js';
import { extractFacts } from './extract.js';
import { isTestFile } from '../go/header.js';
import type { FuncFacts, MethodOf, PackageFacts, SiteFact, ValFact } from './facts.js';
import type { CallGraph, CGFunc, Edge, EdgeKind, EdgeVia } from './types.js';
import { type Loc, ValueFlow, localLoc, resultLoc, tempLoc } from './values.js';
import { Objects, type ResolvedCall } from './objects.js';

/** The name a call site calls a function by, as written. */
function calleeName(site: SiteFact): string | undefined {
  const c = site.callee;
  if (c.k === 'static' || c.k === 'interface' || c.k === 'external') return c.name.replace(/^.*\./, '');
  return undefined;
}

/** Rounds of value flow and dispatch, at most (each round only adds edges; real programs settle in two or three). */
const MAX_ROUNDS = 8;

export interface SolveOptions {
  /** The object flow is skipped above this many constraints (default `MAX_CONSTRAINTS` of objects.ts; tests lower it). */
  maxObjectConstraints?: number;
}

/** The call graph of a Program held in memory (tests, tools); the engine extracts facts per package instead. */
export function buildCallGraph(program: Program, opts: SolveOptions = {}): CallGraph {
  return solveCallGraph(program.packages.map(extractFacts), opts);
}

export function solveCallGraph(packages: readonly PackageFacts[], opts: SolveOptions = {}): CallGraph {
  return new Solver(packages, opts).solve();
}

class Solver {
  private readonly funcs = new Map<FuncId, FuncFacts>();
  /** `<import path>.T` → method name → FuncId. */
  private readonly methods = new Map<string, Map<string, FuncId>>();
  /** Method name → the created types that have it, sorted. */
  private readonly implementers = new Map<string, string[]>();
  private readonly dispatched = new Map<string, FuncId[]>();
  /** The packages' own copy constraints (the program's, the tests'), shared by the function-value and object flows. */
  private readonly base = new Map<Loc, Set<Loc>>();
  private readonly testBase = new Map<Loc, Set<Loc>>();
  private readonly flow = new ValueFlow([this.base, this.testBase]);
  private readonly calls: ResolvedCall[] = [];
  private readonly edges = new Map<string, Edge>();
  /** Per call site, the targets (`to|kind`) it has an edge to. */
  private readonly siteEdges = new Map<SiteFact, Set<string>>();
  private readonly taken = new Set<FuncId>();

  constructor(private readonly packages: readonly PackageFacts[], private readonly opts: SolveOptions) {
    for (const pkg of packages) {
      for (const f of pkg.funcs) {
        this.funcs.set(f.id, f);
        if (f.recvType) (this.methods.get(f.recvType) ?? this.methods.set(f.recvType, new Map()).get(f.recvType)!).set(f.name.replace(/^.*\./, ''), f.id);
      }
    }
    const created = new Set(packages.flatMap((p) => p.created));
    for (const t of [...created].sort()) {
      for (const name of this.methods.get(t)?.keys() ?? []) (this.implementers.get(name) ?? this.implementers.set(name, []).get(name)!).push(t);
    }
  }

  solve(): CallGraph {
    for (const pkg of this.packages) {
      for (const [copies, into] of [[pkg.copies, this.base], [pkg.testCopies, this.testBase]] as const) {
        for (const [from, to] of copies) if (from !== to) (into.get(from) ?? into.set(from, new Set()).get(from)!).add(to);
      }
    }
    for (const pkg of this.packages) {
      for (const h of pkg.holds) this.hold(h.loc, h.value);
    }
    const sites = this.packages.flatMap((p) => p.sites);
    // A function handed to any call as a value is taken, whether or not that call is resolved.
    for (const site of sites) for (const a of site.args) if (a) this.sources(a);
    // Static calls, closures and interface dispatch do not depend on where values flow: their edges are added once.
    // Calls through func values, and functions outside the program handed func values, are looked at again after
    // each round, until a round adds no edge.
    this.flow.solve();
    const unresolvedNames = new Set<string>();
    const unresolvedSets = new Map<string, string[][]>();
    const fixed = { interface: 0, value: 0 };
    const flowing: SiteFact[] = [];
    for (const site of sites) {
      const targets = this.targets(site);
      if (!targets.length && !isTestFile(site.at.file)) this.unresolvedCall(site, unresolvedNames, unresolvedSets);
      const c = site.callee;
      if (c.k === 'value' || c.k === 'external' || (c.k === 'static' && !this.funcs.has(c.id))) flowing.push(site);
      else if (!targets.length && c.k === 'interface') fixed.interface++;
      for (const t of targets) this.edge(site, t);
    }
    let unresolved = { ...fixed };
    // The names the program's own code calls functions by (`Get` of `s.Get()`, resolved or not).
    const calledNames = new Set(sites.filter((x) => !isTestFile(x.at.file)).map((x) => calleeName(x)).filter((x): x is string => !!x));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.flow.solve();
      const before = this.edges.size;
      unresolved = { ...fixed };
      for (const site of flowing) {
        const targets = this.targets(site);
        if (!targets.length && site.callee.k === 'value') unresolved.value++;
        for (const t of targets) this.edge(site, t);
      }
      if (this.edges.size === before) break;
    }
    const out = new Map<FuncId, Edge[]>();
    const into = new Map<FuncId, Edge[]>();
    for (const e of this.edges.values()) {
      (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
      (into.get(e.to) ?? into.set(e.to, []).get(e.to)!).push(e);
    }
    const funcs = new Map<FuncId, CGFunc>();
    for (const [id, { params: _p, results: _r, ...info }] of this.funcs) funcs.set(id, info);
    const inProgram = new Set(this.packages.map((p) => p.path));
    const handedOut = new Set(this.packages.flatMap((p) => p.handed.filter(([, to]) => !inProgram.has(to)).map(([t]) => t)));
    const setters = new Map<string, FuncId[]>();
    for (const [field, f] of this.packages.flatMap((p) => p.setters)) (setters.get(field) ?? setters.set(field, []).get(field)!).push(f);
    const graph: CallGraph = { funcs, out, in: into, unresolved, unresolvedNames, unresolvedSets, calledNames, handedOut, setters, taken: this.taken };
    graph.objects = new Objects(graph, this.packages, this.funcs, this.calls, this.base, this.opts.maxObjectConstraints);
    return graph;
  }

  /** Notes a call resolved to nothing: by its interface's method set when known, else by its name alone. */
  private unresolvedCall(site: SiteFact, names: Set<string>, sets: Map<string, string[][]>): void {
    const c = site.callee;
    if (c.k === 'interface' && c.set.includes(c.name)) {
      const known = sets.get(c.name) ?? sets.set(c.name, []).get(c.name)!;
      const key = [...c.set].sort();
      if (!known.some((k) => k.join(',') === key.join(','))) known.push(key);
    } else if (c.k === 'interface' || (c.k === 'external' && c.unknown)) names.add(c.name);
  }

  /** `loc` may hold what `value` is. */
  private hold(loc: Loc, value: ValFact): void {
    for (const f of this.sources(value)) this.flow.source(loc, f);
    if (value.loc && value.loc !== loc) this.flow.copy(value.loc, loc);
  }

  /** The functions of the program a value is (not what a location holds). */
  private sources(v: ValFact): FuncId[] {
    const out = (v.funcs ?? []).filter((f) => this.funcs.has(f));
    for (const m of v.methods ?? []) out.push(...this.methodsOf(m).map(([id]) => id));
    for (const f of out) this.taken.add(f);
    return out;
  }

  /** A named type's own method, else (an interface's) every created implementation. */
  private methodsOf(m: MethodOf): [FuncId, EdgeVia][] {
    const own = this.methods.get(m.type)?.get(m.name);
    return own ? [[own, 'static']] : this.dispatch(m.name, undefined).map((id) => [id, 'interface']);
  }

  /** Rapid type analysis: the method `name` of every created type that has all of `set` (else just `name`). */
  private dispatch(name: string, set: string[] | undefined): FuncId[] {
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

  private valueTargets(v: ValFact): FuncId[] {
    return [...new Set([...this.sources(v), ...(v.loc ? this.flow.at(v.loc) : [])])].sort();
  }

  /** What a call site may run: its callee, or (for a function outside the program) the func values handed to it. */
  private targets(site: SiteFact): { to: FuncId; via: EdgeVia; kind: EdgeKind; callback: boolean }[] {
    const c = site.callee;
    const direct = (to: FuncId, via: EdgeVia) => ({ to, via, kind: site.kind, callback: false });
    switch (c.k) {
      case 'static':
        if (this.funcs.has(c.id)) return [direct(c.id, 'static')];
        return this.callbacks(site, c.name);
      case 'closure':
        return [direct(c.id, 'closure')];
      case 'interface':
        return this.dispatch(c.name, c.set).map((id) => direct(id, 'interface'));
      case 'value':
        return this.valueTargets(c.value).map((id) => direct(id, 'value'));
      case 'external':
        return this.callbacks(site, c.name);
    }
  }

  private callbacks(site: SiteFact, name: string): { to: FuncId; via: EdgeVia; kind: EdgeKind; callback: boolean }[] {
    const kind: EdgeKind = SPAWN_METHODS.has(name) && site.kind === 'call' ? 'spawn' : site.kind;
    return site.args.flatMap((a) => (a ? this.valueTargets(a).map((to) => ({ to, via: 'value' as const, kind, callback: true })) : []));
  }

  /** Adds an edge, and the flow of the call's arguments into the callee's parameters and of its results back. */
  private edge(site: SiteFact, t: { to: FuncId; via: EdgeVia; kind: EdgeKind; callback: boolean }): void {
    const seen = this.siteEdges.get(site) ?? this.siteEdges.set(site, new Set()).get(site)!;
    if (seen.has(`${t.to}|${t.kind}`)) return;
    seen.add(`${t.to}|${t.kind}`);
    const key = `${site.func}|${t.to}|${site.at.file}:${site.at.line}:${site.at.column}|${t.kind}`;
    if (this.edges.has(key)) return;
    this.edges.set(key, { from: site.func, to: t.to, kind: t.kind, via: t.via, at: site.at, text: site.text, inLoop: site.inLoop, ...(site.guards ? { guards: site.guards } : {}) });
    this.calls.push({ site, to: t.to, via: t.via, callback: t.callback });
    const callee = this.funcs.get(t.to);
    if (!callee || t.callback) return;
    site.args.forEach((a, i) => {
      const p = callee.params[Math.min(i, callee.params.length - 1)];
      if (a && p !== undefined) this.hold(localLoc({ func: t.to, id: p }), a);
    });
    if (site.temp >= 0) for (let i = 0; i < callee.results; i++) this.flow.copy(resultLoc(t.to, i), tempLoc(site.func, site.temp, i));
  }
}
