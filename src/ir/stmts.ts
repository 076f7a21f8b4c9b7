// Lowering statements: declarations and assignments (map writes among them), go and defer, channel sends,
// returns and jumps as instructions; if, switch, select, for and range as regions whose arms are blocks.
import type { Node } from '../go/parser.js';
import { type GoType, UNKNOWN, deref, typeFromNode } from '../go/types.js';
import { spawnSites } from '../go/vocab.js';
import { BlockScope, type FnCtx } from './context.js';
import { callInstr } from './calls.js';
import { basic, lowerExpr, lowerPlace, mapOf, operandPlace, typeOf, unparen, valueType } from './expr.js';
import { varSpecs } from './funcs.js';
import type { Block, LocalRoot, Place, Region, SelectCase, Stmt, SwitchCase, Value } from './types.js';

/** A function's body: the block's statements in the function's top scope's child. */
export function lowerBody(cx: FnCtx, scope: BlockScope, body: Node): Block {
  return block(cx, new BlockScope(scope, cx), body.namedChildren);
}

/** Statements in `scope`, as a Block. */
function block(cx: FnCtx, scope: BlockScope, nodes: readonly Node[]): Block {
  const stmts = cx.collect(() => {
    for (const n of nodes) stmt(cx, scope, n);
  });
  return { stmts, terminates: stmts.some(terminal) };
}

function terminal(s: Stmt): boolean {
  if (s.k === 'return') return true;
  if (s.k === 'jump') return s.jump !== 'fallthrough';
  if (s.k === 'if') return !!s.else && s.then.terminates && s.else.terminates;
  return false;
}

/** A `{...}` block or a case's statement list, in a new scope. */
function sub(cx: FnCtx, scope: BlockScope, node: Node | null | undefined): Block {
  if (!node) return { stmts: [], terminates: false };
  const nodes = node.type === 'block' || node.type === 'statement_list' ? node.namedChildren : [node];
  return block(cx, new BlockScope(scope, cx), nodes);
}

function stmt(cx: FnCtx, scope: BlockScope, node: Node, label?: string): void {
  const at = cx.at(node);
  switch (node.type) {
    case 'block':
      for (const c of sub(cx, scope, node).stmts) cx.emit(c);
      return;
    case 'statement_list':
      for (const c of node.namedChildren) stmt(cx, scope, c);
      return;
    case 'short_var_declaration':
      return bind(cx, scope, node, list(node.childForFieldName('left')), list(node.childForFieldName('right')), true);
    case 'var_declaration':
      for (const spec of varSpecs(node)) {
        bind(cx, scope, spec, spec.childrenForFieldName('name'), list(spec.childForFieldName('value')), true, spec.childForFieldName('type'));
      }
      return;
    case 'const_declaration':
      for (const spec of node.namedChildren) {
        if (spec.type !== 'const_spec') continue;
        const t = typeFromNode(spec.childForFieldName('type'), cx.file.resolve);
        for (const n of spec.childrenForFieldName('name')) scope.names.set(n.text, { type: t });
      }
      return;
    case 'assignment_statement': {
      const op = node.childForFieldName('operator')?.text ?? '=';
      if (op === ':=') return bind(cx, scope, node, list(node.childForFieldName('left')), list(node.childForFieldName('right')), true);
      return assign(cx, scope, node, list(node.childForFieldName('left')), list(node.childForFieldName('right')), op);
    }
    case 'inc_statement':
    case 'dec_statement': {
      const target = node.namedChild(0);
      if (!target) return;
      const op = node.type === 'inc_statement' ? '++' : '--';
      const m = mapOf(cx, scope, target);
      if (m) return cx.emit({ k: 'mapwrite', at: cx.at(target), map: m.map, key: m.key, via: 'incdec', op });
      const dst = lowerPlace(cx, scope, target);
      if (dst) cx.emit({ k: 'assign', at, dst, op });
      else cx.pc.skip(`${node.type} target`);
      return;
    }
    case 'expression_statement': {
      const e = node.namedChild(0);
      if (e) lowerExpr(cx, scope, e);
      return;
    }
    case 'go_statement':
    case 'defer_statement': {
      const e = node.namedChild(0);
      const call = e ? unparen(e) : undefined;
      if (call?.type !== 'call_expression') return cx.pc.skip(`${node.type} without a call`);
      const { instr } = callInstr(cx, scope, call);
      if (!instr) return cx.pc.skip(`${node.type} of ${call.childForFieldName('function')?.text ?? '?'}`);
      return cx.emit(node.type === 'go_statement' ? { k: 'go', at, run: instr } : { k: 'defer', at, run: instr });
    }
    case 'send_statement': {
      const ch = node.childForFieldName('channel');
      const v = node.childForFieldName('value');
      const chan = ch ? lowerExpr(cx, scope, ch) : UNKNOWN_VALUE;
      return cx.emit({ k: 'send', at, chan, value: v ? lowerExpr(cx, scope, v) : UNKNOWN_VALUE });
    }
    case 'return_statement': {
      const values = node.namedChildren.flatMap((c) => (c.type === 'expression_list' ? c.namedChildren : [c])).map((v) => lowerExpr(cx, scope, v));
      return cx.emit({ k: 'return', at, values });
    }
    case 'break_statement':
    case 'continue_statement':
    case 'goto_statement': {
      const l = node.namedChild(0)?.text;
      const jump = node.type === 'break_statement' ? 'break' : node.type === 'continue_statement' ? 'continue' : 'goto';
      return cx.emit(l ? { k: 'jump', at, jump, label: l } : { k: 'jump', at, jump });
    }
    case 'fallthrough_statement':
      return cx.emit({ k: 'jump', at, jump: 'fallthrough' });
    case 'labeled_statement': {
      const l = node.childForFieldName('label')?.text;
      const inner = node.namedChildren.find((c) => c.type !== 'label_name');
      if (inner) stmt(cx, scope, inner, l);
      return;
    }
    case 'if_statement':
      return cx.emit(ifRegion(cx, scope, node, label));
    case 'for_statement':
      return cx.emit(forRegion(cx, scope, node, label));
    case 'expression_switch_statement':
    case 'type_switch_statement':
      return cx.emit(switchRegion(cx, scope, node, label));
    case 'select_statement':
      return cx.emit(selectRegion(cx, scope, node, label));
    case 'type_declaration':
    case 'empty_statement':
    case 'comment':
      return;
    default:
      cx.pc.skip(node.type);
  }
}

const UNKNOWN_VALUE: Value = { k: 'const', text: '', type: UNKNOWN };

function list(n: Node | null | undefined): Node[] {
  if (!n) return [];
  return n.type === 'expression_list' ? n.namedChildren.filter((c) => c.type !== 'comment') : [n];
}

/**
 * The values of a right-hand side for `count` targets: one per expression, or the results of one multi-valued
 * expression (a call, a receive, a comma-ok map read or type assertion).
 */
function rhs(cx: FnCtx, scope: BlockScope, values: Node[], count: number): { values: (Value | undefined)[]; types: GoType[] } {
  if (values.length === 1 && count > 1) {
    const node = unparen(values[0]!);
    const v = lowerExpr(cx, scope, node);
    if (v.k === 'place' && v.place.root.k === 'result' && v.place.path.length === 0) {
      const temp = v.place.root.temp;
      const types = cx.func.temps[temp] ?? [];
      const isRecv = node.type === 'unary_expression';
      const out = Array.from({ length: count }, (_, i): Value => ({ k: 'place', place: { root: { k: 'result', temp, index: i }, path: [], type: isRecv && i === 1 ? BOOL : (types[i] ?? UNKNOWN), text: `${node.text}#${i}` } }));
      const rawTypes = node.type === 'call_expression' ? cx.pc.typer.callResults(node, scope, cx) : [typeOf(cx, scope, node), BOOL];
      return { values: out, types: Array.from({ length: count }, (_, i) => rawTypes[i] ?? UNKNOWN) };
    }
    // `v, ok := m[k]`, `v, ok := x.(T)`: the value and a bool.
    return { values: [v, { k: 'op', op: 'ok', args: [], type: BOOL }], types: [typeOf(cx, scope, node), BOOL] };
  }
  const types = values.map((n) => typeOf(cx, scope, n));
  return { values: values.map((n) => lowerExpr(cx, scope, n)), types };
}

const BOOL: GoType = basic('bool');

/** `a, b := x, y` and `var a, b T = x, y`: new locals (or, for `:=`, locals of this scope assigned again). */
function bind(cx: FnCtx, scope: BlockScope, node: Node, names: Node[], values: Node[], short: boolean, typeNode?: Node | null): void {
  const at = cx.at(node);
  const r = rhs(cx, scope, values, names.length);
  const declared = typeNode ? typeFromNode(typeNode, cx.file.resolve) : undefined;
  names.forEach((n, i) => {
    const value = r.values[i];
    if (n.type !== 'identifier') return cx.pc.skip('declared non-identifier');
    if (n.text === '_') {
      if (value) cx.emit({ k: 'eval', at, value });
      return;
    }
    const existing = scope.names.get(n.text)?.root;
    if (short && node.type !== 'var_spec' && existing && existing.func === cx.func.id) {
      const dst: Place = { root: existing, path: [], type: cx.func.locals[existing.id]?.type ?? UNKNOWN, text: n.text };
      cx.emit(value ? { k: 'assign', at, dst, value } : { k: 'assign', at, dst });
      return;
    }
    const inferred = r.types[i] ?? UNKNOWN;
    // A value's type is qualified already; newLocal qualifies again, which changes nothing.
    const type = declared ?? (inferred.k === 'unknown' && value ? valueType(value) : inferred);
    const local = cx.newLocal(scope, n.text, type, 'var', cx.at(n));
    cx.emit(value ? { k: 'define', at, local, value } : { k: 'define', at, local });
  });
}

/** `a, m[k] = x, y` and `x op= y`: map writes and stores. */
function assign(cx: FnCtx, scope: BlockScope, node: Node, lefts: Node[], rights: Node[], op: string): void {
  const at = cx.at(node);
  const r = rhs(cx, scope, rights, lefts.length);
  lefts.forEach((l, i) => {
    const value = r.values[i];
    const opPart = op === '=' ? {} : { op };
    if (l.type === 'identifier' && l.text === '_') {
      if (value) cx.emit({ k: 'eval', at, value });
      return;
    }
    const m = mapOf(cx, scope, l);
    if (m) {
      cx.emit({ k: 'mapwrite', at: cx.at(l), map: m.map, key: m.key, ...(value ? { value } : {}), via: op === '=' ? 'index' : 'opassign', ...opPart });
      return;
    }
    const dst = lowerPlace(cx, scope, l);
    if (!dst) return cx.pc.skip(`assignment to ${l.type}`);
    cx.emit({ k: 'assign', at, dst, ...(value ? { value } : {}), ...opPart });
  });
}

function ifRegion(cx: FnCtx, scope: BlockScope, node: Node, label?: string): Region {
  const inner = new BlockScope(scope, cx);
  let cond: Value = UNKNOWN_VALUE;
  const init = cx.collect(() => {
    const i = node.childForFieldName('initializer');
    if (i) stmt(cx, inner, i);
    const c = node.childForFieldName('condition');
    if (c) cond = lowerExpr(cx, inner, c);
  });
  const alt = node.childForFieldName('alternative');
  const region: Region = { k: 'if', at: cx.at(node), init, cond, then: sub(cx, inner, node.childForFieldName('consequence')) };
  if (alt) region.else = sub(cx, inner, alt);
  if (label) region.label = label;
  return region;
}

/** Whether the clause between `left` and `right` declares (`:=`) rather than assigns. */
function declares(left: Node, right: Node): boolean {
  return left.tree.source.slice(left.endIndex, right.startIndex).includes(':=');
}

function forRegion(cx: FnCtx, scope: BlockScope, node: Node, label?: string): Region {
  const inner = new BlockScope(scope, cx);
  const at = cx.at(node);
  const bodyNode = node.childForFieldName('body');
  const spawns = spawnSites(bodyNode, cx.pc.lib.rootNames).map((s) => cx.at(s));
  const rc = node.namedChildren.find((c) => c.type === 'range_clause');
  if (rc) {
    const right = rc.childForFieldName('right');
    const left = rc.childForFieldName('left');
    const overType = typeOf(cx, scope, right);
    let over: Value = UNKNOWN_VALUE;
    if (right && cx.pc.typer.isMapLike(overType)) {
      const map = operandPlace(cx, scope, right);
      cx.emit({ k: 'mapiter', at: cx.at(right), map, via: 'range' });
      over = { k: 'place', place: map };
    } else if (right) over = lowerExpr(cx, scope, right);
    const u = cx.pc.typer.underlying(deref(overType));
    if (u.k === 'chan') cx.emit({ k: 'recv', at: cx.at(right!), chan: over, temp: cx.newTemp([u.elem]) });
    const elemTypes: GoType[] = u.k === 'map' ? [u.key, u.value] : u.k === 'slice' ? [INT, u.elem] : u.k === 'chan' ? [u.elem] : [INT];
    cx.loopDepth++;
    const region: Extract<Region, { k: 'range' }> = { k: 'range', at, over, overType: cx.pc.q(overType), body: { stmts: [], terminates: false }, spawns };
    const names = list(left);
    const define = !!left && !!right && declares(left, right);
    names.forEach((n, i) => {
      if (i > 1) return;
      let target: LocalRoot | Place | undefined;
      if (define && n.type === 'identifier') target = n.text === '_' ? undefined : cx.newLocal(inner, n.text, elemTypes[i] ?? UNKNOWN, 'var', cx.at(n));
      else if (!define) target = lowerPlace(cx, scope, n);
      if (target) region[i === 0 ? 'key' : 'value'] = target;
    });
    region.body = sub(cx, inner, bodyNode);
    cx.loopDepth--;
    if (label) region.label = label;
    return region;
  }
  const clause = node.namedChildren.find((c) => c.type === 'for_clause');
  let condValue: Value | undefined;
  const condNode = clause ? clause.childForFieldName('condition') : node.namedChildren.find((c) => c.id !== bodyNode?.id && c.type !== 'comment');
  // Variables of the loop's clause are one per iteration (Go 1.22), as those of its body.
  cx.loopDepth++;
  const init = cx.collect(() => {
    const i = clause?.childForFieldName('initializer');
    if (i) stmt(cx, inner, i);
  });
  const cond = cx.collect(() => {
    if (condNode) condValue = lowerExpr(cx, inner, condNode);
  });
  const post = cx.collect(() => {
    const u = clause?.childForFieldName('update');
    if (u) stmt(cx, inner, u);
  });
  const body = sub(cx, inner, bodyNode);
  cx.loopDepth--;
  const region: Region = { k: 'loop', at, init, cond, post, body, spawns };
  if (condValue) region.condValue = condValue;
  if (label) region.label = label;
  return region;
}

const INT: GoType = basic('int');

function endsInBreak(c: Node): boolean {
  const stmts = c.namedChildren.find((x) => x.type === 'statement_list')?.namedChildren.filter((x) => x.type !== 'comment') ?? [];
  return stmts[stmts.length - 1]?.type === 'break_statement';
}

function switchRegion(cx: FnCtx, scope: BlockScope, node: Node, label?: string): Region {
  const inner = new BlockScope(scope, cx);
  const typeSwitch = node.type === 'type_switch_statement';
  let tag: Value | undefined;
  const valueNode = node.childForFieldName('value');
  const init = cx.collect(() => {
    const i = node.childForFieldName('initializer');
    if (i) stmt(cx, inner, i);
    if (valueNode) tag = lowerExpr(cx, inner, valueNode);
  });
  const alias = typeSwitch ? list(node.childForFieldName('alias'))[0] : undefined;
  const cases: SwitchCase[] = [];
  let hasDefault = false;
  for (const c of node.namedChildren) {
    if (c.type !== 'expression_case' && c.type !== 'type_case' && c.type !== 'default_case') continue;
    const isDefault = c.type === 'default_case';
    hasDefault ||= isDefault;
    const caseScope = new BlockScope(inner, cx);
    const values: Value[] = [];
    const pre = cx.collect(() => {
      if (c.type === 'expression_case') for (const v of list(c.childForFieldName('value'))) values.push(lowerExpr(cx, caseScope, v));
    });
    const sc: SwitchCase = { at: cx.at(c), pre, values, isDefault, body: { stmts: [], terminates: false }, endsInBreak: endsInBreak(c) };
    if (alias && alias.text !== '_') {
      const types = c.type === 'type_case' ? c.childrenForFieldName('type').filter((x) => x.isNamed) : [];
      const t = types.length === 1 && types[0]!.text !== 'nil' ? typeFromNode(types[0], cx.file.resolve) : typeOf(cx, inner, valueNode);
      if (c.type === 'type_case') for (const tn of types) values.push({ k: 'const', text: tn.text, type: cx.pc.q(typeFromNode(tn, cx.file.resolve)) });
      sc.bound = cx.newLocal(caseScope, alias.text, t, 'var', cx.at(alias));
    } else if (c.type === 'type_case') {
      for (const tn of c.childrenForFieldName('type').filter((x) => x.isNamed)) values.push({ k: 'const', text: tn.text, type: cx.pc.q(typeFromNode(tn, cx.file.resolve)) });
    }
    sc.body = sub(cx, caseScope, c.namedChildren.find((x) => x.type === 'statement_list'));
    cases.push(sc);
  }
  const region: Region = { k: 'switch', at: cx.at(node), init, typeSwitch, cases, hasDefault };
  if (tag) region.tag = tag;
  if (label) region.label = label;
  return region;
}

function selectRegion(cx: FnCtx, scope: BlockScope, node: Node, label?: string): Region {
  const cases: SelectCase[] = [];
  let hasDefault = false;
  for (const c of node.namedChildren) {
    if (c.type !== 'communication_case' && c.type !== 'default_case') continue;
    const isDefault = c.type === 'default_case';
    hasDefault ||= isDefault;
    const caseScope = new BlockScope(scope, cx);
    const comm = cx.collect(() => {
      const m = c.childForFieldName('communication');
      if (m?.type === 'send_statement') stmt(cx, caseScope, m);
      else if (m?.type === 'receive_statement') receive(cx, caseScope, m);
    });
    cases.push({ at: cx.at(c), comm, isDefault, body: sub(cx, caseScope, c.namedChildren.find((x) => x.type === 'statement_list')), endsInBreak: endsInBreak(c) });
  }
  const region: Region = { k: 'select', at: cx.at(node), cases, hasDefault };
  if (label) region.label = label;
  return region;
}

/** `v, ok := <-ch` (or `=`, or a bare `<-ch`) in a select case. */
function receive(cx: FnCtx, scope: BlockScope, node: Node): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!right) return cx.pc.skip('receive_statement');
  const names = list(left);
  if (names.length === 0) {
    lowerExpr(cx, scope, right);
    return;
  }
  if (left && declares(left, right)) bind(cx, scope, node, names, [right], true);
  else assign(cx, scope, node, names, [right], '=');
}

