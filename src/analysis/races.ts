// Pairs map accesses into races and decides which access carries the diagnostic:
// every write in a race, and a read or iteration only when it races with a write that holds a lock the
// read lacks (then the read is the unguarded side).
import type { AccessKind, Range, RelatedKind, RelatedLocation } from '../model.js';
import { type Access, type Storage, type Thread, commonLock, concurrent, fieldKeyOwner, localKeyVar, sameGoroutine } from './threads.js';

export interface Race {
  access: Access;
  partners: Access[];
}

const MAX_ACCESSES_PER_STORAGE = 400;

export function findRaces(accesses: Access[]): Race[] {
  const byStorage = new Map<string, Access[]>();
  for (const a of dedupe(accesses)) {
    const list = byStorage.get(a.storage.key) ?? [];
    if (list.length < MAX_ACCESSES_PER_STORAGE) list.push(a);
    byStorage.set(a.storage.key, list);
  }
  const reported = new Map<string, Race>();
  const report = (x: Access, y: Access) => {
    // One report per access site: the same line reached through several callers' maps is one finding.
    const key = `${x.range.file}:${x.range.start.line}:${x.range.start.column}|${x.kind}`;
    const r = reported.get(key) ?? { access: x, partners: [] };
    if (!r.partners.some((p) => sameSite(p, y) && p.thread === y.thread)) r.partners.push(y);
    reported.set(key, r);
  };
  for (const list of byStorage.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.kind !== 'write' && b.kind !== 'write') continue;
        if (!concurrent(a, b)) continue;
        if (sameGoroutine(a.thread, b.thread) && (privateToInstance(a.storage, a.thread) || privateToInstance(b.storage, b.thread))) continue;
        if (commonLock(a, b)) continue;
        if (blames(a, b)) report(a, b);
        if (a !== b && blames(b, a)) report(b, a);
      }
    }
  }
  return [...reported.values()];
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

function privateToInstance(s: Storage, t: Thread): boolean {
  if (s.kind === 'field' && t.freshType) return fieldKeyOwner(s.key) === t.freshType;
  // `local:v12`, `local:v12[]` (a map inside it), `local:v12.Annotations` (a map field re-made on it),
  // `local:v12@field:T.slots[]` (the slot of a shared slice at the instance's own index v12),
  // `local:v12>k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta.Labels` (a map in another package's struct it holds).
  const v = s.kind === 'local' ? localKeyVar(s.key) : undefined;
  return v !== undefined && t.instanceLocal.has(v);
}

function sameSite(a: Access, b: Access): boolean {
  return a.range.file === b.range.file && a.range.start.line === b.range.start.line && a.range.start.column === b.range.start.column;
}

function dedupe(accesses: Access[]): Access[] {
  const seen = new Set<string>();
  const out: Access[] = [];
  for (const a of accesses) {
    const key = [a.storage.key, a.kind, a.range.file, a.range.start.line, a.range.start.column, a.thread.id,
      [...a.locks].map(([k, m]) => k + m).sort().join(','), [...a.concurrentWith].sort().join(',')].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

export function kindNoun(k: AccessKind): string {
  return k === 'iterate' ? 'iteration' : k;
}

export function where(r: Range): string {
  return `${r.file}:${r.start.line}`;
}

/** Message and related locations for one reported access, per the check contract. */
export function describe(race: Race, lockName: (key: string) => string): { message: string; related: RelatedLocation[]; lockState: string } {
  const x = race.access;
  // Name another line first when there is one (it is the second half of the crash); a race of the access
  // with itself in another goroutine comes last.
  const partners = [...race.partners].sort((p, q) => Number(sameSite(p, x)) - Number(sameSite(q, x)) || p.range.file.localeCompare(q.range.file) || p.range.start.line - q.range.start.line);
  const y = partners[0]!;
  const self = sameSite(x, y);
  const partnerText = self ? `${kindNoun(y.kind)} ${selfRace(y.thread)}` : `${kindNoun(y.kind)} at ${where(y.range)}`;
  const lockState = describeLocks(x, y, lockName);
  const name = x.storage.via ? `${x.storage.via} (the map of ${x.storage.expr})` : x.storage.expr;
  const message = `${kindNoun(x.kind)} of map ${name} races with ${partnerText} (${lockState})`;
  const related: RelatedLocation[] = [];
  const seen = new Map<string, RelatedLocation>();
  const add = (kind: RelatedKind, range: Range, msg: string, side?: 'this' | 'other') => {
    const key = `${range.file}:${range.start.line}:${range.start.column}:${msg}`;
    const known = seen.get(key);
    // A goroutine or call on both paths (two instances of one goroutine) is on both sides.
    if (known) {
      if (known.side && side && known.side !== side) known.side = 'both';
      return;
    }
    if (related.length >= 12) return;
    const r: RelatedLocation = side ? { range, message: msg, kind, side } : { range, message: msg, kind };
    seen.set(key, r);
    related.push(r);
  };
  for (const p of partners) {
    if (!sameSite(p, x)) add('access', p.range, `${kindNoun(p.kind)} of map ${p.storage.expr} (${p.locks.size ? `holds ${[...p.locks.keys()].map(lockName).join(', ')}` : 'no lock held'})`);
  }
  const threads = uniqueThreads([x, ...partners]);
  for (const t of threads) {
    if (!t.site) continue;
    if (t === x.thread) add('goroutine', t.site, t.label, 'this');
    if (t === y.thread) add('goroutine', t.site, t.label, 'other');
    if (t !== x.thread && t !== y.thread) add('goroutine', t.site, t.label);
  }
  for (const step of x.path) add('call', step.range, step.message, 'this');
  for (const step of y.path) add('call', step.range, step.message, 'other');
  return { message, related, lockState };
}

/** Where the other instance of a thread that races with itself comes from. */
function selfRace(t: Thread): string {
  const at = t.site ? where(t.site) : 'an unknown place';
  if (t.instances) return `${t.instances} (${t.instancesWhy ?? `declared at ${at}`})`;
  if (t.kind === 'handler') return `in another request (handler registered at ${at})`;
  if (t.kind === 'api') return `in a concurrent call of ${t.label.split(' ')[2] ?? 'the method'} (declared at ${at})`;
  return `in another goroutine started at ${at}`;
}

function uniqueThreads(list: Access[]): Thread[] {
  const out: Thread[] = [];
  for (const a of list) if (!out.includes(a.thread) && a.thread.kind !== 'flow') out.push(a.thread);
  for (const a of list) if (!out.includes(a.thread) && a.thread.kind === 'flow' && a.thread.site) out.push(a.thread);
  return out;
}

function describeLocks(x: Access, y: Access, lockName: (key: string) => string): string {
  if (x.kind === 'write') {
    const readOnly = [...x.locks].filter(([, m]) => m === 'r').map(([k]) => k);
    if (readOnly.length && readOnly.length === x.locks.size) return `holds only the read lock ${readOnly.map(lockName).join(', ')} (RLock)`;
  }
  if (x.locks.size === 0) {
    const theirs = [...y.locks.keys()];
    return theirs.length ? `${theirs.map(lockName).join(', ')} not held here` : 'no lock held';
  }
  if (y.locks.size === 0) return `the other access holds no lock`;
  return `holds ${[...x.locks.keys()].map(lockName).join(', ')} but the other access holds ${[...y.locks.keys()].map(lockName).join(', ')}`;
}
