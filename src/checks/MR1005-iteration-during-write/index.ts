import { defineCheck } from '../../analysis/analyzer.js';
import { type Race, type Races, races, reportRaces } from '../../analysis/races/index.js';
import { hold, names } from '../advice.js';

export const MR1005 = defineCheck({
  meta: {
    code: 'MR1005',
    name: 'iteration-during-write',
    title: 'a map is iterated while another goroutine may write it',
    since: '0.2.0',
    defaultEnabled: true,
    defaultSeverity: 'error',
    doc: `A map is iterated — by \`range\`, \`json.Marshal\`/\`yaml.Marshal\`, a \`fmt\` verb, \`maps.Keys\`/\`maps.Values\`/\`maps.Clone\`,
\`reflect.DeepEqual\` or \`equality.Semantic.DeepEqual\` — without a lock that every writer of the map holds, while code
that runs concurrently writes it: another goroutine, an informer event handler, an HTTP or webhook request, a
concurrent Reconcile. The write itself is reported by the check of its storage (MR1001, MR1002 or MR1003); this one
points at the iteration, the side the runtime names in \`fatal error: concurrent map iteration and map write\`.

### Why it is bad
An iteration walks the whole map, so it is the access most likely to overlap a write. Prometheus collectors are a
classic case: \`Collect\` runs on every scrape, often concurrently, and ranges over a map of counters that request
handlers or informer handlers update.

### Bad
\`\`\`go
func (r *Requests) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.counts[req.URL.Path]++
}

func (r *Requests) Collect(ch chan<- prometheus.Metric) {
	for path, n := range r.counts { // iterated while a request writes it
		ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, n, path)
	}
}
\`\`\`

### Good
\`\`\`go
func (r *Requests) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.counts[req.URL.Path]++
	r.mu.Unlock()
}

func (r *Requests) Collect(ch chan<- prometheus.Metric) {
	r.mu.RLock()
	counts := maps.Clone(r.counts) // or hold the read lock for the whole loop
	r.mu.RUnlock()
	for path, n := range counts {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.CounterValue, n, path)
	}
}
\`\`\`

### What it cannot see
Iterations inside library code other than the functions listed above, and iterators (\`maps.All\`) ranged over
later, away from the call.`,
  },
  requires: [races],
  run: (pass) => reportRaces(pass, 'iteration', suggest),
});

function suggest(race: Race, all: Races): string {
  const name = race.access.storage.expr;
  const guard = all.advisor.guards(race)[0];
  const lock = guard ?? all.advisor.structLocks(race)[0];
  if (lock) {
    const others = guard ? `, as ${names(guard.funcs)} ${guard.funcs.length === 1 ? 'does' : 'do'}` : '';
    return `hold ${hold(lock, 'iterate')} for the whole iteration of ${name}${others}, or iterate over a copy taken under the lock (maps.Clone)`;
  }
  return `guard ${name} with a sync.RWMutex: RLock around the iteration (or copy it with maps.Clone under the lock), Lock around every write`;
}
