// The map fields that the elements of a slice own (issue 12, class 5: each element a goroutine gets is an object of
// its own). An element's map field is its own unless the package gives that field of the element type something
// other than a new map somewhere: `&client{tags: s.common}` or `c.tags = shared` makes every element's `tags`
// possibly one map. A local that holds only new maps and is stored once counts as a new map where it is stored in
// the iteration that made it (`tags := make(...); s.clients = append(s.clients, &client{tags: tags})`), not where a
// loop around the store reuses a map made before it.
import { valueType } from '../../ir/expr.js';
import type { Func, LocalRoot, Package, Stmt, Value } from '../../ir/types.js';
import { typeKey } from '../../callgraph/values.js';

const memo = new WeakMap<Package, Map<string, Set<string>>>();

/** Per struct type (`<import path>.T`): the fields the package gives anything but a new map or nil. */
export function fieldsGivenShared(pkg: Package): Map<string, Set<string>> {
  let out = memo.get(pkg);
  if (out) return out;
  out = new Map();
  const locals = freshLocals(pkg);
  for (const f of pkg.funcs) {
    const mark = (owner: string, field: string, v: Value | undefined, depth: number) => {
      if (owner === '?' || !v || fresh(v) || freshLocal(f, locals, v, depth)) return;
      (out!.get(owner) ?? out!.set(owner, new Set()).get(owner)!).add(field);
    };
    walkValues(f, (x, depth) => {
      if (x.k === 'assign') {
        const last = x.dst.path.at(-1);
        const prev = x.dst.path.at(-2);
        if (last?.k === 'field') mark(typeKey(last.owner ?? (prev && 'type' in prev ? prev.type : undefined)), last.name, x.value, depth);
      }
      if (x.k === 'alloc' && x.alloc.kind === 'composite') {
        const owner = typeKey(x.alloc.type);
        for (const e of x.alloc.elems ?? []) mark(owner, e.key ?? '*', e.value, depth);
      }
    });
  }
  memo.set(pkg, out);
  return out;
}

/** A new map (`make`, a literal) or nil: not shared with anything. */
function fresh(v: Value): boolean {
  if (v.k === 'alloc') return v.alloc.kind === 'make' || v.alloc.kind === 'composite';
  if (v.k === 'const') return v.text === 'nil' || valueType(v).k !== 'map';
  return false;
}

/** `v` reads a local of `f` that `freshLocals` kept, declared in every loop around the store (`depth`). */
function freshLocal(f: Func, locals: Map<string, number>, v: Value, depth: number): boolean {
  if (v.k !== 'place' || v.place.path.length > 0 || v.place.root.k !== 'local' || v.place.root.func !== f.id) return false;
  const uses = locals.get(`${f.id}#${v.place.root.id}`);
  return uses === 1 && (f.locals[v.place.root.id]?.loopDepth ?? -1) >= depth;
}

/**
 * Locals (`func#id`) given only new maps (or nil), with the number of values that read them whole: a local read
 * once is stored in one place, one read more may share its map with another object.
 */
function freshLocals(pkg: Package): Map<string, number> {
  const uses = new Map<string, number>();
  const tainted = new Set<string>();
  const key = (r: LocalRoot) => `${r.func}#${r.id}`;
  for (const f of pkg.funcs) {
    walkValues(f, (x) => {
      if (x.k === 'define' && x.value && !fresh(x.value)) tainted.add(key(x.local));
      if (x.k === 'assign' && x.dst.root.k === 'local' && x.dst.path.length === 0 && (!x.value || !fresh(x.value) || x.op)) tainted.add(key(x.dst.root));
      if (x.k === 'place' && x.place.root.k === 'local' && x.place.path.length === 0) uses.set(key(x.place.root), (uses.get(key(x.place.root)) ?? 0) + 1);
      if (x.k === 'addr' && x.place.root.k === 'local') tainted.add(key(x.place.root));
      if (x.k === 'range') for (const r of [x.key, x.value]) if (r && 'func' in r) tainted.add(key(r));
      if (x.k === 'switch') for (const c of x.cases) if (c.bound) tainted.add(key(c.bound));
    });
  }
  for (const k of tainted) uses.delete(k);
  return uses;
}

/**
 * Every instruction, region and value of `f`'s body, with the number of loops around it (the loop's own clauses
 * and body count as inside it: Go makes their variables anew per iteration).
 */
function walkValues(f: Func, fn: (x: Stmt | Value, depth: number) => void): void {
  const seen = new Set<object>();
  const visit = (x: unknown, depth: number): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const y of x) visit(y, depth);
      return;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.k === 'string') fn(o as never, depth);
    const inner = o.k === 'loop' || o.k === 'range' ? depth + 1 : depth;
    for (const [name, y] of Object.entries(o)) visit(y, name === 'over' ? depth : inner);
  };
  visit(f.body, 0);
}
