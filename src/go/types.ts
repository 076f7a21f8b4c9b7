// A small model of Go types, enough to tell which storage is a map, which is a mutex, and what an
// expression's type is. Built from tree-sitter type nodes, without the Go toolchain.
import type { Node } from './parser.js';

export type GoType =
  | { k: 'map'; key: GoType; value: GoType }
  | { k: 'named'; pkg: string; name: string; args: GoType[] } // pkg: import path, '' for the current package
  | { k: 'ptr'; elem: GoType }
  | { k: 'slice'; elem: GoType }
  | { k: 'chan'; elem: GoType }
  | { k: 'struct'; fields: FieldInfo[] }
  | { k: 'func'; params: GoType[]; results: GoType[] }
  | { k: 'interface'; methods: MethodSig[]; embeds: GoType[] }
  | { k: 'unknown' };

export interface MethodSig {
  name: string;
  results: GoType[];
}

export interface FieldInfo {
  name: string;
  type: GoType;
  embedded: boolean;
}

export const UNKNOWN: GoType = { k: 'unknown' };

/** Resolves a package qualifier (`sets` in `sets.String`) to its import path. */
export type ImportResolver = (qualifier: string) => string | undefined;

export function typeFromNode(node: Node | null | undefined, imports: ImportResolver): GoType {
  if (!node) return UNKNOWN;
  switch (node.type) {
    case 'parenthesized_type':
      return typeFromNode(node.namedChild(0), imports);
    case 'map_type':
      return { k: 'map', key: typeFromNode(node.childForFieldName('key'), imports), value: typeFromNode(node.childForFieldName('value'), imports) };
    case 'pointer_type':
      return { k: 'ptr', elem: typeFromNode(node.namedChild(0), imports) };
    case 'slice_type':
    case 'array_type':
      return { k: 'slice', elem: typeFromNode(node.childForFieldName('element'), imports) };
    case 'channel_type':
      return { k: 'chan', elem: typeFromNode(node.childForFieldName('value'), imports) };
    case 'type_identifier':
      return { k: 'named', pkg: '', name: node.text, args: [] };
    case 'qualified_type': {
      const q = node.childForFieldName('package')?.text ?? '';
      return { k: 'named', pkg: imports(q) ?? q, name: node.childForFieldName('name')?.text ?? '', args: [] };
    }
    case 'generic_type': {
      const base = typeFromNode(node.childForFieldName('type'), imports);
      const args = node.childForFieldName('type_arguments')?.namedChildren.map((a) => typeFromNode(a?.type === 'type_elem' ? a.namedChild(0) : a, imports)) ?? [];
      return base.k === 'named' ? { ...base, args } : base;
    }
    case 'struct_type':
      return { k: 'struct', fields: structFields(node, imports) };
    case 'interface_type':
      return interfaceType(node, imports);
    case 'function_type': {
      const params = node.childForFieldName('parameters');
      return { k: 'func', params: paramTypes(params, imports), results: resultTypes(node.childForFieldName('result'), imports) };
    }
    default:
      return UNKNOWN;
  }
}

export function structFields(structNode: Node, imports: ImportResolver): FieldInfo[] {
  const fields: FieldInfo[] = [];
  const list = structNode.namedChildren.find((c) => c?.type === 'field_declaration_list');
  for (const decl of list?.namedChildren ?? []) {
    if (decl?.type !== 'field_declaration') continue;
    const typeNode = decl.childForFieldName('type');
    const type = typeFromNode(typeNode, imports);
    const names = decl.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) {
      // Embedded field: its name is the type's name (`sync.Mutex` → Mutex, `*Base` → Base).
      const t = type.k === 'ptr' ? type.elem : type;
      if (t.k === 'named') fields.push({ name: t.name, type, embedded: true });
    } else {
      for (const n of names) fields.push({ name: n.text, type, embedded: false });
    }
  }
  return fields;
}

/** Method elements with their results; embedded interfaces (`type_elem` of one type, not unions). */
function interfaceType(node: Node, imports: ImportResolver): GoType {
  const methods: MethodSig[] = [];
  const embeds: GoType[] = [];
  for (const e of node.namedChildren) {
    if (e?.type === 'method_elem') {
      methods.push({ name: e.childForFieldName('name')?.text ?? '', results: resultTypes(e.childForFieldName('result'), imports) });
    } else if (e?.type === 'type_elem' && e.namedChildCount === 1) {
      const t = typeFromNode(e.namedChild(0), imports);
      if (t.k === 'named') embeds.push(t);
    }
  }
  return { k: 'interface', methods, embeds };
}

/** Types of a parameter list, one per declared name (a `a, b int` list gives two). */
export function paramTypes(list: Node | null | undefined, imports: ImportResolver): GoType[] {
  const out: GoType[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (!p || (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration')) continue;
    const t = typeFromNode(p.childForFieldName('type'), imports);
    const t2: GoType = p.type === 'variadic_parameter_declaration' ? { k: 'slice', elem: t } : t;
    const n = Math.max(1, p.childrenForFieldName('name').length);
    for (let i = 0; i < n; i++) out.push(t2);
  }
  return out;
}

export function resultTypes(result: Node | null | undefined, imports: ImportResolver): GoType[] {
  if (!result) return [];
  if (result.type === 'parameter_list') return paramTypes(result, imports);
  return [typeFromNode(result, imports)];
}

export function deref(t: GoType): GoType {
  return t.k === 'ptr' ? t.elem : t;
}

export function isNamed(t: GoType, pkg: string, ...names: string[]): boolean {
  return t.k === 'named' && t.pkg === pkg && names.includes(t.name);
}

export function isMutex(t: GoType): 'mutex' | 'rwmutex' | undefined {
  const d = deref(t);
  if (isNamed(d, 'sync', 'Mutex')) return 'mutex';
  if (isNamed(d, 'sync', 'RWMutex')) return 'rwmutex';
  return undefined;
}

/**
 * A `*sync.Mutex` or `*sync.RWMutex`, or a `sync.Locker`: a variable of it given `&s.mu` locks s.mu
 * (`runSynced(&c.lock, …)` with `lock sync.Locker`).
 */
export function isLockRef(t: GoType): boolean {
  return (t.k === 'ptr' && !!isMutex(t)) || isNamed(t, 'sync', 'Locker');
}

export function typeString(t: GoType): string {
  switch (t.k) {
    case 'map':
      return `map[${typeString(t.key)}]${typeString(t.value)}`;
    case 'named': {
      const base = t.pkg ? `${t.pkg.split('/').pop()}.${t.name}` : t.name;
      return t.args.length ? `${base}[${t.args.map(typeString).join(', ')}]` : base;
    }
    case 'ptr':
      return `*${typeString(t.elem)}`;
    case 'slice':
      return `[]${typeString(t.elem)}`;
    case 'chan':
      return `chan ${typeString(t.elem)}`;
    case 'struct':
      return 'struct{...}';
    case 'func':
      return 'func(...)';
    case 'interface':
      return 'interface{...}';
    default:
      return '?';
  }
}

/** Go's predeclared type names: they belong to no package. */
const PREDECLARED = new Set(['any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error', 'float32', 'float64',
  'int', 'int8', 'int16', 'int32', 'int64', 'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** Maps every named type of a type, bottom-up; depth-bounded, so a hostile nesting cannot exhaust the stack. */
export function mapNamed(t: GoType, f: (n: Extract<GoType, { k: 'named' }>) => GoType, depth = 0): GoType {
  if (depth > 32) return UNKNOWN;
  const m = (x: GoType) => mapNamed(x, f, depth + 1);
  switch (t.k) {
    case 'map':
      return { k: 'map', key: m(t.key), value: m(t.value) };
    case 'named':
      return f(t.args.length ? { ...t, args: t.args.map(m) } : t);
    case 'ptr':
    case 'slice':
    case 'chan':
      return { k: t.k, elem: m(t.elem) };
    case 'struct':
      return { k: 'struct', fields: t.fields.map((x) => ({ ...x, type: m(x.type) })) };
    case 'func':
      return { k: 'func', params: t.params.map(m), results: t.results.map(m) };
    case 'interface':
      return { k: 'interface', methods: t.methods.map((x) => ({ name: x.name, results: x.results.map(m) })), embeds: t.embeds.map(m) };
    default:
      return t;
  }
}

/** Rewrites a package's own names (`pkg: ''`) to its import path, so types compare across packages. */
export function qualify(t: GoType, importPath: string): GoType {
  return mapNamed(t, (n) => (n.pkg === '' && !PREDECLARED.has(n.name) ? { ...n, pkg: importPath } : n));
}

/** Replaces type parameters (named `pkg`.`params[i]`) with type arguments. */
export function substitute(t: GoType, pkg: string, params: readonly string[], args: readonly GoType[]): GoType {
  if (params.length === 0 || args.length === 0) return t;
  return mapNamed(t, (n) => {
    const i = n.pkg === pkg && n.args.length === 0 ? params.indexOf(n.name) : -1;
    return i >= 0 ? (args[i] ?? UNKNOWN) : n;
  });
}
