// Lowering calls: resolving the callee (a declared function or concrete method, a func literal, an interface
// method, a func value, a builtin, a library function the summaries know, a conversion), and the calls that are
// instructions of their own: map builtins (delete, clear, len), library map operations, lock operations, Wait,
// Once.Do, close.
import type { Node } from '../go/parser.js';
import { FMT_PRINTERS, MAP_FUNCTIONS, own } from '../go/summaries.js';
import { type GoType, UNKNOWN, deref, isNamed, typeFromNode } from '../go/types.js';
import { LOCK_METHODS } from '../go/vocab.js';
import type { AccessKind } from '../model.js';
import { type BlockScope, type FnCtx, PREDECLARED, type PkgCtx } from './context.js';
import { basic, isFuncName, isMapLike, lowerExpr, operandPlace, typeOf, unparen, valueType } from './expr.js';
import type { BuiltinName, CallSite, Callee, Instr, LockOp, Place, Value } from './types.js';

const BUILTINS = new Set<string>(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);
const TYPE_NODES = /_type$|^type_identifier$|^qualified_type$/;

/** A call as an expression: its instruction is emitted, its value is its first result. */
export function lowerCall(cx: FnCtx, scope: BlockScope, node: Node): Value {
  const { instr, value } = callInstr(cx, scope, node);
  if (instr) cx.emit(instr);
  return value;
}

/**
 * The instruction a call is (not emitted: `go` and `defer` wrap it), after emitting the effects of evaluating
 * its function and arguments; and the call's value.
 */
export function callInstr(cx: FnCtx, scope: BlockScope, node: Node): { instr?: Instr; value: Value } {
  const pc = cx.pc;
  const at = cx.at(node);
  let fn = node.childForFieldName('function');
  const argNodes = node.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
  const spread = argNodes.some((a) => a.type === 'variadic_argument');
  if (!fn) {
    pc.skip('call_expression');
    return { value: { k: 'const', text: node.text, type: UNKNOWN } };
  }
  fn = unparen(fn);
  if ((fn.type === 'index_expression' || fn.type === 'generic_type' || fn.type === 'type_instantiation_expression') && fn.namedChild(0) && (fn.type !== 'index_expression' || isFuncName(cx, scope, fn.namedChild(0)!))) {
    fn = fn.namedChild(0)!;
  }
  const resultTypes = (): GoType[] => {
    const rs = pc.typer.callResults(node, scope, cx);
    return rs.length ? rs : [typeOf(cx, scope, node)];
  };
  const result = (temp: number): Value => ({ k: 'place', place: { root: { k: 'result', temp, index: 0 }, path: [], type: cx.func.temps[temp]?.[0] ?? UNKNOWN, text: node.text } });
  const args = (): Value[] => argNodes.map((a) => lowerExpr(cx, scope, a));
  const call = (callee: Callee, argv: Value[], types?: GoType[]): { instr: Instr; value: Value } => {
    const temp = cx.newTemp(types ?? resultTypes());
    const site: CallSite = { callee, args: argv, spread, text: fn!.text };
    return { instr: { k: 'call', at, temp, ...site }, value: result(temp) };
  };

  if (fn.type === 'func_literal') {
    const lit = lowerExpr(cx, scope, fn);
    const argv = args();
    return call(lit.k === 'alloc' && lit.alloc.func ? { k: 'closure', func: lit.alloc.func } : { k: 'dynamic', value: lit }, argv);
  }
  if (TYPE_NODES.test(fn.type)) return call({ k: 'conversion', type: pc.q(typeFromNode(fn, cx.file.resolve)) }, args());

  if (fn.type === 'identifier') {
    const name = fn.text;
    const b = cx.resolve(scope, name);
    if (b?.root) {
      const value = lowerExpr(cx, scope, fn);
      return call({ k: 'dynamic', value }, args());
    }
    if (!b && !pc.pkg.globals.has(name)) {
      if (BUILTINS.has(name) && !pc.pkg.funcs.has(name) && !pc.pkg.types.has(name)) return builtin(cx, scope, node, name, argNodes, call);
      if (pc.pkg.types.has(name) || PREDECLARED.has(name)) {
        return call({ k: 'conversion', type: pc.q({ k: 'named', pkg: '', name, args: [] }) }, args());
      }
      const d = pc.pkg.funcs.get(name);
      if (d && !d.recvType) return call({ k: 'static', func: pc.ref({ pkg: '', name }) }, args());
      return call({ k: 'unknown', name }, args());
    }
    return call({ k: 'dynamic', value: lowerExpr(cx, scope, fn) }, args());
  }

  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    const name = fn.childForFieldName('field')?.text ?? '';
    if (!operand) return call({ k: 'unknown', name }, args());
    const path = pc.typer.packageOf(operand, scope, cx);
    if (path) return packageCall(cx, scope, path, name, argNodes, call);
    // `equality.Semantic.DeepEqual(a, b)`: a method of a library's package-level value.
    const base = operand.type === 'selector_expression' ? operand.childForFieldName('operand') : null;
    const basePath = base ? pc.typer.packageOf(base, scope, cx) : undefined;
    const qualified = `${operand.childForFieldName('field')?.text ?? ''}.${name}`;
    if (basePath && own(own(MAP_FUNCTIONS, basePath), qualified)) {
      return call({ k: 'library', pkg: basePath, name: qualified }, libraryArgs(cx, scope, `${basePath}.${qualified}`, own(own(MAP_FUNCTIONS, basePath), qualified)!, argNodes));
    }
    const rt = typeOf(cx, scope, operand);
    const t = deref(rt);
    const declared = t.k === 'named' ? pc.methodOf(t, name) : undefined;
    // The program's own method a lock operation or a Wait runs (a wrapper's `Lock`), besides sync's.
    const method = declared && declared.pkg !== 'sync' ? { method: pc.ref(declared) } : {};
    // Lock operations: a locker method with no arguments, as the interpreter has them (by name).
    if (LOCK_METHODS.has(name) && argNodes.length === 0) {
      const { lock, embedded } = lockPlace(cx, scope, operand, rt);
      const instr: Instr = { k: 'lock', at, op: name as LockOp, lock, embedded, ...method };
      return { instr, value: name === 'TryLock' ? { k: 'op', op: 'TryLock', args: [], type: basic('bool') } : constVoid() };
    }
    if (name === 'Wait' && argNodes.length === 0) {
      const on = lowerExpr(cx, scope, operand);
      return { instr: { k: 'wait', at, on, type: pc.q(rt), ...method }, value: constVoid() };
    }
    if (name === 'Do' && argNodes.length === 1 && isNamed(t, 'sync', 'Once')) {
      const once = lowerExpr(cx, scope, operand);
      return { instr: { k: 'oncedo', at, once, fn: lowerExpr(cx, scope, argNodes[0]!) }, value: constVoid() };
    }
    // A method of a library map type (`h.Set(k, v)` on an http.Header): the map operation, then the call.
    const summary = pc.lib.mapType(t);
    const kind = summary ? own(summary.methods, name) : undefined;
    if (summary && kind) {
      const map = operandPlace(cx, scope, operand);
      cx.emit(mapOp(kind, cx.at(fn), map, 'method', name));
      return call({ k: 'library', pkg: summary.pkg, name, recvType: pc.q(t), recv: { k: 'place', place: map } }, args());
    }
    const field = pc.types.field(t, name) ?? (t.k === 'struct' ? t.fields.find((f) => f.name === name) : undefined);
    if (field) return call({ k: 'dynamic', value: lowerExpr(cx, scope, fn) }, args());
    const recv = lowerExpr(cx, scope, operand);
    if (declared) return call({ k: 'static', func: pc.ref(declared), recv }, args());
    // A method expression `T.M(recv, ...)` of the package's own type.
    if (operand.type === 'identifier' && !cx.resolve(scope, operand.text) && pc.pkg.types.has(operand.text)) {
      return call({ k: 'static', func: pc.ref({ pkg: '', recv: operand.text, name }) }, args());
    }
    const u = pc.types.underlying(t);
    if (u.k === 'interface') return call({ k: 'interface', iface: pc.q(t), method: name, recv, methods: methodSet(pc, u) }, args());
    return call({ k: 'unknown', name, recv, ...(rt.k !== 'unknown' ? { recvType: pc.q(rt) } : {}) }, args());
  }
  // `handlers[i](x)`, `f()()`: a func value.
  return call({ k: 'dynamic', value: lowerExpr(cx, scope, fn) }, args());
}

type MakeCall = (callee: Callee, args: Value[], types?: GoType[]) => { instr: Instr; value: Value };

function constVoid(): Value {
  return { k: 'const', text: '', type: UNKNOWN };
}

function mapOp(kind: AccessKind, at: Instr['at'], map: Place, via: 'method' | 'call', fn: string): Instr {
  if (kind === 'read') return { k: 'mapread', at, map, via };
  if (kind === 'write') return { k: 'mapwrite', at, map, via };
  return { k: 'mapiter', at, map, via, fn };
}

/** `pkg.F(...)`: a library function the summaries know, a conversion, a function, or a func-typed variable. */
function packageCall(cx: FnCtx, scope: BlockScope, path: string, name: string, argNodes: Node[], call: MakeCall): { instr: Instr; value: Value } {
  const pc = cx.pc;
  const kinds = own(own(MAP_FUNCTIONS, path), name);
  const printed = path === 'fmt' && FMT_PRINTERS.has(name);
  if (kinds || printed) return call({ k: 'library', pkg: path, name }, libraryArgs(cx, scope, `${path}.${name}`, kinds, argNodes));
  const decls = pc.types.decls(path);
  if (decls?.types.has(name)) return call({ k: 'conversion', type: { k: 'named', pkg: path, name, args: [] } }, argNodes.map((a) => lowerExpr(cx, scope, a)));
  const argv = (): Value[] => argNodes.map((a) => lowerExpr(cx, scope, a));
  if (decls?.vars.has(name)) {
    return call({ k: 'dynamic', value: { k: 'place', place: { root: { k: 'global', pkg: path, name }, path: [], type: decls.vars.get(name)!, text: name } } }, argv());
  }
  if (decls && !decls.funcs.has(name)) return call({ k: 'unknown', name, pkg: path }, argv());
  return call({ k: 'static', func: { pkg: path, name } }, argv());
}

/**
 * Arguments of a library call, with the map operations the summaries give them (`kinds[i]`, or iterate for
 * every map a fmt printer prints), emitted before the call.
 */
function libraryArgs(cx: FnCtx, scope: BlockScope, fn: string, kinds: AccessKind[] | undefined, argNodes: Node[]): Value[] {
  return argNodes.map((a, i) => {
    const kind: AccessKind | undefined = kinds ? kinds[i] : 'iterate';
    if (kind && isMapLike(cx, typeOf(cx, scope, a))) {
      const map = operandPlace(cx, scope, a);
      cx.emit(mapOp(kind, cx.at(a), map, 'call', fn));
      return { k: 'place', place: map };
    }
    return lowerExpr(cx, scope, a);
  });
}

/** The lock a locker method locks: the operand, or the mutex its struct embeds (`c.Lock()` locks `c.Mutex`). */
function lockPlace(cx: FnCtx, scope: BlockScope, operand: Node, t: GoType): { lock: Place; embedded: boolean } {
  const base = operandPlace(cx, scope, operand);
  const emb = cx.pc.types.embeddedMutex(deref(t));
  if (!emb) return { lock: base, embedded: false };
  const type: GoType = cx.pc.types.fieldType(deref(t), emb.field);
  const step = { k: 'field' as const, name: emb.field, type: cx.pc.q(type), owner: cx.pc.ownerType(emb.owner) };
  return { lock: { root: base.root, path: [...base.path, step], type: step.type, text: `${operand.text}.${emb.field}` }, embedded: true };
}

function builtin(cx: FnCtx, scope: BlockScope, node: Node, name: string, argNodes: Node[], call: MakeCall): { instr?: Instr; value: Value } {
  const pc = cx.pc;
  const at = cx.at(node);
  const first = argNodes[0];
  const rest = (from: number) => argNodes.slice(from).map((a) => lowerExpr(cx, scope, a));
  switch (name) {
    case 'make': {
      const type = pc.q(typeFromNode(first ?? null, cx.file.resolve));
      rest(1);
      return { value: { k: 'alloc', alloc: { kind: 'make', type, at } } };
    }
    case 'new': {
      const type = pc.q(typeFromNode(first ?? null, cx.file.resolve));
      const place: Place = { root: { k: 'alloc', alloc: { kind: 'new', type, at } }, path: [], type, text: node.text };
      return { value: { k: 'addr', place, type: { k: 'ptr', elem: type } } };
    }
    case 'delete':
    case 'clear': {
      if (!first || (name === 'clear' && !isMapLike(cx, typeOf(cx, scope, first)))) return call({ k: 'builtin', name: 'clear' }, rest(0));
      const map = operandPlace(cx, scope, first);
      const mapAt = cx.at(first);
      if (name === 'clear') return { instr: { k: 'mapclear', at: mapAt, map, via: 'call' }, value: constVoid() };
      const key = argNodes[1] ? lowerExpr(cx, scope, argNodes[1]) : undefined;
      return { instr: key ? { k: 'mapdelete', at: mapAt, map, key, via: 'call' } : { k: 'mapdelete', at: mapAt, map, via: 'call' }, value: constVoid() };
    }
    case 'close': {
      const chan = first ? lowerExpr(cx, scope, first) : constVoid();
      return { instr: { k: 'close', at, chan }, value: constVoid() };
    }
    case 'len':
    case 'cap': {
      if (first && isMapLike(cx, typeOf(cx, scope, first))) {
        const map = operandPlace(cx, scope, first);
        cx.emit({ k: 'mapread', at: cx.at(first), map, via: 'len' });
        return { value: { k: 'op', op: name, args: [{ k: 'place', place: map }], type: basic('int') } };
      }
      return { value: { k: 'op', op: name, args: rest(0), type: basic('int') } };
    }
    case 'append': {
      const args = rest(0);
      return call({ k: 'builtin', name }, args, args[0] ? [valueType(args[0])] : undefined);
    }
    default:
      return call({ k: 'builtin', name: name as BuiltinName }, rest(0));
  }
}

/** The method names of an interface type, with its embedded interfaces' (three levels deep). */
function methodSet(pc: PkgCtx, t: GoType, into = new Set<string>(), depth = 0): string[] {
  if (t.k === 'interface' && depth <= 3) {
    for (const m of t.methods) into.add(m.name);
    for (const e of t.embeds) methodSet(pc, pc.types.underlying(e), into, depth + 1);
  }
  return [...into].sort();
}
