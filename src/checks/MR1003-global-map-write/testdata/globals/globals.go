// Package globals: package-level maps written from goroutines and handlers.
package globals

import (
	"fmt"
	"net/http"
	"sync"
)

var (
	cache   = map[string]string{}
	mu      sync.Mutex
	guarded = map[string]int{}
	table   = map[string]int{"a": 1}
)

func init() {
	cache["boot"] = "1" // init runs before any goroutine. Silent.
}

func handle(w http.ResponseWriter, r *http.Request) {
	cache[r.URL.Path] = r.Method // want "write of map cache.*MR1003"
	mu.Lock()
	guarded[r.URL.Path]++
	mu.Unlock()
	fmt.Fprintln(w, table[r.URL.Path])
}

// Serve registers the handler: every request runs it on its own goroutine.
func Serve() {
	http.HandleFunc("/", handle)
}

var counts = map[int]int{}

// Spawn writes from goroutines started in a loop.
func Spawn(n int) {
	for i := range n {
		go func() {
			counts[i] = i // want "write of map counts.*MR1003"
		}()
	}
}

var status = map[string]bool{}

// Background reads while the goroutine it started writes.
func Background() bool {
	go refresh()
	return status["ok"]
}

func refresh() {
	status["ok"] = true // want "write of map status.*MR1003"
}

var config = map[string]string{}

// Configure writes before starting readers and after waiting for them. Silent.
func Configure() {
	config["mode"] = "fast"
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(config["mode"])
		}()
	}
	wg.Wait()
	config["mode"] = "done"
}

var seen sync.Map

// Mark uses sync.Map. Silent.
func Mark(keys []string) {
	for _, k := range keys {
		go seen.Store(k, true)
	}
}

var audit = map[string]int{}

func logAccess(p string) { record(p) }

func record(p string) { bump(p) }

func bump(p string) {
	audit[p]++ // want "write of map audit.*MR1003"
}

func auditHandler(w http.ResponseWriter, r *http.Request) {
	logAccess(r.URL.Path)
	fmt.Fprintln(w, "ok")
}

// RegisterAudit wraps the handler in http.HandlerFunc; the write is three calls down.
func RegisterAudit(mux *http.ServeMux) {
	mux.Handle("/audit", http.HandlerFunc(auditHandler))
}

var (
	statsMu sync.RWMutex
	stats   = map[string]int{}
)

// Inc writes under the read lock.
func Inc(k string) {
	statsMu.RLock()
	stats[k]++ // want "write of map stats.*MR1003"
	statsMu.RUnlock()
}

// StartInc calls Inc from many goroutines.
func StartInc(keys []string) {
	for _, k := range keys {
		go Inc(k)
	}
}

// Stat reads under the read lock. Silent.
func Stat(k string) int {
	statsMu.RLock()
	defer statsMu.RUnlock()
	return stats[k]
}
