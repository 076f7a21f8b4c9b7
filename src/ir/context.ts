// The state of lowering: per package (declarations, types, the library summaries, the counter of constructs
// that could not be lowered) and per function (its locals, temps, block scopes, the statements being emitted).
import type { Node } from '../go/parser.js';
import type { FuncDecl, Package as GoPackage, PkgFile } from '../go/package.js';
import type { Library } from '../go/summaries.js';
import { ExprTyper, type TypeEnv } from '../go/typeof.js';
import type { TypeLookup } from '../go/typelookup.js';
import { type GoType, deref, qualify } from '../go/types.js';
import type { At, Func, FuncRef, Local, LocalRoot, Stmt } from './types.js';

/** What a name in a block scope is: a local of some function, or a constant. */
export interface Binding {
  readonly type: GoType;
  readonly root?: LocalRoot;
}

export class BlockScope implements TypeEnv {
  readonly names = new Map<string, Binding>();
  constructor(readonly parent: BlockScope | undefined, readonly fn: FnCtx) {}
  lookup(name: string): Binding | undefined {
    for (let s: BlockScope | undefined = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return undefined;
  }
}

export interface Site {
  readonly file: PkgFile;
}

/** One package being lowered. */
export class PkgCtx {
  readonly typer: ExprTyper<BlockScope, Site>;
  /** Package-level constants (not in Package.globals). */
  readonly consts = new Set<string>();
  readonly unlowered: Record<string, number> = {};
  readonly funcs: Func[] = [];
  private readonly qualified = new WeakMap<GoType, GoType>();

  constructor(readonly pkg: GoPackage, readonly types: TypeLookup, readonly lib: Library, readonly path: string) {
    this.typer = new ExprTyper(pkg, types, lib, (call, env, _site) => this.calleeDecl(call, env));
  }

  /** A type as the IR carries it: the package's own names qualified with its import path. */
  q(t: GoType): GoType {
    if (!this.path || t.k === 'unknown') return t;
    let out = this.qualified.get(t);
    if (!out) this.qualified.set(t, (out = hasLocalName(t, 0) ? qualify(t, this.path) : t));
    return out;
  }

  skip(kind: string): void {
    this.unlowered[kind] = (this.unlowered[kind] ?? 0) + 1;
  }

  /** The function or method of this package a call resolves to, for expression typing. */
  private calleeDecl(call: Node, env: BlockScope): FuncDecl | undefined {
    let fn = call.childForFieldName('function');
    if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = fn.namedChild(0);
    if (fn?.type === 'identifier') {
      if (env.lookup(fn.text)) return undefined;
      const d = this.pkg.funcs.get(fn.text);
      return d && !d.recvType ? d : undefined;
    }
    if (fn?.type !== 'selector_expression') return undefined;
    const t = deref(this.typer.typeOf(fn.childForFieldName('operand'), env, { file: env.fn.file }));
    const m = t.k === 'named' ? this.methodOf(t, fn.childForFieldName('field')?.text ?? '') : undefined;
    return m && m.pkg === '' ? this.pkg.funcs.get(`${m.recv}.${m.name}`) : undefined;
  }

  /**
   * The concrete method `name` of a named type (declared on it, or promoted from an embedded field), in any
   * package whose declarations are known; `pkg` '' for the package being lowered.
   */
  methodOf(t: Extract<GoType, { k: 'named' }>, name: string, depth = 0): FuncRef | undefined {
    if (depth > 3) return undefined;
    const d = this.types.declared(t);
    if (!d) return undefined;
    if (d.alias) return d.type.k === 'named' ? this.methodOf(d.type, name, depth + 1) : undefined;
    if (d.decls.methods.has(`${t.name}.${name}`)) {
      const ref: FuncRef = { pkg: t.pkg, recv: t.name, name };
      if (t.pkg === '' && this.pkg.funcs.get(`${t.name}.${name}`)?.recvPtr) ref.ptr = true;
      return ref;
    }
    const u = this.types.underlying(t);
    if (u.k !== 'struct') return undefined;
    for (const f of u.fields) {
      const e = deref(f.type);
      const m = f.embedded && e.k === 'named' ? this.methodOf(e, name, depth + 1) : undefined;
      if (m) return m;
    }
    return undefined;
  }

  /** A FuncRef with the package's own path filled in. */
  ref(r: FuncRef): FuncRef {
    return r.pkg === '' && this.path ? { ...r, pkg: this.path } : r;
  }

  /** `T` or `path.T` (TypeLookup's owner names) as a type. */
  ownerType(owner: string): GoType {
    const dot = owner.lastIndexOf('.');
    const slash = owner.lastIndexOf('/');
    if (dot < 0 || dot < slash) return this.q({ k: 'named', pkg: '', name: owner, args: [] });
    return { k: 'named', pkg: owner.slice(0, dot), name: owner.slice(dot + 1), args: [] };
  }
}

/** Whether a type names a type of the package being lowered (`pkg: ''`, not predeclared). */
function hasLocalName(t: GoType, depth: number): boolean {
  if (depth > 32) return false;
  switch (t.k) {
    case 'named':
      return (t.pkg === '' && !PREDECLARED.has(t.name)) || t.args.some((a) => hasLocalName(a, depth + 1));
    case 'map':
      return hasLocalName(t.key, depth + 1) || hasLocalName(t.value, depth + 1);
    case 'ptr':
    case 'slice':
    case 'chan':
      return hasLocalName(t.elem, depth + 1);
    case 'struct':
      return t.fields.some((f) => hasLocalName(f.type, depth + 1));
    case 'func':
      return [...t.params, ...t.results].some((x) => hasLocalName(x, depth + 1));
    case 'interface':
      return t.embeds.some((x) => hasLocalName(x, depth + 1)) || t.methods.some((m) => m.results.some((x) => hasLocalName(x, depth + 1)));
    default:
      return false;
  }
}

/** Go's predeclared type names (go/types.ts keeps its own copy private). */
export const PREDECLARED: ReadonlySet<string> = new Set(['any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64',
  'int', 'int8', 'int16', 'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

export function funcId(path: string, dir: string, ref: { recv?: string; name: string }): string {
  return `${path || dir}.${ref.recv ? `${ref.recv}.` : ''}${ref.name}`;
}

/** One function being lowered (a declaration or a literal). */
export class FnCtx {
  /** Where statements are emitted now (a block, a region's prelude). */
  out: Stmt[] = [];
  loopDepth = 0;
  /** Literals written in this function so far, for their names. */
  literals = 0;
  private readonly free = new Set<string>();

  constructor(readonly pc: PkgCtx, readonly func: Func, readonly file: PkgFile, readonly parent?: FnCtx) {}

  at(node: Node): At {
    return rangeOf(this.file, node);
  }

  /** Runs `f` with emission redirected to a new list, and returns that list. */
  collect(f: () => void): Stmt[] {
    const saved = this.out;
    const list: Stmt[] = [];
    this.out = list;
    try {
      f();
    } finally {
      this.out = saved;
    }
    return list;
  }

  emit(s: Stmt): void {
    this.out.push(s);
  }

  newLocal(scope: BlockScope | undefined, name: string, type: GoType, kind: Local['kind'], at: At): LocalRoot {
    const id = this.func.locals.length;
    this.func.locals.push({ id, name, type: this.pc.q(type), kind, at, loopDepth: this.loopDepth });
    const root: LocalRoot = { k: kind === 'recv' ? 'recv' : kind === 'param' ? 'param' : 'local', func: this.func.id, id, name };
    if (scope && name !== '_' && name !== '') scope.names.set(name, { type, root });
    return root;
  }

  newTemp(types: GoType[]): number {
    this.func.temps.push(types.map((t) => this.pc.q(t)));
    return this.func.temps.length - 1;
  }

  /** A name's binding; a local of an enclosing function becomes a free variable of every literal in between. */
  resolve(scope: BlockScope, name: string): Binding | undefined {
    const b = scope.lookup(name);
    const root = b?.root;
    if (!root || root.func === this.func.id) return b;
    for (let c: FnCtx | undefined = this; c && c.func.id !== root.func; c = c.parent) {
      const key = `${root.func}#${root.id}`;
      if (!c.free.has(key)) {
        c.free.add(key);
        c.func.freeVars.push(root);
      }
    }
    return b;
  }
}

export function rangeOf(file: PkgFile, node: Node): At {
  const s = node.startPosition;
  const e = node.endPosition;
  return { file: file.rel, line: s.row + 1, column: s.column + 1, endLine: e.row + 1, endColumn: e.column + 1 };
}

