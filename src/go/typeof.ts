// Expression typing: the Go type of an expression, from the variables in scope, the package's declarations,
// the types of imported packages (TypeLookup) and the library summaries. Used by the concurrency pass and by
// anything that needs a type at a node; the scope is an environment the caller supplies (`TypeEnv`).
import type { Node } from './parser.js';
import { type FuncDecl, type Package, type PkgFile, staticType } from './package.js';
import type { Library } from './summaries.js';
import type { TypeLookup } from './typelookup.js';
import { type GoType, UNKNOWN, deref, typeFromNode } from './types.js';

/** The variables visible at a node (a block scope, with its parents). */
export interface TypeEnv {
  lookup(name: string): { readonly type: GoType } | undefined;
}

/** Where the expression is written: its file's imports resolve package qualifiers. */
export interface TypeSite {
  readonly file: PkgFile;
}

/**
 * Types expressions of one package. `callee` resolves a call to a function or method declared in the package
 * (the caller may know more than the syntax: a variable holding a method value). A node's type is memoised per
 * environment: calls and selectors are typed through their operand, which several lookups ask for again, and
 * without the memo a chain `b.WithA().WithB()...Build()` costs 3^length.
 */
export class ExprTyper<E extends TypeEnv, S extends TypeSite> {
  private readonly memo = new WeakMap<E, Map<number, GoType>>();

  constructor(
    private readonly pkg: Package,
    readonly types: TypeLookup,
    private readonly lib: Library,
    private readonly callee: (call: Node, env: E, site: S) => FuncDecl | undefined,
  ) {}

  isMapLike(t: GoType): boolean {
    return this.types.isMapLike(t);
  }

  fieldType(t: GoType, field: string): GoType {
    return this.types.fieldType(t, field);
  }

  typeOf(node: Node | null | undefined, env: E, site: S): GoType {
    if (!node) return UNKNOWN;
    if (node.type !== 'call_expression' && node.type !== 'selector_expression') return this.typeOfNode(node, env, site);
    let memo = this.memo.get(env);
    if (!memo) this.memo.set(env, (memo = new Map()));
    let t = memo.get(node.id);
    if (t === undefined) memo.set(node.id, (t = this.typeOfNode(node, env, site)));
    return t;
  }

  private typeOfNode(node: Node, env: E, site: S): GoType {
    switch (node.type) {
      case 'parenthesized_expression':
        return this.typeOf(node.namedChild(0), env, site);
      case 'identifier': {
        const v = env.lookup(node.text);
        if (v) return v.type;
        return this.pkg.globals.get(node.text)?.type ?? UNKNOWN;
      }
      case 'selector_expression': {
        const operand = node.childForFieldName('operand');
        const field = node.childForFieldName('field')?.text ?? '';
        const path = this.packageOf(operand, env, site);
        if (path) return this.types.varType(path, field) ?? UNKNOWN;
        return this.fieldType(deref(this.typeOf(operand, env, site)), field);
      }
      case 'index_expression': {
        const t = this.underlying(this.typeOf(node.childForFieldName('operand'), env, site));
        return t.k === 'map' ? t.value : t.k === 'slice' ? t.elem : UNKNOWN;
      }
      case 'composite_literal':
        return typeFromNode(node.childForFieldName('type'), site.file.resolve);
      case 'unary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const t = this.typeOf(node.childForFieldName('operand'), env, site);
        if (op === '&') return t.k === 'unknown' ? t : { k: 'ptr', elem: t };
        if (op === '*') return t.k === 'ptr' ? t.elem : UNKNOWN;
        if (op === '<-') return t.k === 'chan' ? t.elem : UNKNOWN;
        return UNKNOWN;
      }
      case 'type_assertion_expression':
        return typeFromNode(node.childForFieldName('type'), site.file.resolve);
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.type === 'identifier' && !env.lookup(fn.text)) {
          if (fn.text === 'make') return typeFromNode(args[0] ?? null, site.file.resolve);
          if (fn.text === 'new') return { k: 'ptr', elem: typeFromNode(args[0] ?? null, site.file.resolve) };
          if (this.pkg.types.has(fn.text)) return { k: 'named', pkg: '', name: fn.text, args: [] };
        }
        const st = staticType(node, site.file, this.lib);
        if (st.k !== 'unknown') return st;
        if (fn?.type === 'selector_expression') {
          const operand = fn.childForFieldName('operand');
          const name = fn.childForFieldName('field')?.text ?? '';
          const path = this.packageOf(operand, env, site);
          if (path) return this.lib.constructorResult(path, name) ?? (path === 'maps' && name === 'Clone' ? this.typeOf(args[0], env, site) : (this.callResults(node, env, site)[0] ?? UNKNOWN));
          const rt = deref(this.typeOf(operand, env, site));
          if (this.lib.mapType(rt) && (name === 'Clone' || name === 'Union' || name === 'Intersection' || name === 'Difference')) return rt;
        }
        return this.callResults(node, env, site)[0] ?? UNKNOWN;
      }
      case 'func_literal':
        return { k: 'func', params: [], results: [] };
      default:
        return UNKNOWN;
    }
  }

  /** The import path of `node` when it names an imported package (`sets` in `sets.New`), not a variable. */
  packageOf(node: Node | null | undefined, env: E, site: S): string | undefined {
    if (node?.type !== 'identifier' || env.lookup(node.text) || this.pkg.globals.has(node.text)) return undefined;
    return site.file.imports.get(node.text);
  }

  underlying(t: GoType): GoType {
    return this.types.underlying(t);
  }

  /**
   * The result types of a call: a function or method of this package, a function of an imported package, a
   * method found on the operand's type (declared, promoted, or in an interface's method set, in any package),
   * or a function-typed value.
   */
  callResults(call: Node, env: E, site: S): GoType[] {
    const target = this.callee(call, env, site);
    if (target) return target.results;
    let fn = call.childForFieldName('function');
    if (fn?.type === 'index_expression' || fn?.type === 'generic_type') fn = fn.namedChild(0);
    if (fn?.type === 'selector_expression') {
      const operand = fn.childForFieldName('operand');
      const name = fn.childForFieldName('field')?.text ?? '';
      // A function, or a conversion to one of the package's types (`labels.Set(m)`).
      const path = this.packageOf(operand, env, site);
      if (path) return this.types.funcResults(path, name) ?? (this.types.decls(path)?.types.has(name) ? [{ k: 'named', pkg: path, name, args: [] }] : []);
      return this.types.methodResults(this.typeOf(operand, env, site), name) ?? [];
    }
    const t = fn?.type === 'identifier' ? env.lookup(fn.text)?.type : undefined;
    return t?.k === 'func' ? t.results : [];
  }
}
