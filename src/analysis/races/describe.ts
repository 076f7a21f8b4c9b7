// Words for a race: the message, the related locations (other accesses, goroutine starts, call steps, with the
// side of the race each is on) and the lock state.
import { where } from '../concurrency/syntax.js';
import type { AccessKind, Range, RelatedKind, RelatedLocation } from '../../model.js';
import type { Access, Thread } from '../concurrency/threads.js';
import { type RacePair, sameSite } from './pair.js';

export function kindNoun(k: AccessKind): string {
  return k === 'iterate' ? 'iteration' : k;
}

/** Message and related locations for one reported access, per the check contract. */
export function describe(race: RacePair, lockName: (key: string) => string): { message: string; related: RelatedLocation[]; lockState: string } {
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
  for (const t of uniqueThreads([x, ...partners])) {
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
  if (t.kind === 'api') return `in a concurrent call of ${t.method ?? 'the method'} (declared at ${at})`;
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
