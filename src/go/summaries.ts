// Library types that are maps underneath, and library functions that read or write maps, as data.
// Each entry says what a method or function does to the map it is called on (or to its arguments), so the
// checks see `processed.Insert(name)` as a write exactly like `processed[name] = struct{}{}`.
import type { AccessKind } from '../model.js';
import type { GoType } from './types.js';

export interface MapTypeSummary {
  pkg: string;
  /** Type names (generic or not) that are maps. */
  names: string[];
  methods: Record<string, AccessKind>;
  /** Constructors `pkg.Func(...)` returning this type. */
  constructors: string[];
}

const SET_METHODS: Record<string, AccessKind> = {
  Insert: 'write', Delete: 'write', Clear: 'write', PopAny: 'write',
  Has: 'read', HasAll: 'read', HasAny: 'read', Len: 'read',
  List: 'iterate', UnsortedList: 'iterate', Union: 'iterate', Intersection: 'iterate', Difference: 'iterate',
  SymmetricDifference: 'iterate', Equal: 'iterate', IsSuperset: 'iterate', Clone: 'iterate',
};

export const MAP_TYPES: MapTypeSummary[] = [
  {
    pkg: 'k8s.io/apimachinery/pkg/util/sets',
    names: ['Set', 'String', 'Int', 'Int32', 'Int64', 'Byte', 'Empty'],
    methods: SET_METHODS,
    constructors: ['New', 'NewString', 'NewInt', 'NewInt32', 'NewInt64', 'NewByte', 'StringKeySet', 'KeySet', 'Int64KeySet', 'IntKeySet'],
  },
  {
    pkg: 'net/http',
    names: ['Header'],
    methods: { Set: 'write', Add: 'write', Del: 'write', Get: 'read', Values: 'read', Clone: 'iterate', Write: 'iterate', WriteSubset: 'iterate' },
    constructors: [],
  },
  {
    pkg: 'net/url',
    names: ['Values'],
    methods: { Set: 'write', Add: 'write', Del: 'write', Get: 'read', Has: 'read', Encode: 'iterate' },
    constructors: ['ParseQuery'],
  },
];

/**
 * A goroutine root declared in the configuration: a function or method whose func argument runs on another
 * goroutine (a worker pool's `Submit(func())`).
 */
export interface RootSummary {
  /** Import path of the package that declares it. */
  pkg: string;
  /** Receiver type name for a method; absent for a package function. */
  recv?: string;
  name: string;
  /** Index of the func argument. */
  arg: number;
  /** The callback may run many times at once (like an HTTP handler). */
  concurrent: boolean;
}

/** Knowledge of the user's own code and libraries, from the configuration; plain data, so it reaches workers. */
export interface LibrarySummaries {
  mapTypes: MapTypeSummary[];
  roots: RootSummary[];
}

/**
 * What the analysis of one package knows about library code: the built-in tables plus the configured ones.
 * Types declared in the analysed package itself are named with pkg '' by the walker; `pkgPath` (the package's
 * import path) lets the configuration name them like any other type.
 */
export class Library {
  private readonly mapTypes: MapTypeSummary[];
  readonly roots: RootSummary[];
  /** Names of the configured roots, for the name-only scans of spawn sites. */
  readonly rootNames: ReadonlySet<string>;

  constructor(readonly pkgPath = '', readonly configured: LibrarySummaries = { mapTypes: [], roots: [] }) {
    this.mapTypes = [...configured.mapTypes, ...MAP_TYPES];
    this.roots = configured.roots;
    this.rootNames = new Set(configured.roots.map((r) => r.name));
  }

  mapType(t: GoType): MapTypeSummary | undefined {
    if (t.k !== 'named') return undefined;
    const pkg = t.pkg || this.pkgPath;
    return pkg ? this.mapTypes.find((s) => s.pkg === pkg && s.names.includes(t.name)) : undefined;
  }

  /** The map type a `pkg.Func(...)` call returns, if it is a known constructor. */
  constructorResult(pkg: string, func: string): GoType | undefined {
    const s = this.mapTypes.find((s) => s.pkg === pkg && s.constructors.includes(func));
    if (!s) return undefined;
    const one = s.names.length === 1 ? s.names[0] : undefined;
    const name = one ?? (func === 'New' || func.endsWith('KeySet') ? (s.names.includes('Set') ? 'Set' : s.names[0]!) : func.replace(/^New/, ''));
    return { k: 'named', pkg: s.pkg, name, args: [] };
  }

  /** The configured root called as `name` on a `recv` of package `pkg` ('' for the analysed package). */
  root(pkg: string, recv: string | undefined, name: string): RootSummary | undefined {
    const p = pkg || this.pkgPath;
    return this.roots.find((r) => r.pkg === p && r.recv === recv && r.name === name);
  }
}

/**
 * Functions that touch maps passed to them: for each argument index, the access kind.
 * `fmt` printing and encoders iterate the map they print.
 */
export const MAP_FUNCTIONS: Record<string, Record<string, AccessKind[]>> = {
  maps: { Copy: ['write', 'iterate'], DeleteFunc: ['write'], Clone: ['iterate'], Keys: ['iterate'], Values: ['iterate'], All: ['iterate'], Equal: ['iterate', 'iterate'], EqualFunc: ['iterate', 'iterate'], Collect: [], Insert: ['write'] },
  'encoding/json': { Marshal: ['iterate'], MarshalIndent: ['iterate'] },
  'sigs.k8s.io/yaml': { Marshal: ['iterate'] },
  'gopkg.in/yaml.v2': { Marshal: ['iterate'] },
  'gopkg.in/yaml.v3': { Marshal: ['iterate'] },
  'reflect': { DeepEqual: ['iterate', 'iterate'] },
  // Methods of package-level values: `equality.Semantic.DeepEqual(a, b)`.
  'k8s.io/apimachinery/pkg/api/equality': { 'Semantic.DeepEqual': ['iterate', 'iterate'], 'Semantic.DeepDerivative': ['iterate', 'iterate'] },
};

/** fmt functions: every argument after the format (or all, for Print/Println) is printed, i.e. iterated. */
export const FMT_PRINTERS = new Set(['Print', 'Println', 'Printf', 'Sprint', 'Sprintln', 'Sprintf', 'Errorf', 'Fprint', 'Fprintln', 'Fprintf', 'Append', 'Appendf', 'Appendln']);

/**
 * `table[key]` for tables keyed by names from the analysed source: only the table's own entries, so that a Go
 * method called `constructor` or `toString` does not find Object.prototype's.
 */
export function own<T>(table: Record<string, T> | undefined, key: string): T | undefined {
  return table && Object.hasOwn(table, key) ? table[key] : undefined;
}
