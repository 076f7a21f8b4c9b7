// Words for a race: the message, the witness (the two sides from their roots to their accesses, and why nothing
// orders them) and the flat list of related locations generated from it.
import type { RelatedLocation, Witness } from '../../model.js';
import { accessText, kindNoun, lockState, where, witnessRelated } from '../../witness.js';
import type { Thread } from '../concurrency/threads.js';
import { type RacePair, sameSite } from './pair.js';
import { sideOf, witnessOf } from './witness.js';

export { kindNoun } from '../../witness.js';

/** Message, witness and related locations for one reported access, per the check contract. */
export function describe(race: RacePair, lockName: (key: string) => string): { message: string; related: RelatedLocation[]; witness: Witness } {
  const x0 = race.access;
  // Name another line first when there is one (it is the second half of the crash); a race of the access
  // with itself in another goroutine comes last.
  const partners = [...race.partners].sort((p, q) => Number(sameSite(p, x0)) - Number(sameSite(q, x0)) || p.range.file.localeCompare(q.range.file) || p.range.start.line - q.range.start.line);
  const y = partners[0]!;
  // The instance of the reported access that y races with (the same site, maybe reached by another thread).
  const x = race.mates.get(y) ?? x0;
  const witness = witnessOf(x, y, lockName);
  const partnerText = sameSite(x, y) ? `${kindNoun(y.kind)} ${selfRace(y.thread)}` : `${kindNoun(y.kind)} at ${where(y.range)}`;
  const name = x.storage.via ? `${x.storage.via} (the map of ${x.storage.expr})` : x.storage.expr;
  const message = `${kindNoun(x.kind)} of map ${name} races with ${partnerText} (${lockState(witness)})`;
  // The other accesses that race with this one too (each has a witness of its own, not shown).
  const others = partners.slice(1).filter((p) => !sameSite(p, x)).map((p): RelatedLocation => ({ kind: 'access', range: p.range, message: accessText(sideOf(p, lockName)) }));
  return { message, related: witnessRelated(witness, others), witness };
}

/** Where the other instance of a thread that races with itself comes from. */
function selfRace(t: Thread): string {
  const at = t.site ? where(t.site) : 'an unknown place';
  if (t.instances) return `${t.instances} (${t.instancesWhy ?? `declared at ${at}`})`;
  if (t.kind === 'handler') return `in another request (handler registered at ${at})`;
  if (t.kind === 'api') return `in a concurrent call of ${t.method ?? 'the method'} (declared at ${at})`;
  return `in another goroutine started at ${at}`;
}
