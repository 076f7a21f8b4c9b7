import { defineCheck } from '../../analysis/analyzer.js';
import { type Race, type Races, races, reportRaces } from '../../analysis/races/index.js';
import { asOthersDo, syncMapHint } from '../advice.js';

export const MR1002 = defineCheck({
  meta: {
    code: 'MR1002',
    name: 'unlocked-field-map',
    title: 'a struct field map is used by concurrent code without its lock',
    since: '0.1.0',
    defaultEnabled: true,
    defaultSeverity: 'error',
    doc: `A map stored in a struct field is accessed by code that runs concurrently — goroutines started on the struct,
HTTP handlers, or the exported methods of a type that guards the map with its own mutex elsewhere — and one access
holds no lock, holds a different lock than the other, or writes while holding only the read lock of a
\`sync.RWMutex\`.

### Why it is bad
Watch handlers that write a cache while a reconcile loop reads it are the classic case: a LoadBalancer manager
with ~150 services crashed with \`concurrent map read and map write\` and took its VIPs and routes down with it. A
write under \`RLock\` is just as unsafe: readers hold the same read lock at the same time.

### Bad
\`\`\`go
type Manager struct {
	mu       sync.RWMutex
	services map[string]*Service
}

func (m *Manager) OnAdd(s *Service) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	m.services[s.Name] = s // write under the read lock
}

func (m *Manager) Get(name string) *Service {
	return m.services[name] // no lock at all
}
\`\`\`

### Good
\`\`\`go
func (m *Manager) OnAdd(s *Service) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.services[s.Name] = s
}

func (m *Manager) Get(name string) *Service {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.services[name]
}
\`\`\`

### What it cannot see
Field maps of types declared in packages whose source is not on disk (outside the module, vendor/ and the module
cache), calls into other packages (not followed), locks taken through interfaces, and concurrency that starts
outside the analysed package (a framework calling methods from several goroutines) unless the type itself shows
it is meant for concurrent use by locking the map somewhere. Ordering that no lock expresses (a setter called
only during start-up, a documented "call one of these, once" protocol) is not seen either: such pairs are reported.

### Locks it follows
A mutex reached through a \`*sync.Mutex\` field set to another struct's mutex (\`mu: &t.mu\`) is that mutex; a helper
that returns with a lock held and hands back its unlock function (\`return n, n.mu.Unlock, nil\`) leaves the lock
held in the caller; a method called only while its container holds one of its own locks (a lock stripe:
\`s.locks[i].Lock(); s.hashes[i].Set(k, v)\`) is not callable from any goroutine. A helper given \`&x.mu\`
(\`runSynced(&x.mu, f)\`) locks x.mu. A goroutine started and joined while its spawner holds a lock
(\`mu.Lock(); g.Go(...); g.Wait(); mu.Unlock()\`, checked at every unlock and return) does not hold it, but
no other holder of it can run meanwhile: its accesses do not race with theirs.

### Objects it tells apart
The same field of two objects is two maps when the objects are known apart: two allocations (\`&T{m: make(...)}\`)
held by variables that are never assigned again, two pointer parameters of an exported function (assumed
distinct; its callers in the program are walked with their own arguments), and the elements of a struct slice
that each goroutine reaches at its own loop index. A field given a map that may be another's (\`x.m = shared\`,
also through a method) is no longer told apart.`,
  },
  requires: [races],
  run: (pass) => reportRaces(pass, 'field', suggest),
});

function suggest(race: Race, all: Races): string {
  const name = race.access.storage.expr;
  const rlockOnly = race.access.kind === 'write' && race.access.locks.size > 0 && [...race.access.locks.values()].every((m) => m === 'r');
  if (rlockOnly) return `take ${[...race.access.locks.keys()].map(all.lockName).join(', ')}.Lock() instead of RLock() around the write to ${name}`;
  const guard = all.advisor.guards(race)[0];
  if (guard) return asOthersDo(race, guard);
  const lock = all.advisor.structLocks(race)[0];
  if (lock) return `hold ${lock.name} around every access to ${name}${lock.kind === 'rwmutex' ? ' (Lock for writes, RLock for reads)' : ''}`;
  return `guard ${name} with a sync.Mutex field held around every access${syncMapHint(all.advisor.syncMapFits(race))}`;
}
