// Which objects a method runs on (issue 12, class 5: the same field of two different owners is two maps). A
// flow-insensitive, field-based allocation-site analysis over the call graph's locations (values.ts): a composite
// literal or `new` of a named type is an object, named by its site; objects flow through the packages' copy
// constraints, from arguments into parameters and receivers, and from results back. A constructor's object is
// cloned per call of the constructor (`CreateShapeGetter()` called by two managers makes two getters), unless it
// escapes the constructor's frames into a field, a package variable or an element (then every clone may be the
// one stored there). Objects the facts do not see made (zero values, received values, results of code outside the
// program, arguments of entry points and of callbacks) are unknown, and a method whose receiver may be unknown has
// no answer. The built program is what counts: calls written in `_test.go` files are left out.
import { isTestFile } from '../go/header.js';
import type { FuncId } from '../ir/types.js';
import type { FuncFacts, PackageFacts, SiteFact } from './facts.js';
import type { CallGraph, EdgeVia } from './types.js';
import { unresolvedCall } from './unreached.js';
import { type Loc, ValueFlow, isFrameLoc, localLoc, resultLoc, tempLoc } from './values.js';

/** A call the solver resolved: the site and the function it runs. */
export interface ResolvedCall {
  site: SiteFact;
  to: FuncId;
  via: EdgeVia;
  /** A library runs the function (its arguments are the library's). */
  callback: boolean;
}

const UNKNOWN = '?';
/** A location that may hold more objects than this holds an unknown one: a receiver of so many objects is no answer. */
const MAX_OBJECTS = 16;
/**
 * Programs with more constraints than this (copies, objects, unknown sources: moby with vendor/ has about 327,000,
 * minio 87,000) are not analysed: on moby the flow took 0.9 GB and 20 s more, beyond the memory budget. Every race
 * stays.
 */
export const MAX_CONSTRAINTS = 200_000;

export class Objects {
  private flow?: ValueFlow;
  /** Object (its site) → its type and the function that makes it. */
  private readonly made = new Map<string, { type: string; func: FuncId }>();
  /** Clone (`site^call`) → the object it clones. */
  private readonly cloneOf = new Map<string, string>();
  /** Objects held outside the frames of functions (a field, a package variable, an element). */
  private readonly escaping = new Set<string>();
  /** The constraints of the program: copies, objects, unknown sources. */
  readonly constraints: number;
  /** The program is too large for the analysis (more than `maxConstraints`): no receiver is known. */
  readonly skipped: boolean;

  constructor(
    private readonly g: CallGraph,
    private readonly packages: readonly PackageFacts[],
    private readonly funcs: ReadonlyMap<FuncId, FuncFacts>,
    private readonly calls: readonly ResolvedCall[],
    private readonly base: ReadonlyMap<Loc, ReadonlySet<Loc>>,
    maxConstraints = MAX_CONSTRAINTS,
  ) {
    this.constraints = packages.reduce((n, p) => n + p.copies.length + p.objects.length + p.unknown.length, 0);
    this.skipped = this.constraints > maxConstraints;
  }

  /**
   * The objects the receiver of method `id` may be, or undefined when that is not known (an unknown object, an
   * object of another type: a method promoted from an embedded field, or no object at all).
   */
  receivers(id: FuncId): ReadonlySet<string> | undefined {
    const fn = this.funcs.get(id);
    if (this.skipped || fn?.recv === undefined || !fn.recvType) return undefined;
    const held = this.solved().at(localLoc({ func: id, id: fn.recv }));
    if (!held.size || held.has(UNKNOWN)) return undefined;
    for (const o of held) if (this.typeOf(o) !== fn.recvType) return undefined;
    return held;
  }

  /** Whether some object of `a` may be one of `b`: the same, or two clones of one that escapes, or a clone and the object it clones. */
  mayAlias(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
    for (const x of a) {
      for (const y of b) {
        if (x === y) return true;
        const bx = this.baseOf(x);
        if (bx === this.baseOf(y) && (x === bx || y === bx || this.escapes(bx))) return true;
      }
    }
    return false;
  }

  private baseOf(o: string): string {
    return this.cloneOf.get(o) ?? o;
  }

  private escapes(o: string): boolean {
    this.solved();
    return this.escaping.has(o);
  }

  private solved(): ValueFlow {
    if (this.flow) return this.flow;
    const escaped = (loc: Loc, o: string) => {
      if (!isFrameLoc(loc) && this.made.has(o)) this.escaping.add(o);
    };
    // Unknown objects first: a location that may hold one holds nothing else (no receiver set is known through it),
    // so the objects made later stop there.
    const flow = new ValueFlow([this.base], { value: UNKNOWN, absorbed: escaped, limit: MAX_OBJECTS });
    for (const p of this.packages) {
      for (const o of p.objects) this.made.set(o.site, { type: o.type, func: o.func });
      for (const loc of p.unknown) flow.source(loc, UNKNOWN);
    }
    const called = new Set<FuncId>();
    const resolved = new Set<SiteFact>();
    for (const c of this.calls) {
      const callee = this.funcs.get(c.to);
      if (!callee || c.callback || isTestFile(c.site.at.file)) continue;
      resolved.add(c.site);
      called.add(c.to);
      this.bind(flow, c, callee);
    }
    // What code outside the program returns, and what entry points are given, is not known.
    for (const p of this.packages) {
      for (const s of p.sites) {
        if (resolved.has(s) || s.temp < 0 || isTestFile(s.at.file)) continue;
        for (const i of s.objResults ?? []) flow.source(tempLoc(s.func, s.temp, i), UNKNOWN);
      }
    }
    for (const f of this.funcs.values()) {
      const outside = !called.has(f.id) || this.g.taken.has(f.id) || (!!f.recvType && this.g.handedOut.has(f.recvType)) || unresolvedCall(this.g, f);
      if (!outside) continue;
      for (const p of [...(f.recv !== undefined ? [f.recv] : []), ...(f.objParams ?? []).map((i) => f.params[i]!)]) flow.source(localLoc({ func: f.id, id: p }), UNKNOWN);
    }
    flow.solve();
    for (const p of this.packages) for (const o of p.objects) flow.source(o.loc, o.site);
    flow.solve();
    for (const [loc, held] of flow.locations()) for (const o of held) escaped(loc, o);
    this.flow = flow;
    return flow;
  }

  /** The flow of one call: receiver and arguments in, results back (a constructor's objects cloned per call). */
  private bind(flow: ValueFlow, c: ResolvedCall, callee: FuncFacts): void {
    const s = c.site;
    const into = (loc: Loc | undefined, p: number, typed?: string) => {
      const to = localLoc({ func: c.to, id: p });
      if (!loc) return flow.source(to, UNKNOWN);
      // Dispatch runs a type's method only on values of that type.
      if (typed) return flow.copyMapped(loc, to, (o) => (o === UNKNOWN || this.typeOf(o) === typed ? o : undefined));
      flow.copy(loc, to);
      // A slice or map passed on holds its elements in the callee too.
      flow.copy(`${loc}[]`, `${to}[]`);
    };
    // A method value's receiver was bound where the value was made.
    if (callee.recv !== undefined) into(c.via === 'value' ? undefined : s.recv, callee.recv, c.via === 'interface' ? callee.recvType : undefined);
    const n = callee.params.length;
    for (let i = 0; i < s.args.length && n; i++) {
      const p = Math.min(i, n - 1);
      if (callee.objParams?.includes(p)) into(s.argLocs?.[i], callee.params[p]!);
    }
    if (s.temp < 0) return;
    const call = `${s.at.file}:${s.at.line}:${s.at.column}`;
    const clone = (o: string) => {
      if (this.made.get(o)?.func !== c.to) return o;
      const out = `${o}^${call}`;
      this.cloneOf.set(out, o);
      return out;
    };
    for (let i = 0; i < callee.results; i++) {
      const [from, to] = [resultLoc(c.to, i), tempLoc(s.func, s.temp, i)];
      flow.copyMapped(from, to, clone);
      flow.copyMapped(`${from}[]`, `${to}[]`, clone);
    }
  }

  private typeOf(o: string): string | undefined {
    return this.made.get(this.baseOf(o))?.type;
  }
}
