// The map fields that the elements of a slice own (issue 12, class 5: each element a goroutine gets is an object of
// its own). An element's map field is its own unless the package gives that field of the element type something
// other than a new map somewhere: `&client{tags: s.common}` or `c.tags = shared` makes every element's `tags`
// possibly one map.
import { valueType } from '../../ir/expr.js';
import type { Package, Value } from '../../ir/types.js';
import { typeKey } from '../../callgraph/values.js';

const memo = new WeakMap<Package, Map<string, Set<string>>>();

/** Per struct type (`<import path>.T`): the fields the package gives anything but a new map or nil. */
export function fieldsGivenShared(pkg: Package): Map<string, Set<string>> {
  let out = memo.get(pkg);
  if (out) return out;
  out = new Map();
  const mark = (owner: string, field: string, v: Value | undefined) => {
    if (owner === '?' || !v || fresh(v)) return;
    (out!.get(owner) ?? out!.set(owner, new Set()).get(owner)!).add(field);
  };
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.k === 'assign') {
      const a = o as { dst: { path: { k: string; name?: string; owner?: unknown }[] }; value?: Value };
      const last = a.dst.path.at(-1);
      const prev = a.dst.path.at(-2) as { type?: unknown } | undefined;
      if (last?.k === 'field' && last.name) mark(typeKey((last.owner ?? prev?.type) as never), last.name, a.value);
    }
    if ((o.kind === 'composite') && Array.isArray(o.elems)) {
      const owner = typeKey(o.type as never);
      for (const e of o.elems as { key?: string; value: Value }[]) mark(owner, e.key ?? '*', e.value);
    }
    for (const y of Object.values(o)) visit(y);
  };
  for (const f of pkg.funcs) visit(f.body);
  memo.set(pkg, out);
  return out;
}

/** A new map (`make`, a literal) or nil: not shared with anything. */
function fresh(v: Value): boolean {
  if (v.k === 'alloc') return v.alloc.kind === 'make' || v.alloc.kind === 'composite';
  if (v.k === 'const') return v.text === 'nil' || valueType(v).k !== 'map';
  return false;
}
