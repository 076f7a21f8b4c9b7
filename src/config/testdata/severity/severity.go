// Package severity has one finding of each race check; .maprace.yaml sets their severities and turns
// MR0002 off, so the stale directive below is not reported.
package severity

import (
	"net/http"
	"sync"
)

// Merge writes a local map from several goroutines (MR1001, a warning here).
func Merge(parts [][]string) map[string]bool {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range p {
				seen[s] = true // want "write of map seen.*MR1001"
			}
		}()
	}
	wg.Wait()
	return seen
}

// Tracker writes a field map from goroutines (MR1002, an error by default).
type Tracker struct {
	last map[string]int
}

// Start records every key from its own goroutine.
func (t *Tracker) Start(keys []string) {
	for i, k := range keys {
		go func() {
			t.last[k] = i // want "write of map t.last.*MR1002"
		}()
	}
}

var visits = map[string]int{}

// Visit counts requests in a package-level map (MR1003, a note here).
func Visit(w http.ResponseWriter, r *http.Request) {
	visits[r.URL.Path]++ // want "write of map visits.*MR1003"
}

// Register serves Visit.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/", Visit)
}

// Size has a directive that silences nothing: MR0002 would report it, but it is disabled.
func Size() int {
	//maprace:ignore MR1001 the map is read once at start-up
	return len(visits)
}
