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

export function mapTypeSummary(t: GoType): MapTypeSummary | undefined {
  if (t.k !== 'named' || !t.pkg) return undefined;
  return MAP_TYPES.find((s) => s.pkg === t.pkg && s.names.includes(t.name));
}

/** The library map type a `pkg.Func(...)` call returns, if it is a known constructor. */
export function constructorResult(pkg: string, func: string): GoType | undefined {
  const s = MAP_TYPES.find((s) => s.pkg === pkg && s.constructors.includes(func));
  if (!s) return undefined;
  const name = func === 'New' || func.endsWith('KeySet') ? (s.names.includes('Set') ? 'Set' : s.names[0]!) : func.replace(/^New/, '');
  return { k: 'named', pkg: s.pkg, name, args: [] };
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
