import { defineCheck } from '../../analysis/analyzer.js';
import { type Race, type Races, races, reportRaces } from '../../analysis/races/index.js';
import { asOthersDo, syncMapHint } from '../advice.js';

export const MR1003 = defineCheck({
  meta: {
    code: 'MR1003',
    name: 'global-map-write',
    title: 'a package-level map is written by code reachable from concurrent goroutines',
    since: '0.1.0',
    defaultEnabled: true,
    defaultSeverity: 'error',
    doc: `A package-level map is written after initialisation, in code reachable from a goroutine or an HTTP handler,
while other goroutines (or other requests of the same handler) read or write it. Writes in \`init\` functions and in
the package's variable initialisers happen before any goroutine starts and are fine.

### Why it is bad
Every HTTP request runs on its own goroutine: a handler that caches into a global map crashes the server with
\`fatal error: concurrent map writes\` as soon as two requests arrive together.

### Bad
\`\`\`go
var cache = map[string][]byte{}

func handle(w http.ResponseWriter, r *http.Request) {
	cache[r.URL.Path] = render(r) // every request writes the same map
}
\`\`\`

### Good
\`\`\`go
var (
	cacheMu sync.Mutex
	cache   = map[string][]byte{}
)

func handle(w http.ResponseWriter, r *http.Request) {
	cacheMu.Lock()
	cache[r.URL.Path] = render(r)
	cacheMu.Unlock()
}
\`\`\`
For a cache filled once per key and read by many goroutines, \`sync.Map\` fits too.

### What it cannot see
Package-level maps of other packages written through exported functions the analysis does not follow, and
goroutines started outside the analysed package.`,
  },
  requires: [races],
  run: (pass) => reportRaces(pass, 'global', suggest),
});

function suggest(race: Race, all: Races): string {
  const guard = all.advisor.guards(race)[0];
  if (guard) return asOthersDo(race, guard);
  return `guard ${race.access.storage.expr} with a package-level sync.Mutex held around every access${syncMapHint(all.advisor.syncMapFits(race))}`;
}
