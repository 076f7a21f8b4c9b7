// Lowering a package: its globals, then every declared function and method (and, inside them, every func
// literal) into a Func with its signature, locals and body.
import type { Node } from '../go/parser.js';
import type { GlobalVar, Package as GoPackage, PkgFile } from '../go/package.js';
import { Library } from '../go/summaries.js';
import { TypeLookup } from '../go/typelookup.js';
import { type GoType, UNKNOWN, typeFromNode } from '../go/types.js';
import { BlockScope, FnCtx, PkgCtx, funcId, rangeOf } from './context.js';
import { lowerBody } from './stmts.js';
import type { Alloc, Func, FuncRef, Global, Package } from './types.js';

export interface LowerOptions {
  /** Types of this package and, when dependency types are on, of the packages it imports. */
  types?: TypeLookup;
  lib?: Library;
  /** The package's import path (default: the library's). */
  path?: string;
}

/** Lowers every function of a parsed package (its trees must still be alive) into the IR. */
export function lowerPackage(pkg: GoPackage, opts: LowerOptions = {}): Package {
  const lazy = new LazyPackage(pkg, opts);
  const seen = new Map<string, number>();
  for (const file of pkg.files) {
    for (const decl of file.tree.rootNode.namedChildren) {
      if (decl.type === 'function_declaration' || decl.type === 'method_declaration') lowerDecl(lazy.pc, file, decl, seen);
    }
  }
  return lazy.ir;
}

/**
 * A package whose functions are lowered when first asked for (a package that calls lead into, of which few
 * functions are reached): its globals and the types it makes at once, each declared function (with the
 * literals written in it) on demand. The trees must stay alive while functions are asked for.
 */
export class LazyPackage {
  readonly pc: PkgCtx;
  /** The package; `funcs` grows as functions are lowered. */
  readonly ir: Package;
  private readonly done = new Set<string>();

  constructor(private readonly pkg: GoPackage, opts: LowerOptions = {}) {
    const lib = opts.lib ?? new Library();
    const pc = (this.pc = new PkgCtx(pkg, opts.types ?? new TypeLookup(pkg, lib), lib, opts.path ?? lib.pkgPath));
    const globals: Global[] = [];
    for (const file of pkg.files) {
      for (const decl of file.tree.rootNode.namedChildren) {
        if (decl.type === 'const_declaration') {
          for (const spec of decl.namedChildren) for (const n of spec.type === 'const_spec' ? spec.childrenForFieldName('name') : []) pc.consts.add(n.text);
        } else if (decl.type === 'var_declaration') {
          for (const spec of varSpecs(decl)) {
            for (const n of spec.childrenForFieldName('name')) globals.push({ name: n.text, type: pc.q(globalType(pc, pkg.globals.get(n.text))), at: rangeOf(file, n) });
          }
        } else if (decl.type === 'ERROR') pc.skip('ERROR');
      }
    }
    this.ir = { path: pc.path, dir: pkg.dir, name: pkg.name, funcs: pc.funcs, globals, made: madeTypes(pkg, pc.path), unlowered: pc.unlowered };
  }

  /** Lowers the declaration a key names (`F`, `T.M`; the last one declared) once; returns the Funcs it added. */
  func(key: string): Func[] {
    if (this.done.has(key)) return [];
    this.done.add(key);
    const decl = this.pkg.funcs.get(key);
    if (!decl) return [];
    const before = this.pc.funcs.length;
    lowerDecl(this.pc, decl.file, decl.node, new Map());
    return this.pc.funcs.slice(before);
  }
}

/** Named types a package makes with a composite literal or `new`, anywhere in its files, as `<import path>.T`. */
function madeTypes(pkg: GoPackage, path: string): string[] {
  const made = new Set<string>();
  for (const file of pkg.files) {
    for (const n of file.tree.rootNode.descendantsOfType(['composite_literal', 'call_expression'])) {
      const t = n.type === 'composite_literal' ? n.childForFieldName('type') : n.childForFieldName('function')?.text === 'new' ? n.childForFieldName('arguments')?.namedChild(0) : undefined;
      if (t?.type === 'type_identifier' || t?.type === 'identifier') made.add(`${path || pkg.dir}.${t.text}`);
      else if (t?.type === 'qualified_type') {
        const p = file.imports.get(t.childForFieldName('package')?.text ?? '');
        if (p) made.add(`${p}.${t.childForFieldName('name')?.text ?? ''}`);
      }
    }
  }
  return [...made].sort();
}

/** The specs of a `var` declaration, grouped or not. */
export function varSpecs(decl: Node): Node[] {
  return decl.namedChildren.flatMap((c) => (c.type === 'var_spec' ? [c] : c.type === 'var_spec_list' ? c.namedChildren.filter((s) => s.type === 'var_spec') : []));
}

function lowerDecl(pc: PkgCtx, file: PkgFile, decl: Node, seen: Map<string, number>): void {
  const name = decl.childForFieldName('name')?.text;
  if (!name) return pc.skip(decl.type);
  const ref: FuncRef = { pkg: pc.path, name };
  const recvParam = decl.type === 'method_declaration' ? decl.childForFieldName('receiver')?.namedChildren.find((c) => c.type === 'parameter_declaration') : undefined;
  if (recvParam) {
    let t = recvParam.childForFieldName('type');
    if (t?.type === 'pointer_type') {
      ref.ptr = true;
      t = t.namedChild(0);
    }
    if (t?.type === 'generic_type') t = t.childForFieldName('type');
    ref.recv = t?.text ?? '?';
  }
  let id = funcId(pc.path, pc.pkg.dir, ref);
  // `init` (and, in broken code, any name) may be declared more than once.
  const n = (seen.get(id) ?? 0) + 1;
  seen.set(id, n);
  if (n > 1) id = `${id}#${n}`;
  const display = ref.recv ? (ref.ptr ? `(*${ref.recv}).${name}` : `${ref.recv}.${name}`) : name;
  const func = newFunc(id, ref.recv ? 'method' : 'function', display, rangeOf(file, decl), /^[A-Z]/.test(name));
  func.ref = ref;
  func.nameAt = rangeOf(file, decl.childForFieldName('name')!);
  pc.funcs.push(func);
  const cx = new FnCtx(pc, func, file);
  const scope = new BlockScope(undefined, cx);
  if (recvParam) {
    const rn = recvParam.childForFieldName('name');
    const recvType: GoType = { k: 'named', pkg: '', name: ref.recv!, args: [] };
    func.recv = cx.newLocal(scope, rn?.text ?? '_', ref.ptr ? { k: 'ptr', elem: recvType } : recvType, 'recv', rangeOf(file, rn ?? recvParam)).id;
  }
  signature(cx, scope, decl);
  const body = decl.childForFieldName('body');
  const count = pc.funcs.length;
  try {
    if (body) func.body = lowerBody(cx, scope, body);
  } catch (e) {
    // Hostile nesting (tens of thousands of operands) exhausts the stack: the function has no body, the rest
    // of the package is lowered.
    if (!(e instanceof RangeError)) throw e;
    pc.funcs.length = count;
    func.literals = [];
    pc.skip('function nested too deeply');
  }
}

function newFunc(id: string, kind: Func['kind'], name: string, at: Func['at'], exported: boolean): Func {
  return { id, kind, name, exported, at, nameAt: at, locals: [], params: [], results: [], freeVars: [], temps: [], literals: [] };
}

/** Parameters and results of a declaration or literal, declared in `scope`. */
function signature(cx: FnCtx, scope: BlockScope, node: Node): GoType {
  const params: GoType[] = [];
  for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
    const t0 = typeFromNode(p.childForFieldName('type'), cx.file.resolve);
    const t: GoType = p.type === 'variadic_parameter_declaration' ? { k: 'slice', elem: t0 } : t0;
    const names = p.childrenForFieldName('name');
    if (names.length === 0) cx.func.params.push(cx.newLocal(undefined, '_', t, 'param', rangeOf(cx.file, p)).id);
    for (const n of names) cx.func.params.push(cx.newLocal(scope, n.text, t, 'param', rangeOf(cx.file, n)).id);
    for (let i = 0; i < Math.max(1, names.length); i++) params.push(t);
  }
  const result = node.childForFieldName('result');
  const results: GoType[] = [];
  if (result?.type === 'parameter_list') {
    for (const p of result.namedChildren) {
      if (p.type !== 'parameter_declaration') continue;
      const t = typeFromNode(p.childForFieldName('type'), cx.file.resolve);
      const names = p.childrenForFieldName('name');
      for (const n of names) cx.newLocal(scope, n.text, t, 'result', rangeOf(cx.file, n));
      for (let i = 0; i < Math.max(1, names.length); i++) results.push(t);
    }
  } else if (result) results.push(typeFromNode(result, cx.file.resolve));
  cx.func.results = results.map((t) => cx.pc.q(t));
  return cx.pc.q({ k: 'func', params, results });
}

/** A func literal: a Func of its own (its captured locals are free variables), allocated where it is written. */
export function lowerFuncLit(cx: FnCtx, scope: BlockScope, node: Node): Alloc {
  const n = ++cx.literals;
  const id = `${cx.func.id}$${n}`;
  const func = newFunc(id, 'literal', `${cx.func.name}.func${n}`, cx.at(node), false);
  func.parent = cx.func.id;
  cx.func.literals.push(id);
  cx.pc.funcs.push(func);
  const inner = new FnCtx(cx.pc, func, cx.file, cx);
  const litScope = new BlockScope(scope, inner);
  const type = signature(inner, litScope, node);
  const body = node.childForFieldName('body');
  if (body) func.body = lowerBody(inner, litScope, body);
  return { kind: 'func', type, at: cx.at(node), func: id };
}

/** A package variable's type; one given another package's function result (`var r = reg.New()`) is typed from its declaration now. */
function globalType(pc: PkgCtx, g: GlobalVar | undefined): GoType {
  if (!g) return UNKNOWN;
  if (g.type.k === 'unknown' && g.init) {
    const t = pc.types.funcResults(g.init.pkg, g.init.name)?.[0];
    if (t) g.type = t;
  }
  return g.type;
}
