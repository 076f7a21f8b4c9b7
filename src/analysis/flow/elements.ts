// The map fields that the elements of a slice own (issue 12, class 5: each element a goroutine gets is an object of
// its own). An element's map field is its own unless the package gives that field of the element type something
// other than a new map somewhere: `&client{tags: s.common}` or `c.tags = shared` makes every element's `tags`
// possibly one map. A local that holds only new maps and is stored once counts as a new map where it is stored in
// the iteration that made it (`tags := make(...); s.clients = append(s.clients, &client{tags: tags})`), not where a
// loop around the store reuses a map made before it.
import { valueType } from '../../ir/expr.js';
import type { Func, LocalRoot, Package, Value } from '../../ir/types.js';
import { forEachStmt, forEachValue, stmtValues } from '../../ir/walk.js';
import { typeKey } from '../../callgraph/values.js';

const memo = new WeakMap<Package, Map<string, Set<string>>>();

/** Per struct type (`<import path>.T`): the fields the package gives anything but a new map or nil. */
export function fieldsGivenShared(pkg: Package): Map<string, Set<string>> {
  let out = memo.get(pkg);
  if (out) return out;
  out = new Map();
  const locals = freshLocals(pkg);
  for (const f of pkg.funcs) {
    const mark = (owner: string, field: string, v: Value | undefined, loops: number) => {
      if (owner === '?' || !v || fresh(v) || freshLocal(f, locals, v, loops)) return;
      (out!.get(owner) ?? out!.set(owner, new Set()).get(owner)!).add(field);
    };
    forEachStmt(f.body, (s, loops) => {
      if (s.k === 'assign') {
        const last = s.dst.path.at(-1);
        const prev = s.dst.path.at(-2);
        if (last?.k === 'field') mark(typeKey(last.owner ?? prev?.type), last.name, s.value, loops);
      }
      for (const v of stmtValues(s)) {
        forEachValue(v, (x) => {
          if (x.k !== 'alloc' || x.alloc.kind !== 'composite') return;
          const owner = typeKey(x.alloc.type);
          for (const e of x.alloc.elems ?? []) mark(owner, e.key ?? '*', e.value, loops);
        });
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

/** `v` reads a local of `f` that `freshLocals` kept, declared in every loop around the store. */
function freshLocal(f: Func, locals: Map<string, number>, v: Value, loops: number): boolean {
  if (v.k !== 'place' || v.place.path.length > 0 || v.place.root.k !== 'local' || v.place.root.func !== f.id) return false;
  const uses = locals.get(`${f.id}#${v.place.root.id}`);
  return uses === 1 && (f.locals[v.place.root.id]?.loopDepth ?? -1) >= loops;
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
    forEachStmt(f.body, (s) => {
      if (s.k === 'define' && s.value && !fresh(s.value)) tainted.add(key(s.local));
      if (s.k === 'assign' && s.dst.root.k === 'local' && s.dst.path.length === 0 && (!s.value || !fresh(s.value) || s.op)) tainted.add(key(s.dst.root));
      if (s.k === 'range') for (const r of [s.key, s.value]) if (r && 'func' in r) tainted.add(key(r));
      if (s.k === 'switch') for (const c of s.cases) if (c.bound) tainted.add(key(c.bound));
      // The map a map operation works on is used, not stored anywhere.
      const operand = 'map' in s ? s.map : undefined;
      for (const v of stmtValues(s)) {
        forEachValue(v, (x) => {
          if (x.k === 'place' && x.place !== operand && x.place.root.k === 'local' && x.place.path.length === 0) uses.set(key(x.place.root), (uses.get(key(x.place.root)) ?? 0) + 1);
          if (x.k === 'addr' && x.place.root.k === 'local') tainted.add(key(x.place.root));
        });
      }
    });
  }
  for (const k of tainted) uses.delete(k);
  return uses;
}
