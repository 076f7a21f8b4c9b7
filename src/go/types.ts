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
  | { k: 'unknown' };

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
    default:
      return '?';
  }
}
