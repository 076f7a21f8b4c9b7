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
  /** Location → locations that receive what it holds, each value mapped (dropped when the map gives undefined). */
  private readonly mapped = new Map<Loc, { to: Loc; map: (v: string) => string | undefined }[]>();
  /** What each location gained since it last passed its values on (difference propagation), and in which order. */
  private readonly pending = new Map<Loc, FuncId[]>();
  private queue: Loc[] = [];
  /** Locations that hold the top value (and nothing else). */
  private readonly topped = new Set<Loc>();
  private readonly topSet: ReadonlySet<FuncId>;

  /**
   * `base`: copies shared with other flows (the packages' own constraints), followed as this flow's own. `top`: a
   * value that stands for every value: a location that holds it holds nothing else, and what reaches it is passed to
   * `absorbed` instead of on; a location that would hold more than `limit` values holds the top value instead.
   */
  constructor(
    private readonly base: readonly ReadonlyMap<Loc, ReadonlySet<Loc>>[] = [],
    private readonly top?: { value: string; absorbed?: (loc: Loc, v: string) => void; limit?: number },
  ) {
    this.topSet = new Set(top ? [top.value] : []);
  }

  /** `loc` may hold function `f`. */
  source(loc: Loc, f: FuncId): void {
    this.add(loc, [f]);
  }

  /** Everything `from` holds, `to` may hold. */
  copy(from: Loc, to: Loc): void {
    if (from === to || this.base.some((b) => b.get(from)?.has(to))) return;
    let set = this.copies.get(from);
    if (!set) this.copies.set(from, (set = new Set()));
    if (set.has(to)) return;
    set.add(to);
    const held = this.holds.get(from);
    if (held?.size) this.add(to, held);
  }

  /** Everything `from` holds, mapped by `map`, `to` may hold. */
  copyMapped(from: Loc, to: Loc, map: (v: string) => string | undefined): void {
    (this.mapped.get(from) ?? this.mapped.set(from, []).get(from)!).push({ to, map });
    const held = this.holds.get(from);
    if (held?.size) this.add(to, mapAll(held, map));
  }

  /** Propagates until nothing changes; `copy` and `source` may be called again afterwards. */
  solve(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const loc = this.queue[i]!;
      const gained = this.pending.get(loc);
      if (!gained) continue;
      this.pending.delete(loc);
      for (const b of this.base) for (const to of b.get(loc) ?? []) this.add(to, gained);
      for (const to of this.copies.get(loc) ?? []) this.add(to, gained);
      for (const m of this.mapped.get(loc) ?? []) this.add(m.to, mapAll(gained, m.map));
    }
    this.queue = [];
  }

  /** The functions a location may hold (after `solve`). */
  at(loc: Loc): ReadonlySet<FuncId> {
    return this.topped.has(loc) ? this.topSet : (this.holds.get(loc) ?? EMPTY);
  }

  /** Every location that holds values other than the top value, and what it holds (after `solve`). */
  locations(): IterableIterator<[Loc, ReadonlySet<FuncId>]> {
    return this.holds.entries();
  }

  private add(loc: Loc, fs: Iterable<FuncId>): void {
    const top = this.top;
    if (top && this.topped.has(loc)) {
      for (const f of fs) if (f !== top.value) top.absorbed?.(loc, f);
      return;
    }
    let set = this.holds.get(loc);
    let gained: FuncId[] | undefined;
    for (const f of fs) {
      if (set?.has(f)) continue;
      if (!set) this.holds.set(loc, (set = new Set()));
      set.add(f);
      if (top && (f === top.value || (top.limit !== undefined && set.size > top.limit))) return this.saturate(loc, set, fs, top);
      (gained ??= this.gaining(loc)).push(f);
    }
  }

  /** `loc` holds the top value from now on: what it held and what reaches it are absorbed. */
  private saturate(loc: Loc, held: Set<FuncId>, more: Iterable<FuncId>, top: NonNullable<ValueFlow['top']>): void {
    for (const v of held) if (v !== top.value) top.absorbed?.(loc, v);
    for (const v of more) if (v !== top.value && !held.has(v)) top.absorbed?.(loc, v);
    this.holds.delete(loc);
    this.topped.add(loc);
    this.gaining(loc).splice(0, Infinity, top.value);
  }

  /** The values `loc` gained and has not passed on yet (queued for `solve` when it had none). */
  private gaining(loc: Loc): FuncId[] {
    let out = this.pending.get(loc);
    if (!out) {
      this.pending.set(loc, (out = []));
      this.queue.push(loc);
    }
    return out;
  }
}

function mapAll(vs: Iterable<string>, map: (v: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const v of vs) {
    const m = map(v);
    if (m !== undefined) out.push(m);
  }
  return out;
}

/** A location of one activation of a function: a local, a parameter, a result, a call's result. */
export function isFrameLoc(loc: Loc): boolean {
  return loc.startsWith('L ') || loc.startsWith('R ') || loc.startsWith('T ');
}

const EMPTY: ReadonlySet<FuncId> = new Set();
