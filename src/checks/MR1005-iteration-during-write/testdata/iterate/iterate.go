// Package iterate has maps that are iterated while a handler or a goroutine writes them.
package iterate

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// Registry is written by requests and dumped by other requests.
type Registry struct {
	mu    sync.RWMutex
	peers map[string]string
	last  map[string]string
}

func (r *Registry) Register(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.peers[req.RemoteAddr] = req.URL.Path
	r.mu.Unlock()
	r.last[req.RemoteAddr] = req.URL.Path // want "write of map r.last races with"
}

func (r *Registry) Dump(w http.ResponseWriter, req *http.Request) {
	b, _ := json.Marshal(r.peers) // want "iteration of map r.peers races with write at iterate/iterate.go:25 \\(r.mu not held here\\).*MR1005"
	_, _ = w.Write(b)
	fmt.Fprintf(w, "%v", r.last)              // want "iteration of map r.last races with write at iterate/iterate.go:27 \\(no lock held\\).*MR1005"
	keys := slices.Collect(maps.Keys(r.last)) // want "iteration of map r.last.*MR1005"
	_ = keys
}

// DumpLocked holds the read lock. Silent.
func (r *Registry) DumpLocked(w http.ResponseWriter, req *http.Request) {
	r.mu.RLock()
	b, _ := json.Marshal(r.peers)
	r.mu.RUnlock()
	_, _ = w.Write(b)
}

// Snapshot copies under the lock and ranges over the copy. Silent.
func (r *Registry) Snapshot(w http.ResponseWriter, req *http.Request) {
	r.mu.RLock()
	peers := maps.Clone(r.peers)
	r.mu.RUnlock()
	for addr, path := range peers {
		fmt.Fprintln(w, addr, path)
	}
}

func (r *Registry) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/register", r.Register)
	mux.HandleFunc("/dump", r.Dump)
	mux.HandleFunc("/dump-locked", r.DumpLocked)
	mux.HandleFunc("/snapshot", r.Snapshot)
}

// Compare runs DeepEqual on a map a ticker goroutine refreshes.
func Compare(want map[string]int) bool {
	current := map[string]int{}
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				current["tick"] = now.Second() // want "write of map current races with iteration"
			}
		}
	}()
	same := reflect.DeepEqual(current, want) // want "iteration of map current races with write.*MR1005"
	close(stop)
	return same
}

// CompareAfter compares only after the goroutine is done. Silent.
func CompareAfter(want map[string]int) bool {
	current := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		current["tick"] = time.Now().Second()
	}()
	wg.Wait()
	return reflect.DeepEqual(current, want)
}

// Labels of a config are refreshed by a goroutine and printed by a request.
type Config struct {
	labels map[string]string
}

func (c *Config) Refresh(updates <-chan map[string]string) {
	go func() {
		for u := range updates {
			for k, v := range u {
				c.labels[k] = v // want "write of map c.labels races with"
			}
		}
	}()
}

func (c *Config) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var b strings.Builder
	for k, v := range c.labels { // want "iteration of map c.labels races with write at iterate/iterate.go:\\d+ \\(no lock held\\).*MR1005"
		b.WriteString(k + "=" + v + ",")
	}
	_, _ = w.Write([]byte(b.String()))
}

// Table is filled before the handlers start and only read by them. Silent.
type Table struct {
	routes map[string]string
}

func NewTable() *Table {
	t := &Table{routes: map[string]string{}}
	t.routes["/"] = "index"
	return t
}

func (t *Table) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	for k, v := range t.routes {
		fmt.Fprintln(w, k, v)
	}
}

// Handoff sends the map to a goroutine and never touches it again. Silent.
func Handoff() {
	m := map[string]int{"a": 1}
	ch := make(chan map[string]int, 1)
	done := make(chan struct{})
	go func() {
		for k := range <-ch {
			fmt.Println(k)
		}
		close(done)
	}()
	ch <- m
	<-done
}

// Fan-out goroutines range over a map the spawner writes afterwards.
func FanOut(items map[string]int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _ := json.Marshal(items) // want "iteration of map items races with write at iterate/iterate.go:\\d+.*MR1005"
			_ = b
		}()
	}
	items["done"] = 1 // want "write of map items races with iteration"
	wg.Wait()
}

// FanOutJoined writes after Wait. Silent.
func FanOutJoined(items map[string]int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _ := json.Marshal(items)
			_ = b
		}()
	}
	wg.Wait()
	items["done"] = 1
}
