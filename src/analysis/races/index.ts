// The `races` pass: pairs the concurrency pass's accesses into races and gives each race its category, decided
// here once; a check reports the races of its category.
import type { Analyzer, Finding, Pass } from '../analyzer.js';
import { type ConcurrencyFacts, concurrency, lockName } from '../concurrency/index.js';
import { Advisor } from './advice.js';
import { describe } from './describe.js';
import { type RacePair, findRaces } from './pair.js';

export { kindNoun } from './describe.js';
export type { Advisor, Guard, LockRef } from './advice.js';

/**
 * What kind of race it is, which decides the check that reports it: an iteration whatever its storage (MR1005),
 * a write through a map reference copied out of another object (MR1004), then by storage: a local variable
 * (MR1001), a struct field (MR1002), a package-level variable (MR1003).
 */
export type RaceCategory = 'iteration' | 'copied-reference' | 'local' | 'field' | 'global';

export interface Race extends RacePair {
  readonly category: RaceCategory;
}

export interface Races {
  readonly list: readonly Race[];
  /** A lock key in words (`c.mu`). */
  lockName(key: string): string;
  /** What the fix advice needs: the locks other accesses hold, lock types, whether sync.Map fits. */
  advisor: Advisor;
}

export function categoryOf(pair: RacePair): RaceCategory {
  if (pair.access.kind === 'iterate') return 'iteration';
  const s = pair.access.storage;
  if (s.via !== undefined && s.kind !== 'local') return 'copied-reference';
  switch (s.kind) {
    case 'local':
      return 'local';
    case 'field':
      return 'field';
    case 'global':
      return 'global';
    default:
      return unreachable(s.kind);
  }
}

function unreachable(x: never): never {
  throw new Error(`unknown storage kind ${String(x)}`);
}

export const races: Analyzer<Races> = {
  name: 'races',
  doc: 'pairs of map accesses that can overlap without a common lock, each with its category',
  requires: [concurrency],
  run(pass) {
    const facts: ConcurrencyFacts = pass.resultOf(concurrency);
    const { races, dropped } = findRaces(facts.accesses);
    if (dropped) pass.truncated('accesses', dropped);
    const name = (key: string) => lockName(facts, key);
    return { list: races.map((p) => ({ ...p, category: categoryOf(p) })), lockName: name, advisor: new Advisor(pass.pkg, pass.types, facts.accesses, name) };
  },
};

/** Reports every race of one category with the check's suggestion. */
export function reportRaces(pass: Pass, category: RaceCategory, suggest: (race: Race, races: Races) => string): void {
  const all = pass.resultOf(races);
  for (const race of all.list) if (race.category === category) pass.report(raceFinding(race, all, suggest(race, all)));
}

function raceFinding(race: Race, all: Races, suggestion: string): Finding {
  const { message, related, witness } = describe(race, all.lockName);
  return {
    ...(lenOnly(race) ? { severity: 'warning' as const } : {}),
    message,
    range: race.access.range,
    related,
    witness,
    fixes: [],
    suggestion,
    fingerprint: {
      function: race.access.func,
      map: race.access.storage.expr,
      kinds: [...new Set([race.access.kind, ...race.partners.map((p) => p.kind)])].sort().join('+'),
    },
  };
}

/**
 * A race whose reads are all `len(m)`: a data race, but the runtime's `concurrent map read and map write` check
 * is not on len's path, so it never stops the program. Reported at warning severity.
 */
function lenOnly(race: Pick<Race, 'access' | 'partners'>): boolean {
  if (race.access.kind === 'read') return !!race.access.len;
  return race.access.kind === 'write' && race.partners.every((p) => p.kind === 'read' && p.len);
}
