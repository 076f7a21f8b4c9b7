// The packages the IR interpreter walks: the analysed one and, lowered on first use, other packages of the main
// module(s) that calls lead into (src/go/program.ts), each with its declarations, types and library knowledge;
// and per-function facts computed once from the IR (does it start goroutines, does it lock).
import type { FuncDecl, Package as GoPackage } from '../../go/package.js';
import type { Program as GoProgram } from '../../go/program.js';
import { Library, own } from '../../go/summaries.js';
import { TypeLookup } from '../../go/typelookup.js';
import type { ModuleTypes } from '../../go/universe.js';
import { LazyPackage, lowerPackage } from '../../ir/funcs.js';
import type { CallSite, Func, FuncRef, Package, Stmt } from '../../ir/types.js';
import { forEachStmt } from '../../ir/walk.js';
import { SPAWN_METHODS } from '../../go/vocab.js';
import { CALLBACK_CALLS, HANDLER_REGISTRATIONS } from '../frameworks.js';

/** A package whose code is walked: its IR, its declarations (with the FuncDecls of its functions), types and library. */
export interface PkgCtx {
  ir: Package;
  decls: GoPackage;
  types: TypeLookup;
  lib: Library;
  /** IR functions by id (for a package lowered on demand, those lowered so far). */
  funcs: Map<string, Func>;
  /** For another package of the module: lowers its functions when first asked for. */
  lazy?: LazyPackage;
}

/** The key of a declared function in its package's declarations (`Name`, `Recv.Name`). */
export function declKey(ref: FuncRef): string {
  return ref.recv ? `${ref.recv}.${ref.name}` : ref.name;
}

/**
 * Other packages of the module, lowered once per worker thread: the program view (src/go/program.ts) hands out
 * one object per package until it drops it for its memory budget, and its IR goes with it. By the dependency
 * types' view and by the configured summaries (one program view serves runs with different configurations).
 */
const lowered = new WeakMap<object, Map<string, WeakMap<GoPackage, PkgCtx>>>();
/** The cache key when dependency types are off. */
const NO_MODULES = {};

/** Lowers the analysed package and, on demand, other packages of the module; answers questions about functions. */
export class Packages {
  readonly own: PkgCtx;
  private readonly spawnMemo = new Map<string, boolean>();
  /** Packages over the program's memory budget (its counter moved while loading). */
  overBudget = 0;
  private readonly configKey: string;

  constructor(pkg: GoPackage, lib: Library, types: TypeLookup, private readonly program?: GoProgram, private readonly modules?: ModuleTypes) {
    const ir = lowerPackage(pkg, { types, lib });
    this.own = { ir, decls: pkg, types, lib, funcs: new Map(ir.funcs.map((f) => [f.id, f])) };
    this.configKey = JSON.stringify(lib.configured);
  }

  /** The IR function of a declaration (`F`, `T.M`) of a package, lowered now if the package is lowered on demand. */
  func(ctx: PkgCtx, key: string): Func | undefined {
    const id = `${ctx.ir.path || ctx.ir.dir}.${key}`;
    if (!ctx.funcs.has(id) && ctx.lazy) for (const f of ctx.lazy.func(key)) ctx.funcs.set(f.id, f);
    return ctx.funcs.get(id);
  }

  isMain(path: string): boolean {
    return !!this.program?.isMain(path);
  }

  /** The context of the package at `path`: the analysed one, or another of the main modules (loaded, lowered). */
  byPath(path: string): PkgCtx | undefined {
    if (path === this.own.ir.path) return this.own;
    if (path === '' || !this.program) return undefined;
    const before = this.program.overBudget;
    const pkg = this.program.package(path);
    if (this.program.overBudget > before) this.overBudget += this.program.overBudget - before;
    if (!pkg?.files[0]) return undefined;
    const byConfig = lowered.get(this.modules ?? NO_MODULES) ?? new Map<string, WeakMap<GoPackage, PkgCtx>>();
    lowered.set(this.modules ?? NO_MODULES, byConfig);
    const cache = byConfig.get(this.configKey) ?? new WeakMap<GoPackage, PkgCtx>();
    byConfig.set(this.configKey, cache);
    const known = cache.get(pkg);
    if (known) return known;
    const lib = new Library(path, this.own.lib.configured);
    const types = new TypeLookup(pkg, lib, this.modules, this.program);
    const lazy = new LazyPackage(pkg, { types, lib });
    const c: PkgCtx = { ir: lazy.ir, decls: pkg, types, lib, funcs: new Map(), lazy };
    cache.set(pkg, c);
    return c;
  }

  /** The IR function and declaration a reference names (undefined outside the main modules or without a body). */
  resolve(ref: FuncRef): { ctx: PkgCtx; func: Func; decl: FuncDecl } | undefined {
    const ctx = ref.pkg === this.own.ir.path ? this.own : this.isMain(ref.pkg) ? this.byPath(ref.pkg) : undefined;
    if (!ctx) return undefined;
    const key = declKey(ref);
    const decl = ctx.decls.funcs.get(key);
    const func = decl && this.func(ctx, key);
    return decl && func ? { ctx, func, decl } : undefined;
  }

  /** The IR function of a declaration of `ctx` (the last one declared, as the declarations keep it). */
  funcOf(ctx: PkgCtx, decl: FuncDecl): Func | undefined {
    const id = `${ctx.ir.path || ctx.ir.dir}.${decl.key}`;
    for (let n = 9; n > 1; n--) {
      const f = ctx.funcs.get(`${id}#${n}`);
      if (f) return f;
    }
    return this.func(ctx, decl.key);
  }

  /** A method of a named type of a main module (declared on it or promoted through embedding). */
  method(pkg: string, typeName: string, name: string, depth = 0): { ctx: PkgCtx; func: Func; decl: FuncDecl } | undefined {
    const direct = this.resolve({ pkg, recv: typeName, name });
    if (direct || depth > 2) return direct;
    const ctx = pkg === this.own.ir.path ? this.own : this.byPath(pkg);
    const t = ctx?.decls.types.get(typeName);
    if (!ctx || t?.k !== 'struct') return undefined;
    for (const fld of t.fields) {
      if (!fld.embedded) continue;
      const e = fld.type.k === 'ptr' ? fld.type.elem : fld.type;
      if (e.k !== 'named') continue;
      const m = this.method(e.pkg === '' ? pkg : e.pkg, e.name, name, depth + 1);
      if (m) return m;
    }
    return undefined;
  }

  /** Whether a function (or a literal written in it, or a function it calls, a few levels down) starts goroutines. */
  spawnsTransitively(ctx: PkgCtx, func: Func, depth = 0): boolean {
    const known = this.spawnMemo.get(func.id);
    if (known !== undefined) return known;
    this.spawnMemo.set(func.id, false);
    let result = false;
    const visit = (f: Func, d: number): void => {
      forEachStmt(f.body, (s) => {
        if (result) return;
        if (s.k === 'go' || (s.k === 'call' && isSpawnCall(s, ctx.lib))) result = true;
        else if (s.k === 'call' && s.callee.k === 'static' && d < 6) {
          const target = this.ownCallee(ctx, s.callee.func);
          if (target && target !== f && this.spawnsTransitively(ctx, target, d + 1)) result = true;
        }
      });
      for (const lit of f.literals) {
        const l = ctx.funcs.get(lit);
        if (l && !result) visit(l, d);
      }
    };
    visit(func, depth);
    this.spawnMemo.set(func.id, result);
    return result;
  }

  /** A callee declared in the same package as the caller (transitive spawn scans stay in one package, as before). */
  private ownCallee(ctx: PkgCtx, ref: FuncRef): Func | undefined {
    return ref.pkg === ctx.ir.path ? this.func(ctx, declKey(ref)) : undefined;
  }
}

/** The name a call is made by (`Go` of `g.Go`, `AfterFunc` of `time.AfterFunc`). */
export function calleeName(c: CallSite): string {
  switch (c.callee.k) {
    case 'static':
      return c.callee.func.name;
    case 'interface':
      return c.callee.method;
    case 'library':
    case 'unknown':
      return c.callee.name.slice(c.callee.name.lastIndexOf('.') + 1);
    case 'builtin':
      return c.callee.name;
    case 'conversion':
      return c.callee.type.k === 'named' ? c.callee.type.name : '';
    default:
      return c.text.slice(c.text.lastIndexOf('.') + 1);
  }
}

/** The package path of `pkg.F(...)` (undefined for methods and func values). */
export function calleePkg(c: CallSite): string | undefined {
  if (c.callee.k === 'static' && !c.callee.func.recv && !c.callee.recv) return c.callee.func.pkg;
  if ((c.callee.k === 'library' || c.callee.k === 'unknown') && c.callee.pkg && !c.callee.recv && !c.callee.recvType) return c.callee.pkg;
  if (c.callee.k === 'conversion' && c.callee.type.k === 'named') return c.callee.type.pkg;
  return undefined;
}

/** A call that starts goroutines (the spawn methods, framework registrations, configured roots). */
export function isSpawnCall(s: Extract<Stmt, { k: 'call' }>, lib: Library): boolean {
  const name = calleeName(s);
  if (SPAWN_METHODS.has(name) || lib.rootNames.has(name) || own(HANDLER_REGISTRATIONS, name)) return true;
  const pkg = calleePkg(s);
  return !!pkg && !!own(own(CALLBACK_CALLS, pkg), name);
}
