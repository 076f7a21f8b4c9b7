// The declarative description every check carries. The registry (registry.ts) lists them; the code is the
// SARIF ruleId, the doc anchor, the suppression key and the `--explain` argument. Never reuse a code.
import type { Guard, LockRef } from '../analysis/advice.js';
import type { Race } from '../analysis/races.js';
import type { Severity } from '../model.js';

export interface CheckMeta {
  /** Stable code: MR0xxx for maprace's own diagnostics (suppressions), MR1xxx for map races. */
  code: string;
  /** kebab-case name, e.g. `goroutine-captured-map`. */
  name: string;
  /** One lowercase line, no final period. */
  title: string;
  /** Markdown doc: what it finds, why it is bad, bad and good example, what it cannot see. */
  doc: string;
  /** On unless configured off. New or imprecise checks start off ("nursery"). */
  defaultEnabled: boolean;
  /** Severity unless the configuration says otherwise (`severity:` in .maprace.yaml). */
  defaultSeverity: Severity;
  /** maprace version that introduced the check. */
  since: string;
}

/** A race check: claims the races on its kind of storage and says how to fix them. */
export interface RaceCheck extends CheckMeta {
  claims(race: Race): boolean;
  suggest(race: Race, ctx: SuggestContext): string;
}

export interface SuggestContext {
  /** The mutex fields of the struct that owns a field map, if any. */
  structLocks: LockRef[];
  /** Locks that other accesses of the same map hold (and the reported one does not), most used first. */
  guards: Guard[];
  lockName(key: string): string;
  /** Whether sync.Map fits how the map is used (a cache filled and read by many goroutines, never iterated). */
  syncMapFits: boolean;
}
