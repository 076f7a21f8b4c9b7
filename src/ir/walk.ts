// Walking the IR: every statement of a block (regions' arms, preludes and the instruction a go or defer runs
// included), and the instruction that defines each temp (to follow `a.B().C()` chains back to their calls).
import type { Block, Func, Instr, Stmt } from './types.js';

/** Calls `visit` on every statement in `b`, in program order, regions before their contents. */
export function forEachStmt(b: Block | undefined, visit: (s: Stmt) => void): void {
  for (const s of b?.stmts ?? []) visitStmt(s, visit);
}

function visitStmt(s: Stmt, visit: (s: Stmt) => void): void {
  visit(s);
  const all = (list: Stmt[]) => list.forEach((x) => visitStmt(x, visit));
  switch (s.k) {
    case 'if':
      all(s.init);
      forEachStmt(s.then, visit);
      forEachStmt(s.else, visit);
      return;
    case 'switch':
      all(s.init);
      for (const c of s.cases) {
        all(c.pre);
        forEachStmt(c.body, visit);
      }
      return;
    case 'select':
      for (const c of s.cases) {
        all(c.comm);
        forEachStmt(c.body, visit);
      }
      return;
    case 'loop':
      all(s.init);
      all(s.cond);
      all(s.post);
      forEachStmt(s.body, visit);
      return;
    case 'range':
      forEachStmt(s.body, visit);
      return;
    case 'go':
    case 'defer':
      visitStmt(s.run, visit);
      return;
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
