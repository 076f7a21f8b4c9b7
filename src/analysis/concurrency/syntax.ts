// Syntax helpers of the interpreter: shapes of expressions recognised without types (a new map, a fresh object,
// a context value), and source ranges.
import type { Node } from '../../go/parser.js';
import type { PkgFile } from '../../go/package.js';
import type { Range } from '../../model.js';

/** An expression that makes a new map: `make(...)`, a literal, `maps.Clone(...)`, `x.DeepCopy()`. */
export function isNewMap(n: Node): boolean {
  if (n.type === 'composite_literal') return true;
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text === 'make';
  const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  return name === 'Clone' || /^DeepCopy/.test(name ?? '');
}

/**
 * `req.Context().Value(key)` or `ctx.Value(key)` (a variable named `ctx`, as Go code names contexts), possibly
 * asserted to a type: a value stored in a context.
 */
export function isContextValue(n: Node): boolean {
  while (n.type === 'type_assertion_expression' || n.type === 'parenthesized_expression') {
    const inner = n.type === 'parenthesized_expression' ? n.namedChild(0) : n.childForFieldName('operand');
    if (!inner) return false;
    n = inner;
  }
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Value') return false;
  if ((n.childForFieldName('arguments')?.namedChildCount ?? 0) !== 1) return false;
  const ctx = fn.childForFieldName('operand');
  if (ctx?.type === 'identifier') return ctx.text === 'ctx';
  return ctx?.type === 'call_expression' && ctx.childForFieldName('function')?.childForFieldName('field')?.text === 'Context';
}

/**
 * A function whose every return gives `nil` or a value read from a context (directly, or through a variable
 * declared from one: `if ld, ok := req.Context().Value(key).(*T); ok { return ld }`).
 */
export function returnsContextValue(decl: Node): boolean {
  const body = decl.childForFieldName('body');
  if (!body) return false;
  const fromCtx = new Set<string>();
  for (const d of body.descendantsOfType('short_var_declaration')) {
    const right = d.childForFieldName('right')?.namedChild(0);
    const first = d.childForFieldName('left')?.namedChild(0);
    if (right && first && isContextValue(right)) fromCtx.add(first.text);
  }
  const returns = body.descendantsOfType('return_statement');
  if (returns.length === 0 || returns.length > 4) return false;
  let some = false;
  for (const r of returns) {
    const list = r.namedChild(0);
    const first = list?.type === 'expression_list' ? list.namedChild(0) : list;
    if (!first) return false;
    if (first.type === 'nil') continue;
    if ((first.type === 'identifier' && fromCtx.has(first.text)) || isContextValue(first)) some = true;
    else return false;
  }
  return some;
}

/** `&T{...}`, `T{...}`, `new(T)` or a `newX(...)`/`NewX(...)` constructor call. */
export function isFreshObject(n: Node): boolean {
  if (n.type === 'composite_literal') return true;
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '&') return n.childForFieldName('operand')?.type === 'composite_literal';
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
  return name === 'new' || /^[nN]ew[A-Z_]?/.test(name ?? '');
}

export function lastStmtType(caseNode: Node): string | undefined {
  const list = caseNode.namedChildren.find((c) => c?.type === 'statement_list');
  const last = list?.namedChildren[list.namedChildren.length - 1];
  return last?.type;
}

export function unwrapHandler(n: Node): Node {
  // http.HandlerFunc(h) → h
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.text.endsWith('HandlerFunc') && args.length === 1 && args[0]) return args[0];
  }
  return n;
}

export function rangeOf(file: PkgFile, node: Node): Range {
  return {
    file: file.rel,
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}

export function where(r: Range): string {
  return `${r.file}:${r.start.line}`;
}
