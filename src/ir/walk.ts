// Walking the IR: every statement of a block (regions' arms, preludes and the instruction a go or defer runs
// included), with the loops around it; the values a statement evaluates and the values inside a value; and the
// instruction that defines each temp (to follow `a.B().C()` chains back to their calls).
import type { Block, Func, Instr, Place, Stmt, Value } from './types.js';

/**
 * Calls `visit` on every statement in `b`, in program order, regions before their contents, with the number of
 * loops around it (a loop's clauses and body are inside it: Go makes their variables anew per iteration).
 */
export function forEachStmt(b: Block | undefined, visit: (s: Stmt, loops: number) => void, loops = 0): void {
  for (const s of b?.stmts ?? []) visitStmt(s, visit, loops);
}

function visitStmt(s: Stmt, visit: (s: Stmt, loops: number) => void, loops: number): void {
  visit(s, loops);
  const all = (list: Stmt[], n = loops) => list.forEach((x) => visitStmt(x, visit, n));
  switch (s.k) {
    case 'if':
      all(s.init);
      forEachStmt(s.then, visit, loops);
      forEachStmt(s.else, visit, loops);
      return;
    case 'switch':
      all(s.init);
      for (const c of s.cases) {
        all(c.pre);
        forEachStmt(c.body, visit, loops);
      }
      return;
    case 'select':
      for (const c of s.cases) {
        all(c.comm);
        forEachStmt(c.body, visit, loops);
      }
      return;
    case 'loop':
      all(s.init, loops + 1);
      all(s.cond, loops + 1);
      all(s.post, loops + 1);
      forEachStmt(s.body, visit, loops + 1);
      return;
    case 'range':
      forEachStmt(s.body, visit, loops + 1);
      return;
    case 'go':
    case 'defer':
      visitStmt(s.run, visit, loops);
      return;
    default:
      return;
  }
}

/** The operands a statement evaluates itself (not those of the statements inside a region). */
export function stmtValues(s: Stmt): Value[] {
  const at = (p: Place): Value => ({ k: 'place', place: p });
  const opt = (...vs: (Value | undefined)[]) => vs.filter((v): v is Value => !!v);
  switch (s.k) {
    case 'define':
      return opt(s.value);
    case 'assign':
      // A variable assigned whole evaluates nothing; `x.f = v` evaluates `x` (and `m[k] = v` its key).
      return opt(s.dst.path.length ? at(s.dst) : undefined, s.value);
    case 'eval':
      return [s.value];
    case 'mapread':
    case 'mapdelete':
      return opt(at(s.map), s.key);
    case 'mapwrite':
      return opt(at(s.map), s.key, s.value);
    case 'mapiter':
    case 'mapclear':
      return [at(s.map)];
    case 'call': {
      const c = s.callee;
      const recv = c.k === 'static' || c.k === 'interface' || c.k === 'library' || c.k === 'unknown' ? c.recv : c.k === 'dynamic' ? c.value : undefined;
      return opt(recv, ...s.args);
    }
    case 'lock':
      return [at(s.lock)];
    case 'send':
      return [s.chan, s.value];
    case 'recv':
    case 'close':
      return [s.chan];
    case 'wait':
      return [s.on];
    case 'oncedo':
      return [s.once, s.fn];
    case 'return':
      return s.values;
    case 'if':
      return [s.cond];
    case 'switch':
      return opt(s.tag, ...s.cases.flatMap((c) => c.values));
    case 'loop':
      return opt(s.condValue);
    case 'range':
      return [s.over, ...[s.key, s.value].flatMap((x) => (x && 'root' in x ? [at(x)] : []))];
    default:
      return [];
  }
}

/** Calls `visit` on `v` and on every value inside it: a place's root and index keys, a literal's elements, operands. */
export function forEachValue(v: Value, visit: (v: Value) => void): void {
  visit(v);
  const inPlace = (p: Place) => {
    if (p.root.k === 'alloc') forEachValue({ k: 'alloc', alloc: p.root.alloc }, visit);
    else if (p.root.k === 'value') forEachValue(p.root.value, visit);
    for (const step of p.path) if (step.k === 'index' || step.k === 'mapelem') forEachValue(step.k === 'index' ? step.index : step.key, visit);
  };
  switch (v.k) {
    case 'place':
    case 'addr':
      return inPlace(v.place);
    case 'alloc':
      for (const e of v.alloc.elems ?? []) forEachValue(e.value, visit);
      return;
    case 'method':
      return forEachValue(v.recv, visit);
    case 'op':
      for (const a of v.args) forEachValue(a, visit);
      return;
    case 'assert':
      return forEachValue(v.value, visit);
    default:
      return;
  }
}

/** The call or receive that defines each temp of a function. */
export function tempDefs(f: Func): Map<number, Extract<Instr, { k: 'call' | 'recv' }>> {
  const out = new Map<number, Extract<Instr, { k: 'call' | 'recv' }>>();
  forEachStmt(f.body, (s) => {
    if (s.k === 'call' || s.k === 'recv') out.set(s.temp, s);
  });
  return out;
}
