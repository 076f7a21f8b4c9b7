// Names of a file's top-level functions and methods in Go's notation (`F`, `(*T).M`, `T.M`), with the lines
// they span: what a reader means by "the function this line is in". A line inside a func literal belongs to
// the declaration that contains the literal. Type parameters are left out (`(*Set[T]).Insert` is `(*Set).Insert`).
import type { Node, Tree } from './parser.js';

export interface DeclaredFunction {
  name: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export function declaredFunctions(tree: Tree): DeclaredFunction[] {
  const out: DeclaredFunction[] = [];
  for (const decl of tree.rootNode.namedChildren) {
    if (decl.type !== 'function_declaration' && decl.type !== 'method_declaration') continue;
    const name = decl.childForFieldName('name')?.text;
    if (!name) continue;
    const recv = decl.type === 'method_declaration' ? receiverName(decl) : undefined;
    out.push({ name: recv ? `${recv}.${name}` : name, startLine: decl.startPosition.row + 1, endLine: decl.endPosition.row + 1 });
  }
  return out;
}

/** `(*T)` or `T` for a method's receiver. */
function receiverName(decl: Node): string | undefined {
  const param = decl.childForFieldName('receiver')?.namedChildren.find((c) => c.type === 'parameter_declaration');
  let t = param?.childForFieldName('type') ?? null;
  let ptr = false;
  if (t?.type === 'pointer_type') {
    ptr = true;
    t = t.namedChild(0);
  }
  if (t?.type === 'generic_type') t = t.childForFieldName('type');
  if (!t) return undefined;
  return ptr ? `(*${t.text})` : t.text;
}

/** The function whose declaration spans `line` (1-based), or undefined outside every function. */
export function functionAt(funcs: readonly DeclaredFunction[], line: number): string | undefined {
  return funcs.find((f) => f.startLine <= line && line <= f.endLine)?.name;
}

/** Go's notation without type parameters or spaces: `(*Set[T]).Insert` → `(*Set).Insert`. */
export function normalizeFunctionName(name: string): string {
  return name.replace(/\s+/g, '').replace(/\[[^\]]*\]/g, '');
}
