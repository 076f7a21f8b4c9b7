import { defineCheck } from '../../analysis/analyzer.js';
import { type Race, type Races, races, reportRaces } from '../../analysis/races/index.js';
import { asOthersDo } from '../advice.js';

export const MR1001 = defineCheck({
  meta: {
    code: 'MR1001',
    name: 'goroutine-captured-map',
    title: 'a local map captured by a goroutine is written while another goroutine uses it',
    since: '0.1.0',
    defaultEnabled: true,
    defaultSeverity: 'error',
    doc: `A map held in a local variable or parameter is captured by a goroutine (a \`go\` statement, \`errgroup.Group.Go\`,
\`sync.WaitGroup.Go\`, \`time.AfterFunc\`) or passed to one, and is written there while the spawner or another goroutine
reads, iterates or writes it. Writes through map-based library types count: \`processed.Insert(name)\` on a
Kubernetes \`sets.String\`, \`h.Set\` on an \`http.Header\`, \`v.Add\` on a \`url.Values\`, \`delete\`, \`clear\`, \`maps.Copy\`.
A map in a field of another package's struct held by the variable counts as the variable's map: \`pod.Labels\` of
a captured \`*v1.Pod\`, \`cm.Data\` of a \`*v1.ConfigMap\` (when that package's source is in the module, vendor/ or
the module cache).

### Why it is bad
Go maps are not safe for concurrent use. When one goroutine writes while another touches the same map, the runtime
stops the whole process with \`fatal error: concurrent map writes\` (or \`concurrent map read and map write\`). This is
how a multi-tenancy operator that replicated objects with one goroutine per object restarted 300 times in 14 days.

### Bad
\`\`\`go
processed := sets.NewString()
var wg sync.WaitGroup
for _, obj := range objs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		processed.Insert(obj.Name) // every goroutine writes the same set
	}()
}
wg.Wait()
\`\`\`

### Good
\`\`\`go
names := make([]string, len(objs)) // one slot per goroutine
var wg sync.WaitGroup
for i, obj := range objs {
	wg.Add(1)
	go func() {
		defer wg.Done()
		names[i] = obj.Name
	}()
}
wg.Wait()
processed := sets.NewString(names...) // merged after Wait, by one goroutine
\`\`\`
Or guard the set with a \`sync.Mutex\` held around every access.

### What it cannot see
Maps reached through interfaces or through function values the analysis cannot resolve, goroutines started in
another package, and calls more than four levels deep from the goroutine.`,
  },
  requires: [races],
  run: (pass) => reportRaces(pass, 'local', suggest),
});

function suggest(race: Race, all: Races): string {
  const name = race.access.storage.expr;
  const guard = all.advisor.guards(race)[0];
  if (guard) return asOthersDo(race, guard);
  const selfRace = race.partners.some((p) => p.thread === race.access.thread);
  if (selfRace && race.access.thread.multi) {
    return `collect per goroutine into a slice indexed by the loop and merge into ${name} after Wait, or guard ${name} with a sync.Mutex`;
  }
  return `guard every access to ${name} with one sync.Mutex, or hand the results over a channel instead of sharing ${name}`;
}
