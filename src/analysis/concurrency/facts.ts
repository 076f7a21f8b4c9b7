// The result of the concurrency pass: who runs concurrently (threads), which maps they touch and how (accesses,
// with the locks held), and the names of the locks as written. Read by the race pairing and by checks.
import type { Access, Thread } from '../threads.js';
import type { SharedWrite } from '../walker.js';

export interface ConcurrencyFacts {
  readonly threads: readonly Thread[];
  readonly accesses: readonly Access[];
  /** Lock key → the lock as written at a Lock call (`c.mu`). */
  readonly lockNames: ReadonlyMap<string, string>;
  /** Writes into maps of objects shared with the informer cache, one per site (MR1004). */
  readonly sharedWrites: ReadonlyMap<string, SharedWrite>;
}

/** A lock key in words: its name as written, else the key without its kind. */
export function lockName(facts: ConcurrencyFacts, key: string): string {
  return facts.lockNames.get(key) ?? key.replace(/^(field|global|local|text):/, '');
}
