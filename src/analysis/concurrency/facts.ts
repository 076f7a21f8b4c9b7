// The result of the concurrency pass: who runs concurrently (threads), which maps they touch and how (accesses,
// with the locks held), and the names of the locks as written. Read by the race pairing and by checks.
import type { Access, Thread } from './threads.js';
import type { Range } from '../../model.js';

export interface ConcurrencyFacts {
  readonly threads: readonly Thread[];
  readonly accesses: readonly Access[];
  /** Lock key → the lock as written at a Lock call (`c.mu`). */
  readonly lockNames: ReadonlyMap<string, string>;
  /** Writes into maps of objects shared with the informer cache, one per site (MR1004). */
  readonly sharedWrites: ReadonlyMap<string, SharedWrite>;
  /** Where the pass gave up precision (budgets), reported in the run's statistics. */
  readonly truncated: Truncated;
}

/** A lock key in words: its name as written (every lock taken or aliased is named when it is recorded). */
export function lockName(facts: ConcurrencyFacts, key: string): string {
  return facts.lockNames.get(key) ?? key;
}

/** Where an object shared with other readers came from (a lister, an indexer, an event handler's argument). */
export interface SharedSource {
  what: string;
  at: Range;
}

/** A write into a map of an object shared with the informer cache (MR1004). */
export interface SharedWrite {
  range: Range;
  map: string;
  source: SharedSource;
  func: string;
  path: { range: Range; message: string }[];
}

/** Where the pass gave up precision (budgets in flow/budgets.ts). */
export interface Truncated {
  /** The step budget ran out (0 or 1 per package). */
  steps: number;
  /** Calls not followed because they were MAX_DEPTH calls deep. */
  depth: number;
  /** Calls into other packages of the module not followed: the package was over the memory budget, or the analysed package over FOREIGN_CALL_BUDGET. */
  packages: number;
  /** Implementations not followed at a call through an interface (over MAX_DISPATCH). */
  dispatch: number;
}
