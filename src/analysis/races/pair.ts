// Pairs map accesses into races and decides which access carries the diagnostic:
// every write in a race, and a read or iteration only when it races with a write that holds a lock the
// read lacks (then the read is the unguarded side).
import { keyOwner, keyVar } from '../concurrency/storage-key.js';
import { type Access, type Storage, type Thread, commonLock, concurrent, distinctObjects, ownsVar, sameGoroutine } from '../concurrency/threads.js';

/** Two or more accesses of one map that can overlap, reported at `access`. */
export interface RacePair {
  access: Access;
  partners: Access[];
  /**
   * The instance of the reported access each partner was paired with: the same site may be reached by several
   * threads (a store called from two packages' goroutines), and a partner races with one of them.
   */
  mates: Map<Access, Access>;
}

const MAX_ACCESSES_PER_STORAGE = 400;

/** The races among the accesses; `dropped`: accesses left out past MAX_ACCESSES_PER_STORAGE of one map. */
export function findRaces(accesses: readonly Access[]): { races: RacePair[]; dropped: number } {
  const byStorage = new Map<string, Access[]>();
  let dropped = 0;
  for (const a of dedupe(accesses)) {
    const list = byStorage.get(a.storage.key) ?? [];
    if (list.length < MAX_ACCESSES_PER_STORAGE) list.push(a);
    else dropped++;
    byStorage.set(a.storage.key, list);
  }
  const reported = new Map<string, RacePair>();
  const report = (x: Access, y: Access) => {
    // One report per access site: the same line reached through several callers' maps is one finding.
    const key = `${x.range.file}:${x.range.start.line}:${x.range.start.column}|${x.kind}`;
    const r = reported.get(key) ?? { access: x, partners: [], mates: new Map<Access, Access>() };
    if (!r.partners.some((p) => sameSite(p, y) && p.thread === y.thread)) {
      r.partners.push(y);
      r.mates.set(y, x);
    }
    reported.set(key, r);
  };
  for (const list of byStorage.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.kind !== 'write' && b.kind !== 'write') continue;
        if (!concurrent(a, b)) continue;
        if (sameGoroutine(a.thread, b.thread) && (privateToInstance(a.storage, a.thread, b.thread) || privateToInstance(b.storage, b.thread, a.thread) || (a.keyed && b.keyed))) continue;
        if (commonLock(a, b) || distinctObjects(a, b)) continue;
        if (blames(a, b)) report(a, b);
        if (a !== b && blames(b, a)) report(b, a);
      }
    }
  }
  return { races: [...reported.values()], dropped };
}

/**
 * Whether access x is the one to report in its race with y. A write is reported unless it is properly
 * locked and y holds no proper lock (then y is the unguarded side); a read is reported only when it races
 * with a write that is properly locked; an iteration also when it holds no lock itself.
 */
function blames(x: Access, y: Access): boolean {
  if (x.kind === 'write') return !(properLocks(x) > 0 && properLocks(y) === 0);
  // An unguarded iteration is reported too: it is the side the runtime names in
  // `concurrent map iteration and map write`, and a range loop needs its own fix.
  if (x.kind === 'iterate') return y.kind === 'write' && (properLocks(x) === 0 || properLocks(y) > 0);
  return y.kind === 'write' && properLocks(y) > 0;
}

/** Locks held in a mode that protects the access: any mode for reads, exclusive for writes. */
function properLocks(a: Access): number {
  let n = 0;
  for (const m of a.locks.values()) if (a.kind !== 'write' || m === 'w') n++;
  return n;
}

function privateToInstance(s: Storage, t: Thread, other: Thread): boolean {
  if (s.kind === 'field' && t.freshType) return keyOwner(s.id) === t.freshType;
  // A local of one instance, a map inside it or re-made on it, the slot of a shared slice at the instance's own
  // index, a map in another package's struct it holds. A variable of the spawner's instance only for two instances
  // of one thread: two walks of one go statement by one spawner instance (a helper called twice) share it.
  const v = s.kind === 'local' ? keyVar(s.id) : undefined;
  return v !== undefined && (t === other ? ownsVar(t, v) : t.instanceLocal.has(v));
}

export function sameSite(a: Access, b: Access): boolean {
  return a.range.file === b.range.file && a.range.start.line === b.range.start.line && a.range.start.column === b.range.start.column;
}

function dedupe(accesses: readonly Access[]): Access[] {
  const seen = new Set<string>();
  const out: Access[] = [];
  for (const a of accesses) {
    const key = [a.storage.key, a.storage.object?.id, a.kind, a.range.file, a.range.start.line, a.range.start.column, a.thread.id, a.keyed,
      [...a.locks].map(([k, m]) => k + m).sort().join(','), [...a.concurrentWith].sort().join(',')].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

