// Package witnessed: an iteration (MR1005) or a captured map's access (MR1001) is reported only with the
// witness of a write that really runs at the same time: not a write that happens before the goroutine
// starts, after it is joined, or into a copy.
package witnessed

import (
	"maps"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Peers is filled when it is made and only read by requests. Silent.
type Peers struct {
	addrs map[string]time.Time
}

// NewPeers fills the peers before the handler is registered.
func NewPeers(seed []string, mux *http.ServeMux) *Peers {
	p := &Peers{addrs: make(map[string]time.Time)}
	for _, a := range seed {
		p.addrs[a] = time.Now()
	}
	mux.HandleFunc("/peers", p.list)
	return p
}

func (p *Peers) list(w http.ResponseWriter, _ *http.Request) {
	for a := range p.addrs {
		_, _ = w.Write([]byte(a + "\n"))
	}
}

// Members is refreshed by a discovery goroutine while requests list it. Racy.
type Members struct {
	addrs map[string]time.Time
}

// NewMembers starts the discovery loop and registers the handler.
func NewMembers(found <-chan string, mux *http.ServeMux) *Members {
	m := &Members{addrs: make(map[string]time.Time)}
	go m.discover(found)
	mux.HandleFunc("/members", m.list)
	return m
}

func (m *Members) discover(found <-chan string) {
	for a := range found {
		m.addrs[a] = time.Now() // want "write of map m.addrs races with iteration at .*MR1002"
	}
}

func (m *Members) list(w http.ResponseWriter, _ *http.Request) {
	for a := range m.addrs { // want "iteration of map m.addrs races with write at .*MR1005"
		_, _ = w.Write([]byte(a + "\n"))
	}
}

// SummarizeAfterWait iterates after the writers are joined. Silent.
func SummarizeAfterWait(groups [][]string) []string {
	counts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, name := range g {
				mu.Lock()
				counts[name]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	out := make([]string, 0, len(counts))
	for name := range counts {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// SummarizeEarly iterates before Wait, without the writers' lock. Racy.
func SummarizeEarly(groups [][]string) []string {
	counts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, name := range g {
				mu.Lock()
				counts[name]++
				mu.Unlock()
			}
		}()
	}
	out := make([]string, 0, len(groups))
	for name := range counts { // want "iteration of map counts races with write at .*MR1005"
		out = append(out, name)
	}
	wg.Wait()
	return out
}

// Registry is written under its lock by requests.
type Registry struct {
	mu     sync.Mutex
	owners map[string]string
}

// NewRegistry makes an empty registry.
func NewRegistry() *Registry {
	return &Registry{owners: make(map[string]string)}
}

// Claim writes under the lock.
func (r *Registry) Claim(name, owner string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.owners[name] = owner
}

// Dump iterates over a copy taken under the lock. Silent.
func (r *Registry) Dump() string {
	r.mu.Lock()
	owners := maps.Clone(r.owners)
	r.mu.Unlock()
	var b strings.Builder
	for name, owner := range owners {
		b.WriteString(name + "=" + owner + "\n")
	}
	return b.String()
}

// Export takes the map under the lock but iterates it after unlocking. Racy.
func (r *Registry) Export() string {
	r.mu.Lock()
	owners := r.owners
	r.mu.Unlock()
	var b strings.Builder
	for name, owner := range owners { // want "iteration of map .*races with write at .*MR1005"
		b.WriteString(name + "=" + owner + "\n")
	}
	return b.String()
}

// ServeRegistry claims, dumps and exports on request goroutines.
func ServeRegistry(r *Registry) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/claim", func(w http.ResponseWriter, req *http.Request) {
		r.Claim(req.FormValue("name"), req.FormValue("owner"))
	})
	mux.HandleFunc("/dump", func(w http.ResponseWriter, req *http.Request) {
		_, _ = w.Write([]byte(r.Dump() + r.Export()))
	})
	return mux
}

// LookupAfterWait reads the captured map after Wait. Silent.
func LookupAfterWait(hosts []string) bool {
	up := make(map[string]bool)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			up[h] = h != ""
			mu.Unlock()
		}()
	}
	wg.Wait()
	return up["primary"]
}

// LookupEarly reads the captured map before Wait, without the lock. Racy: the read is the unguarded side.
func LookupEarly(hosts []string) bool {
	up := make(map[string]bool)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			up[h] = h != ""
			mu.Unlock()
		}()
	}
	primary := up["primary"] // want "read of map up races with write at .*MR1001"
	wg.Wait()
	return primary
}

// CountAfterDone iterates the map passed to the goroutine after it signalled. Silent.
func CountAfterDone(words []string) int {
	counts := make(map[string]int)
	done := make(chan struct{})
	go collect(counts, words, done)
	<-done
	total := 0
	for _, n := range counts {
		total += n
	}
	return total
}

func collect(into map[string]int, words []string, done chan<- struct{}) {
	for _, w := range words {
		into[w]++
	}
	close(done)
}

// CountBeforeDone iterates while the goroutine still writes. Racy.
func CountBeforeDone(words []string) int {
	counts := make(map[string]int)
	done := make(chan struct{})
	go gather(counts, words, done)
	total := 0
	for _, n := range counts { // want "iteration of map counts races with write at .*MR1005"
		total += n
	}
	<-done
	return total
}

func gather(into map[string]int, words []string, done chan<- struct{}) {
	for _, w := range words {
		into[w]++ // want "write of map into races with iteration at .*MR1001"
	}
	close(done)
}

// PrintLater iterates, on a goroutine, a map the spawner finished before the go statement. Silent.
func PrintLater(env map[string]string, out chan<- string) {
	vars := make(map[string]string, len(env)+1)
	for k, v := range env {
		vars[k] = v
	}
	vars["TZ"] = "UTC"
	go func() {
		for k, v := range vars {
			out <- k + "=" + v
		}
		close(out)
	}()
}

// PrintNow starts the goroutine before the last write. Racy.
func PrintNow(env map[string]string, out chan<- string) {
	vars := make(map[string]string, len(env)+1)
	for k, v := range env {
		vars[k] = v
	}
	go func() {
		for k, v := range vars { // want "iteration of map vars races with write at .*MR1005"
			out <- k + "=" + v
		}
		close(out)
	}()
	vars["TZ"] = "UTC" // want "write of map vars races with iteration at .*MR1001"
}
