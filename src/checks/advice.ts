// How the race checks word their fixes, from what src/analysis/races/advice.ts found: name the lock the other
// accesses already hold rather than invent one, and never ask for RLock on a sync.Mutex.
import { type Guard, type LockRef, type Race, kindNoun } from '../analysis/races/index.js';
import type { AccessKind } from '../model.js';

/** `s.mu` for a sync.Mutex (or a lock of unknown type); `s.mu (RLock)` / `s.mu (Lock)` for a sync.RWMutex. */
export function hold(lock: LockRef, kind: AccessKind): string {
  return lock.kind === 'rwmutex' ? `${lock.name} (${kind === 'write' ? 'Lock' : 'RLock'})` : lock.name;
}

/** `Add`, `Add and Remove`, `Add, Get and Remove`, `Add, Get and 3 others`. */
export function names(list: string[]): string {
  if (list.length <= 1) return list.join('');
  if (list.length > 3) return `${list.slice(0, 2).join(', ')} and ${list.length - 2} others`;
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** "hold s.mu around this write of s.m, as Add and Remove do". */
export function asOthersDo(race: Race, g: Guard): string {
  const x = race.access;
  return `hold ${hold(g, x.kind)} around this ${kindNoun(x.kind)} of ${x.storage.expr}, as ${names(g.funcs)} ${g.funcs.length === 1 ? 'does' : 'do'}`;
}

/** The sync.Map alternative, only where the map is used as sync.Map's documentation says it fits. */
export function syncMapHint(fits: boolean): string {
  return fits ? ', or use sync.Map (it fits a cache that many goroutines fill and read, never iterated)' : '';
}
