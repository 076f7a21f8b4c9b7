// Calls through an interface of the module (`s.store.Put(k, v)` with `store Store` an interface): the methods
// of the module's concrete types that implement the interface's method set and that the program creates (a
// composite literal or `new` of the type in its own package or in the analysed one), at most MAX_DISPATCH.
import type { FuncDecl, Package } from '../../go/package.js';
import type { GoType } from '../../go/types.js';
import { LockModel } from './locks.js';

/** Implementations followed at one call through an interface, at most; the rest are counted as truncated. */
export const MAX_DISPATCH = 4;

export abstract class DispatchModel extends LockModel {
  private readonly dispatched = new Map<string, FuncDecl[]>();

  /** Qualified names (`<import path>.T`) of the types a package creates. */
  private readonly created = new WeakMap<Package, Set<string>>();

  /** The implementations of `name` a call through a value of interface type `t` (declared in the module) may run. */
  protected dispatch(t: GoType, name: string): FuncDecl[] {
    if (t.k !== 'named' || !(this.types.isOwn(t) || this.program?.isMain(t.pkg))) return [];
    const path = this.types.isOwn(t) ? this.pkg.importPath : t.pkg;
    const key = `${path}.${t.name}.${name}`;
    const known = this.dispatched.get(key);
    if (known) return known;
    const found: FuncDecl[] = [];
    this.dispatched.set(key, found);
    const u = this.typer.underlying(t);
    if (u.k !== 'interface') return found;
    const methods = this.methodSet(u, new Set(), 0);
    if (!methods.has(name)) return found;
    const made = this.createdIn(this.own.pkg);
    for (const pkg of this.candidates(path)) {
      const here = this.createdIn(pkg);
      for (const fn of pkg.funcs.values()) {
        if (fn.name !== name || !fn.recvType) continue;
        const q = `${pkg.importPath}.${fn.recvType}`;
        if (!here.has(q) && !made.has(q)) continue;
        if ([...methods].every((m) => pkg.funcs.has(`${fn.recvType}.${m}`))) found.push(fn);
      }
    }
    if (found.length > MAX_DISPATCH) {
      this.truncated.dispatch += found.length - MAX_DISPATCH;
      found.length = MAX_DISPATCH;
    }
    return found;
  }

  /** Method names of an interface type, with its embedded interfaces'. */
  private methodSet(t: GoType, into: Set<string>, depth: number): Set<string> {
    if (t.k !== 'interface' || depth > 3) return into;
    for (const m of t.methods) into.add(m.name);
    for (const e of t.embeds) this.methodSet(this.typer.underlying(e), into, depth + 1);
    return into;
  }

  /** The analysed package, the interface's package and the module packages the analysed package imports. */
  private candidates(ifacePath: string): Package[] {
    const out = new Set<Package>([this.own.pkg]);
    const add = (p: string) => {
      const pkg = p === this.own.pkg.importPath ? this.own.pkg : this.packageContext(p)?.pkg;
      if (pkg) out.add(pkg);
    };
    add(ifacePath);
    const imports = new Set<string>();
    for (const file of this.own.pkg.files) for (const p of file.imports.values()) if (this.program?.isMain(p)) imports.add(p);
    for (const p of [...imports].sort().slice(0, 16)) add(p);
    return [...out];
  }

  private createdIn(pkg: Package): Set<string> {
    let made = this.created.get(pkg);
    if (made) return made;
    this.created.set(pkg, (made = new Set()));
    for (const file of pkg.files) {
      for (const n of file.tree.rootNode.descendantsOfType(['composite_literal', 'call_expression'])) {
        const t = n?.type === 'composite_literal' ? n.childForFieldName('type') : n?.childForFieldName('function')?.text === 'new' ? n.childForFieldName('arguments')?.namedChild(0) : undefined;
        if (t?.type === 'type_identifier' || t?.type === 'identifier') made.add(`${pkg.importPath}.${t.text}`);
        else if (t?.type === 'qualified_type') {
          const p = file.imports.get(t.childForFieldName('package')?.text ?? '');
          if (p) made.add(`${p}.${t.childForFieldName('name')?.text ?? ''}`);
        }
      }
    }
    return made;
  }
}
