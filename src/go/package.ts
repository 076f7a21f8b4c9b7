// Declarations of one Go package, collected from its parsed files: imports, types, struct fields, named
// map types, functions, methods and package-level variables. The trees stay alive while the package is
// analysed and are dropped by `disposePackage`.
import type { Node, Tree } from './parser.js';
import { Library } from './summaries.js';
import { type GoType, type ImportResolver, UNKNOWN, paramTypes, resultTypes, typeFromNode } from './types.js';
import { LOCK_METHODS, isSpawnSite } from './vocab.js';

export interface PkgFile {
  /** Path relative to the analysis root, forward slashes. */
  rel: string;
  tree: Tree;
  /** Import qualifier → import path. */
  imports: Map<string, string>;
  resolve: ImportResolver;
}

export interface FuncDecl {
  /** `Name` for functions, `Recv.Name` for methods. */
  key: string;
  /** Display name: `Name` or `(*Recv).Name`. */
  display: string;
  name: string;
  recvType?: string;
  recvName?: string;
  recvPtr?: boolean;
  /** Type parameter names of a generic receiver (`func (l *List[T]) Get() T` → ['T']). */
  recvTypeParams?: string[];
  node: Node;
  file: PkgFile;
  params: { name: string; type: GoType }[];
  results: GoType[];
  exported: boolean;
  /** Whether the body lexically starts a goroutine (go statement, Go(...), AfterFunc, handler registration). */
  spawns: boolean;
  /** Whether the body locks or unlocks something (a helper like `func (c *C) lock() { c.mu.Lock() }`). */
  locks: boolean;
}

export interface GlobalVar {
  name: string;
  type: GoType;
  file: PkgFile;
  /**
   * `var r = pkg.NewRegistry()` with no declared type: the function whose first result types it, until the
   * lowering, which knows other packages' declarations, types it (`pkg` is the import path).
   */
  init?: { pkg: string; name: string };
}

export interface Package {
  /** Directory relative to the root. */
  dir: string;
  /** Import path, when the package is inside a module ('' else): own type names in storage keys are qualified with it. */
  importPath: string;
  name: string;
  files: PkgFile[];
  /** Named types declared here: name → the type it is declared as (for an alias, the aliased type). */
  types: Map<string, GoType>;
  /** Names of `types` declared as aliases (`type A = B`): A has B's methods. */
  aliases: Set<string>;
  /** Type parameter names of generic types. */
  typeParams: Map<string, string[]>;
  funcs: Map<string, FuncDecl>;
  globals: Map<string, GlobalVar>;
}

/** The package name declared at an import path, when it is known (else the import path's last element is guessed). */
export type PackageNames = (importPath: string) => string | undefined;

export function importsOf(tree: Tree, names?: PackageNames): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of tree.rootNode.namedChildren) {
    if (decl?.type !== 'import_declaration') continue;
    for (const spec of decl.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const p = spec.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
      const name = spec.childForFieldName('name')?.text;
      if (name === '_' || name === '.') continue;
      out.set(name ?? names?.(p) ?? defaultQualifier(p), p);
    }
  }
  return out;
}

/** The package name an import path gets by default: last element, without a `.vN` or `/vN` suffix. */
function defaultQualifier(p: string): string {
  const parts = p.split('/');
  let last = parts[parts.length - 1] ?? p;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  last = last.replace(/\.v\d+$/, '').replace(/^go-/, '');
  return last.replace(/[-.]/g, '_');
}

export interface BuildOptions {
  /** False skips the per-body scan for spawns and locks (`spawns`/`locks` stay false): for packages read only for their declarations. */
  scanBodies?: boolean;
  /** Real package names of imports (`k8s.io/api/core/v1` is package v1, not the guessed `core`). */
  packageNames?: PackageNames;
  /** The package's import path (see Package.importPath). */
  importPath?: string;
}

/** `lib` supplies the configured constructors (for package-level variables) and goroutine roots. */
export function buildPackage(dir: string, files: { rel: string; tree: Tree }[], lib: Library = new Library(), opts: BuildOptions = {}): Package {
  const pkg: Package = { dir, importPath: opts.importPath ?? '', name: '', files: [], types: new Map(), aliases: new Set(), typeParams: new Map(), funcs: new Map(), globals: new Map() };
  const scanBodies = opts.scanBodies ?? true;
  for (const f of files) {
    const imports = importsOf(f.tree, opts.packageNames);
    const file: PkgFile = { rel: f.rel, tree: f.tree, imports, resolve: (q) => imports.get(q) };
    pkg.files.push(file);
    for (const decl of f.tree.rootNode.namedChildren) {
      if (!decl) continue;
      if (decl.type === 'package_clause') pkg.name ||= decl.namedChild(0)?.text ?? '';
      else if (decl.type === 'type_declaration') collectTypes(pkg, decl, file);
      else if (decl.type === 'function_declaration' || decl.type === 'method_declaration') collectFunc(pkg, decl, file, lib, scanBodies);
    }
  }
  // Globals after types, so initialisers like `Set{}` resolve.
  for (const file of pkg.files) {
    for (const decl of file.tree.rootNode.namedChildren) {
      if (decl?.type === 'var_declaration') collectGlobals(pkg, decl, file, lib);
    }
  }
  return pkg;
}

/** Drops the package's syntax trees (the largest part of its memory) once it has been analysed. */
export function disposePackage(pkg: Package): void {
  pkg.files = [];
}

function collectTypes(pkg: Package, decl: Node, file: PkgFile): void {
  for (const spec of decl.namedChildren) {
    if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias')) continue;
    const name = spec.childForFieldName('name')?.text;
    if (!name) continue;
    pkg.types.set(name, typeFromNode(spec.childForFieldName('type'), file.resolve));
    if (spec.type === 'type_alias') pkg.aliases.add(name);
    else pkg.aliases.delete(name);
    const params = spec.childForFieldName('type_parameters')?.namedChildren.flatMap((d) => (d?.type === 'type_parameter_declaration' ? d.childrenForFieldName('name').map((n) => n?.text ?? '') : []));
    if (params?.length) pkg.typeParams.set(name, params);
    else pkg.typeParams.delete(name);
  }
}

function collectFunc(pkg: Package, decl: Node, file: PkgFile, lib: Library, scanBodies: boolean): void {
  const name = decl.childForFieldName('name')?.text;
  if (!name) return;
  const params: { name: string; type: GoType }[] = [];
  for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const [t] = paramTypes({ namedChildren: [p] } as unknown as Node, file.resolve);
    const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) params.push({ name: '_', type: t ?? UNKNOWN });
    for (const n of names) params.push({ name: n.text, type: t ?? UNKNOWN });
  }
  const fd: FuncDecl = {
    key: name,
    display: name,
    name,
    node: decl,
    file,
    params,
    results: resultTypes(decl.childForFieldName('result'), file.resolve),
    exported: /^[A-Z]/.test(name),
    spawns: false,
    locks: false,
  };
  if (scanBodies) scanBody(decl.childForFieldName('body'), fd, lib.rootNames);
  if (decl.type === 'method_declaration') {
    const recv = decl.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
    let t = recv?.childForFieldName('type');
    let ptr = false;
    if (t?.type === 'pointer_type') {
      ptr = true;
      t = t.namedChild(0);
    }
    if (t?.type === 'generic_type') {
      const params = t.childForFieldName('type_arguments')?.namedChildren.map((a) => a?.text ?? '') ?? [];
      if (params.length) fd.recvTypeParams = params;
      t = t.childForFieldName('type');
    }
    const recvType = t?.text ?? '?';
    fd.recvType = recvType;
    fd.recvName = recv?.childForFieldName('name')?.text;
    fd.recvPtr = ptr;
    fd.key = `${recvType}.${name}`;
    fd.display = ptr ? `(*${recvType}).${name}` : `${recvType}.${name}`;
  }
  pkg.funcs.set(fd.key, fd);
}

/**
 * One pass over a body: does it start goroutines (go, Go(...), AfterFunc, handlers, a configured root), does
 * it lock?
 */
function scanBody(body: Node | null, fd: FuncDecl, roots: ReadonlySet<string>): void {
  for (const n of body?.descendantsOfType(['go_statement', 'call_expression']) ?? []) {
    if (!n) continue;
    if (isSpawnSite(n, roots)) fd.spawns = true;
    else {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'selector_expression' && LOCK_METHODS.has(fn.childForFieldName('field')?.text ?? '')) fd.locks = true;
    }
    if (fd.spawns && fd.locks) return;
  }
}

function collectGlobals(pkg: Package, decl: Node, file: PkgFile, lib: Library): void {
  for (const spec of decl.descendantsOfType('var_spec')) {
    if (!spec) continue;
    const typeNode = spec.childForFieldName('type');
    const values = spec.childForFieldName('value')?.namedChildren ?? [];
    const names = spec.childrenForFieldName('name');
    names.forEach((n, i) => {
      if (!n) return;
      const value = values.length === names.length ? values[i] : undefined;
      let type = typeNode ? typeFromNode(typeNode, file.resolve) : staticType(value ?? null, file, lib);
      const init = type.k === 'unknown' ? calledFunc(value, file) : undefined;
      // `var r = NewRegistry()`: the package's own function (declared anywhere in it) gives the type now.
      if (init?.pkg === '') type = pkg.funcs.get(init.name)?.results[0] ?? UNKNOWN;
      pkg.globals.set(n.text, { name: n.text, type, file, ...(init && type.k === 'unknown' && init.pkg ? { init } : {}) });
    });
  }
}

/** The package function a call calls, `F(...)` (pkg '') or `q.F(...)` (q an import): no methods, no conversions of types. */
function calledFunc(value: Node | undefined, file: PkgFile): { pkg: string; name: string } | undefined {
  if (value?.type !== 'call_expression') return undefined;
  const fn = value.childForFieldName('function');
  if (fn?.type === 'identifier') return { pkg: '', name: fn.text };
  if (fn?.type !== 'selector_expression') return undefined;
  const q = fn.childForFieldName('operand');
  const path = q?.type === 'identifier' ? file.imports.get(q.text) : undefined;
  const name = fn.childForFieldName('field')?.text;
  return path && name ? { pkg: path, name } : undefined;
}

/** The type of a package-level initialiser: literals, make, new, and known constructors. */
export function staticType(expr: Node | null, file: PkgFile, lib: Library): GoType {
  if (!expr) return UNKNOWN;
  if (expr.type === 'composite_literal') return typeFromNode(expr.childForFieldName('type'), file.resolve);
  if (expr.type === 'unary_expression' && expr.childForFieldName('operator')?.text === '&') {
    const inner = staticType(expr.childForFieldName('operand'), file, lib);
    return inner.k === 'unknown' ? inner : { k: 'ptr', elem: inner };
  }
  if (expr.type === 'call_expression') {
    const fn = expr.childForFieldName('function');
    const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.type === 'identifier' && (fn.text === 'make' || fn.text === 'new')) {
      const t = typeFromNode(args[0] ?? null, file.resolve);
      return fn.text === 'new' ? { k: 'ptr', elem: t } : t;
    }
    if (fn?.type === 'selector_expression') {
      const q = fn.childForFieldName('operand');
      const path = q?.type === 'identifier' ? file.imports.get(q.text) : undefined;
      if (path) return lib.constructorResult(path, fn.childForFieldName('field')?.text ?? '') ?? UNKNOWN;
    }
    if (fn?.type === 'generic_type' || fn?.type === 'index_expression') {
      // sets.New[string]() parses as a generic call
      const base = fn.type === 'generic_type' ? fn.childForFieldName('type') : fn.childForFieldName('operand');
      if (base?.type === 'qualified_type' || base?.type === 'selector_expression') {
        const q = base.childForFieldName(base.type === 'qualified_type' ? 'package' : 'operand')?.text ?? '';
        const name = base.childForFieldName(base.type === 'qualified_type' ? 'name' : 'field')?.text ?? '';
        const path = file.imports.get(q);
        if (path) return lib.constructorResult(path, name) ?? UNKNOWN;
      }
    }
  }
  return UNKNOWN;
}
