// Lowering expressions: values and places, with the effects of evaluating them (map reads, calls, receives)
// emitted as instructions before the value is used. Calls are in calls.ts.
import type { Node } from '../go/parser.js';
import { type GoType, UNKNOWN, deref, typeFromNode } from '../go/types.js';
import { LOCK_METHODS } from '../go/vocab.js';
import { type BlockScope, type FnCtx, PREDECLARED } from './context.js';
import { lowerCall } from './calls.js';
import { lowerFuncLit } from './funcs.js';
import type { Alloc, At, Place, Root, Step, Value } from './types.js';

/** Literals and the types of the untyped constants they are (`nil`'s is unknown). */
const LITERALS: Record<string, string | undefined> = {
  int_literal: 'int', float_literal: 'float64', imaginary_literal: 'complex128', rune_literal: 'rune',
  interpreted_string_literal: 'string', raw_string_literal: 'string', true: 'bool', false: 'bool', iota: 'int', nil: undefined,
};

export function basic(name: string): GoType {
  return { k: 'named', pkg: '', name, args: [] };
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);

export function typeOf(cx: FnCtx, scope: BlockScope, node: Node | null | undefined): GoType {
  return cx.pc.typer.typeOf(node, scope, cx);
}

export function isMapLike(cx: FnCtx, t: GoType): boolean {
  return cx.pc.typer.isMapLike(t);
}

export function unparen(n: Node): Node {
  while (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
  return n;
}

/** A place whose root is a computed value (a call's result, an allocation, an assertion). */
function valueRoot(v: Value): Root {
  if (v.k === 'place' && v.place.path.length === 0) return v.place.root;
  if (v.k === 'alloc') return { k: 'alloc', alloc: v.alloc };
  return { k: 'value', value: v };
}

function extend(base: Place, step: Step, text: string): Place {
  return { root: base.root, path: [...base.path, step], type: step.type, text };
}

/** The place an operand denotes; a value that is not stored anywhere gets a `value` root. */
export function operandPlace(cx: FnCtx, scope: BlockScope, node: Node): Place {
  const p = lowerPlace(cx, scope, node);
  if (p) {
    if (p.path[p.path.length - 1]?.k === 'mapelem') readPlace(cx, p, unparen(node));
    return p;
  }
  const v = lowerExpr(cx, scope, node);
  if (v.k === 'place') return v.place;
  return { root: valueRoot(v), path: [], type: valueType(v), text: node.text };
}

export function valueType(v: Value): GoType {
  switch (v.k) {
    case 'place':
      return v.place.type;
    case 'alloc':
      return v.alloc.type;
    case 'func':
      return { k: 'func', params: [], results: [] };
    default:
      return v.type;
  }
}

/**
 * The place an lvalue-like expression names (a variable, a field, an element, `*p`), emitting the reads its path
 * makes (`a[b]` in `a[b][c]`); undefined for expressions that are not places.
 */
export function lowerPlace(cx: FnCtx, scope: BlockScope, node: Node): Place | undefined {
  const pc = cx.pc;
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChild(0) ? lowerPlace(cx, scope, node.namedChild(0)!) : undefined;
    case 'identifier': {
      const name = node.text;
      const b = cx.resolve(scope, name);
      if (b?.root) return { root: b.root, path: [], type: pc.q(b.type), text: name };
      if (b) return undefined;
      const g = pc.pkg.globals.get(name);
      if (g) return { root: { k: 'global', pkg: pc.path, name }, path: [], type: pc.q(g.type), text: name };
      return undefined;
    }
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      const field = node.childForFieldName('field')?.text ?? '';
      if (!operand) return undefined;
      const path = pc.typer.packageOf(operand, scope, cx);
      if (path) {
        if (pc.types.funcResults(path, field) || pc.types.decls(path)?.types.has(field)) return undefined;
        return { root: { k: 'global', pkg: path, name: field }, path: [], type: pc.q(pc.types.varType(path, field) ?? UNKNOWN), text: node.text };
      }
      const ot = typeOf(cx, scope, operand);
      const t = deref(ot);
      const f = pc.types.field(t, field);
      const viaLiteral = t.k === 'struct' ? t.fields.find((x) => x.name === field) : undefined;
      if (!f && !viaLiteral && t.k === 'named' && pc.methodOf(t, field)) return undefined;
      // A locker's method (`g.mu.Unlock` handed back to a caller), even when sync's declarations are not read.
      if (!f && !viaLiteral && LOCK_METHODS.has(field)) return undefined;
      if (!f && !viaLiteral && pc.types.underlying(t).k === 'interface') return undefined;
      const base = operandPlace(cx, scope, operand);
      const step: Step = { k: 'field', name: field, type: pc.q(f?.type ?? viaLiteral?.type ?? UNKNOWN) };
      if (f) step.owner = pc.ownerType(f.owner);
      return extend(base, step, node.text);
    }
    case 'index_expression': {
      const operand = node.childForFieldName('operand');
      const index = node.childForFieldName('index');
      if (!operand || !index) return undefined;
      const ot = typeOf(cx, scope, operand);
      const base = operandPlace(cx, scope, operand);
      const key = lowerExpr(cx, scope, index);
      const et = pc.q(typeOf(cx, scope, node));
      if (isMapLike(cx, ot)) {
        // The element's place; reading it is the caller's decision (a write target is not read).
        return extend(base, { k: 'mapelem', key, type: et, map: pc.q(ot) }, node.text);
      }
      return extend(base, { k: 'index', index: key, type: et }, node.text);
    }
    case 'unary_expression': {
      if (node.childForFieldName('operator')?.text !== '*') return undefined;
      const operand = node.childForFieldName('operand');
      if (!operand) return undefined;
      const base = operandPlace(cx, scope, operand);
      return extend(base, { k: 'deref', type: pc.q(typeOf(cx, scope, node)) }, node.text);
    }
    default:
      return undefined;
  }
}

/** A place read as a value: a map element read is a MapRead of its map. */
function readPlace(cx: FnCtx, p: Place, node: Node): Value {
  const last = p.path[p.path.length - 1];
  if (last?.k === 'mapelem') {
    const map: Place = { root: p.root, path: p.path.slice(0, -1), type: last.map, text: unparen(node).childForFieldName('operand')?.text ?? node.text };
    cx.emit({ k: 'mapread', at: cx.at(node), map, key: last.key, via: 'index' });
  }
  return { k: 'place', place: p };
}

/** An index expression on a map, as its map's place and the key: `c.m` and `k` of `c.m[k]`. */
export function mapOf(cx: FnCtx, scope: BlockScope, indexNode: Node): { map: Place; key: Value } | undefined {
  const n = unparen(indexNode);
  if (n.type !== 'index_expression') return undefined;
  const operand = n.childForFieldName('operand');
  if (!operand || !isMapLike(cx, typeOf(cx, scope, operand))) return undefined;
  const map = operandPlace(cx, scope, operand);
  const index = n.childForFieldName('index');
  const key: Value = index ? lowerExpr(cx, scope, index) : { k: 'const', text: '', type: UNKNOWN };
  return { map, key };
}

export function lowerExpr(cx: FnCtx, scope: BlockScope, node: Node): Value {
  const pc = cx.pc;
  if (Object.hasOwn(LITERALS, node.type)) {
    const b = LITERALS[node.type];
    return { k: 'const', text: node.text, type: b ? basic(b) : UNKNOWN };
  }
  switch (node.type) {
    case 'parenthesized_expression':
      return node.namedChild(0) ? lowerExpr(cx, scope, node.namedChild(0)!) : constUnknown(node);
    case 'identifier': {
      const p = lowerPlace(cx, scope, node);
      if (p) return { k: 'place', place: p };
      const name = node.text;
      const b = cx.resolve(scope, name);
      if (b) return { k: 'const', text: name, type: pc.q(b.type) };
      const d = pc.pkg.funcs.get(name);
      if (d && !d.recvType) return { k: 'func', ref: pc.ref({ pkg: '', name }) };
      if (pc.consts.has(name) || PREDECLARED.has(name) || pc.pkg.types.has(name)) return { k: 'const', text: name, type: UNKNOWN };
      return { k: 'place', place: { root: { k: 'unknown', text: name }, path: [], type: UNKNOWN, text: name } };
    }
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      const field = node.childForFieldName('field')?.text ?? '';
      const path = operand ? pc.typer.packageOf(operand, scope, cx) : undefined;
      if (path && pc.types.funcResults(path, field)) return { k: 'func', ref: { pkg: path, name: field } };
      if (path && pc.types.decls(path)?.types.has(field)) return { k: 'const', text: node.text, type: UNKNOWN };
      const p = lowerPlace(cx, scope, node);
      if (p) return { k: 'place', place: p };
      if (!operand) return constUnknown(node);
      // A method value `x.M`, or a method expression `T.M`.
      if (operand.type === 'identifier' && !cx.resolve(scope, operand.text) && pc.pkg.types.has(operand.text)) {
        return { k: 'func', ref: pc.ref({ pkg: '', recv: operand.text, name: field }) };
      }
      const recv = lowerExpr(cx, scope, operand);
      return { k: 'method', recv, name: field, type: pc.q(typeOf(cx, scope, node)) };
    }
    case 'index_expression': {
      const operand = node.childForFieldName('operand');
      // A generic function instantiated: `f[int]`.
      if (operand && isFuncName(cx, scope, operand)) return lowerExpr(cx, scope, operand);
      const p = lowerPlace(cx, scope, node);
      return p ? readPlace(cx, p, node) : constUnknown(node);
    }
    case 'unary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const operand = node.childForFieldName('operand');
      if (!operand) return constUnknown(node);
      if (op === '&') {
        const inner = unparen(operand);
        if (inner.type === 'composite_literal') {
          const v = lowerExpr(cx, scope, inner);
          if (v.k === 'alloc') return { k: 'addr', place: { root: { k: 'alloc', alloc: v.alloc }, path: [], type: v.alloc.type, text: inner.text }, type: pc.q(typeOf(cx, scope, node)) };
        }
        return { k: 'addr', place: operandPlace(cx, scope, operand), type: pc.q(typeOf(cx, scope, node)) };
      }
      if (op === '*') {
        const p = lowerPlace(cx, scope, node);
        return p ? { k: 'place', place: p } : constUnknown(node);
      }
      if (op === '<-') {
        const chan = lowerExpr(cx, scope, operand);
        const temp = cx.newTemp([typeOf(cx, scope, node)]);
        cx.emit({ k: 'recv', at: cx.at(node), chan, temp });
        return { k: 'place', place: { root: { k: 'result', temp, index: 0 }, path: [], type: pc.q(typeOf(cx, scope, node)), text: node.text } };
      }
      return { k: 'op', op, args: [lowerExpr(cx, scope, operand)], type: pc.q(typeOf(cx, scope, node)) };
    }
    case 'binary_expression': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const args = [l, r].filter((x): x is Node => !!x).map((x) => lowerExpr(cx, scope, x));
      const op = node.childForFieldName('operator')?.text ?? '?';
      const known = args.map(valueType).find((t) => t.k !== 'unknown');
      return { k: 'op', op, args, type: COMPARISONS.has(op) ? basic('bool') : op === '<<' || op === '>>' ? (args[0] ? valueType(args[0]) : UNKNOWN) : (known ?? UNKNOWN) };
    }
    case 'call_expression':
      return lowerCall(cx, scope, node);
    case 'composite_literal':
      return { k: 'alloc', alloc: compositeLiteral(cx, scope, node, typeFromNode(node.childForFieldName('type'), cx.file.resolve)) };
    case 'func_literal':
      return { k: 'alloc', alloc: lowerFuncLit(cx, scope, node) };
    case 'type_assertion_expression': {
      const operand = node.childForFieldName('operand');
      const value = operand ? lowerExpr(cx, scope, operand) : constUnknown(node);
      return { k: 'assert', value, type: pc.q(typeOf(cx, scope, node)) };
    }
    case 'slice_expression': {
      const parts = ['operand', 'start', 'end', 'capacity'].map((f) => node.childForFieldName(f)).filter((x): x is Node => !!x);
      return { k: 'op', op: 'slice', args: parts.map((x) => lowerExpr(cx, scope, x)), type: pc.q(typeOf(cx, scope, node.childForFieldName('operand'))) };
    }
    case 'type_conversion_expression': {
      const operand = node.childForFieldName('operand');
      const t = typeFromNode(node.childForFieldName('type'), cx.file.resolve);
      return { k: 'op', op: 'convert', args: operand ? [lowerExpr(cx, scope, operand)] : [], type: pc.q(t) };
    }
    case 'type_instantiation_expression':
    case 'generic_type': {
      const base = node.namedChild(0);
      return base ? lowerExpr(cx, scope, base) : constUnknown(node);
    }
    case 'variadic_argument':
      return node.namedChild(0) ? lowerExpr(cx, scope, node.namedChild(0)!) : constUnknown(node);
    default:
      // A type in an expression position (an argument of a generic helper, `(*T)(nil)`'s type) is no value.
      if (/_type$|^type_identifier$|^qualified_type$/.test(node.type)) return { k: 'const', text: node.text, type: pc.q(typeFromNode(node, cx.file.resolve)) };
      cx.pc.skip(node.type);
      return constUnknown(node);
  }
}

function constUnknown(node: Node): Value {
  return { k: 'const', text: node.text.length > 40 ? `${node.text.slice(0, 37)}...` : node.text, type: UNKNOWN };
}

/** An identifier or selector that names a function (of this package or an imported one), not a variable. */
export function isFuncName(cx: FnCtx, scope: BlockScope, n: Node): boolean {
  const pc = cx.pc;
  if (n.type === 'identifier') return !scope.lookup(n.text) && !!pc.pkg.funcs.get(n.text) && !pc.pkg.funcs.get(n.text)!.recvType;
  if (n.type !== 'selector_expression') return false;
  const path = pc.typer.packageOf(n.childForFieldName('operand'), scope, cx);
  return !!path && (!!pc.types.funcResults(path, n.childForFieldName('field')?.text ?? '') || !pc.types.decls(path));
}

/** `T{...}` (and elided inner literals `{...}` with the element type): an allocation with its elements. */
export function compositeLiteral(cx: FnCtx, scope: BlockScope, node: Node, type: GoType): Alloc {
  const pc = cx.pc;
  const u = pc.types.underlying(deref(type));
  const elemType = u.k === 'map' ? u.value : u.k === 'slice' ? u.elem : UNKNOWN;
  const body = node.type === 'literal_value' ? node : node.childForFieldName('body');
  const elems: { key?: string; value: Value; at: At }[] = [];
  const element = (el: Node | null | undefined, t: GoType): Value => {
    const inner = el?.type === 'literal_element' ? el.namedChild(0) : el;
    if (!inner) return constUnknown(node);
    if (inner.type === 'literal_value') return { k: 'alloc', alloc: compositeLiteral(cx, scope, inner, t) };
    return lowerExpr(cx, scope, inner);
  };
  for (const el of body?.namedChildren ?? []) {
    if (el.type === 'comment') continue;
    if (el.type === 'keyed_element') {
      const keyNode = el.childForFieldName('key');
      const key = keyNode?.text ?? '';
      // Struct keys are field names; map, slice and array keys are expressions.
      const fieldName = u.k === 'struct' || (u.k !== 'map' && u.k !== 'slice' && keyNode?.namedChild(0)?.type === 'identifier');
      if (!fieldName) element(keyNode, u.k === 'map' ? u.key : UNKNOWN);
      const ft = u.k === 'struct' ? (u.fields.find((f) => f.name === key)?.type ?? UNKNOWN) : elemType;
      elems.push({ key, value: element(el.childForFieldName('value'), ft), at: cx.at(el) });
    } else elems.push({ value: element(el, elemType), at: cx.at(el) });
  }
  return { kind: 'composite', type: pc.q(type), at: cx.at(node), elems };
}
