// Which fields of a new object hold new objects too: `&Scope{Tracker: NewTracker(), Blueprint: &Blueprint{}}`, or
// what a constructor returns (`return &Scope{...}`, or a local it built so). An object one instance of a thread
// made is its own; so are the objects in these fields, made with it (`s.Tracker.Add` on a Scope of this
// Reconcile writes this Reconcile's tracker). A field given anything else (a parameter, a shared object) is not in
// the shape, and stays shared.
import type { Func, FuncId, Value } from '../../ir/types.js';
import { PREDECLARED } from '../../ir/context.js';
import { forEachStmt } from '../../ir/walk.js';
import type { CallInstr } from './state.js';

/** Field name → the shape of the new object it holds. */
export type Shape = ReadonlyMap<string, Shape>;

const EMPTY: Shape = new Map();
/** The value of `var x T`, a new zero value. */
const ZERO: Value = { k: 'alloc', alloc: { kind: 'new', type: { k: 'unknown' }, at: { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 } } };
/** Constructors followed into constructors, and values nested in one function (literals in literals, locals). */
const MAX_CALLS = 4;
const MAX_NEST = 16;

/** What a call may run, for the shapes of constructors: the functions' IR, when they are the module's. */
export type ResolveCall = (c: CallInstr) => readonly Func[];

/**
 * The shapes of what functions return, memoised per function: undefined when some return is not a new object.
 * A `newX`/`NewX` function whose body is unknown returns a new object of unknown shape.
 */
export class Shapes {
  private readonly returned = new Map<FuncId, Shape | undefined>();
  private readonly temps = new WeakMap<Func, Map<number, CallInstr>>();
  private readonly defines = new WeakMap<Func, Map<string, Value[]>>();

  constructor(private readonly resolve: ResolveCall) {}

  /** The shape of a value written in `func`, when it is a new object; `calls`: constructors this one is inside. */
  of(v: Value | undefined, func: Func, calls = 0, nest = 0): Shape | undefined {
    if (!v || nest > MAX_NEST) return undefined;
    switch (v.k) {
      case 'alloc': {
        const a = v.alloc;
        if (a.kind === 'make' || a.kind === 'new') return EMPTY;
        if (a.kind !== 'composite') return undefined;
        const out = new Map<string, Shape>();
        const foreign = new Map<string, number>();
        for (const e of a.elems ?? []) {
          const s = e.key ? this.of(e.value, func, calls, nest + 1) : undefined;
          if (s) out.set(e.key!, s);
          else if (!inert(e.value)) foreign.set(e.key ?? '*', paramIndex(e.value, func));
        }
        if (foreign.size) foreignOf.set(out, foreign);
        return out;
      }
      case 'addr':
        return v.place.root.k === 'alloc' && v.place.path.length === 0 ? this.of({ k: 'alloc', alloc: v.place.root.alloc }, func, calls, nest + 1) : undefined;
      case 'place': {
        if (v.place.path.length) return undefined;
        const root = v.place.root;
        if (root.k === 'result') {
          const c = this.tempsOf(func).get(root.temp);
          return c && root.index === 0 ? this.ofCall(c, func, calls) : undefined;
        }
        if (root.k !== 'local') return undefined;
        // A local given one new object (and nothing else) in this function.
        const values = this.definesOf(func).get(`${root.func}#${root.id}`);
        return values?.length === 1 ? this.of(values[0], func, calls, nest + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  private ofCall(c: CallInstr, func: Func, calls: number): Shape | undefined {
    const byName = c.callee.k === 'static' && /^[nN]ew[A-Z_]?/.test(c.callee.func.name) ? EMPTY : undefined;
    const callees = calls < MAX_CALLS ? this.resolve(c) : [];
    // Through an interface: what every implementation the program makes returns.
    const shapes = callees.map((callee) => this.returns(callee, calls));
    const shape = !callees.length ? byName : shapes.every((s) => s) ? shapes.reduce((a, b) => intersect(a!, b!)) : undefined;
    const foreign = shape && foreignOf.get(shape);
    if (!shape || !foreign || ![...foreign.values()].some((i) => i >= 0)) return shape;
    // A field given a parameter is this call's own when the call passes a new object (`newData(s.defaultTags())`).
    const out = new Map(shape);
    const left = new Map(foreign);
    for (const [name, i] of foreign) {
      const arg = i >= 0 ? c.args[i] : undefined;
      const s = arg && this.of(arg, func, calls + 1);
      if (!s) continue;
      out.set(name, s);
      left.delete(name);
    }
    if (left.size) foreignOf.set(out, left);
    return out;
  }

  /** The shape of what `callee` returns, when every return is a new object (its error paths aside). */
  private returns(callee: Func, calls: number): Shape | undefined {
    if (this.returned.has(callee.id)) return this.returned.get(callee.id);
    this.returned.set(callee.id, undefined);
    let shape: Shape | undefined;
    let every = true;
    forEachStmt(callee.body, (s) => {
      if (s.k !== 'return' || !every) return;
      // `return nil, err`: the error path makes no object.
      // A bare `return` returns the named results.
      const first = s.values[0] ?? namedResult(callee);
      if (first?.k === 'const' && first.text === 'nil') return;
      const r = this.of(first, callee, calls + 1);
      if (!r) every = false;
      else shape = shape ? intersect(shape, r) : r;
    });
    const out = every ? shape : undefined;
    this.returned.set(callee.id, out);
    return out;
  }

  private tempsOf(func: Func): Map<number, CallInstr> {
    let m = this.temps.get(func);
    if (!m) {
      m = new Map();
      const found = m;
      forEachStmt(func.body, (s) => {
        if (s.k === 'call') found.set(s.temp, s);
      });
      this.temps.set(func, m);
    }
    return m;
  }

  /** Each local's values: its definition and every plain assignment to it. */
  private definesOf(func: Func): Map<string, Value[]> {
    let m = this.defines.get(func);
    if (!m) {
      const found = new Map<string, Value[]>();
      const add = (key: string, v: Value | undefined) => found.set(key, [...(found.get(key) ?? []), ...(v ? [v] : [])]);
      // A named result starts as a zero value.
      for (const l of func.locals) if (l.kind === 'result') add(`${func.id}#${l.id}`, ZERO);
      forEachStmt(func.body, (s) => {
        // `var x T`: a zero value, made here (nil, for a pointer: no object of anyone else's either).
        if (s.k === 'define') add(`${s.local.func}#${s.local.id}`, s.value ?? ZERO);
        else if (s.k === 'assign' && s.dst.path.length === 0 && s.dst.root.k === 'local') add(`${s.dst.root.func}#${s.dst.root.id}`, s.value);
      });
      this.defines.set(func, (m = found));
    }
    return m;
  }
}

/** The first named result of a function, as a value (what a bare `return` returns first). */
function namedResult(func: Func): Value | undefined {
  const l = func.locals.find((x) => x.kind === 'result');
  return l && { k: 'place', place: { root: { k: 'local', func: func.id, id: l.id, name: l.name }, path: [], type: l.type, text: l.name } };
}

/** The fields both shapes hold new objects in; a field either gives something else is foreign. */
function intersect(a: Shape, b: Shape): Shape {
  const out = new Map<string, Shape>();
  for (const [k, s] of a) {
    const t = b.get(k);
    if (t) out.set(k, intersect(s, t));
  }
  const foreign = new Map(foreignOf.get(a));
  for (const [k, i] of foreignOf.get(b) ?? []) foreign.set(k, foreign.has(k) && foreign.get(k) !== i ? -1 : i);
  if (foreign.size) foreignOf.set(out, foreign);
  return out;
}

/**
 * Per shape: the fields its object was given values that are not new (a parameter, another object's map), which
 * the object does not own, each with the index of the parameter it was given (-1: something else); `*` for
 * elements given without field names.
 */
const foreignOf = new WeakMap<Shape, ReadonlyMap<string, number>>();

/** The index of the parameter of `func` a value is, or -1. */
function paramIndex(v: Value, func: Func): number {
  if (v.k !== 'place' || v.place.path.length || v.place.root.k !== 'param' || v.place.root.func !== func.id) return -1;
  return func.params.indexOf(v.place.root.id);
}

/** Whether field `name` of an object of this shape may hold what it was given from elsewhere. */
export function foreignField(shape: Shape | undefined, name: string): boolean {
  const f = shape && foreignOf.get(shape);
  return !!f && (f.has(name) || f.has('*'));
}


/** Predeclared types whose values can hold references: all the others are plain (numbers, strings, booleans). */
const REFERENCES = new Set(['any', 'comparable', 'error']);

/** Whether a value is plain (a constant, a number, a string): nothing an object given one could share with others. */
function inert(v: Value): boolean {
  if (v.k === 'const') return true;
  const t = v.k === 'place' ? v.place.type : v.k === 'op' ? v.type : undefined;
  return t?.k === 'named' && t.pkg === '' && PREDECLARED.has(t.name) && !REFERENCES.has(t.name);
}
