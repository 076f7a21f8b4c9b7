// Questions about named types, answered from the package under analysis (names with `pkg: ''`) and, for
// every other package, from the module's Universe view: the declared and underlying type, struct fields
// through embedding (across packages), method results (declared, promoted through embedding, or from
// interface method sets), package function results and package variable types. Without a view, types of
// other packages stay opaque and only the library summaries know them.
import type { Package } from './package.js';
import type { Program } from './program.js';
import { Library } from './summaries.js';
import { type GoType, type MethodSig, UNKNOWN, deref, isMutex, substitute } from './types.js';
import { type Decls, type ModuleTypes, declsOf } from './universe.js';

type Named = Extract<GoType, { k: 'named' }>;

/** Embedding depth searched for fields and methods. */
const MAX_EMBED_DEPTH = 2;
/** Named-to-named steps followed to reach a type's underlying type. */
const MAX_CHAIN = 8;

export class TypeLookup {
  private readonly local: Decls;

  /** The package's import path ('' outside a module): own type names are qualified with it in field owners. */
  readonly importPath: string;

  /** `program`: the declarations of the main modules' packages when there is no module view (dependency types off). */
  constructor(pkg: Package, private readonly lib: Library = new Library(), private readonly modules?: ModuleTypes, private readonly program?: Program) {
    this.local = declsOf(pkg);
    this.importPath = pkg.importPath;
  }

  /** The declarations of a package: '' (or its own import path) is the package under analysis. */
  decls(pkgPath: string): Decls | undefined {
    if (pkgPath === '' || pkgPath === this.importPath) return this.local;
    return this.modules ? this.modules.package(pkgPath) : this.program?.decls(pkgPath);
  }

  /** Whether a named type is declared in the package under analysis. */
  isOwn(t: GoType): boolean {
    return t.k === 'named' && (t.pkg === '' || t.pkg === this.importPath);
  }

  /** The field owner of a type of the package under analysis: its name qualified with the import path. */
  ownOwner(name: string): string {
    return this.importPath ? `${this.importPath}.${name}` : name;
  }

  /** Whether a field owner names another package's type. */
  isForeignOwner(owner: string): boolean {
    const dot = owner.lastIndexOf('.');
    return dot >= 0 && owner.slice(0, dot) !== this.importPath;
  }

  /** A field owner of the package under analysis, as the type's own name (undefined for other packages' types). */
  ownTypeName(owner: string | undefined): string | undefined {
    if (owner === undefined || this.isForeignOwner(owner)) return undefined;
    return owner.slice(owner.lastIndexOf('.') + 1);
  }

  /** What a named type is declared as, with its type arguments substituted; undefined when unknown. */
  declared(t: GoType): { type: GoType; alias: boolean; decls: Decls } | undefined {
    if (t.k !== 'named') return undefined;
    const decls = this.decls(t.pkg);
    const raw = decls?.types.get(t.name);
    if (!decls || !raw) return undefined;
    return { type: substitute(raw, t.pkg, decls.typeParams.get(t.name) ?? [], t.args), alias: decls.aliases.has(t.name), decls };
  }

  /** The type behind a chain of named types (`type A B`, `type C = A`); a named type of unknown declaration stays as is. */
  underlying(t: GoType): GoType {
    for (let i = 0; i < MAX_CHAIN && t.k === 'named'; i++) {
      const d = this.declared(t);
      if (!d) return t;
      t = d.type;
    }
    return t;
  }

  /** Maps, named map types of any package, and the library's map types (built-in and configured). */
  isMapLike(t: GoType): boolean {
    // A pointer to a summarised type (a configured `*cache.Cache`) is the same storage as the value.
    if (t.k === 'ptr') return !!this.lib.mapType(t.elem);
    for (let i = 0; i < MAX_CHAIN; i++) {
      if (t.k === 'map') return true;
      if (t.k !== 'named') return false;
      if (this.lib.mapType(t)) return true;
      const d = this.declared(t);
      if (!d) return false;
      t = d.type;
    }
    return false;
  }

  /**
   * The struct that declares `field` on a named type (directly or through embedding), as an owner name: `T`
   * for the package under analysis, `<import path>.T` for others; and the field's type.
   */
  field(t: GoType, field: string, depth = 0): { owner: string; type: GoType } | undefined {
    if (t.k !== 'named' || depth > MAX_EMBED_DEPTH) return undefined;
    const owner = this.unalias(t);
    const st = this.underlying(owner);
    if (st.k !== 'struct') return undefined;
    const direct = st.fields.find((x) => x.name === field);
    if (direct) return { owner: this.owner(owner), type: direct.type };
    for (const x of st.fields) {
      if (!x.embedded) continue;
      const found = this.field(deref(x.type), field, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** The mutex `x.Lock()` locks when x's struct embeds a sync.Mutex or RWMutex (directly or through embedding). */
  embeddedMutex(t: GoType, depth = 0): { owner: string; field: string } | undefined {
    if (t.k !== 'named' || depth > MAX_EMBED_DEPTH) return undefined;
    const owner = this.unalias(t);
    const st = this.underlying(owner);
    if (st.k !== 'struct') return undefined;
    const mu = st.fields.find((x) => x.embedded && isMutex(x.type));
    if (mu) return { owner: this.owner(owner), field: mu.name };
    for (const x of st.fields) {
      const found = x.embedded ? this.embeddedMutex(deref(x.type), depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A field's type on a struct literal type or a named type; unknown when there is no such field. */
  fieldType(t: GoType, field: string): GoType {
    if (t.k === 'struct') return t.fields.find((x) => x.name === field)?.type ?? UNKNOWN;
    return this.field(t, field)?.type ?? UNKNOWN;
  }

  /** Results of calling `method` on a value of type t (or *t): declared, promoted, or from an interface. */
  methodResults(t: GoType, method: string, depth = 0): GoType[] | undefined {
    t = deref(t);
    if (t.k === 'interface') return this.interfaceMethod(t, method, depth);
    if (t.k !== 'named' || depth > MAX_EMBED_DEPTH + 1) return undefined;
    const d = this.declared(t);
    if (!d) return undefined;
    if (d.alias) return this.methodResults(d.type, method, depth + 1);
    const m = d.decls.methods.get(`${t.name}.${method}`);
    if (m) return m.results.map((r) => substitute(r, t.pkg, m.recvTypeParams, t.args));
    const u = this.underlying(t);
    if (u.k === 'interface') return this.interfaceMethod(u, method, depth);
    if (u.k !== 'struct') return undefined;
    for (const x of u.fields) {
      if (!x.embedded) continue;
      const r = this.methodResults(x.type, method, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  private interfaceMethod(t: Extract<GoType, { k: 'interface' }>, method: string, depth: number): GoType[] | undefined {
    const sig: MethodSig | undefined = t.methods.find((m) => m.name === method);
    if (sig) return sig.results;
    for (const e of t.embeds) {
      const r = this.methodResults(e, method, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  /** Results of a package-level function of an imported package. */
  funcResults(pkgPath: string, name: string): GoType[] | undefined {
    return this.decls(pkgPath)?.funcs.get(name);
  }

  /** The type of a package-level variable of an imported package. */
  varType(pkgPath: string, name: string): GoType | undefined {
    return this.decls(pkgPath)?.vars.get(name);
  }

  private owner(t: Named): string {
    return t.pkg ? `${t.pkg}.${t.name}` : this.ownOwner(t.name);
  }

  /** `type A = B`: B is the type that declares the fields. */
  private unalias(t: Named): Named {
    for (let i = 0; i < MAX_CHAIN; i++) {
      const d = this.declared(t);
      if (!d?.alias || d.type.k !== 'named') return t;
      t = d.type;
    }
    return t;
  }
}


