// Which locals of a package's functions are ever assigned again after their definition (`x = y`, a second
// `x, err := ...`, `for x = range`), in their own function or in a literal: a variable that is not holds one
// value for its whole life, so what the walk learned at its definition stays true wherever it is read.
import type { Block, Func, LocalRoot, Place, Stmt } from '../../ir/types.js';
import { localKey } from './state.js';

const cache = new WeakMap<Func, Set<string>>();

/** The localKeys of the locals of `func` that it, or a literal written in it, assigns after defining them. */
export function reassignedIn(func: Func, funcs: ReadonlyMap<string, Func>): ReadonlySet<string> {
  let known = cache.get(func);
  if (!known) {
    const all: Func[] = [];
    const add = (f: Func | undefined, depth: number) => {
      if (!f || depth > 32) return;
      all.push(f);
      for (const id of f.literals) add(funcs.get(id), depth + 1);
    };
    add(func, 0);
    known = reassignedLocals(all);
    cache.set(func, known);
  }
  return known;
}

function reassignedLocals(funcs: Iterable<Func>): Set<string> {
  const defined = new Set<string>();
  const out = new Set<string>();
  const plain = (p: LocalRoot | Place | undefined) => {
    if (!p) return;
    if (!('root' in p)) {
      const key = localKey(p);
      if (defined.has(key)) out.add(key);
      defined.add(key);
      return;
    }
    const r = p.root;
    if (p.path.length === 0 && (r.k === 'local' || r.k === 'param' || r.k === 'recv')) out.add(localKey(r));
  };
  const block = (b: Block | undefined) => b && stmts(b.stmts);
  const stmts = (list: Stmt[]) => list.forEach(stmt);
  const stmt = (s: Stmt): void => {
    switch (s.k) {
      case 'define':
        return plain(s.local);
      case 'assign':
        return plain(s.dst);
      case 'defer':
      case 'go':
        return stmt(s.run);
      case 'if':
        stmts(s.init);
        block(s.then);
        return block(s.else);
      case 'switch':
        stmts(s.init);
        for (const c of s.cases) {
          stmts(c.pre);
          if (c.bound) plain(c.bound);
          block(c.body);
        }
        return;
      case 'select':
        for (const c of s.cases) {
          stmts(c.comm);
          block(c.body);
        }
        return;
      case 'loop':
        stmts(s.init);
        stmts(s.cond);
        stmts(s.post);
        return block(s.body);
      case 'range':
        plain(s.key);
        plain(s.value);
        return block(s.body);
      default:
        return;
    }
  };
  for (const f of funcs) block(f.body);
  return out;
}
