// Calls through an interface of the module (`s.store.Put(k, v)` with `store Store` an interface): the methods
// of the module's concrete types that implement the interface's method set and that the program creates (a
// composite literal or `new` of the type in its own package or in the analysed one), at most MAX_DISPATCH.
import type { FuncDecl } from '../../go/package.js';
import type { GoType } from '../../go/types.js';
import type { Func } from '../../ir/types.js';
import { MAX_DISPATCH } from './budgets.js';
import { type PkgCtx, declKey } from './context.js';
import { FlowObjects } from './objects.js';
import type { CallInstr } from './state.js';

type Impl = { ctx: PkgCtx; func: Func; decl: FuncDecl };

export abstract class Dispatch extends FlowObjects {
  private readonly dispatched = new Map<string, Impl[]>();
  private readonly created = new WeakMap<PkgCtx, Set<string>>();

  /**
   * The implementations of `name` a call through a value of interface type `t` (declared in the module) may run;
   * `methods`: the interface's method set, as the IR's interface callee carries it.
   */
  protected override shapeCallees(c: CallInstr): readonly Func[] {
    return c.callee.k === 'interface' ? this.dispatch(c.callee.iface, c.callee.method, c.callee.methods, this.own).map((i) => i.func) : super.shapeCallees(c);
  }

  protected dispatch(t: GoType, name: string, methods: readonly string[], ctx: PkgCtx): Impl[] {
    if (t.k !== 'named' || !(t.pkg === this.own.ir.path || this.packages.isMain(t.pkg))) return [];
    const key = `${t.pkg}.${t.name}.${name}`;
    const known = this.dispatched.get(key);
    if (known) return known;
    const found: Impl[] = [];
    this.dispatched.set(key, found);
    if (ctx.types.underlying(t).k !== 'interface' || !methods.includes(name)) return found;
    const made = this.createdIn(this.own);
    for (const ctx of this.candidates(t.pkg)) {
      const here = this.createdIn(ctx);
      for (const decl of ctx.decls.funcs.values()) {
        if (decl.name !== name || !decl.recvType || isTestDouble(ctx, decl)) continue;
        const q = `${ctx.ir.path}.${decl.recvType}`;
        if (!here.has(q) && !made.has(q)) continue;
        if (!methods.every((m) => ctx.decls.funcs.has(`${decl.recvType}.${m}`))) continue;
        const func = this.packages.func(ctx, declKey({ pkg: ctx.ir.path, recv: decl.recvType, name }));
        if (func) found.push({ ctx, func, decl });
      }
    }
    if (found.length > MAX_DISPATCH) {
      this.truncated.dispatch += found.length - MAX_DISPATCH;
      found.length = MAX_DISPATCH;
    }
    return found;
  }

  /** The analysed package, the interface's package and the module packages the analysed package imports. */
  private candidates(ifacePath: string): PkgCtx[] {
    const out = new Set<PkgCtx>([this.own]);
    const add = (p: string) => {
      const ctx = this.packages.byPath(p);
      if (ctx) out.add(ctx);
    };
    add(ifacePath);
    const imports = new Set<string>();
    for (const file of this.own.decls.files) for (const p of file.imports.values()) if (this.packages.isMain(p)) imports.add(p);
    for (const p of [...imports].sort().slice(0, 16)) add(p);
    return [...out];
  }

  /** Qualified names (`<import path>.T`) of the types a package creates (composite literals, `new`). */
  private createdIn(ctx: PkgCtx): Set<string> {
    let made = this.created.get(ctx);
    if (!made) this.created.set(ctx, (made = new Set(ctx.ir.made)));
    return made;
  }
}

/** Package names whose types are test doubles. */
const DOUBLE_PACKAGES = new Set(['fake', 'fakes', 'mock', 'mocks', 'testing', 'testutil', 'testutils']);

/**
 * A method of a test double (`FakeController`, a type of `controller_fake.go`, of package `fake` or `mocks`): tests
 * run it in place of the real implementation, the program does not, so a call through the interface does not
 * dispatch to it (it is analysed where it is called directly).
 */
function isTestDouble(ctx: PkgCtx, decl: FuncDecl): boolean {
  if (DOUBLE_PACKAGES.has(ctx.decls.name) || /^(fake|mock)[A-Z_]|^(Fake|Mock)/.test(decl.recvType ?? '')) return true;
  const file = decl.file.rel.slice(decl.file.rel.lastIndexOf('/') + 1);
  return /(^|_)(fake|mock)s?(_|\.go$)/i.test(file);
}
