// Reading a package's call-graph facts off its IR: every function, the types it creates, where function values
// flow (definitions, assignments, returns, struct literals' fields) and every call site with its callee as far as
// the package alone can tell. Calls of library functions handed func values become call sites of those values:
// the library runs them (a spawning method on a goroutine of its own).
import { funcId } from '../ir/context.js';
import { valueType } from '../ir/expr.js';
import { isTestFile } from '../go/header.js';
import { serialLifecycleMark } from '../analysis/frameworks.js';
import { type GoType, UNKNOWN } from '../go/types.js';
import type { Alloc, At, Func, FuncId, FuncRef, Instr, LocalRoot, Package, Place, Stmt, Value } from '../ir/types.js';
import type { CalleeFact, FuncFacts, PackageFacts, SiteFact, ValFact } from './facts.js';
import type { EdgeKind } from './types.js';
import { type Loc, fieldLoc, localLoc, placeLoc, resultLoc, tempLoc, typeKey } from './values.js';

/** A declared function's id, as lowering names it. */
export function refId(ref: FuncRef): FuncId {
  return funcId(ref.pkg, '', ref);
}

export function extractFacts(pkg: Package): PackageFacts {
  const x = new Extractor(pkg);
  for (const f of pkg.funcs) x.func(f);
  return x.finish();
}

class Extractor {
  readonly facts: PackageFacts;
  private readonly created = new Set<string>();
  private readonly handed = new Set<string>();
  private readonly setters = new Set<string>();
  /** The guards of the `if` arms being scanned. */
  private guards: string[] = [];

  constructor(pkg: Package) {
    this.facts = { path: pkg.path, dir: pkg.dir, name: pkg.name, funcs: [], created: [], holds: [], copies: [], testCopies: [], objects: [], unknown: [], sites: [], handed: [], setters: [] };
  }

  func(f: Func): void {
    const recvType = f.ref?.recv ? `${f.ref.pkg}.${f.ref.recv}` : undefined;
    const info: FuncFacts = {
      id: f.id, name: f.name, pkg: this.facts.path, dir: this.facts.dir, pkgName: this.facts.name, kind: f.kind, exported: f.exported, nameAt: f.nameAt,
      params: f.params, objParams: objectIndexes(f.params.map((i) => f.locals[i]!.type)), results: f.results.length, ...(f.recv !== undefined ? { recv: f.recv } : {}), ...(recvType ? { recvType } : {}), ...(f.parent ? { parent: f.parent } : {}),
    };
    const lifecycle = f.ref?.recv ? serialLifecycleMark(f.ref.name, f.params.map((i) => f.locals[i]!.type)) : undefined;
    if (lifecycle) info.lifecycle = lifecycle;
    this.facts.funcs.push(info);
    this.scan(f, f.body?.stmts ?? [], 0);
  }

  finish(): PackageFacts {
    this.facts.created = [...this.created].sort();
    this.facts.handed = [...this.handed].sort().map((x) => x.split('\t') as [string, string]);
    this.facts.setters = [...this.setters].sort().map((x) => x.split('\t') as [string, FuncId]);
    return this.facts;
  }

  private scan(f: Func, stmts: Stmt[], loops: number): void {
    for (const s of stmts) this.stmt(f, s, loops);
  }

  private stmt(f: Func, s: Stmt, loops: number, kind: EdgeKind = 'call'): void {
    switch (s.k) {
      case 'define':
        // A variable declared with its zero value holds an object the facts do not see made.
        if (!s.value) this.unknownLocal(f, s.local);
        return this.flowInto(f, localLoc(s.local), s.value);
      case 'recv':
        if (mayHoldObject(f.temps[s.temp]?.[0] ?? UNKNOWN)) this.unknown(f, tempLoc(f.id, s.temp, 0));
        return;
      case 'assign': {
        if (s.value) this.convert(s.value, s.dst.type);
        this.sets(f, s.dst, s.value);
        const loc = s.op ? undefined : placeLoc(f.id, s.dst);
        if (loc) this.flowInto(f, loc, s.value);
        else if (s.value) this.values(f, s.value);
        return;
      }
      case 'return':
        s.values.forEach((v, i) => {
          this.convert(v, f.results[i]);
          this.flowInto(f, resultLoc(f.id, i), v);
        });
        return;
      case 'call':
        return this.call(f, s, loops, kind);
      case 'go':
      case 'defer':
        return this.stmt(f, s.run, loops, s.k);
      case 'oncedo':
        this.values(f, s.fn);
        this.site(f, s.at, 'Do', 'call', loops, -1, { k: 'value', value: this.val(f, s.fn) }, []);
        return;
      case 'send':
      case 'eval':
        return this.values(f, s.value);
      case 'mapwrite':
        if (s.value) this.values(f, s.value);
        return;
      case 'if': {
        this.scan(f, s.init, loops);
        const outer = this.guards;
        this.guards = [...outer, ...boolFields(s.cond, true)];
        this.scan(f, s.then.stmts, loops);
        this.guards = [...outer, ...boolFields(s.cond, false)];
        this.scan(f, s.else?.stmts ?? [], loops);
        this.guards = outer;
        return;
      }
      case 'switch':
        this.scan(f, s.init, loops);
        for (const c of s.cases) {
          if (c.bound) this.unknownLocal(f, c.bound);
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
        for (const v of [s.key, s.value]) if (v && 'func' in v) this.unknownLocal(f, v);
        return this.scan(f, s.body.stmts, loops + 1);
      default:
        return;
    }
  }

  private call(f: Func, instr: Extract<Instr, { k: 'call' }>, loops: number, kind: EdgeKind): void {
    const c = instr.callee;
    if (c.k === 'conversion') this.create(typeKey(c.type));
    for (const a of instr.args) this.values(f, a);
    let callee: CalleeFact;
    switch (c.k) {
      case 'static':
        callee = { k: 'static', id: refId(c.func), name: c.func.name };
        break;
      case 'closure':
        callee = { k: 'closure', id: c.func };
        break;
      case 'interface':
        callee = { k: 'interface', name: c.method, set: c.methods };
        break;
      case 'dynamic':
        this.values(f, c.value);
        callee = { k: 'value', value: this.val(f, c.value) };
        break;
      case 'library':
      case 'unknown':
        for (const a of instr.args) this.hand(a, c.pkg ?? '?');
        callee = { k: 'external', name: c.name.replace(/^.*\./, ''), ...(c.k === 'unknown' ? { unknown: true } : {}) };
        break;
      default:
        return;
    }
    const args = instr.args.map((a) => (mayBeFunc(a) ? this.val(f, a) : undefined));
    const recv = c.k === 'static' || c.k === 'interface' ? c.recv : undefined;
    const argLocs = instr.args.map((a) => (mayHoldObject(valueType(a)) ? this.val(f, a).loc : undefined));
    this.site(f, instr.at, instr.text, kind, loops, instr.temp, callee, args, {
      ...(recv ? { recv: this.val(f, recv).loc } : {}),
      ...(argLocs.some(Boolean) ? { argLocs } : {}),
      objResults: instr.temp >= 0 ? objectIndexes(f.temps[instr.temp] ?? []) : [],
    });
  }

  private site(f: Func, at: At, text: string, kind: EdgeKind, loops: number, temp: number, callee: CalleeFact, args: (ValFact | undefined)[], objects: Pick<SiteFact, 'recv' | 'argLocs' | 'objResults'> = {}): void {
    this.facts.sites.push({ func: f.id, at, text, kind, inLoop: loops > 0, temp, callee, args, ...objects, ...(this.guards.length ? { guards: this.guards } : {}) });
  }

  /** What `v` may hold flows into `loc`. */
  private flowInto(f: Func, loc: Loc, v: Value | undefined): void {
    if (!v) return;
    this.values(f, v);
    const value = this.val(f, v);
    const made = allocOf(v);
    if (made && typeKey(made.type) !== '?' && !this.inTest(f)) this.facts.objects.push({ loc, site: `${made.at.file}:${made.at.line}:${made.at.column}`, type: typeKey(made.type), func: f.id });
    if (value.funcs || value.methods) this.facts.holds.push({ loc, value: { ...(value.funcs ? { funcs: value.funcs } : {}), ...(value.methods ? { methods: value.methods } : {}) } });
    if (value.loc && value.loc !== loc) (this.inTest(f) ? this.facts.testCopies : this.facts.copies).push([value.loc, loc]);
  }

  /** `loc` may hold an object made where the facts do not see (test code's do not count: objects.ts). */
  private unknown(f: Func, loc: Loc): void {
    if (!this.inTest(f)) this.facts.unknown.push(loc);
  }

  /** A variable of `f` (or of the function it is written in) that may hold an object the facts do not see made. */
  private unknownLocal(f: Func, r: LocalRoot): void {
    const local = r.func === f.id ? f.locals[r.id] : undefined;
    if (!local || mayHoldObject(local.type)) this.unknown(f, localLoc(r));
  }

  private inTest(f: Func): boolean {
    return isTestFile(f.at.file);
  }

  /** `dst = v` may make an unexported bool field true. */
  private sets(f: Func, dst: Place, v: Value | undefined): void {
    const key = boolField(dst);
    if (key && !isFalse(v)) this.setters.add(`${key}\t${f.id}`);
  }

  /** Records what evaluating `v` creates: types, and the fields of composite literals. */
  private values(f: Func, v: Value): void {
    if (v.k === 'addr') this.sets(f, v.place, undefined);
    // A variable whose address is taken may be given objects through the pointer.
    if (v.k === 'addr' && !v.place.path.length && (v.place.root.k === 'local' || v.place.root.k === 'param' || v.place.root.k === 'recv')) this.unknownLocal(f, v.place.root);
    if (v.k === 'alloc') {
      if (v.alloc.kind === 'composite' || v.alloc.kind === 'new') this.create(typeKey(v.alloc.type));
      const owner = typeKey(v.alloc.type);
      const t = v.alloc.type.k === 'ptr' ? v.alloc.type.elem : v.alloc.type;
      for (const e of v.alloc.elems ?? []) {
        if (t.k === 'named' && t.pkg !== this.facts.path) this.hand(e.value, t.pkg);
        // `T{f: x}` may make f true; `T{a, b}` any field.
        const field = e.key ? (isUnexported(e.key) && isBool(valueType(e.value)) ? e.key : undefined) : '*';
        if (field && owner !== '?' && !isFalse(e.value)) this.setters.add(`${owner}.${field}\t${f.id}`);
        this.flowInto(f, e.key && owner !== '?' ? fieldLoc(owner, e.key) : `A ${v.alloc.at.file}:${v.alloc.at.line}:${v.alloc.at.column}[]`, e.value);
      }
    } else if ((v.k === 'place' || v.k === 'addr') && v.place.root.k === 'alloc') this.values(f, { k: 'alloc', alloc: v.place.root.alloc });
    else if (v.k === 'op') v.args.forEach((a) => this.values(f, a));
    else if (v.k === 'assert') this.values(f, v.value);
  }

  /** A value of a named type handed to code of package `to` (`?`: unknown). */
  private hand(v: Value, to: string): void {
    const key = typeKey(valueType(v));
    if (key !== '?' && !key.startsWith(`${to}.`)) this.handed.add(`${key}\t${to}`);
  }

  /** Assigning `v` to another package's named type converts it to that type (an interface). */
  private convert(v: Value, to: GoType | undefined): void {
    if (to?.k === 'named' && typeKey(to) !== typeKey(valueType(v))) this.hand(v, to.pkg);
  }

  private create(key: string): void {
    if (key !== '?') this.created.add(key);
  }

  /** What a value is, function-wise. */
  private val(f: Func, v: Value): ValFact {
    switch (v.k) {
      case 'func':
        return { funcs: [refId(v.ref)] };
      case 'alloc':
        return v.alloc.func ? { funcs: [v.alloc.func] } : {};
      case 'method':
        return { methods: [{ type: typeKey(valueType(v.recv)), name: v.name }] };
      case 'assert':
        return this.val(f, v.value);
      case 'place': {
        const loc = placeLoc(f.id, v.place);
        return loc ? { loc } : {};
      }
      default:
        return {};
    }
  }
}

/** The composite literal or `new` a value makes (`T{}`, `&T{}`, `new(T)`). */
function allocOf(v: Value): Alloc | undefined {
  const a = v.k === 'alloc' ? v.alloc : v.k === 'addr' && v.place.root.k === 'alloc' && !v.place.path.length ? v.place.root.alloc : undefined;
  return a && (a.kind === 'composite' || a.kind === 'new') ? a : undefined;
}

/** The indexes of the types that may hold objects. */
function objectIndexes(types: readonly GoType[]): number[] {
  return types.flatMap((t, i) => (mayHoldObject(t) ? [i] : []));
}

/** A value of this type may be or hold an object of a named type (not a number, a string, a bool, a func). */
function mayHoldObject(t: GoType): boolean {
  switch (t.k) {
    case 'named':
      return t.pkg !== '' || !BASIC.has(t.name);
    case 'ptr':
    case 'slice':
    case 'chan':
      return mayHoldObject(t.elem);
    case 'map':
      return mayHoldObject(t.value);
    case 'func':
      return false;
    default:
      return true;
  }
}

const BASIC = new Set(['bool', 'string', 'byte', 'rune', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128']);

/** An argument that may be a function: of func type, of a type the front end does not know, or a function itself. */
function mayBeFunc(v: Value): boolean {
  const k = valueType(v).k;
  return k === 'func' || k === 'unknown' || v.k === 'func' || v.k === 'method' || (v.k === 'alloc' && !!v.alloc.func);
}

const isUnexported = (name: string) => /^[a-z_]/.test(name);
const isFalse = (v: Value | undefined) => v?.k === 'const' && v.text === 'false';
const isBool = (t: GoType) => t.k === 'named' && t.pkg === '' && t.name === 'bool';

/** `<import path>.T.f` for a place that is an unexported bool field of a named type. */
function boolField(p: Place): string | undefined {
  const last = p.path.at(-1);
  if (last?.k !== 'field' || !isUnexported(last.name) || !isBool(last.type)) return undefined;
  const owner = typeKey(last.owner ?? (p.path.length > 1 ? p.path.at(-2)!.type : undefined));
  return owner === '?' ? undefined : `${owner}.${last.name}`;
}

/** The unexported bool fields a condition makes true in its `then` arm (`when`) or its `else` arm. */
function boolFields(cond: Value, when: boolean): string[] {
  if (cond.k === 'place') {
    const key = when ? boolField(cond.place) : undefined;
    return key ? [key] : [];
  }
  if (cond.k !== 'op') return [];
  if (cond.op === '!' && cond.args.length === 1) return boolFields(cond.args[0]!, !when);
  // Both operands of `a && b` hold in the then arm; `!(a || b)` is `!a && !b`.
  if ((cond.op === '&&' && when) || (cond.op === '||' && !when)) return cond.args.flatMap((a) => boolFields(a, when));
  return [];
}
