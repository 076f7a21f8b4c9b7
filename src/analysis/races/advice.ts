// What the fix advice needs beyond the race itself: the locks that the other accesses of the same map already
// hold (and in which functions), whether a lock is a sync.Mutex or a sync.RWMutex, and whether the map is used
// the way sync.Map is made for. Computed once per package from the walker's accesses.
import type { Package } from '../../go/package.js';
import type { TypeLookup } from '../../go/typelookup.js';
import { isMutex } from '../../go/types.js';
import { keyOwner } from '../concurrency/storage-key.js';
import type { Access } from '../concurrency/threads.js';
import type { RacePair } from './pair.js';

/** The struct type whose field a lock key (`field:pkg.T.mu`) names. */
function lockOwner(key: string): string | undefined {
  return key.startsWith('field:') && key.lastIndexOf('.') > 6 ? key.slice(6, key.lastIndexOf('.')) : undefined;
}

export type LockKind = 'mutex' | 'rwmutex';

/** A lock as the advice names it (`s.mu`), and its type when known. */
export interface LockRef {
  key: string;
  name: string;
  kind?: LockKind;
}

/** A lock that other accesses of the map hold, with the functions they are in. */
export interface Guard extends LockRef {
  funcs: string[];
}

export class Advisor {
  private readonly byStorage = new Map<string, Access[]>();
  private readonly rlocked = new Set<string>();
  private readonly syncMap = new Map<string, boolean>();

  constructor(
    private readonly pkg: Package,
    private readonly types: TypeLookup,
    accesses: readonly Access[],
    private readonly lockName: (key: string) => string,
  ) {
    for (const a of accesses) {
      const list = this.byStorage.get(a.storage.key) ?? [];
      list.push(a);
      this.byStorage.set(a.storage.key, list);
      for (const [k, m] of a.locks) if (m === 'r') this.rlocked.add(k);
    }
  }

  /** A lock taken with RLock somewhere is a RWMutex; else the type of its field, when it is a field of this package. */
  lockKind(key: string): LockKind | undefined {
    if (this.rlocked.has(key)) return 'rwmutex';
    const t = this.ownType(lockOwner(key));
    const field = key.slice(key.lastIndexOf('.') + 1);
    const f = t?.k === 'struct' ? t.fields.find((x) => x.name === field) : undefined;
    return f ? isMutex(f.type) : undefined;
  }

  /** This package's own type that a qualified key owner (`example.com/m/store.Store`) names, if it is one. */
  private ownType(owner: string | undefined) {
    const name = this.types.ownTypeName(owner);
    return name === undefined ? undefined : this.pkg.types.get(name);
  }

  /** A lock named as the reported access would write it: `s.mu` for a mutex field of the map's own struct. */
  private ref(race: RacePair, key: string): LockRef {
    const s = race.access.storage;
    const owner = lockOwner(key);
    const base = s.kind === 'field' && s.expr.includes('.') ? s.expr.slice(0, s.expr.lastIndexOf('.')) : '';
    const field = key.slice(key.lastIndexOf('.') + 1);
    // An embedded sync.Mutex is locked through the struct itself (s.Lock()).
    const own = owner && base && owner === keyOwner(s.id) ? (field === 'Mutex' || field === 'RWMutex' ? base : `${base}.${field}`) : undefined;
    const name = own ?? this.lockName(key);
    const kind = this.lockKind(key);
    return kind ? { key, name, kind } : { key, name };
  }

  /** Mutex fields of the struct that owns a field map. */
  structLocks(race: RacePair): LockRef[] {
    const s = race.access.storage;
    const owner = keyOwner(s.id);
    const t = this.ownType(owner);
    if (s.kind !== 'field' || t?.k !== 'struct') return [];
    return t.fields.filter((f) => isMutex(f.type)).map((f) => this.ref(race, `field:${owner}.${f.name}`));
  }

  /** Locks held by other accesses of the same map and not by the reported one, most used first. */
  guards(race: RacePair): Guard[] {
    const x = race.access;
    const funcs = new Map<string, Set<string>>();
    for (const a of this.byStorage.get(x.storage.key) ?? []) {
      if (a === x) continue;
      for (const k of a.locks.keys()) {
        if (x.locks.has(k)) continue;
        const set = funcs.get(k) ?? new Set<string>();
        set.add(shortName(a.func));
        funcs.set(k, set);
      }
    }
    return [...funcs]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .map(([k, set]) => ({ ...this.ref(race, k), funcs: [...set].sort() }));
  }

  /**
   * Whether sync.Map fits (its documentation: entries written once and read many times, or goroutines that work
   * on disjoint keys): the map is never iterated, it is read, it is filled by code that runs in many goroutines
   * at once (handlers, per-item goroutines), like a cache, and no entry is updated in place (`m[k]++`,
   * `m[k] += n`), which sync.Map cannot do atomically.
   */
  syncMapFits(race: RacePair): boolean {
    const key = race.access.storage.key;
    let fits = this.syncMap.get(key);
    if (fits === undefined) {
      const all = this.byStorage.get(key) ?? [];
      fits = all.some((a) => a.kind === 'read') && all.some((a) => a.kind === 'write' && (a.thread.multi || a.thread.kind === 'handler')) &&
        !all.some((a) => a.kind === 'iterate' || (a.kind === 'write' && this.updatedInPlace(a)));
      this.syncMap.set(key, fits);
    }
    return fits;
  }

  /** A write followed by `++`, `--` or an assignment operator such as `+=`: read, modify, write of one entry. */
  private updatedInPlace(a: Access): boolean {
    const source = this.pkg.files.find((f) => f.rel === a.range.file)?.tree.source;
    const line = source?.split('\n', a.range.end.line)[a.range.end.line - 1];
    if (line === undefined) return false;
    const after = Buffer.from(line).subarray(a.range.end.column - 1).toString();
    return /^\s*(\+\+|--|(<<|>>|&\^|[-+*\/%&|^])=)/.test(after);
  }
}

/** `(*Store).Add` → `Add`. */
function shortName(func: string): string {
  return func.slice(func.lastIndexOf('.') + 1) || func;
}
