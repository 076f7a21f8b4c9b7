// Where function values go: a flow-insensitive, field-based analysis over abstract locations. A local (or
// parameter, or captured variable) is one location per function; a struct field is one location per owner type
// and field name, whatever the object (`p.onEvent` of every *Pool); a package variable is one; an element of a
// slice or map is its container's location with `[]`; a call's result is one per call and result index. Sources
// are declared functions, method values and func literals; constraints copy between locations. Solving gives, for
// every location, the functions it may hold: what a call through a func value runs.
import type { FuncId, LocalRoot, Place } from '../ir/types.js';
import type { GoType } from '../go/types.js';

/** An abstract location's key. */
export type Loc = string;

export function localLoc(r: Pick<LocalRoot, 'func' | 'id'>): Loc {
  return `L ${r.func}#${r.id}`;
}

export function resultLoc(func: FuncId, index: number): Loc {
  return `R ${func}.${index}`;
}

export function tempLoc(func: FuncId, temp: number, index: number): Loc {
  return `T ${func}#${temp}.${index}`;
}

export function fieldLoc(owner: string, field: string): Loc {
  return `F ${owner}.${field}`;
}

/** `<import path>.T` of a named type or a pointer to one; `?` otherwise. */
export function typeKey(t: GoType | undefined): string {
  if (t?.k === 'ptr') return typeKey(t.elem);
  return t?.k === 'named' ? `${t.pkg}.${t.name}` : '?';
}

/**
 * The location a place denotes, in function `func` (for the result roots of its calls); undefined for places no
 * function value is tracked through (a value computed in place, an unknown name).
 */
export function placeLoc(func: FuncId, p: Place): Loc | undefined {
  let loc: Loc | undefined;
  switch (p.root.k) {
    case 'local':
    case 'param':
    case 'recv':
      loc = localLoc(p.root);
      break;
    case 'global':
      loc = `G ${p.root.pkg}.${p.root.name}`;
      break;
    case 'result':
      loc = tempLoc(func, p.root.temp, p.root.index);
      break;
    case 'alloc':
      loc = `A ${p.root.alloc.at.file}:${p.root.alloc.at.line}:${p.root.alloc.at.column}`;
      break;
    default:
      return undefined;
  }
  for (const step of p.path) {
    if (step.k === 'field') loc = fieldLoc(typeKey(step.owner), step.name);
    else if (step.k === 'index' || step.k === 'mapelem') loc = `${loc}[]`;
  }
  return loc;
}

export class ValueFlow {
  private readonly holds = new Map<Loc, Set<FuncId>>();
  /** Location → the locations that receive everything it holds. */
  private readonly copies = new Map<Loc, Set<Loc>>();
  /** What each location gained since it last passed its values on (difference propagation). */
  private readonly pending = new Map<Loc, FuncId[]>();

  /** `loc` may hold function `f`. */
  source(loc: Loc, f: FuncId): void {
    this.add(loc, [f]);
  }

  /** Everything `from` holds, `to` may hold. */
  copy(from: Loc, to: Loc): void {
    if (from === to) return;
    let set = this.copies.get(from);
    if (!set) this.copies.set(from, (set = new Set()));
    if (set.has(to)) return;
    set.add(to);
    const held = this.holds.get(from);
    if (held?.size) this.add(to, held);
  }

  /** Propagates until nothing changes; `copy` and `source` may be called again afterwards. */
  solve(): void {
    for (let next = this.pending.entries().next(); !next.done; next = this.pending.entries().next()) {
      const [loc, gained] = next.value;
      this.pending.delete(loc);
      for (const to of this.copies.get(loc) ?? []) this.add(to, gained);
    }
  }

  /** The functions a location may hold (after `solve`). */
  at(loc: Loc): ReadonlySet<FuncId> {
    return this.holds.get(loc) ?? EMPTY;
  }

  private add(loc: Loc, fs: Iterable<FuncId>): void {
    let set = this.holds.get(loc);
    if (!set) this.holds.set(loc, (set = new Set()));
    let gained: FuncId[] | undefined;
    for (const f of fs) {
      if (set.has(f)) continue;
      set.add(f);
      (gained ??= this.pending.get(loc) ?? this.pending.set(loc, []).get(loc)!).push(f);
    }
  }
}

const EMPTY: ReadonlySet<FuncId> = new Set();
